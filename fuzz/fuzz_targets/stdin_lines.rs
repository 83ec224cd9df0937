//! The stdin reader: one output line per input line, numbered in order, each valid JSON.
#![no_main]

use errcat::{classify_stream, classify_stream_with, RecordFields, StreamOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut out = Vec::new();
    let summary = classify_stream(data, &mut out).expect("writing to a Vec cannot fail");
    let input_lines = data.split(|&b| b == b'\n').count() - usize::from(data.is_empty() || data.ends_with(b"\n"));
    let text = std::str::from_utf8(&out).expect("output is UTF-8");
    let output: Vec<&str> = text.lines().collect();
    assert_eq!(output.len(), input_lines);
    assert_eq!(summary.lines as usize, input_lines);
    assert_eq!((summary.known + summary.unknown + summary.bad) as usize, input_lines);
    for (i, line) in output.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("each output line is JSON");
        assert_eq!(v["line"].as_u64(), Some(i as u64 + 1));
    }
    // Two threads write the same bytes and count the same; compact records hold the same lines.
    let mut threaded = Vec::new();
    let options = StreamOptions::default().threads(2);
    let summary2 = classify_stream_with(data, &mut threaded, &options).expect("writing to a Vec cannot fail");
    assert!(threaded == out, "two threads wrote other bytes");
    assert_eq!(summary2, summary);
    let mut compact = Vec::new();
    let options = StreamOptions::default().fields(RecordFields::COMPACT);
    classify_stream_with(data, &mut compact, &options).expect("writing to a Vec cannot fail");
    assert_eq!(compact.split(|&b| b == b'\n').count(), out.split(|&b| b == b'\n').count());
});
