//! What an adopter writes against the public API: group a batch of payloads by entry id, count, and serialize
//! the results with serde_json. Uses no strum trait (the enums' `ALL` constants are inherent).
#![cfg(feature = "json")]

use std::collections::BTreeMap;

use errcat::{classify, classify_json, Category, Classification, Key, Scope, Verdict};

#[test]
fn payloads_group_by_entry_id_and_results_serialize() {
    let payloads = [
        r#"{"name":"OT_NOT_CONNECTED","message":"not connected"}"#,
        r#"{"code":1005,"name":"OT_INVALID_SESSION_ID"}"#,
        r#"{"name":"OT_NOT_CONNECTED"}"#,
        r#"{"type":"TransportError","message":"xhr poll error","description":0}"#,
        r#"{"name":"NOT_A_REAL_ERROR_NAME_xyz"}"#,
    ];
    let mut groups: BTreeMap<&str, Vec<Verdict>> = BTreeMap::new();
    for p in payloads {
        let verdict = classify_json(p).expect("each payload is a JSON object");
        let id = match verdict.classification.entry {
            Some(e) => e.id(),
            None if verdict.ambiguous => "ambiguous",
            None => "unknown",
        };
        groups.entry(id).or_default().push(verdict);
    }
    assert_eq!(groups["vonage.web.OT_NOT_CONNECTED"].len(), 2);
    assert_eq!(groups["vonage.web.OT_INVALID_SESSION_ID"].len(), 1);
    assert_eq!(groups["unknown"].len(), 1);
    // `xhr poll error` with status 0 has several readings (server down, certificate, CORS...).
    assert_eq!(groups["ambiguous"].len(), 1);
    assert_eq!(groups.values().map(Vec::len).sum::<usize>(), payloads.len());

    let verdict = &groups["vonage.web.OT_NOT_CONNECTED"][0];
    let json: serde_json::Value = serde_json::to_value(verdict).unwrap();
    assert_eq!(json["id"], "vonage.web.OT_NOT_CONNECTED");
    assert_eq!(json["known"], true);
    assert_eq!(json["provider"], "vonage");
    assert_eq!(json["category"], verdict.classification.category.to_string());
    assert_eq!(json["user_message"], verdict.classification.user_message());
    assert_eq!(json["matched_by"], verdict.matched_by.to_string());
    assert!(json["candidates"].as_array().unwrap().is_empty());

    // An unknown key serializes with a null id.
    let unknown: Classification = classify(Scope::ANY, Key::Name("NOT_A_REAL_ERROR_NAME_xyz"));
    let json = serde_json::to_value(unknown).unwrap();
    assert_eq!(json["id"], serde_json::Value::Null);
    assert_eq!(json["known"], false);
    assert_eq!(serde_json::to_value(Key::Code(1006)).unwrap(), 1006);
    assert_eq!(serde_json::to_value(Key::Name("transport close")).unwrap(), "transport close");
}

#[test]
fn an_ambiguous_verdict_lists_candidate_ids() {
    let verdict = classify_json(r#"{"code":1011}"#).unwrap();
    assert!(verdict.ambiguous);
    let json = serde_json::to_value(&verdict).unwrap();
    let ids: Vec<&str> = json["candidates"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(ids, verdict.candidates.iter().map(|e| e.id()).collect::<Vec<_>>());
    assert!(ids.len() >= 2, "{ids:?}");
    assert_eq!(json["id"], serde_json::Value::Null);
}

#[test]
fn entries_serialize_with_id_readings_and_sources() {
    for e in errcat::entries() {
        let json = serde_json::to_value(e).unwrap();
        assert_eq!(json["id"], e.id());
        let readings: Vec<&str> = json["readings"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(readings, e.readings().map(|r| r.id()).collect::<Vec<_>>());
        assert_eq!(json["sources"].as_array().unwrap().len(), e.sources().len());
        assert!(json.get("reading_ids").is_none() && json.get("source_ids").is_none());
    }
}

#[test]
fn every_category_is_reachable_without_strum() {
    let failures: Vec<Category> = Category::ALL.iter().copied().filter(|c| c.is_failure()).collect();
    assert_eq!(failures.len(), Category::ALL.len() - 2, "notice and closed are not failures");
    assert!(!Category::Notice.is_failure() && !Category::Closed.is_failure());
    assert_eq!(serde_json::from_str::<errcat::Provider>("\"opentok\"").unwrap(), errcat::Provider::Vonage);
    assert_eq!(serde_json::from_str::<errcat::Platform>("\"macos\"").unwrap(), errcat::Platform::Linux);
    assert_eq!(serde_json::to_string(&errcat::Actor::Nobody).unwrap(), "\"none\"");
}

#[test]
fn impossible_scopes_are_rejected() {
    use errcat::{Domain, Platform, Provider, ScopeError};
    for &provider in Provider::ALL {
        for &platform in Platform::ALL {
            let scope = Scope::new(Some(provider), Some(platform), None);
            assert_eq!(scope.is_ok(), Platform::of(provider).contains(&platform), "{provider} {platform}");
            if let Err(e) = scope {
                assert_eq!(e, ScopeError::Platform { provider, platform });
            }
        }
        for &domain in Domain::ALL {
            let scope = Scope::new(Some(provider), None, Some(domain));
            assert_eq!(scope.is_ok(), Domain::of(provider).contains(&domain), "{provider} {domain}");
        }
    }
    // A platform implies its provider's domains.
    assert!(Scope::platform(Platform::Client).with_domain(Domain::Session).is_err());
    assert!(Scope::platform(Platform::Web).with_domain(Domain::Session).is_ok());
    assert_eq!(
        Scope::new(Some(Provider::Cobrowse), Some(Platform::Ios), None).unwrap_err().to_string(),
        "platform `ios` is not a cobrowse platform"
    );
}
