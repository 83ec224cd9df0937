//! Fingerprints are stable grouping keys: a committed snapshot of every entry's, distinct across entries, and
//! blind to the volatile parts of unknown messages (numbers, ids, URLs, UUIDs, quoted strings).
//!
//! The snapshot `tests/snapshots/fingerprints.tsv` changes only on purpose: after renaming an entry (its id),
//! regenerate it with `ERRCAT_BLESS=1 cargo test --test fingerprint` and say so in the CHANGELOG.

use std::collections::BTreeMap;

use errcat::{entries, Fingerprint, Observation, Provider};
use proptest::prelude::*;

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/fingerprints.tsv");

fn current() -> String {
    let mut rows: Vec<String> = entries().iter().map(|e| format!("{}\t{}\n", e.id(), e.fingerprint())).collect();
    rows.sort();
    rows.concat()
}

#[test]
fn every_entry_fingerprint_matches_the_snapshot() {
    let now = current();
    if std::env::var_os("ERRCAT_BLESS").is_some() {
        std::fs::write(SNAPSHOT, &now).unwrap();
    }
    let committed = std::fs::read_to_string(SNAPSHOT).expect("tests/snapshots/fingerprints.tsv");
    for (old, new) in committed.lines().zip(now.lines()) {
        assert_eq!(old, new, "a fingerprint or id changed; if on purpose, rerun with ERRCAT_BLESS=1");
    }
    assert_eq!(
        committed.lines().count(),
        now.lines().count(),
        "entries were added or removed: rerun with ERRCAT_BLESS=1"
    );
}

#[test]
fn entry_fingerprints_are_distinct_and_round_trip() {
    let mut seen = BTreeMap::new();
    for e in entries() {
        let f = e.fingerprint();
        assert_eq!(f, Fingerprint::of_id(e.id()));
        assert_eq!(f.to_string().parse::<Fingerprint>().unwrap(), f);
        assert_eq!(f.to_string().len(), 16);
        if let Some(other) = seen.insert(f, e.id()) {
            panic!("{} and {other} share the fingerprint {f}", e.id());
        }
    }
}

fn of_message(provider: Provider, message: &str) -> Fingerprint {
    let o = Observation::new().provider(provider).message(message);
    o.classify().fingerprint(&o)
}

#[test]
fn unknown_messages_group_by_their_fixed_words() {
    let a = of_message(Provider::SocketIo, "room 1234 for user 'alice' failed at https://a.example/x?id=9");
    let b = of_message(Provider::SocketIo, "room 98 for user 'bob'   failed at https://b.example/other");
    assert_eq!(a, b);
    let c = of_message(Provider::SocketIo, "room 98 for user 'bob' refused at https://b.example/other");
    assert_ne!(a, c, "a different fixed word is a different group");
    assert_ne!(a, of_message(Provider::Vonage, "room 1234 for user 'alice' failed at https://a.example/x?id=9"));
    // No unknown input shares an entry's fingerprint.
    let entry_prints: std::collections::BTreeSet<_> = entries().iter().map(|e| e.fingerprint()).collect();
    assert!(!entry_prints.contains(&a));
}

proptest! {
    #[test]
    fn volatile_parts_never_change_the_fingerprint(
        n in any::<u64>(),
        hex in "[0-9a-f]{8,24}",
        uuid in "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        quoted in "[a-zA-Z ]{0,20}",
    ) {
        let base = of_message(Provider::SocketIo, "widget 7 lost session 0a1b2c3d4e5f id 123e4567-e89b-12d3-a456-426614174000 for 'x'");
        let text = format!("widget {n} lost session {hex} id {uuid} for '{quoted}'");
        prop_assert_eq!(of_message(Provider::SocketIo, &text), base);
    }
}

/// Lines of the data files that start with `field = ` (the per-entry overrides).
fn overrides(field: &str) -> usize {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let mut files: Vec<_> = std::fs::read_dir(data).unwrap().map(|e| e.unwrap().path()).collect();
    for dir in files.clone().into_iter().filter(|p| p.is_dir()) {
        files.extend(std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()));
    }
    let prefix = format!("{field} = ");
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| std::fs::read_to_string(p).unwrap().lines().filter(|l| l.starts_with(&prefix)).count())
        .sum()
}

#[test]
fn severity_and_expected_follow_the_rules_except_where_the_data_overrides() {
    let mut severity_off = 0;
    let mut expected_off = 0;
    for e in entries() {
        severity_off += usize::from(e.severity != errcat::Severity::by_rule(e.category, e.retry, e.actor));
        expected_off += usize::from(e.expected != errcat::expected_by_rule(e.category, e.retry, e.actor));
        // Nothing that failed is expected churn without saying so in the data.
        if e.expected && e.category.is_failure() {
            assert!(e.note.is_some(), "{} is expected although it is a failure, with no note saying why", e.id());
        }
    }
    assert_eq!(severity_off, overrides("severity"), "entries whose severity differs from the rule");
    assert_eq!(expected_off, overrides("expected"), "entries whose expected differs from the rule");
}

/// The stream's records carry the telemetry fields, equal to the entry's for every entry with a name.
#[cfg(feature = "json")]
#[test]
fn stream_records_carry_id_fingerprint_severity_and_expected() {
    let named: Vec<_> = entries().iter().filter(|e| e.name.is_some() && !e.is_refinement()).collect();
    let input: String = named
        .iter()
        .map(|e| {
            let mut o = serde_json::json!({"provider": e.provider, "name": e.name, "platform": e.platform});
            if let Some(d) = e.domain {
                o["domain"] = serde_json::json!(d);
            }
            format!("{o}\n")
        })
        .collect();
    let mut out = Vec::new();
    errcat::classify_stream(input.as_bytes(), &mut out).unwrap();
    let records: Vec<serde_json::Value> =
        out.split(|b| *b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect();
    assert_eq!(records.len(), named.len());
    let mut exact = 0;
    for (e, r) in named.iter().zip(&records) {
        if r["id"] != serde_json::json!(e.id()) {
            continue; // a name shared by several entries of one scope is answered as ambiguous
        }
        assert_eq!(r["fingerprint"], serde_json::json!(e.fingerprint().to_string()), "{}", e.id());
        assert_eq!(r["severity"], serde_json::json!(e.severity), "{}", e.id());
        assert_eq!(r["expected"], serde_json::json!(e.expected), "{}", e.id());
        exact += 1;
    }
    assert!(exact * 10 >= named.len() * 9, "only {exact} of {} named entries came back by id", named.len());
}
