//! Cobrowse data checks that a review found wanting: provenance inside the repository, the vendor's page on every
//! session_error code, and user messages that match the retry advice.

use errcat::{entries, lookup, Key, Provider, Retry, Scope};

const SESSION_ERROR_CODES: [i64; 15] =
    [1001, 1002, 1004, 1006, 1008, 1009, 1010, 1011, 1012, 1013, 1015, 1016, 1017, 2001, 9999];

#[test]
fn every_cobrowse_entry_cites_a_followable_source() {
    let mut seen = 0;
    for e in entries().iter().filter(|e| e.provider == Provider::Cobrowse) {
        assert!(e.sources().len() > 0, "{} cites no source", e.id());
        for s in e.sources() {
            assert!(s.url.is_some_and(|u| u.starts_with("https://")), "{}: source {} has no https url", e.id(), s.key);
            assert_eq!(s.provider, Provider::Cobrowse, "{}: source {} belongs to another provider", e.id(), s.key);
        }
        seen += 1;
    }
    assert!(seen >= SESSION_ERROR_CODES.len());
}

#[test]
fn every_session_error_code_links_the_vendor_page() {
    for code in SESSION_ERROR_CODES {
        let found: Vec<_> = lookup(Scope::provider(Provider::Cobrowse), Key::Code(code)).collect();
        assert!(!found.is_empty(), "cobrowse {code} is missing");
        for e in found {
            assert_eq!(e.doc_url, Some("https://developers.zoom.us/docs/cobrowse-sdk/error-codes/"), "{}", e.id());
        }
    }
}

/// Found in review: the PIN clash (1010) told the user to "try again" although the same PIN fails again until the
/// app issues a new one (`after_fix`).
#[test]
fn a_fix_first_entry_does_not_invite_a_plain_retry() {
    let pin_clash: Vec<_> = lookup(Scope::provider(Provider::Cobrowse), Key::Code(1010)).collect();
    assert_eq!(pin_clash.len(), 1);
    let e = pin_clash[0];
    assert_eq!(e.retry, Retry::AfterFix);
    let msg = e.user_message.to_ascii_lowercase();
    assert!(!msg.contains("try again"), "{}: {}", e.id(), e.user_message);
}
