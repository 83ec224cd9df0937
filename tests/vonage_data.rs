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
