//! The diagnosis data: ranked causes and retry numbers walk the whole catalogue.
//!
//! - the broad codes users ask about most have at least three causes, each backed by a source;
//! - every cause has a check, an actor and sources of its own provider that a reader can follow;
//! - retry numbers are sane and sit only on entries that advise a retry;
//! - every entry in the categories that need a diagnosis has causes, except those listed in
//!   `tests/fixtures/causes_todo.txt`, and that list is exact: it can only shrink.

use std::collections::BTreeSet;

use errcat::{entries, Category, Entry, Retry, SdkRetries, Source};

/// The transport errors and broad codes that must carry at least three ranked causes.
const BROAD: &[&str] = &[
    "socketio.client.xhr poll error",
    "socketio.client.websocket error",
    "socketio.client.transport error",
    "socketio.client.transport close",
    "socketio.client.ping timeout",
    "socketio.server.engine_io.Transport unknown",
    "socketio.server.engine_io.Session ID unknown",
    "socketio.server.engine_io.Bad handshake method",
    "socketio.server.engine_io.Bad request",
    "socketio.server.engine_io.Forbidden",
    "socketio.server.engine_io.Unsupported protocol version",
    "vonage.web.OT_AUTHENTICATION_ERROR",
    "vonage.web.1006",
    "vonage.web.socket_close.OT_SOCKET_CLOSE_ABNORMAL",
    "vonage.web.1010",
    "vonage.web.1500",
    "vonage.web.OT_USER_MEDIA_ACCESS_DENIED",
    "vonage.web.OT_HARDWARE_UNAVAILABLE",
    "cobrowse.SESSION_START_FAILED",
    "cobrowse.SESSION_JOIN_FAILED",
    "cobrowse.TOKEN_INVALID",
];

/// Categories whose meaning is not self-evident: every entry in them needs at least one cause.
const NEEDS_CAUSES: &[Category] = &[
    Category::Network,
    Category::Configuration,
    Category::Authentication,
    Category::Authorization,
    Category::MediaPermission,
    Category::Device,
    Category::Server,
    Category::Limit,
];

fn entry(id: &str) -> &'static Entry {
    entries().iter().find(|e| e.id() == id).unwrap_or_else(|| panic!("no entry {id}"))
}

fn followable(s: &Source) -> bool {
    let package_path = s.package.is_some_and(|p| p.contains('@')) && s.path.is_some_and(|p| !p.is_empty());
    s.url.is_some_and(|u| u.starts_with("https://")) || package_path
}

#[test]
fn broad_codes_have_at_least_three_sourced_causes() {
    for id in BROAD {
        let e = entry(id);
        assert!(e.causes.len() >= 3, "{id} has {} causes", e.causes.len());
        for c in e.causes {
            assert!(c.sources().len() > 0, "{id}: cause {:?} has no source", c.cause);
        }
    }
}

#[test]
fn every_cause_has_a_check_an_actor_and_followable_sources_of_its_provider() {
    for e in entries() {
        let mut seen = BTreeSet::new();
        for c in e.causes {
            assert!(!c.cause.trim().is_empty() && !c.check.trim().is_empty(), "{}", e.id());
            assert!(seen.insert(c.cause), "{}: cause {:?} listed twice", e.id(), c.cause);
            assert!(c.sources().len() > 0, "{}: {:?}", e.id(), c.cause);
            for s in c.sources() {
                assert_eq!(s.provider, e.provider, "{}: cause cites {} of another provider", e.id(), s.key);
                assert!(followable(s), "{}: source {} has no https URL or package path", e.id(), s.key);
            }
        }
    }
}

#[test]
fn retry_numbers_are_sane_and_only_where_a_retry_is_advised() {
    let mut with_numbers = 0;
    for e in entries() {
        let Some(p) = e.retry_policy else { continue };
        with_numbers += 1;
        assert!(matches!(e.retry, Retry::Backoff | Retry::Throttled | Retry::Automatic), "{}: {}", e.id(), e.retry);
        assert!(p.initial_ms <= p.max_ms, "{}: initial {} > max {}", e.id(), p.initial_ms, p.max_ms);
        assert!(p.max_attempts >= 1, "{}", e.id());
        assert!(p.initial() <= p.delay(1) && p.delay(40) == p.max(), "{}: the schedule grows to the cap", e.id());
        assert!(!p.sdk_note.trim().is_empty() && p.sources().len() > 0, "{}", e.id());
        for s in p.sources() {
            assert_eq!(s.provider, e.provider, "{}", e.id());
            assert!(followable(s), "{}: {}", e.id(), s.key);
        }
        if e.retry == Retry::Automatic {
            assert!(p.sdk_retries.retries(), "{}: automatic, yet the SDK does not retry", e.id());
        }
        if let SdkRetries::Attempts(n) = p.sdk_retries {
            assert!(n <= 1000, "{}", e.id());
        }
    }
    assert!(with_numbers >= 5, "{with_numbers}");
}

/// The entries in the categories that need causes and still have none, one id a line (the ratchet).
fn todo() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/causes_todo.txt");
    let text = std::fs::read_to_string(path).expect("tests/fixtures/causes_todo.txt");
    text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

#[test]
fn entries_without_causes_are_exactly_the_committed_todo_list() {
    let in_scope: Vec<&Entry> = entries().iter().filter(|e| NEEDS_CAUSES.contains(&e.category)).collect();
    let lacking: Vec<String> = in_scope.iter().filter(|e| e.causes.is_empty()).map(|e| e.id().to_string()).collect();
    let listed = todo();
    let listed_set: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(listed_set.len(), listed.len(), "causes_todo.txt lists an id twice");
    let gained: Vec<&String> = listed.iter().filter(|id| !lacking.contains(id)).collect();
    assert!(
        gained.is_empty(),
        "these entries now have causes (or left the categories): remove them from tests/fixtures/causes_todo.txt: {gained:?}"
    );
    let new: Vec<&String> = lacking.iter().filter(|id| !listed_set.contains(id)).collect();
    assert!(new.is_empty(), "these entries need at least one cause (the list only shrinks): {new:?}");
    let covered = in_scope.len() - lacking.len();
    println!("causes: {covered} of {} entries in scope", in_scope.len());
}
