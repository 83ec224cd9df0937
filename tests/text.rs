//! Error texts: every catalogue key reads the same bare and inside the wrappers apps log; a text only comes
//! back `exact` when it holds the key it was matched by.

use errcat::{classify_text_in, entries, Classification, Confidence, Scope, Verdict};
use proptest::prelude::*;

/// How apps and runtimes print an error around the SDK's own words.
const WRAPPERS: &[&str] = &[
    "Error: {}",
    "Uncaught Error: {}",
    "Uncaught (in promise) Error: {}",
    "Unhandled Promise Rejection: {}",
    "I/flutter (12345): {}",
    "E/MyApp( 4242): {}",
    "12-01 10:15:42.123  4242  4300 E MyApp: {}",
    "2026-12-01T10:15:42.123Z [ERROR] {}",
    "[ERROR] {}",
    "ERROR:socketio.client:{}",
    "io.socket.engineio.client.EngineIOException: {}",
    "socketio.exceptions.ConnectionError: {}",
    "Fatal Exception: java.lang.RuntimeException: {}",
    "  {}  ",
    "\u{feff}{}",
];

fn same(a: &Verdict, b: &Verdict) -> bool {
    let key = |c: &Classification| (c.entry.map(|e| e as *const _), c.category, c.retry, c.actor, c.ambiguous);
    key(&a.classification) == key(&b.classification)
}

/// Keys a wrapper cannot change: whole SDK strings with no wrapper-like form of their own.
fn keys() -> Vec<(Scope, &'static str)> {
    let mut out = Vec::new();
    for e in entries().iter().filter(|e| !e.is_refinement()) {
        let scope = Scope::of(e);
        for key in e.string_keys() {
            // A key that itself looks like a wrapper or a log line is read as one, by design.
            let wrapper_like = key.contains(": ") || key.ends_with(':') || key.starts_with('[') || key.contains('\n');
            if key.len() >= 4 && key.parse::<f64>().is_err() && !wrapper_like {
                out.push((scope, key));
            }
        }
    }
    out
}

#[test]
fn every_key_reads_the_same_bare_and_wrapped() {
    let keys = keys();
    assert!(keys.len() > 400, "{} keys", keys.len());
    let mut differ = Vec::new();
    for (scope, key) in &keys {
        let bare = classify_text_in(*scope, key);
        for wrapper in WRAPPERS {
            let text = wrapper.replace("{}", key);
            let wrapped = classify_text_in(*scope, &text);
            if !same(&bare, &wrapped) {
                differ.push(format!("{text:?}: {:?} vs bare {:?}", wrapped.classification, bare.classification));
            }
        }
    }
    assert!(differ.is_empty(), "{} differ:\n{}", differ.len(), differ[..differ.len().min(20)].join("\n"));
}

#[test]
fn a_wrapper_word_is_never_the_key() {
    for text in
        ["Error", "Error: ", "Uncaught Error: undefined", "TypeError: x is not a function", "error", "Exception"]
    {
        let v = errcat::classify_text(text);
        assert!(!v.classification.known, "{text:?} gave {:?}", v.classification);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// An `exact` answer names an entry whose name, alias or code stands in the text.
    #[test]
    fn exact_needs_the_key_in_the_text(
        wrapper in proptest::sample::select(WRAPPERS),
        words in proptest::collection::vec(
            prop_oneof![
                "[a-z]{1,8}",
                Just("error".to_string()),
                Just("failed".to_string()),
                Just("connection".to_string()),
                Just("timeout".to_string()),
                (1000i64..2100).prop_map(|n| format!("({n})")),
            ],
            0..8,
        ),
    ) {
        let text = wrapper.replace("{}", &words.join(" "));
        let v = errcat::classify_text(&text);
        if v.confidence == Confidence::Exact {
            let e = v.classification.entry.unwrap();
            let folded = text.to_ascii_lowercase();
            let holds = e.string_keys().any(|k| folded.contains(&k.to_ascii_lowercase()))
                || e.code.is_some_and(|c| text.contains(&c.to_string()));
            prop_assert!(holds, "{text:?} came back exact as {e}");
        }
    }
}
