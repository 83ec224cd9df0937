"""Every catalogue entry through the binding agrees with the native command line, field for field."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

import errcat
from conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def listed(cli):
    return run_cli(cli, ["list", "--json"])


def test_entries_are_the_cli_list(listed):
    assert errcat.entries() == listed
    assert len(listed) > 600


def test_catalogue_version_is_the_cli_one(cli):
    import subprocess

    out = subprocess.run([cli, "version"], capture_output=True, text=True, check=True).stdout
    assert f"catalogue {errcat.CATALOGUE_VERSION}," in out


def _keys(e: dict) -> list[object]:
    keys: list[object] = []
    if e["code"] is not None:
        keys.append(e["code"])
    if e["name"] is not None:
        keys.append(e["name"])
    keys.extend(e["aliases"])
    return keys


def _payload(e: dict, key: object) -> dict:
    p = {"provider": e["provider"]}
    if e["platform"]:
        p["platform"] = e["platform"]
    if e["domain"]:
        p["domain"] = e["domain"]
    p["code" if isinstance(key, int) else "name"] = key
    return p


def _query(e: dict, key: object) -> str:
    return ":".join(str(x) for x in (e["provider"], e["platform"], e["domain"], key) if x is not None)


@pytest.fixture(scope="module")
def keyed(cli, listed):
    """For every entry and each of its keys: the query, the payload, and the CLI's `--stdin` record for it."""
    cases = [(e, k, _payload(e, k)) for e in listed for k in _keys(e)]
    lines = "\n".join(json.dumps(p) for _, _, p in cases) + "\n"
    records = run_cli(cli, ["--stdin"], stdin=lines)
    assert len(records) == len(cases)
    for r in records:
        del r["line"]
    return [(e, k, p, r) for (e, k, p), r in zip(cases, records)]


def test_every_entry_payload_gives_the_cli_record(keyed):
    for _, _, payload, record in keyed:
        assert errcat.classify(payload) == record, payload
        assert errcat.classify(json.dumps(payload)) == record, payload


# Generic JavaScript class names a payload's `name` field carries no meaning in (src/payload.rs): as a bare key
# they are still looked up, so their answer differs from the payload's by design.
GENERIC_NAMES = {"Error", "TypeError", "TransportError", "DOMException", "OTError"}


def test_every_entry_key_gives_the_cli_record_for_its_payload(keyed):
    """A bare key in its scope (`vonage:ios:session:1006`) is read as a payload holding just that key."""
    wrong = []
    for e, key, payload, record in keyed:
        got = errcat.classify(_query(e, key))
        assert got["known"], _query(e, key)
        if key in GENERIC_NAMES:
            assert record["known"] is False or record["id"] is None
            continue
        if got != record:
            wrong.append((_query(e, key), {k: (got.get(k), record.get(k)) for k in got if got.get(k) != record.get(k)}))
    assert not wrong, wrong[:5]


def test_every_entry_key_with_keyword_scope(keyed):
    for e, key, payload, record in keyed:
        if e["domain"] is None and key not in GENERIC_NAMES:
            assert errcat.classify(key, provider=e["provider"], platform=e["platform"]) == record, payload


def test_every_entry_is_found_by_lookup(listed):
    for e in listed:
        ids = [m["id"] for m in errcat.lookup(_query(e, _keys(e)[0]))]
        assert e["id"] in ids


@pytest.fixture(scope="module")
def corpus(cli):
    """The real inputs of tests/corpus (objects and texts) with the CLI's record for each."""
    lines = []
    for f in sorted((ROOT / "tests" / "corpus").glob("*.jsonl")):
        for row in f.read_text().splitlines():
            case = json.loads(row)
            x = case["input"]
            lines.append(x if isinstance(x, str) else json.dumps(x))
    lines = [line for line in lines if "\n" not in line]
    records = run_cli(cli, ["--stdin"], stdin="\n".join(lines) + "\n")
    assert len(records) == len(lines) > 100
    for r in records:
        del r["line"]
    return list(zip(lines, records))


def test_every_corpus_input_gives_the_cli_record(corpus):
    for line, record in corpus:
        got = errcat.classify(line)
        if got.get("input") != "text" and record.get("input") != "text" and got != record:
            pytest.fail(f"{line}: {got} != {record}")
        if line.lstrip().startswith("{"):
            assert got == record, line


ARROW_FIELDS = ["id", "fingerprint", "provider", "platform", "category", "retry", "actor", "severity",
                "expected", "confidence", "matched_by", "known", "ambiguous"]


def _expected_row(record: dict) -> dict:
    if "error" in record:
        return {f: (False if f in ("expected", "known", "ambiguous") else None) for f in ARROW_FIELDS} | {
            "error": record["error"]
        }
    return {f: record[f] for f in ARROW_FIELDS} | {"error": None}


def test_classify_arrow_rows_are_the_cli_records(keyed, corpus):
    lines = [json.dumps(p) for _, _, p, _ in keyed] + [line for line, _ in corpus]
    records = [r for _, _, _, r in keyed] + [r for _, r in corpus]
    for typ in (pa.string(), pa.large_string()):
        got = errcat.classify_arrow(pa.array(lines, typ), user_message=True).to_pylist()
        for line, row, record in zip(lines, got, records):
            assert {k: row[k] for k in [*ARROW_FIELDS, "error"]} == _expected_row(record), line
            assert row["user_message"] == record.get("user_message"), line
