//! classify on raw payload bytes: an answer or an error, and the printed answer is valid JSON.
#![no_main]

use errcat::{classify_bytes, Category, VerdictReport};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match classify_bytes(data) {
        Ok(v) => {
            assert!(Category::ALL.contains(&v.classification.category));
            assert_eq!(v.classification.known, v.classification.entry.is_some() || v.ambiguous);
            // A leading byte-order mark is accepted and skipped.
            let json = data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(data);
            let value: serde_json::Value = serde_json::from_slice(json).expect("classified input is JSON");
            let observation = errcat::observe(&value).expect("classified input is an object");
            let printed = serde_json::to_string(&VerdictReport::new(&v, &observation)).unwrap();
            let back: serde_json::Value = serde_json::from_str(&printed).expect("output parses back");
            assert_eq!(back["known"].as_bool(), Some(v.classification.known));
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
