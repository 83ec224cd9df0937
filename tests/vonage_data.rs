//! Vonage entries a review found wrong, checked through the public API so the fix cannot silently regress.

use errcat::{lookup, Category, Key, Observation, Platform, Provider, Retry, Scope};

fn web(name: &str) -> Vec<&'static errcat::Entry> {
    lookup(Scope::platform(Platform::Web), Key::Name(name)).collect()
}

/// `OT_STREAM_CREATE_FAILED` stands for 403 forbidden, 404 not found, 409 stream limit and 405 encryption
/// settings: none is a server fault, and none clears by trying the same publish again at once.
#[test]
fn stream_create_failed_is_not_a_server_fault() {
    let found = web("OT_STREAM_CREATE_FAILED");
    assert!(!found.is_empty());
    for e in found {
        assert_ne!(e.category, Category::Server, "{}", e.id());
        assert_eq!(e.retry, Retry::AfterFix, "{}", e.id());
        assert!(!e.user_message.to_ascii_lowercase().contains("try again"), "{}: {}", e.id(), e.user_message);
    }
    // The encryption reply is told apart by its message.
    let o = Observation::new()
        .provider(Provider::Vonage)
        .platform(Platform::Web)
        .name("OT_STREAM_CREATE_FAILED")
        .message(
        "IncompatibleEncryptionSettings: Tried to publish a stream to an encrypted session without enabling encryption",
    );
    assert_eq!(o.classify().classification.category, Category::Configuration);
}

/// On the publisher path `OT_UNEXPECTED_ERROR_CODE` is the browser refusing `setParameters()`, not the vendor.
#[test]
fn unexpected_error_code_from_the_publisher_is_browser_side() {
    let o = Observation::new()
        .provider(Provider::Vonage)
        .platform(Platform::Web)
        .name("OT_UNEXPECTED_ERROR_CODE")
        .message("An unexpected error was encountered");
    let v = o.classify();
    let e = v.classification.entry.expect("a refined reading");
    assert!(e.raised_by.contains("setMaxVideoBitrate"), "{}", e.id());
    assert_ne!(v.classification.actor, errcat::Actor::Vendor);
    assert_ne!(v.classification.category, Category::Server);
    // Without that message it stays the session-info reading.
    let o = Observation::new().provider(Provider::Vonage).platform(Platform::Web).name("OT_UNEXPECTED_ERROR_CODE");
    assert!(o.classify().classification.entry.unwrap().raised_by.starts_with("Session.connect()"));
}

fn vonage() -> impl Iterator<Item = &'static errcat::Entry> {
    errcat::entries_of(Provider::Vonage)
}

/// The video "quality" reason travels with video turned off and with video turned back on (web `quality`, iOS
/// `*QualityChanged`, Android `quality`, Linux `OTC_VIDEO_REASON_QUALITY`): no text may read as only the pause.
#[test]
fn quality_video_reasons_read_both_ways() {
    let two_way: Vec<_> = vonage()
        .filter(|e| {
            let name = e.name.unwrap_or_default().to_ascii_lowercase();
            let raised = e.raised_by.to_ascii_lowercase();
            (name.ends_with("quality") || name.ends_with("qualitychanged"))
                && raised.contains("disabled")
                && raised.contains("enabled")
        })
        .collect();
    let platforms: std::collections::BTreeSet<_> = two_way.iter().map(|e| e.platform).collect();
    assert_eq!(platforms.len(), 4, "web, ios, android and linux each have one: {platforms:?}");
    for e in two_way {
        let user = e.user_message.to_ascii_lowercase();
        let hint = e.developer_hint.to_ascii_lowercase();
        for one_way in ["paused", "was turned off", "stopped"] {
            assert!(!user.contains(one_way), "{}: {}", e.id(), e.user_message);
        }
        assert!(user.contains("off") && user.contains("back on"), "{}: {}", e.id(), e.user_message);
        assert!(hint.contains("disabled") && hint.contains("enabled"), "{}: {}", e.id(), e.developer_hint);
        assert!(hint.contains("both ways"), "{}: {}", e.id(), e.developer_hint);
    }
}

/// The Session `muteForced` event also fires with `active: false` when `disableForceMute()` lifts the mute: the
/// texts must not claim a mute happened.
#[test]
fn mute_forced_reads_for_mute_and_unmute() {
    let found: Vec<_> = vonage().filter(|e| e.string_keys().any(|k| k.eq_ignore_ascii_case("muteForced"))).collect();
    assert!(!found.is_empty());
    for e in found {
        let user = e.user_message.to_ascii_lowercase();
        for one_way in ["muted your", "has muted", "you were muted", "you are muted"] {
            assert!(!user.contains(one_way), "{}: {}", e.id(), e.user_message);
        }
        assert!(e.developer_hint.contains("active true"), "{}: {}", e.id(), e.developer_hint);
        assert!(e.developer_hint.contains("active false"), "{}: {}", e.id(), e.developer_hint);
        assert!(e.developer_hint.contains("disableForceMute()"), "{}: {}", e.id(), e.developer_hint);
    }
}

/// networkConditionReason `unknown` comes with warning and critical levels too (the cause is not attributed), so
/// it must not read as "all is well" the way `none` does.
#[test]
fn network_condition_unknown_is_not_all_clear() {
    let unknown = web("unknown");
    assert_eq!(unknown.len(), 1);
    let e = unknown[0];
    let user = e.user_message.to_ascii_lowercase();
    for all_clear in ["nothing needs", "no action", "back to normal", "can't be judged", "nothing to do"] {
        assert!(!user.contains(all_clear), "{}: {}", e.id(), e.user_message);
    }
    assert_ne!(e.retry, Retry::Never, "{}", e.id());
    let hint = e.developer_hint.to_ascii_lowercase();
    assert!(hint.contains("warning") && hint.contains("critical"), "{}: {}", e.id(), e.developer_hint);
    // It must read differently from the all-clear reason.
    let none = web("none");
    assert_eq!(none.len(), 1);
    assert_ne!(none[0].user_message, e.user_message);
}

/// The npm package names of the Vonage SDKs name the provider, old and new alike: `@vonage/client-sdk-video` is the
/// same OpenTok.js as `@opentok/client`, and `@vonage/client-sdk-video-react-native` succeeds `opentok-react-native`.
#[test]
fn vonage_package_names_resolve_to_the_provider() {
    for name in
        ["@opentok/client", "@vonage/client-sdk-video", "opentok-react-native", "@vonage/client-sdk-video-react-native"]
    {
        assert_eq!(name.parse::<Provider>().ok(), Some(Provider::Vonage), "{name}");
        assert_eq!(name.to_ascii_uppercase().parse::<Provider>().ok(), Some(Provider::Vonage), "{name}");
        let json = serde_json::to_string(name).unwrap();
        assert_eq!(serde_json::from_str::<Provider>(&json).unwrap(), Provider::Vonage, "{name}");
        // As a payload hint and as a query prefix.
        #[cfg(feature = "json")]
        {
            let value = serde_json::json!({"provider": name, "code": 1006});
            assert_eq!(errcat::observe(&value).unwrap().provider, Some(Provider::Vonage), "{name}");
        }
        let query = format!("{name}:web:OT_NOT_CONNECTED");
        let q = errcat::Query::parse(&query).unwrap();
        assert_eq!(q.scope.provider, Some(Provider::Vonage), "{query}");
        assert_eq!(q.scope.platform, Some(Platform::Web), "{query}");
        assert_eq!(q.key, Key::Name("OT_NOT_CONNECTED"), "{query}");
    }
    // Display keeps the one canonical name.
    assert_eq!(Provider::Vonage.to_string(), "vonage");
}
