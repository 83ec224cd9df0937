//! The `errcat` binary: query forms, `--json` shape, `list`, exit statuses 0/1/2.
#![cfg(feature = "json")]

use std::process::{Command, Output, Stdio};

fn errcat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errcat")).args(args).stdin(Stdio::null()).output().expect("errcat runs")
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect()
}

fn status(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

#[test]
fn bare_number_prints_every_provider() {
    let out = errcat(&["--json", "1006"]);
    assert_eq!(status(&out), 0);
    let rows = json_lines(&out);
    let providers: std::collections::BTreeSet<_> = rows.iter().map(|r| r["provider"].as_str().unwrap()).collect();
    assert_eq!(providers.into_iter().collect::<Vec<_>>(), ["cobrowse", "socketio", "vonage"]);
    assert!(rows.iter().all(|r| r["code"] == 1006 && r["known"] == true));
}

#[test]
fn json_rows_have_the_contract_fields() {
    let out = errcat(&["--json", "vonage:web:OT_NOT_CONNECTED"]);
    assert_eq!(status(&out), 0);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    for field in [
        "provider",
        "platform",
        "code",
        "name",
        "category",
        "retry",
        "actor",
        "user_message",
        "developer_hint",
        "known",
        "sources",
        "doc_url",
    ] {
        assert!(r.get(field).is_some(), "missing {field} in {r}");
    }
    assert_eq!(r["provider"], "vonage");
    assert_eq!(r["platform"], "web");
    assert_eq!(r["name"], "OT_NOT_CONNECTED");
    assert_eq!(r["category"], "state");
    assert!(r["code"].is_i64() || r["code"].is_null());
}

#[test]
fn query_forms_narrow_the_scope() {
    let rows = json_lines(&errcat(&["--json", "vonage:1006"]));
    assert!(rows.len() >= 2 && rows.iter().all(|r| r["provider"] == "vonage"));
    let rows = json_lines(&errcat(&["--json", "vonage:ios:1015"]));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["platform"], "ios");
    let rows = json_lines(&errcat(&["--json", "socketio:server:transport close"]));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["platform"], "server");
    let rows = json_lines(&errcat(&["--json", "transport close"]));
    assert_eq!(rows.len(), 6);
    let rows = json_lines(&errcat(&["--json", "socketio:python:transport close"]));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["platform"], "python");
    // A broad code lists its refined readings after it; code and name find the same entries.
    let rows = json_lines(&errcat(&["--json", "cobrowse:1011", "SESSION_JOIN_FAILED"]));
    let half = rows.len() / 2;
    assert!(half > 1 && rows.len() == 2 * half, "{}", rows.len());
    assert_eq!(rows[..half], rows[half..]);
    assert!(rows[1..half].iter().all(|r| !r["when_message"].as_array().unwrap().is_empty()));
}

#[test]
fn unknown_key_prints_a_fallback_and_exits_1() {
    let out = errcat(&["--json", "vonage:424242", "OT_NOT_CONNECTED"]);
    assert_eq!(status(&out), 1);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["known"], false);
    assert_eq!(rows[0]["provider"], "vonage");
    assert_eq!(rows[0]["code"], 424242);
    assert_eq!(rows[1]["known"], true);
    assert!(String::from_utf8_lossy(&out.stderr).contains("`vonage:424242` is not in the catalogue"));
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    for (args, needle) in [
        (vec!["vonage:iso:1015"], "`iso` is not a vonage platform or domain"),
        (vec!["vonage:web:"], "no code or name after the prefix"),
        (vec!["--frobnicate"], "unknown option `--frobnicate`"),
        (vec![], "no query given"),
        (vec!["  "], "empty query"),
        (vec!["list", "--provider", "twilio"], "unknown provider `twilio`"),
        (vec!["--text"], "no query given"),
        (vec!["list", "1006"], "`list` takes no queries"),
    ] {
        let out = errcat(&args);
        assert_eq!(status(&out), 2, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} printed results");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn list_prints_every_entry_and_filters() {
    let all = json_lines(&errcat(&["list", "--json"]));
    assert_eq!(all.len(), errcat::entries().len());
    let cobrowse = json_lines(&errcat(&["list", "--provider", "cobrowse", "--json"]));
    assert_eq!(cobrowse.len(), errcat::entries_of(errcat::Provider::Cobrowse).count());
    assert!(cobrowse.iter().all(|r| r["provider"] == "cobrowse"));
    let text = errcat(&["list"]);
    assert_eq!(status(&text), 0);
    assert_eq!(String::from_utf8(text.stdout).unwrap().lines().count(), errcat::entries().len());
}

#[test]
fn human_output_has_one_block_per_match() {
    let out = errcat(&["OT_NOT_CONNECTED"]);
    assert_eq!(status(&out), 0);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("vonage web"), "{text}");
    assert!(text.contains("\n  category:  state\n"), "{text}");
    assert!(text.contains("\n  user:      "), "{text}");
}

#[test]
fn help_and_version_exit_0() {
    let help = errcat(&["--help"]);
    assert_eq!(status(&help), 0);
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(text.contains("EXIT STATUS"));
    let version = errcat(&["--version"]);
    assert_eq!(status(&version), 0);
    assert!(String::from_utf8(version.stdout).unwrap().contains(errcat::CATALOGUE_VERSION));
}

#[test]
fn closed_stdout_is_not_a_panic() {
    // `errcat list | head -1`: the reader goes away early.
    let mut child = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(["list", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(status(&out), 0);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_prefix_that_is_no_provider_is_read_as_text() {
    // A typo in the provider: read as text (nothing known in it), with a hint on stderr.
    let out = errcat(&["vonag:1006"]);
    assert_eq!(status(&out), 1);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `vonage`"), "{err}");
    // Pasted texts from each provider.
    for (text, needle) in [
        ("Error: xhr poll error", "socketio client xhr poll error"),
        ("io.socket.engineio.client.EngineIOException: websocket error", "websocket error"),
        ("Error Domain=OTSessionErrorDomain Code=1004 \"x\" UserInfo={}", "vonage ios session 1004"),
        ("Unhandled Rejection (OT_NOT_CONNECTED): Session is not connected", "OT_NOT_CONNECTED"),
    ] {
        let out = errcat(&[text]);
        let printed = String::from_utf8_lossy(&out.stdout);
        assert!(printed.starts_with("read as text"), "{text}: {printed}");
        assert!(printed.contains(needle), "{text}: {printed}");
    }
    // --text never reads a key: `1006` as text is a bare number, several readings.
    let out = errcat(&["--json", "--text", "1006"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["input"].as_str(), v["ambiguous"].as_bool()), (Some("text"), Some(true)), "{v}");
}
