#!/usr/bin/env python3
"""errcat drift detector: compares what the published SDK packages contain with the catalogue.

Usage: python3 drift.py --pinned | --newest      (normally through `bash tests/real/drift.sh ...`)

Packages (npm pack / pip download --no-deps; archives are cached in $ERRCAT_DRIFT_CACHE,
default tests/real/drift/.cache):

  package                    catalogue scope            extractor
  @opentok/client            vonage web                 opentok
  @vonage/client-sdk-video   vonage web                 opentok
  socket.io                  socketio server            js (dist/*.js)
  engine.io                  socketio server            js + engine.io tables (build/**/*.js)
  socket.io-parser           socketio client + server   js (build/cjs/*.js)
  socket.io-client           socketio client            js (build/cjs/*.js)
  engine.io-client           socketio client            js (build/cjs/**/*.js)
  python-socketio            socketio python            python (ast)
  python-engineio            socketio python            python (ast)

Not checked (their registries are not reachable from here): the Vonage iOS, Android and Linux SDKs,
socket.io-client-java (Maven), socket.io-client-swift (CocoaPods/SwiftPM), socket_io_client (pub.dev),
SocketIOClient (NuGet), and Zoom Cobrowse.

Versions: --pinned takes tests/real/package-lock.json (node_modules/NAME) and, for packages not there,
tests/real/drift/pins.json; --newest asks `npm view NAME version` and https://pypi.org/pypi/NAME/json.

What is extracted (an "item" is a text, possibly with {} where the SDK inserts a value, or a number):
  see the extract_* functions; each rule says what it matches.

Matching rules (text comparisons ignore case and collapse white space, as errcat's lookup falls back to
ignoring case; numbers compare as numbers):
  * Scope: the catalogue keys of a package are the name, aliases and messages of every entry of its
    provider and platform(s) (any domain; see PACKAGES), and its numbers every code and with_codes. An item
    the app receives on another platform (the socket.io server's CONNECT_ERROR message, received by the
    client) is matched against that platform too.
  * (a) An extracted text T is catalogued when
      - a name or alias equals T; or, when T has {} placeholders, a name or alias matches T with each {}
        standing for one or more characters (only when T's fixed text has 8+ characters), or equals T's
        fixed beginning (the text before the first {}, trailing spaces and colons dropped; 12+ characters);
      - or a `messages` text occurs inside one of T's fixed parts (messages are fixed beginnings or pieces
        of texts; errcat searches for them inside error texts, so a prefix counts).
    An extracted number is catalogued when it is a code or a with_codes number of the scope. An item is
    excluded when the table "Extracted items left out" of data/EXCLUDED.md has a row with that package and
    exactly that item (case and `{}` included; a number as its digits). Items neither catalogued nor
    excluded are reported as NEW.
  * (b) Every key of a non-legacy entry of a checked scope must still be in the scope's packages:
      - a name or alias: it matches an extracted item (as in (a)), or occurs in the code text with no
        letter, digit or _ right before or after it;
      - a message: it occurs in the code text, or it contains a fixed part (12+ characters) of a text built
        at run time (a JS template literal with ${...}, or an extracted item with {});
      - a code: it is an extracted number, or occurs in the code text as a whole number (with_codes are
        not checked here: the client's are statuses the server sends).
    The code text is every code file of the scope's packages (JS with comments removed, literals split
    as "a" + "b" joined, \' unescaped; Python source as is; OpenTok.js: the sourcesContent of its own
    sources, not of its bundled node_modules). Keys and entries listed in the table "Catalogue keys not
    from the checked packages" of data/EXCLUDED.md (browser, OS, WebSocket-standard, ws, server texts) are
    skipped: a row names a scope (provider.platform or provider.platform/domain) and either a key
    (`text`) or an entry (entry `name or code`, entry `*` for all of the scope). Keys found nowhere are
    reported as GONE: candidates for legacy = true with a version bound.

Exit codes: --pinned: 0 no drift, 1 drift (printed); --newest: 0 whether or not there is drift;
2 (both) could not run: npm/pip missing, registry unreachable, a file that must exist is missing, or an
extractor found nothing where it must find something.
"""

from __future__ import annotations

import ast
import concurrent.futures
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import urllib.request
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL = HERE.parent
ROOT = REAL.parent.parent
DATA = ROOT / "data"
EXCLUDED = DATA / "EXCLUDED.md"

# package -> (registry, catalogue scopes, extractor, file filter for the code text)
PACKAGES = {
    "@opentok/client": ("npm", [("vonage", "web")], "opentok"),
    "@vonage/client-sdk-video": ("npm", [("vonage", "web")], "opentok"),
    "socket.io": ("npm", [("socketio", "server")], "js"),
    "engine.io": ("npm", [("socketio", "server")], "js"),
    "socket.io-parser": ("npm", [("socketio", "client"), ("socketio", "server")], "js"),
    "socket.io-client": ("npm", [("socketio", "client")], "js"),
    "engine.io-client": ("npm", [("socketio", "client")], "js"),
    "python-socketio": ("pypi", [("socketio", "python")], "python"),
    "python-engineio": ("pypi", [("socketio", "python")], "python"),
}

# Which files of a JS package are its code: the CommonJS build (the ESM build is the same code).
JS_FILES = {
    "socket.io": re.compile(r"^package/dist/.*\.js$"),
    "engine.io": re.compile(r"^package/build/.*\.js$"),
    "socket.io-parser": re.compile(r"^package/build/cjs/.*\.js$"),
    "socket.io-client": re.compile(r"^package/build/cjs/.*\.js$"),
    "engine.io-client": re.compile(r"^package/build/cjs/.*\.js$"),
}

NOT_CHECKED = [
    "vonage ios, android, linux (native SDKs: CocoaPods, Maven, tarballs; not reachable here)",
    "socketio java (socket.io-client-java, Maven: not reachable here)",
    "socketio swift (socket.io-client-swift, CocoaPods/SwiftPM: not reachable here)",
    "socketio dart (socket_io_client, pub.dev: not reachable here)",
    "socketio dotnet (SocketIOClient, NuGet: not reachable here)",
    "cobrowse (Zoom Cobrowse SDK: no package in a reachable registry)",
]


class CannotRun(Exception):
    """The check could not run (exit 2)."""


# ----------------------------------------------------------------------------------------------------
# Items


class Item:
    """An extracted text (parts: fixed strings between {} placeholders) or number."""

    __slots__ = ("parts", "number", "label", "where", "to")

    def __init__(self, parts=None, number=None, label="", where="", to=()):
        self.to = to  # extra catalogue scopes: where the app receives it, when not the package's own
        self.parts = parts  # list of str (len n+1 for n placeholders) or None
        self.number = number  # int or None
        self.label = label  # for numbers: the constant or status text it came with
        self.where = where  # file it came from (for the report)

    @property
    def text(self) -> str:
        if self.parts is None:
            return str(self.number)
        return "{}".join(self.parts)

    def show(self) -> str:
        if self.parts is None:
            return f"{self.number}" + (f" ({self.label})" if self.label else "")
        return json.dumps(self.text, ensure_ascii=False)

    def key(self):
        return (0, self.number, "") if self.parts is None else (1, 0, self.text)


def fold(s: str) -> str:
    return " ".join(s.split()).casefold()


def text_item(parts, where) -> Item | None:
    parts = [p for p in parts]
    if not "".join(parts).strip():
        return None
    return Item(parts=parts, where=where)


# ----------------------------------------------------------------------------------------------------
# JavaScript: comment removal and argument reading


_JS_SPECIAL = re.compile(r"[/\"'`]")


def strip_js_comments(src: str) -> str:
    """Removes // and /* */ comments, keeping string, template and regex literals intact."""
    out = []
    i, n = 0, len(src)
    last_sig = ""  # last significant character outside comments (tells a regex literal from a division)
    while i < n:
        m = _JS_SPECIAL.search(src, i)
        if not m:
            out.append(src[i:])
            break
        j = m.start()
        if j > i:
            chunk = src[i:j]
            out.append(chunk)
            t = chunk.rstrip()
            if t:
                last_sig = t[-1]
        i = j
        c = src[i]
        if c == "/" and src.startswith("//", i):
            k = src.find("\n", i)
            i = n if k < 0 else k
            continue
        if c == "/" and src.startswith("/*", i):
            k = src.find("*/", i + 2)
            i = n if k < 0 else k + 2
            out.append(" ")
            continue
        if c in "\"'`":
            k = skip_string(src, i)
        elif last_sig == "" or last_sig in "(,=:[!&|?{};+-*%<>~^":
            k = i + 1  # a regex literal: up to its closing / (not inside [...]) on the same line
            in_class = False
            while k < n and src[k] != "\n":
                if src[k] == "\\":
                    k += 2
                    continue
                if src[k] == "[":
                    in_class = True
                elif src[k] == "]":
                    in_class = False
                elif src[k] == "/" and not in_class:
                    break
                k += 1
            k += 1
        else:
            k = i + 1  # a division
        out.append(src[i:k])
        last_sig = src[k - 1] if k <= n else c
        i = k
    return "".join(out)


def skip_string(src: str, i: int) -> int:
    """Index just past the string/template literal starting at src[i]."""
    q = src[i]
    j = i + 1
    depth = 0
    while j < len(src):
        c = src[j]
        if c == "\\":
            j += 2
            continue
        if q == "`" and c == "$" and j + 1 < len(src) and src[j + 1] == "{":
            depth += 1
            j += 2
            continue
        if q == "`" and depth and c == "}":
            depth -= 1
        elif c == q and depth == 0:
            return j + 1
        j += 1
    return j


def unescape_js(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), body)


def read_expr(src: str, i: int):
    """Reads the JS expression starting at src[i] up to a depth-0 `,` `)` `}` `]` or `;`.

    Returns it as parts: its string literals (joined by +) are fixed text, anything else (a variable, a
    call, a template's ${...}) becomes one {} placeholder between parts. None when the expression holds no
    string literal at its top level, or is a conditional (then it is not one fixed text)."""
    parts = [""]
    has_literal = False
    in_expr = False
    depth = 0
    n = len(src)
    while i < n:
        c = src[i]
        if c in "\"'`":
            j = skip_string(src, i)
            if depth:
                in_expr = True
            else:
                if in_expr:
                    parts.append("")
                    in_expr = False
                has_literal = True
                body = src[i + 1 : j - 1]
                pieces = re.split(r"\$\{(?:[^{}]|\{[^{}]*\})*\}", body) if c == "`" else [body]
                parts[-1] += unescape_js(pieces[0])
                parts.extend(unescape_js(p) for p in pieces[1:])
            i = j
            continue
        if c in "([{":
            depth += 1
            in_expr = True
        elif c in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and c in ",;":
            break
        elif depth == 0 and c == "?":
            return None
        elif depth == 0 and c == "+":
            pass
        elif not c.isspace():
            in_expr = True
        i += 1
    if in_expr:
        parts.append("")
    return parts if has_literal else None


STR = r"(?:\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)"

# Calls whose first argument is a reason or an error message handed to the app.
JS_CALL_RULES = [
    # disconnect/close reasons: socket.onclose("io server disconnect"), Manager.onclose("forced close"),
    # engine.io Socket.onClose("ping timeout"), engine.io-client _onClose("transport close", ...),
    # socket.io server socket._onclose("server shutting down"), client.onclose("forced server close")
    ("close reason", re.compile(r"\b_?on[cC]lose\(\s*(?=[\"'`])")),
    # transport errors: engine.io-client Transport.onError("xhr poll error", status, ctx) -> TransportError
    # message; engine.io server Transport.onError("invalid content") -> disconnect description
    ("transport error", re.compile(r"\b_?onError\(\s*(?=[\"'`])")),
    # events handed to the app with a literal: emitReserved("error", "No transports available"),
    # emitReserved("disconnect", ...), emitReserved("close", ...), emitReserved("connect_error", ...)
    ("emitted", re.compile(r"\bemitReserved\(\s*[\"'](?:disconnect|close|error|connect_error)[\"']\s*,\s*(?=[\"'`])")),
    # new Error("...") / new TransportError("...") (thrown, passed to acks, to onError or to connect_error)
    ("error", re.compile(r"\bnew\s+(?:Transport)?Error\(\s*(?=[\"'`])")),
    # close details: onClose({ description: "websocket connection closed", context })
    ("close description", re.compile(r"\bdescription:\s*(?=[\"'`])")),
    # CONNECT_ERROR packet data written by the socket.io server: { message: "Invalid namespace" }; the
    # client app receives it as connect_error, so it counts for the client scope too
    ("connect error message", re.compile(r"\bmessage:\s*(?=[\"'`])")),
]
RECEIVED_BY = {"connect error message": (("socketio", "client"),)}


def extract_js(name: str, files: dict[str, str]) -> list[Item]:
    items = []
    for path, code in sorted(files.items()):
        for label, rule in JS_CALL_RULES:
            for m in rule.finditer(code):
                parts = read_expr(code, m.end())
                if parts is None:
                    continue
                it = text_item(parts, path)
                if it:
                    it.to = RECEIVED_BY.get(label, ())
                    items.append(it)
        if name == "engine.io":
            items += extract_engineio_server(path, code)
    return items


def extract_engineio_server(path: str, code: str) -> list[Item]:
    items = []
    # The protocol error table: BaseServer.errors = { UNKNOWN_TRANSPORT: 0, ... } -> numbers (constant as label)
    m = re.search(r"\.errors\s*=\s*\{([^}]*)\}", code)
    if m:
        for c, num in re.findall(r"\b([A-Z][A-Z0-9_]*)\s*:\s*(\d+)", m.group(1)):
            items.append(Item(number=int(num), label=c, where=path))
    # Its messages: BaseServer.errorMessages = { 0: "Transport unknown", ... } -> texts
    m = re.search(r"\.errorMessages\s*=\s*\{([^}]*)\}", code)
    if m:
        for s in re.findall(r"\d+\s*:\s*(" + STR + ")", m.group(1)):
            items.append(Item(parts=[unescape_js(s[1:-1])], where=path))
    # The context names of BAD_REQUEST ("TRANSPORT_MISMATCH", ...): name: "UPPER_CASE"
    for s in re.findall(r"\bname:\s*\"([A-Z][A-Z0-9_]+)\"", code):
        items.append(Item(parts=[s], where=path))
    # HTTP statuses written on errors (>= 400): res.writeHead(413), the abortRequest status
    # (`statusCode = ... ? 403 : 400`), uWS res.writeStatus("411 Length Required"), and the raw
    # "HTTP/1.1 400 Bad Request" of abortUpgrade. A writeStatus text that is not the standard phrase for its
    # number is a text item too ("400 Content-Length Mismatch").
    for num in re.findall(r"\bwriteHead\(\s*(\d{3})\b", code):
        add_status(items, int(num), "", path)
    for num, phrase in re.findall(r"\bwriteStatus\(\s*[\"'](\d{3}) ([^\"']*)[\"']", code):
        add_status(items, int(num), phrase, path)
    for expr in re.findall(r"\bstatusCode\s*=\s*([^;\n]*)", code):
        for num in re.findall(r"\b([45]\d\d)\b", expr):
            add_status(items, int(num), "", path)
    for num, phrase in re.findall(r"\"HTTP/1\.1 (\d{3}) ([^\"\\]*)\\r\\n\"", code):
        add_status(items, int(num), phrase, path)
    return items


def add_status(items, num, phrase, path):
    import http.client

    if num < 400:
        return
    items.append(Item(number=num, label=phrase, where=path))
    if phrase and phrase.casefold() != http.client.responses.get(num, "").casefold():
        items.append(Item(parts=[phrase], where=path))


# ----------------------------------------------------------------------------------------------------
# OpenTok.js: the same two sources and patterns as tests/real/extract-opentok.js


def extract_opentok(name: str, source_map: dict) -> list[Item]:
    def find(suffix):
        hits = [i for i, s in enumerate(source_map["sources"]) if s.endswith(suffix)]
        if len(hits) != 1:
            raise CannotRun(f"{name}: {len(hits)} sources end in {suffix} in dist/js/opentok.js.map")
        text = source_map["sourcesContent"][hits[0]]
        if not text:
            raise CannotRun(f"{name}: {suffix} has no sourcesContent")
        return strip_js_comments(text)

    items = []
    # src/js/ot/Errors.js lines like   AUTHENTICATION_ERROR: 'OT_AUTHENTICATION_ERROR',   -> the OT_* name
    errors = find("ot/Errors.js")
    for m in re.finditer(r"^\s*([A-Z][A-Z0-9_]*)\s*:\s*(['\"`])(OT_[A-Z0-9_]+)\2\s*,?\s*$", errors, re.M):
        items.append(Item(parts=[m.group(3)], where="src/js/ot/Errors.js"))
    # src/js/ot/exception_codes.js lines like   AUTHENTICATION_ERROR: 1004,   -> 1004 (AUTHENTICATION_ERROR)
    codes = find("ot/exception_codes.js")
    for m in re.finditer(r"^\s*([A-Z][A-Z0-9_]*)\s*:\s*(-?\d+)\s*,?\s*$", codes, re.M):
        items.append(Item(number=int(m.group(2)), label=m.group(1), where="src/js/ot/exception_codes.js"))
    return items


# ----------------------------------------------------------------------------------------------------
# Python (python-socketio, python-engineio), read with the ast module


def py_parts(node) -> list[str] | None:
    """A str constant or f-string as parts; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        v = node.value
        return [v.decode() if isinstance(v, bytes) else v]
    if isinstance(node, ast.JoinedStr):
        parts = [""]
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts[-1] += v.value
            else:
                parts.append("")
        return parts
    # 'Unexpected status code {} in server response'.format(...) and 'text %s' % x: fields become {}
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return re.split(r"\{[^{}]*\}", node.func.value.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
        if isinstance(node.left.value, str):
            return re.split(r"%[-#0 +]*\d*(?:\.\d+)?[sdrfixX]", node.left.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = py_parts(node.left), py_parts(node.right)
        if left is None and right is None:
            return None
        left = left if left is not None else ["", ""]
        right = right if right is not None else ["", ""]
        return left[:-1] + [left[-1] + right[0]] + right[1:]
    return None


def extract_python(name: str, files: dict[str, str]) -> list[Item]:
    items = []
    for path, src in sorted(files.items()):
        try:
            tree = ast.parse(src)
        except SyntaxError as e:
            raise CannotRun(f"{name}: cannot parse {path}: {e}")
        for node in ast.walk(tree):
            # class reason: SERVER_DISCONNECT = 'server disconnect'   -> disconnect reasons
            if isinstance(node, ast.ClassDef) and node.name == "reason":
                for st in node.body:
                    if isinstance(st, ast.Assign) and (p := py_parts(st.value)):
                        items.append(Item(parts=p, where=path))
            # every class of exceptions.py -> exception class names the app catches
            if isinstance(node, ast.ClassDef) and path.endswith("/exceptions.py"):
                items.append(Item(parts=[node.name], where=path))
            # exceptions.py: {'message': 'Connection rejected by server'} -> the default refusal message
            if isinstance(node, ast.Dict) and path.endswith("/exceptions.py"):
                for k, v in zip(node.keys, node.values):
                    if isinstance(k, ast.Constant) and k.value == "message" and (p := py_parts(v)):
                        items.append(Item(parts=p, where=path))
            # raise SomeError('message') / raise exceptions.ConnectionError(f'... {x}') -> raised messages
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                if (p := py_parts(node.exc.args[0])) is not None:
                    it = text_item(p, path)
                    if it:
                        items.append(it)
            # engine.io server HTTP answers: self._bad_request('Invalid transport'), self._unauthorized(...)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("_bad_request", "_unauthorized")
                and node.args
                and (p := py_parts(node.args[0])) is not None
            ):
                it = text_item(p, path)
                if it:
                    items.append(it)
            # their default bodies: def _bad_request(...): message = 'Bad Request'; 'response': b'Method Not Found'
            if isinstance(node, ast.FunctionDef) and node.name in ("_bad_request", "_unauthorized", "_method_not_found"):
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == "message" for t in sub.targets
                    ):
                        if isinstance(sub.value, ast.Constant) and (p := py_parts(sub.value)):
                            items.append(Item(parts=p, where=path))
                    if isinstance(sub, ast.Dict):
                        for k, v in zip(sub.keys, sub.values):
                            if isinstance(k, ast.Constant) and k.value == "response" and isinstance(v, ast.Constant):
                                items.append(Item(parts=py_parts(v), where=path))
    return items


# ----------------------------------------------------------------------------------------------------
# Versions and downloads


def run(cmd, timeout=180) -> str:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError:
        raise CannotRun(f"{cmd[0]} is not installed")
    except subprocess.TimeoutExpired:
        raise CannotRun(f"`{' '.join(cmd)}` took more than {timeout} s (is the registry reachable?)")
    if r.returncode != 0:
        lines = [ln.strip() for ln in (r.stderr + "\n" + r.stdout).splitlines()]
        lines = [ln for ln in lines if ln and "complete log" not in ln and ln not in "{}[]"]
        err = "; ".join(lines[:3])[:400] or "(no message)"
        raise CannotRun(f"`{' '.join(cmd)}` failed (exit {r.returncode}): {err}")
    return r.stdout


def pinned_versions() -> dict[str, str]:
    lock_path = REAL / "package-lock.json"
    pins_path = HERE / "pins.json"
    try:
        lock = json.loads(lock_path.read_text())["packages"]
        pins = json.loads(pins_path.read_text())
    except (OSError, ValueError, KeyError) as e:
        raise CannotRun(f"cannot read the pins: {e}")
    versions = {}
    for name in PACKAGES:
        entry = lock.get(f"node_modules/{name}")
        if entry and "version" in entry:
            versions[name] = entry["version"]
        elif name in pins:
            versions[name] = pins[name]
        else:
            raise CannotRun(f"{name} is pinned neither in tests/real/package-lock.json nor in {pins_path.name}")
    return versions


def newest_version(name: str) -> str:
    registry = PACKAGES[name][0]
    if registry == "npm":
        v = run(["npm", "view", name, "version"], timeout=90).strip()
    else:
        url = f"https://pypi.org/pypi/{name}/json"
        try:
            with urllib.request.urlopen(url, timeout=60) as r:
                v = json.load(r)["info"]["version"]
        except Exception as e:  # noqa: BLE001 - any failure means the registry could not be read
            raise CannotRun(f"cannot read {url}: {e}")
    if not re.fullmatch(r"[0-9A-Za-z.+-]+", v or ""):
        raise CannotRun(f"{name}: the registry gave no usable version ({v!r})")
    return v


def cache_dir() -> Path:
    return Path(os.environ.get("ERRCAT_DRIFT_CACHE") or HERE / ".cache")


def download(name: str, version: str) -> Path:
    """The package archive (npm .tgz or PyPI wheel), from the cache or downloaded into it."""
    registry = PACKAGES[name][0]
    folder = cache_dir() / registry / name.replace("/", "+") / version
    found = sorted(folder.glob("*.tgz" if registry == "npm" else "*.whl")) if folder.is_dir() else []
    if found:
        return found[0]
    tmp = folder.parent / f".{version}.part{os.getpid()}"
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        if registry == "npm":
            run(["npm", "pack", "--silent", "--json", "--pack-destination", str(tmp), f"{name}@{version}"])
        else:
            run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                 "--disable-pip-version-check", "--retries", "1", "--timeout", "30", "--dest", str(tmp), f"{name}=={version}"])
        got = sorted(tmp.glob("*.tgz" if registry == "npm" else "*.whl"))
        if len(got) != 1:
            raise CannotRun(f"{name}@{version}: expected one archive from the registry, got {len(got)}")
        if folder.exists():  # another run filled it meanwhile
            return download(name, version)
        tmp.rename(folder)
    finally:
        if tmp.exists():
            for f in tmp.iterdir():
                f.unlink()
            tmp.rmdir()
    return sorted(folder.glob("*.tgz" if registry == "npm" else "*.whl"))[0]


# ----------------------------------------------------------------------------------------------------
# Reading a package: items and code text


def read_package(name: str, archive: Path) -> tuple[list[Item], str]:
    """Items and code text of a package archive; kept beside the archive in the cache, keyed by this
    script's own hash, so a warm run neither unpacks nor parses."""
    stamp = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    saved = archive.parent / f"extracted-{stamp}.json"
    try:
        d = json.loads(saved.read_text())
        items = [Item(parts=i["parts"], number=i["number"], label=i["label"], where=i["where"],
                      to=tuple(tuple(t) for t in i["to"])) for i in d["items"]]
        return items, d["code"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    items, code = read_package_archive(name, archive)
    d = {"items": [{"parts": i.parts, "number": i.number, "label": i.label, "where": i.where, "to": i.to}
                   for i in items], "code": code}
    tmp = saved.with_suffix(f".part{os.getpid()}")
    tmp.write_text(json.dumps(d))
    tmp.replace(saved)
    for old in archive.parent.glob("extracted-*.json"):
        if old != saved:
            old.unlink(missing_ok=True)
    return items, code


def read_package_archive(name: str, archive: Path) -> tuple[list[Item], str]:
    extractor = PACKAGES[name][2]
    if extractor == "python":
        with zipfile.ZipFile(archive) as z:
            files = {
                n: z.read(n).decode("utf-8")
                for n in z.namelist()
                if n.endswith(".py") and not n.startswith(("tests/", "test/")) and ".dist-info/" not in n
            }
        if not files:
            raise CannotRun(f"{name}: no .py file in {archive.name}")
        return extract_python(name, files), "\n".join(files[k] for k in sorted(files))
    with tarfile.open(archive) as t:
        if extractor == "opentok":
            member = "package/dist/js/opentok.js.map"
            try:
                smap = json.load(t.extractfile(member))
            except (KeyError, ValueError) as e:
                raise CannotRun(f"{name}: cannot read {member}: {e}")
            if not isinstance(smap.get("sources"), list) or not isinstance(smap.get("sourcesContent"), list):
                raise CannotRun(f"{name}: the source map has no sources/sourcesContent")
            # code text: the SDK's own sources (its bundled node_modules left out)
            code = "\n".join(
                strip_js_comments(c or "")
                for s, c in sorted(zip(smap["sources"], smap["sourcesContent"]), key=lambda x: x[0])
                if "node_modules" not in s
            )
            return extract_opentok(name, smap), code
        keep = JS_FILES[name]
        files = {
            m.name[len("package/"):]: strip_js_comments(t.extractfile(m).read().decode("utf-8"))
            for m in t.getmembers()
            if m.isfile() and keep.match(m.name)
        }
    if not files:
        raise CannotRun(f"{name}: no file matching {keep.pattern} in {archive.name}")
    return extract_js(name, files), "\n".join(files[k] for k in sorted(files))


# ----------------------------------------------------------------------------------------------------
# The catalogue and data/EXCLUDED.md


class Entry:
    def __init__(self, provider, platform, raw, file):
        self.provider, self.platform, self.raw, self.file = provider, platform, raw, file
        self.domain = raw.get("domain")

    def label(self) -> str:
        scope = ".".join(x for x in (self.provider, self.platform, self.domain) if x)
        keys = []
        if "code" in self.raw:
            keys.append(str(self.raw["code"]))
        if "name" in self.raw:
            keys.append(json.dumps(self.raw["name"], ensure_ascii=False))
        return f"{scope} {' '.join(keys)}"


def load_catalogue() -> list[Entry]:
    entries = []
    files = sorted(DATA.glob("*.toml")) + sorted(DATA.glob("*/*.toml"))
    if not files:
        raise CannotRun(f"no data files in {DATA}")
    for f in files:
        try:
            d = tomllib.loads(f.read_text())
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise CannotRun(f"cannot read {f.relative_to(ROOT)}: {e}")
        if f.parent == DATA:
            provider, platform = d.get("meta", {}).get("provider", f.stem), None
        else:
            provider, platform = f.parent.name, f.stem
        for e in d.get("entry", []):
            entries.append(Entry(provider, e.get("platform", platform), e, f.relative_to(ROOT)))
    return entries


def md_cell(cell: str) -> str:
    cell = cell.strip().replace("\\|", "|")
    if cell.startswith("``") and cell.endswith("``") and len(cell) >= 4:
        cell = cell[2:-2]
        return cell[1:-1] if cell.startswith(" ") and cell.endswith(" ") else cell
    if cell.startswith("`") and cell.endswith("`") and len(cell) >= 2:
        return cell[1:-1]
    return cell


def md_table(text: str, heading: str) -> list[list[str]]:
    lines = text.splitlines()
    try:
        start = lines.index(heading)
    except ValueError:
        raise CannotRun(f"data/EXCLUDED.md has no heading {heading!r}")
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if not line.startswith("|"):
            continue
        cells = [md_cell(c) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if all(re.fullmatch(r":?-+:?", c.strip()) for c in cells) or cells[0] in ("package", "scope"):
            continue
        rows.append(cells)
    return rows


ITEMS_HEADING = "### Extracted items left out"
KEYS_HEADING = "### Catalogue keys not from the checked packages"


def load_exclusions():
    text = EXCLUDED.read_text()
    items = {}
    for row in md_table(text, ITEMS_HEADING):
        if len(row) != 3 or not row[2].strip():
            raise CannotRun(f"data/EXCLUDED.md: row {row} needs package, item and reason")
        items[(row[0], row[1])] = row[2]
    keys = {}
    for row in md_table(text, KEYS_HEADING):
        if len(row) != 3 or not row[2].strip():
            raise CannotRun(f"data/EXCLUDED.md: row {row} needs scope, key and reason")
        raw = row[1]
        whole = False
        if raw.startswith("entry `") and raw.endswith("`"):
            whole, raw = True, raw[len("entry `"):-1]
        keys[(row[0], raw, whole)] = row[2]
    return items, keys


# ----------------------------------------------------------------------------------------------------
# Matching


def fold_part(s: str) -> str:
    return re.sub(r"\s+", " ", s).casefold()


class Scope:
    """The keys of one or more catalogue scopes, ready for matching."""

    def __init__(self, entries):
        self.keys = set()  # folded names and aliases
        self.key_list = []
        self.messages = []  # folded messages
        self.numbers = set()
        for e in entries:
            for k in [e.raw.get("name")] + e.raw.get("aliases", []):
                if k is not None:
                    self.keys.add(fold(k))
            self.messages += [fold(m) for m in e.raw.get("messages", [])]
            if "code" in e.raw:
                self.numbers.add(e.raw["code"])
            self.numbers.update(e.raw.get("with_codes", []))
        self.key_list = sorted(self.keys)

    def covers(self, item: Item) -> bool:
        if item.parts is None:
            return item.number in self.numbers
        if len(item.parts) == 1:
            if fold(item.parts[0]) in self.keys:
                return True
        else:
            rx = pattern(item)
            if any(rx.match(k) for k in self.key_list) or fixed_beginning(item) in self.keys:
                return True
        folded = [fold_part(p) for p in item.parts]
        return any(m in p for m in self.messages for p in folded)


def pattern(item: Item) -> re.Pattern:
    """T as a regex, {} standing for 1+ characters; one that matches nothing when T's fixed text is under 8
    characters (a text like "Invalid {}" says too little to match a key)."""
    if len("".join(item.parts).strip()) < 8:
        return re.compile(r"(?!)")
    return re.compile(
        "^" + ".+".join(re.escape(fold_part(p)) for p in item.parts).strip() + "$", re.S
    )


def occurs_bounded(key: str, text: str) -> bool:
    """key occurs in text with no letter, digit or _ right before or after it."""
    word = re.compile(r"[A-Za-z0-9_]")
    i = text.find(key)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + len(key)] if i + len(key) < len(text) else " "
        if not (key[:1].isalnum() or key[:1] == "_") or not word.match(before):
            if not (key[-1:].isalnum() or key[-1:] == "_") or not word.match(after):
                return True
        i = text.find(key, i + 1)
    return False


def template_parts(code: str) -> list[str]:
    """The fixed parts of every JS template literal with a ${...} in the code text."""
    parts = []
    i = code.find("`")
    while i >= 0:
        j = skip_string(code, i)
        body = code[i + 1 : j - 1]
        if "${" in body:
            parts += re.split(r"\$\{(?:[^{}]|\{[^{}]*\})*\}", body)
        i = code.find("`", j)
    return parts


def fixed_beginning(item: Item) -> str:
    """The folded text before the first {} without trailing spaces and colons ("" when too short)."""
    head = fold(item.parts[0]).rstrip(" :")
    return head if len(head) >= 12 else ""


def item_matches_key(item: Item, key: str) -> bool:
    if item.parts is None:
        return False
    if len(item.parts) == 1:
        return fold(item.parts[0]) == fold(key)
    return bool(pattern(item).match(fold(key))) or fixed_beginning(item) == fold(key)


# ----------------------------------------------------------------------------------------------------
# The check


def main(argv) -> int:
    if len(argv) != 1 or argv[0] not in ("--pinned", "--newest"):
        print("usage: drift.sh --pinned | --newest", file=sys.stderr)
        return 2
    mode = argv[0][2:]
    try:
        return check(mode)
    except CannotRun as e:
        print(f"drift: could not run: {e}", file=sys.stderr)
        return 2


def check(mode: str) -> int:
    entries = load_catalogue()
    excl_items, excl_keys = load_exclusions()
    names = sorted(PACKAGES)
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        if mode == "pinned":
            versions = pinned_versions()
        else:
            versions = dict(zip(names, pool.map(newest_version, names)))
        archives = dict(zip(names, pool.map(lambda n: download(n, versions[n]), names)))
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        read = dict(zip(names, pool.map(lambda n: read_package(n, archives[n]), names)))

    out = [f"errcat drift report ({mode} versions)", ""]
    out.append("checked:")
    for n in names:
        out.append(f"  {n} {versions[n]}")
    out.append("not checked (registry not reachable from here, or no package):")
    out += [f"  {x}" for x in NOT_CHECKED]

    # (a) extracted items neither catalogued nor excluded
    new_count = 0
    used_items = set()
    for n in names:
        items, _ = read[n]
        if not items:
            raise CannotRun(f"{n} {versions[n]}: the extractor found no item")
        scopes_of = {}
        seen = {}
        for it in sorted(items, key=lambda i: (i.key(), i.where)):
            seen.setdefault(it.key(), it)
        new = []
        for it in seen.values():
            if (n, it.text) in excl_items:
                used_items.add((n, it.text))
                continue
            where_received = tuple(PACKAGES[n][1]) + tuple(it.to)
            if where_received not in scopes_of:
                scopes_of[where_received] = Scope([e for e in entries if (e.provider, e.platform) in where_received])
            if not scopes_of[where_received].covers(it):
                new.append(it)
        if new:
            out += ["", f"NEW in {n} {versions[n]} (neither in the catalogue nor in data/EXCLUDED.md):"]
            out += [f"  {it.show()}  [{it.where}]" for it in new]
            new_count += len(new)

    # (b) catalogue keys the checked versions no longer contain
    gone_count = 0
    used_keys = set()
    scopes = sorted({s for n in names for s in PACKAGES[n][1]})
    for prov, plat in scopes:
        pkgs = [n for n in names if (prov, plat) in PACKAGES[n][1]]
        items = [it for n in names for it in read[n][0] if n in pkgs or (prov, plat) in it.to]
        numbers = {it.number for it in items if it.parts is None}
        code = "\n".join(dict.fromkeys(read[n][1] for n in pkgs))  # identical texts once
        # join literals split over lines ("abc " +\n "def" -> "abc def"), so long messages are found whole
        code = re.sub(r"([\"'])\s*\+\s*([\"'])", "", code)
        code = re.sub(r"\\([\"'])", r"\1", code)  # \' -> '
        folded_code = fold_part(code)
        # fixed parts (12+ characters) of texts built at run time: JS templates `... ${x} ...`, and the
        # extracted texts with {} (Python f-strings, .format, concatenations)
        built = {fold(p) for p in template_parts(code)}
        built |= {fold(p) for it in items if it.parts and len(it.parts) > 1 for p in it.parts}
        built = sorted(p for p in built if len(p) >= 12)
        scope_name = f"{prov}.{plat}"
        gone = []
        for e in entries:
            if (e.provider, e.platform) != (prov, plat) or e.raw.get("legacy"):
                continue
            scope_keys = [scope_name] + ([f"{scope_name}/{e.domain}"] if e.domain else [])
            primary = [str(e.raw["code"])] if "code" in e.raw else []
            primary += [e.raw["name"]] if "name" in e.raw else []
            hit = [(s, p, True) for s in scope_keys for p in primary + ["*"] if (s, p, True) in excl_keys]
            if hit:
                used_keys.update(hit)
                continue
            keys = [("name", e.raw["name"])] if "name" in e.raw else []
            keys += [("alias", a) for a in e.raw.get("aliases", [])]
            keys += [("message", m) for m in e.raw.get("messages", [])]
            keys += [("code", e.raw["code"])] if "code" in e.raw else []
            for kind, k in keys:
                hit = [(s, str(k), False) for s in scope_keys if (s, str(k), False) in excl_keys]
                if hit:
                    used_keys.update(hit)
                    continue
                if kind == "code":
                    found = k in numbers or re.search(rf"(?<![\w.]){k}(?![\w.])", code) is not None
                elif kind == "message":
                    found = fold_part(k) in folded_code or any(p in fold(k) for p in built)
                else:
                    found = any(item_matches_key(it, k) for it in items) or occurs_bounded(fold_part(k), folded_code)
                if not found:
                    shown = str(k) if kind == "code" else json.dumps(k, ensure_ascii=False)
                    gone.append(f"  {kind} {shown}  (entry {e.label()}, {e.file})")
        if gone:
            vs = ", ".join(f"{n} {versions[n]}" for n in pkgs)
            out += ["", f"GONE from {scope_name} ({vs}): catalogue keys these versions no longer contain:"]
            out += sorted(set(gone))
            gone_count += len(set(gone))

    # Rows of data/EXCLUDED.md that matched nothing (stale, or for other versions): a note, not drift.
    unused = sorted(f"  {p}: `{i}`" for (p, i) in excl_items if (p, i) not in used_items and p in names)
    unused += sorted(
        f"  {s}: {'entry ' if w else ''}`{k}`" for (s, k, w) in excl_keys if (s, k, w) not in used_keys
    )
    if unused:
        out += ["", "note: data/EXCLUDED.md drift rows that matched nothing in these versions:"] + unused

    out += ["", f"summary: {new_count} new, {gone_count} gone"]
    print("\n".join(out))
    if mode == "pinned":
        return 1 if new_count or gone_count else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
