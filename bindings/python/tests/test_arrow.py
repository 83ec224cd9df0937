"""classify_arrow: one row per input row whatever the input, never an exception for a bad row."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import errcat
from payloads import payloads

GOOD = '{"name":"OT_NOT_CONNECTED","code":1010,"message":"not connected"}'


def _check_one_row_each(inputs: list, result) -> list[dict]:
    rows = result.to_pylist()
    assert len(rows) == len(inputs)
    assert list(result.type.names) == [*errcat.COLUMNS]
    return rows


@pytest.mark.parametrize("typ", [pa.string(), pa.large_string()])
def test_bad_rows_are_rows(typ):
    inputs = [
        GOOD,
        None,
        "",
        "   ",
        '{"truncated":',
        "[1, 2",
        "[1, 2]",
        '{"a": {"b": [',
        "null",
        '"just a json string"',
        "{" * 5000,
        "x" * (2 << 20),  # over the 1 MiB payload limit
        '{"message": "' + "y" * 500_000 + '"}',
        "\u202e\u009b not an error",
        GOOD,
    ]
    result = errcat.classify_arrow(pa.array(inputs, typ))
    rows = _check_one_row_each(inputs, result)
    assert rows[0]["id"] == rows[-1]["id"] == "vonage.web.OT_NOT_CONNECTED"
    assert rows[1]["known"] is False and rows[1]["error"] is None and rows[1]["category"] is None
    for i in (2, 3, 4, 5, 6, 7, 10, 11):
        assert rows[i]["known"] is False and rows[i]["error"], (i, rows[i])
        assert rows[i]["category"] is None and rows[i]["fingerprint"] is None
    assert "limit" in rows[11]["error"]
    # Every row that is not bad has an answer, known or not.
    for i in (8, 9, 12, 13):
        assert rows[i]["error"] is None and rows[i]["category"] is not None, (i, rows[i])


def test_each_bad_row_error_is_the_classify_error():
    inputs = ["", '{"truncated":', "[1, 2]", "{" * 100]
    rows = errcat.classify_arrow(pa.array(inputs)).to_pylist()
    for x, row in zip(inputs, rows):
        assert row["error"] == errcat.classify(x)["error"]


def test_slices_nulls_and_chunks_keep_rows_in_place():
    data = payloads(5000, seed=3)
    data[::7] = [None] * len(data[::7])
    arr = pa.array(data)
    whole = errcat.classify_arrow(arr).to_pylist()
    sliced = errcat.classify_arrow(arr.slice(1234, 2000)).to_pylist()
    assert sliced == whole[1234:3234]
    chunked = errcat.classify_arrow(pa.chunked_array([arr.slice(0, 100), arr.slice(100)]))
    assert isinstance(chunked, pa.ChunkedArray)
    assert chunked.combine_chunks().to_pylist() == whole
    for x, row in zip(data, whole):
        if x is None:
            assert row["known"] is False and row["category"] is None
        else:
            want = errcat.classify(x)
            assert row["known"] == want["known"]
            assert row["category"] == want.get("category")
            assert row["fingerprint"] == want.get("fingerprint")


def test_empty_and_all_null_arrays():
    assert len(errcat.classify_arrow(pa.array([], pa.string()))) == 0
    rows = errcat.classify_arrow(pa.array([None, None], pa.string())).to_pylist()
    assert [r["known"] for r in rows] == [False, False]
    assert len(errcat.classify_arrow(pa.array([None, None]))) == 2  # type null


def test_other_string_layouts():
    data = [GOOD, None, "xhr poll error", GOOD]
    want = errcat.classify_arrow(pa.array(data)).to_pylist()
    assert errcat.classify_arrow(pa.array(data).dictionary_encode()).to_pylist() == want
    assert errcat.classify_arrow(pa.array(data, pa.string_view())).to_pylist() == want
    assert errcat.classify_arrow(pa.array([x and x.encode() for x in data], pa.binary())).to_pylist() == want
    assert errcat.classify_arrow(data).to_pylist() == want


@pytest.mark.parametrize("typ", [pa.binary(), pa.large_binary(), pa.binary_view()])
def test_invalid_utf8_in_binary_is_a_bad_row(typ):
    rows = errcat.classify_arrow(pa.array([b"\xff\xfe{}", GOOD.encode()], typ)).to_pylist()
    assert rows[0]["known"] is False and "UTF-8" in rows[0]["error"]
    assert rows[1]["id"] == "vonage.web.OT_NOT_CONNECTED"


def test_categorical_columns_are_dictionaries():
    result = errcat.classify_arrow(pa.array(payloads(1000)))
    for name in ("id", "provider", "platform", "category", "retry", "actor", "severity", "confidence", "matched_by"):
        assert pa.types.is_dictionary(result.field(name).type), name
    counts = {d["values"]: d["counts"] for d in pc.value_counts(result.field("category")).to_pylist()}
    direct: dict = {}
    for x in payloads(1000):
        c = errcat.classify(x).get("category")
        direct[c] = direct.get(c, 0) + 1
    assert counts == direct


def test_user_message_column():
    result = errcat.classify_arrow(pa.array([GOOD, None, "{"]), user_message=True)
    rows = result.to_pylist()
    assert rows[0]["user_message"] == errcat.classify(GOOD)["user_message"]
    assert rows[1]["user_message"] is None and rows[2]["user_message"] is None


def test_not_a_string_array_is_a_type_error():
    with pytest.raises(TypeError):
        errcat.classify_arrow(pa.array([1, 2, 3]))


def test_rows_match_per_row_classify_on_a_realistic_mix():
    data = payloads(20_000, seed=9, envelope=True)
    rows = errcat.classify_arrow(pa.array(data)).to_pylist()
    for x, row in zip(data, rows):
        want = errcat.classify(x)
        if "error" in want:
            assert row["error"] == want["error"] and row["known"] is False
            continue
        for f in ("id", "fingerprint", "provider", "platform", "category", "retry", "actor", "severity",
                  "expected", "confidence", "matched_by", "known", "ambiguous"):
            assert row[f] == want[f], (x, f)
