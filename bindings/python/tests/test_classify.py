"""errcat.classify on each input form."""

from __future__ import annotations

import json

import pytest

import errcat


def test_forms_agree():
    payload = {"name": "OT_NOT_CONNECTED", "code": 1010, "message": "not connected"}
    assert errcat.classify(payload) == errcat.classify(json.dumps(payload))
    assert errcat.classify("OT_NOT_CONNECTED")["id"] == "vonage.web.OT_NOT_CONNECTED"
    assert errcat.classify("vonage:web:OT_NOT_CONNECTED") == errcat.classify(
        "OT_NOT_CONNECTED", provider="vonage", platform="web"
    )


def test_a_code_alone_is_ambiguous_until_scoped():
    everywhere = errcat.classify(1006)
    assert everywhere["ambiguous"] and everywhere["id"] is None and len(everywhere["candidates"]) > 2
    web = errcat.classify(1006, provider="vonage", platform="web")
    assert not web["ambiguous"] and web["id"] == "vonage.web.1006"


def test_text_is_marked_as_text():
    r = errcat.classify("io.socket.engineio.client.EngineIOException: xhr poll error (connect ECONNREFUSED)")
    assert r["input"] == "text" and r["category"] == "network"


def test_bad_payload_is_an_error_record():
    r = errcat.classify('{"truncated":')
    assert r["known"] is False and r["error"].startswith("invalid JSON")


def test_unknown_key_is_an_answer():
    r = errcat.classify("something new", provider="socketio")
    assert r["known"] is False and r["category"] == "unknown"


def test_results_share_nothing_mutable():
    a = errcat.classify("OT_NOT_CONNECTED")
    a["sources"][0]["url"] = "changed"
    a["aliases"].append("changed")
    a["category"] = "changed"
    b = errcat.classify("OT_NOT_CONNECTED")
    assert b["category"] != "changed" and "changed" not in b["aliases"]
    assert all(s.get("url") != "changed" for s in b["sources"])
    e = errcat.entries()
    e[0]["aliases"].append("changed")
    assert "changed" not in errcat.entries()[0]["aliases"]


def test_bad_arguments_raise():
    with pytest.raises(ValueError):
        errcat.classify(1006, provider="nope")
    with pytest.raises(ValueError):
        errcat.classify(1006, provider="cobrowse", platform="ios")
    with pytest.raises(TypeError):
        errcat.classify(1.5)
    with pytest.raises(TypeError):
        errcat.classify(True)


def test_arrow_type_is_the_result_type():
    import pyarrow as pa

    data = pa.array(['{"name":"OT_NOT_CONNECTED"}', None])
    for kw in ({}, {"user_message": True}, {"dictionary": False}, {"user_message": True, "dictionary": False}):
        assert errcat.classify_arrow(data, **kw).type == errcat.arrow_type(**kw), kw


def test_stubs_name_every_public_function():
    from pathlib import Path

    stubs = (Path(errcat.__file__).parent / "__init__.pyi").read_text()
    for name in errcat.__all__:
        assert name in stubs, name
    assert (Path(errcat.__file__).parent / "py.typed").exists()


def test_stub_typed_dicts_name_the_fields_answers_have():
    import ast
    from pathlib import Path

    tree = ast.parse((Path(errcat.__file__).parent / "__init__.pyi").read_text())
    fields = {
        node.name: {a.target.id for a in node.body if isinstance(a, ast.AnnAssign)}
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }
    entry = errcat.entries()[0]
    assert set(entry) == fields["EntryRecord"]
    answer = errcat.classify('{"name":"OT_NOT_CONNECTED","code":1501}')
    assert set(answer) <= fields["Record"], set(answer) - fields["Record"]
    with_causes = next(e for e in errcat.entries() if e["causes"] and e["retry_policy"])
    assert set(with_causes["causes"][0]) == fields["Cause"]
    assert set(with_causes["retry_policy"]) == fields["RetryPolicy"]
    assert set(answer["observed"]) == fields["Observed"]
