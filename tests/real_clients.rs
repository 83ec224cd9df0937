//! errcat against what the real software emits: live captures of socket.io 4.8 servers and clients
//! (tests/real/captures/socketio.jsonl) and the error tables of the published OpenTok.js 2.35.2
//! (tests/real/captures/opentok.json). `ERRCAT_CAPTURES=DIR` points the tests at fresh captures
//! (`.ci/run` re-captures live and runs them again).
#![cfg(feature = "json")]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use errcat::{lookup, Key, Platform, Scope};

fn captures() -> PathBuf {
    match std::env::var_os("ERRCAT_CAPTURES") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/real/captures"),
    }
}

fn read(name: &str) -> String {
    let path = captures().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// (scenario, observer, event) → (category, retry, actor) that errcat must answer.
const EXPECTED: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("unknown_transport", "raw", "http_response", "configuration", "after_fix", "developer"),
    ("unknown_transport", "server", "connection_error", "configuration", "after_fix", "developer"),
    ("unknown_transport_websocket", "server", "connection_error", "configuration", "after_fix", "developer"),
    ("unknown_transport_websocket", "client", "connect_error", "configuration", "after_fix", "developer"),
    // Session ID unknown is ranked as what threads resolve it to: no sticky sessions behind a load balancer.
    ("unknown_sid", "raw", "http_response", "configuration", "after_fix", "operator"),
    ("unknown_sid", "server", "connection_error", "configuration", "after_fix", "operator"),
    ("unknown_sid_websocket", "raw", "upgrade_response", "configuration", "after_fix", "operator"),
    ("unknown_sid_websocket", "server", "connection_error", "configuration", "after_fix", "operator"),
    ("bad_handshake_method", "raw", "http_response", "invalid_request", "after_fix", "developer"),
    ("bad_handshake_method", "server", "connection_error", "invalid_request", "after_fix", "developer"),
    ("bad_request_transport_handshake", "raw", "http_response", "configuration", "after_fix", "operator"),
    ("bad_request_transport_handshake", "server", "connection_error", "configuration", "after_fix", "operator"),
    ("bad_request_transport_mismatch", "raw", "http_response", "configuration", "after_fix", "operator"),
    ("bad_request_transport_mismatch", "server", "connection_error", "configuration", "after_fix", "operator"),
    ("allow_request_polling", "server", "connection_error", "authorization", "after_fix", "developer"),
    ("allow_request_polling", "client", "connect_error", "authorization", "after_fix", "developer"),
    ("allow_request_websocket", "raw", "upgrade_response", "authorization", "after_fix", "developer"),
    ("allow_request_websocket", "server", "connection_error", "authorization", "after_fix", "developer"),
    // The client only sees "Unexpected server response: 400": a refused upgrade, cause unknown to it.
    ("allow_request_websocket", "client", "connect_error", "configuration", "after_fix", "developer"),
    ("unsupported_protocol_version", "raw", "http_response", "unsupported", "after_fix", "developer"),
    ("unsupported_protocol_version", "server", "connection_error", "unsupported", "after_fix", "developer"),
    ("unsupported_protocol_version_missing_eio", "raw", "http_response", "unsupported", "after_fix", "developer"),
    ("unsupported_protocol_version_missing_eio", "server", "connection_error", "unsupported", "after_fix", "developer"),
    ("unsupported_protocol_version_websocket", "raw", "upgrade_response", "unsupported", "after_fix", "developer"),
    ("unsupported_protocol_version_websocket", "server", "connection_error", "unsupported", "after_fix", "developer"),
    ("missing_namespace", "client", "connect_error", "not_found", "after_fix", "developer"),
    ("middleware_refusal", "client", "connect_error", "authorization", "after_fix", "developer"),
    ("server_disconnect", "server", "disconnect", "closed", "never", "none"),
    ("server_disconnect", "client", "disconnect", "closed", "reconnect", "developer"),
    ("server_disconnect_close", "server", "disconnect", "closed", "never", "none"),
    ("server_disconnect_close", "client", "disconnect", "closed", "reconnect", "developer"),
    ("io_close_websocket", "server", "disconnect", "closed", "automatic", "operator"),
    ("io_close_websocket", "client", "disconnect", "network", "automatic", "none"),
    ("io_close_polling", "server", "disconnect", "closed", "automatic", "operator"),
    // Node's client quotes the socket error (ECONNRESET, ECONNREFUSED, socket hang up): the server side must
    // act, and the client keeps retrying.
    ("io_close_polling", "client", "disconnect", "network", "automatic", "operator"),
    ("ping_timeout_server", "server", "disconnect", "network", "automatic", "none"),
    ("ping_timeout_server", "client", "disconnect", "network", "automatic", "none"),
    ("ping_timeout_client", "server", "disconnect", "network", "automatic", "none"),
    ("ping_timeout_client", "client", "disconnect", "network", "automatic", "none"),
    // engine.io 6.6.13 closes the session on a too-large polling POST (transport error, "payload too large");
    // the client's pending poll then gets the close packet first, so it only sees a plain transport close.
    ("payload_too_large_polling", "server", "disconnect", "limit", "after_fix", "developer"),
    ("payload_too_large_polling", "client", "disconnect", "network", "automatic", "none"),
    ("payload_too_large_websocket", "server", "disconnect", "limit", "after_fix", "developer"),
    ("payload_too_large_websocket", "client", "disconnect", "limit", "after_fix", "developer"),
    ("closed_port_polling", "client", "connect_error", "network", "automatic", "operator"),
    ("closed_port_websocket", "client", "connect_error", "network", "automatic", "operator"),
    ("wrong_path_polling", "client", "connect_error", "configuration", "after_fix", "developer"),
    // "socket hang up": the client cannot tell a wrong path from a dropped connection (ECONNRESET's reading).
    ("wrong_path_websocket", "client", "connect_error", "network", "automatic", "operator"),
];

#[test]
fn every_live_socketio_observation_is_classified_as_expected() {
    let captured: Vec<serde_json::Value> =
        read("socketio.jsonl").lines().map(|l| serde_json::from_str(l).expect("capture lines are JSON")).collect();
    assert!(captured.len() >= 40, "the capture holds {} observations", captured.len());

    // What an app knows: which side it runs on. The provider is left for errcat to detect.
    let mut input = Vec::new();
    for c in &captured {
        let mut payload = c["payload"].clone();
        let observer = c["observer"].as_str().unwrap();
        if observer == "client" || observer == "server" {
            payload["platform"] = observer.into();
        }
        writeln!(input, "{payload}").unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .arg("--stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "every captured line is known");
    let verdicts: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(verdicts.len(), captured.len());

    let mut covered = BTreeSet::new();
    let mut wrong = Vec::new();
    for (c, v) in captured.iter().zip(&verdicts) {
        let key = (c["scenario"].as_str().unwrap(), c["observer"].as_str().unwrap(), c["event"].as_str().unwrap());
        let Some(&(.., category, retry, actor)) = EXPECTED.iter().find(|e| (e.0, e.1, e.2) == key) else {
            wrong.push(format!("{key:?}: new observation, no expectation: {}", c["payload"]));
            continue;
        };
        covered.insert(key);
        assert_eq!(v["provider"], "socketio", "{key:?}");
        assert_eq!(v["ambiguous"], false, "{key:?}");
        let got = (v["category"].as_str().unwrap(), v["retry"].as_str().unwrap(), v["actor"].as_str().unwrap());
        if got != (category, retry, actor) {
            wrong.push(format!(
                "{key:?}: expected {category}/{retry}/{actor}, got {}/{}/{} ({})",
                got.0, got.1, got.2, v
            ));
        }
    }
    for e in EXPECTED {
        if !covered.contains(&(e.0, e.1, e.2)) {
            wrong.push(format!("{:?}: expected but not captured any more", (e.0, e.1, e.2)));
        }
    }
    assert!(wrong.is_empty(), "the real software and errcat disagree:\n{}", wrong.join("\n"));
}

fn excluded() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/EXCLUDED.md")).unwrap()
}

#[test]
fn every_opentok_error_name_and_code_is_catalogued() {
    let sdk: serde_json::Value = serde_json::from_str(&read("opentok.json")).unwrap();
    assert_eq!(sdk["version"], "2.35.2");
    let web = Scope::platform(Platform::Web);
    let excluded = excluded();
    let names: Vec<&str> = sdk["names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert_eq!(names.len(), 74);
    let mut missing = Vec::new();
    for name in &names {
        if lookup(web, Key::Name(name)).next().is_none() && !excluded.contains(&format!("`{name}`")) {
            missing.push(name.to_string());
        }
    }
    let codes = sdk["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 35);
    for c in codes {
        let (constant, code) = (c["constant"].as_str().unwrap(), c["code"].as_i64().unwrap());
        let found: Vec<_> = lookup(web, Key::Code(code)).collect();
        if found.is_empty() && !excluded.contains(&format!("`{code}`")) {
            missing.push(format!("{constant} = {code}"));
        }
        // The SDK's constant finds the code's entry too.
        if !found.is_empty() && lookup(web, Key::Name(constant)).next().is_none() {
            missing.push(format!("{constant} (constant of {code}) is not a key"));
        }
    }
    assert!(missing.is_empty(), "in OpenTok.js 2.35.2 but not in the catalogue: {missing:?}");
}
