"""Type stubs for errcat: classify Vonage Video (OpenTok), Socket.IO and Zoom Cobrowse errors."""

from typing import Any, Final, Literal, TypedDict

import pyarrow

CATALOGUE_VERSION: Final[str]
"""The catalogue's data revision: the newest date a source was read, then a hash of the data files."""
__version__: Final[str]
COLUMNS: Final[tuple[str, ...]]
"""The columns of ``classify_arrow``'s result, in order (``user_message`` follows when asked for)."""

Provider = Literal["vonage", "socketio", "cobrowse"]
Platform = Literal["web", "ios", "android", "linux", "client", "server", "java", "swift", "python", "dart", "dotnet"]

class Source(TypedDict, total=False):
    provider: str
    key: str
    what: str
    url: str
    package: str
    path: str
    read: str

class Cause(TypedDict):
    """A likely cause, most frequent first, with the check that confirms or rules it out."""

    cause: str
    check: str
    actor: str
    sources: list[Source]

class RetryPolicy(TypedDict):
    """Retry numbers for an app's own backoff, and what the SDK already does by itself."""

    initial_ms: int
    max_ms: int
    max_attempts: int
    sdk_retries: int | Literal["unlimited"]
    sdk_note: str
    sources: list[Source]

class Observed(TypedDict):
    """The payload's own code, name, message (cut at 200 characters) and reason, as they arrived."""

    code: int | None
    name: str | None
    message: str | None
    reason: str | None

class Candidate(TypedDict):
    provider: str
    platform: str | None
    domain: str | None
    code: int | None
    name: str | None
    category: str
    retry: str
    actor: str

class EntryRecord(TypedDict):
    """A catalogue entry, as ``errcat list --json`` prints it."""

    id: str
    provider: str | None
    platform: str | None
    domain: str | None
    code: int | None
    name: str | None
    category: str
    retry: str
    actor: str
    severity: Literal["info", "warning", "error"]
    expected: bool
    user_message: str
    developer_hint: str
    known: bool
    sources: list[Source]
    doc_url: str | None
    raised_by: str | None
    aliases: list[str]
    with_codes: list[int]
    with_names: list[str]
    when_message: list[str]
    messages: list[str]
    readings: list[str]
    versions: str | None
    legacy: bool
    note: str | None
    causes: list[Cause]
    retry_policy: RetryPolicy | None

class Record(TypedDict, total=False):
    """One answer, as ``errcat --stdin`` prints it (without ``line``). A bad payload gives only ``error`` and
    ``known`` (False)."""

    input: Literal["text"]
    id: str | None
    provider: str | None
    platform: str | None
    domain: str | None
    code: int | None
    name: str | None
    category: str
    retry: str
    actor: str
    severity: Literal["info", "warning", "error"]
    expected: bool
    user_message: str
    developer_hint: str
    known: bool
    sources: list[Source]
    doc_url: str | None
    raised_by: str | None
    aliases: list[str]
    with_codes: list[int]
    with_names: list[str]
    when_message: list[str]
    messages: list[str]
    readings: list[str]
    versions: str | None
    legacy: bool
    note: str | None
    causes: list[Cause]
    retry_policy: RetryPolicy | None
    matched_by: Literal["name", "code", "code+platform", "message", "http_status", "shape", "text", "fallback"]
    confidence: Literal["exact", "refined", "inferred", "ambiguous", "unknown"]
    fingerprint: str
    ambiguous: bool
    candidates: list[Candidate]
    operation: str | None
    observed: Observed
    error: str

def classify(
    x: int | str | dict[str, Any], provider: Provider | None = None, platform: Platform | None = None
) -> Record:
    """Classify one error: a code, a name or query (``"socketio:client:transport close"``), an error text,
    a JSON payload (str) or a payload dict. ``provider`` and ``platform`` narrow the reading and win over
    what the input says. Never raises for an unknown or malformed error (a bad payload gives ``error``);
    raises ``ValueError`` for an unknown provider or platform, ``TypeError`` for another kind of input."""

def lookup(key: int | str, provider: Provider | None = None, platform: Platform | None = None) -> list[EntryRecord]:
    """Every catalogue entry matching a key (a code, a name, or a ``provider:platform:domain:key`` query)."""

def entries() -> list[EntryRecord]:
    """Every catalogue entry, in catalogue order."""

def classify_arrow(array: Any, *, user_message: bool = False, dictionary: bool = True) -> pyarrow.StructArray | pyarrow.ChunkedArray:
    """Classify every row of an Arrow string array (JSON payloads or error texts): one row out per row in,
    the columns in ``COLUMNS``; null and bad rows give ``known=False`` (and ``error`` for a bad row)."""

def arrow_type(*, user_message: bool = False, dictionary: bool = True) -> pyarrow.StructType:
    """The Arrow type ``classify_arrow`` returns."""

def polars_dtype(*, user_message: bool = False) -> Any:
    """The Polars struct dtype of ``pl.Series(classify_arrow(s, dictionary=False))``."""
