//! The stdin reader: one output line per input line, numbered in order, each valid JSON.
#![no_main]

use errcat::classify_stream;
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
});
