//! The stream's record shapes, threads and summary, on a generated mix of every catalogue entry's shapes.
#![cfg(feature = "json")]

#[path = "../benches/mix/mod.rs"]
mod mix;

use errcat::{classify_stream, classify_stream_with, RecordFields, StreamOptions, StreamSummary};
use serde_json::Value;

fn run(input: &[u8], options: &StreamOptions) -> (Vec<u8>, StreamSummary) {
    let mut out = Vec::new();
    let summary = classify_stream_with(input, &mut out, options).unwrap();
    (out, summary)
}

fn records(out: &[u8]) -> Vec<Value> {
    out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect()
}

/// Every key of `part` is in `whole` with the same value; objects are compared the same way, key by key.
fn is_subset(part: &Value, whole: &Value) -> bool {
    match (part, whole) {
        (Value::Object(p), Value::Object(w)) => p.iter().all(|(k, v)| w.get(k).is_some_and(|wv| is_subset(v, wv))),
        _ => part == whole,
    }
}

/// Lines of every shape, including the edge cases of line reading.
fn fixture() -> Vec<u8> {
    let mut input = mix::mix(12_000, 7);
    input.extend_from_slice(b"{\"name\":\"OT_NOT_CONNECTED\",\"code\":1501}\r\n\n   \n\"transport close\"\n[1,2]\n");
    input.extend_from_slice(b"no newline at the end");
    input
}

#[test]
fn compact_and_field_records_are_exact_subsets_of_the_full_record() {
    let input = fixture();
    let (full, _) = run(&input, &StreamOptions::default());
    let full = records(&full);
    let lists =
        ["compact", "line,id", "observed", "fingerprint,observed.code,candidates", "category,retry,actor,user_message"];
    for list in lists {
        let fields: RecordFields = list.parse().unwrap();
        let (out, _) = run(&input, &StreamOptions::default().fields(fields));
        let subset = records(&out);
        assert_eq!(subset.len(), full.len(), "{list}");
        for (s, f) in subset.iter().zip(&full) {
            assert!(is_subset(s, f), "--fields {list}: {s} is not part of {f}");
            if f.get("error").is_some() {
                // Bad lines keep their whole error record.
                assert_eq!(s, f);
                continue;
            }
            for key in s.as_object().unwrap().keys() {
                assert!(fields.contains(key) || fields.contains(&format!("{key}.code")), "{list}: unasked field {key}");
            }
            let asked = errcat::RecordFields::NAMES.iter().filter(|n| fields.contains(n) && !n.contains('.'));
            for name in asked.filter(|n| **n != "input") {
                assert!(s.get(*name).is_some(), "{list}: missing {name} in {s}");
            }
        }
    }
}

#[test]
fn several_threads_write_the_same_bytes_and_summary_as_one() {
    let input = fixture();
    for fields in [RecordFields::FULL, RecordFields::COMPACT] {
        let one = run(&input, &StreamOptions::default().fields(fields));
        for threads in [2, 3, 8] {
            let many = run(&input, &StreamOptions::default().fields(fields).threads(threads));
            assert!(one.0 == many.0, "{threads} threads: the output differs");
            assert_eq!(one.1, many.1, "{threads} threads: the summary differs");
        }
    }
    // The default entry point is the one-thread full record.
    let mut out = Vec::new();
    classify_stream(&input[..], &mut out).unwrap();
    assert!(out == run(&input, &StreamOptions::default()).0);
}

#[test]
fn the_summary_counts_add_up_to_the_lines() {
    let input = fixture();
    let (out, s) = run(&input, &StreamOptions::default().fields(RecordFields::COMPACT).threads(2));
    let rows = records(&out);
    assert_eq!(s.lines, rows.len() as u64);
    assert_eq!(s.known + s.unknown + s.bad, s.lines);
    let read = s.lines - s.bad;
    for (what, total) in [
        ("category", s.by_category.values().sum::<u64>()),
        ("retry", s.by_retry.values().sum()),
        ("actor", s.by_actor.values().sum()),
        ("severity", s.by_severity.values().sum()),
    ] {
        assert_eq!(total, read, "lines by {what}");
    }
    assert_eq!(s.by_id.values().sum::<u64>() + s.ambiguous, s.known);
    // Each count agrees with the records themselves.
    let count = |f: &dyn Fn(&Value) -> bool| rows.iter().filter(|r| f(r)).count() as u64;
    assert_eq!(s.bad, count(&|r| r.get("error").is_some()));
    assert_eq!(s.unknown, count(&|r| r["known"] == false && r.get("error").is_none()));
    assert_eq!(s.expected, count(&|r| r["expected"] == true));
    for (category, n) in &s.by_category {
        assert_eq!(*n, count(&|r| r["category"] == category.to_string()), "{category}");
    }
    for (id, n) in &s.by_id {
        assert_eq!(*n, count(&|r| r["id"] == *id), "{id}");
    }
    for g in &s.top_unknown {
        assert_eq!(g.lines, count(&|r| r["known"] == false && r["fingerprint"] == g.fingerprint.to_string()));
    }
    // The mix holds about 10% unknown and 1% bad lines.
    assert!(s.unknown * 100 / s.lines >= 5 && s.bad > 0, "{s:?}");
}

/// Reads `data` in pieces of `step` bytes, then fails.
struct FailsAfter {
    data: Vec<u8>,
    at: usize,
    step: usize,
}

impl std::io::Read for FailsAfter {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.data.len() {
            return Err(std::io::Error::other("the disk went away"));
        }
        let n = self.step.min(buf.len()).min(self.data.len() - self.at);
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[test]
fn a_failed_read_loses_none_of_the_lines_read_before_it() {
    let input = mix::mix(9_000, 3);
    for threads in [1, 2, 4] {
        let reader = FailsAfter { data: input.clone(), at: 0, step: 70_001 };
        let mut out = Vec::new();
        let options = StreamOptions::default().fields(RecordFields::COMPACT).threads(threads);
        let err = classify_stream_with(reader, &mut out, &options).unwrap_err();
        assert_eq!(err.to_string(), "the disk went away");
        // Every line was complete before the failure: each has its record, in order.
        let rows = records(&out);
        assert_eq!(rows.len(), 9_000, "{threads} threads");
        assert!(rows.iter().enumerate().all(|(i, r)| r["line"] == i as u64 + 1));
    }
}
