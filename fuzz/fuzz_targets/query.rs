//! The query parser and classify: any text gives a parse error or an answer from the documented taxonomy.
#![no_main]

use errcat::{classify, lookup, Category, Query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Query::parse(&text) {
        Ok(q) => {
            let c = classify(q.scope, q.key);
            assert!(Category::ALL.contains(&c.category));
            assert_eq!(c.known, c.entry.is_some() || c.ambiguous);
            if let Some(e) = c.entry {
                assert!(q.scope.admits(e, q.key));
                assert!(lookup(q.scope, q.key).any(|m| std::ptr::eq(m, e)));
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
