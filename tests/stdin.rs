//! `errcat --stdin`: one output line per input line, in order, whatever the input; bounded memory.
#![cfg(all(feature = "json", feature = "cli"))]

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("errcat runs")
}

fn run(args: &[&str], input: Vec<u8>) -> Output {
    let mut child = spawn(args);
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("output line is not JSON ({e}): {l}")))
        .collect()
}

fn status(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

/// Per-line problems are reported in the output lines; stderr stays empty (no panic, no noise).
fn assert_quiet(out: &Output) {
    assert!(out.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
}

fn assert_numbered(rows: &[serde_json::Value], n: usize) {
    assert_eq!(rows.len(), n, "one output line per input line");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["line"], i as u64 + 1, "lines come out in order");
    }
}

#[test]
fn a_mix_of_good_bad_and_huge_lines_gives_one_verdict_per_line() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"name\":\"OT_NOT_CONNECTED\",\"code\":1010}\n");
    input.extend_from_slice(b"{\"message\":\"xhr poll error\",\"type\":\"TransportError\",\"description\":403}\n");
    input.extend_from_slice(b"this is not json\n");
    input.extend_from_slice(b"{\"truncated\":\n");
    input.extend_from_slice(b"\xff\xfe{\"name\":\"OT_NOT_CONNECTED\"}\n");
    input.extend_from_slice(b"\n");
    input.extend_from_slice(format!("{{\"message\":\"{}\"}}\n", "x".repeat(2 << 20)).as_bytes());
    input.extend_from_slice(b"[1,2,3]\n");
    input.extend_from_slice(b"{\"provider\":\"vonage\",\"code\":99999}\r\n");
    input.extend_from_slice(b"{\"provider\":\"cobrowse\",\"code\":1011}"); // no final newline
    let out = run(&["--stdin"], input);
    assert_eq!(status(&out), 1, "bad and unknown lines make the exit status 1");
    let rows = lines(&out);
    assert_numbered(&rows, 10);
    assert_eq!(rows[0]["name"], "OT_NOT_CONNECTED");
    assert_eq!(rows[0]["known"], true);
    assert_eq!(rows[1]["category"], "authorization");
    assert_eq!(rows[1]["matched_by"], "http_status");
    assert_eq!((rows[2]["input"].as_str(), rows[2]["known"].as_bool()), (Some("text"), Some(false)), "a text line");
    assert!(rows[3]["error"].as_str().unwrap().starts_with("invalid JSON"), "a truncated object is a bad line");
    assert!(rows[4]["error"].as_str().unwrap().starts_with("not valid UTF-8"));
    assert!(rows[5]["error"].as_str().unwrap().starts_with("empty line"));
    assert!(rows[6]["error"].as_str().unwrap().contains("the limit is 1048576"));
    assert!(rows[7]["error"].as_str().unwrap().contains("found an array"));
    assert_eq!(rows[8]["known"], false);
    assert_eq!(rows[8]["matched_by"], "fallback");
    // Cobrowse 1011 without errorMsg: its readings, none put first.
    assert_eq!((rows[9]["provider"].as_str(), rows[9]["ambiguous"].as_bool()), (Some("cobrowse"), Some(true)));
    assert_eq!(rows[9]["candidates"][0]["name"], "SESSION_JOIN_FAILED");
    for row in [&rows[2], &rows[3], &rows[4], &rows[5], &rows[6], &rows[7]] {
        assert_eq!(row["known"], false);
    }
    assert_quiet(&out);
}

#[test]
fn all_known_lines_exit_0() {
    // "io server disconnect" alone is also a Java, Dart and .NET reason: the platform hint keeps it unambiguous.
    let out = run(
        &["-"],
        b"{\"platform\":\"client\",\"reason\":\"io server disconnect\"}\n{\"code\":1011,\"errorMsg\":\"x\"}\n".to_vec(),
    );
    assert_eq!(status(&out), 0);
    let rows = lines(&out);
    assert_numbered(&rows, 2);
    assert_eq!(rows[0]["ambiguous"], false);
    assert_quiet(&out);
}

#[test]
fn empty_input_gives_no_output_and_exit_0() {
    let out = run(&["--stdin"], Vec::new());
    assert_eq!(status(&out), 0);
    assert!(out.stdout.is_empty());
    assert_quiet(&out);
}

#[test]
fn stdin_takes_no_queries() {
    let out = run(&["--stdin", "1006"], Vec::new());
    assert_eq!(status(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("takes no queries"));
}

#[test]
fn ten_thousand_empty_lines_give_ten_thousand_errors() {
    let out = run(&["--stdin"], vec![b'\n'; 10_000]);
    assert_eq!(status(&out), 1);
    let rows = lines(&out);
    assert_numbered(&rows, 10_000);
    assert!(rows.iter().all(|r| r["error"] == "empty line: expected a JSON object"));
    assert_quiet(&out);
}

#[test]
fn nul_bytes_and_deep_nesting_are_bad_lines() {
    let mut input = b"{\"name\":\"OT_\0NOT\"}\n\0\0\0\n".to_vec();
    input.extend_from_slice(&vec![b'['; 100_000]);
    input.push(b'\n');
    input.extend_from_slice(format!("{}{}\n", "{\"a\":".repeat(50_000), "}".repeat(50_000)).as_bytes());
    let out = run(&["--stdin"], input);
    assert_eq!(status(&out), 1);
    let rows = lines(&out);
    assert_numbered(&rows, 4);
    assert_eq!(rows[0]["known"], false, "a NUL inside a string is just an unknown name");
    assert_eq!((rows[1]["input"].as_str(), rows[1]["known"].as_bool()), (Some("text"), Some(false)), "NULs are text");
    assert!(rows[2]["error"].as_str().unwrap().contains("recursion limit"), "{}", rows[2]);
    assert!(rows[3]["error"].as_str().unwrap().contains("recursion limit"), "{}", rows[3]);
    assert_quiet(&out);
}

#[test]
fn megabyte_strings_inside_the_limit_are_classified() {
    let big = "y".repeat(1_000_000);
    let input = format!("{{\"reason\":\"io server disconnect\",\"extra\":\"{big}\"}}\n{{\"message\":\"{big}\"}}\n");
    let out = run(&["--stdin"], input.into_bytes());
    let rows = lines(&out);
    assert_numbered(&rows, 2);
    assert_eq!(rows[0]["name"], "io server disconnect");
    assert_eq!(rows[1]["known"], false);
    assert_eq!(status(&out), 1);
    assert_quiet(&out);
}

#[test]
fn a_hundred_megabyte_line_is_rejected_in_bounded_memory() {
    let mut child = spawn(&["--stdin"]);
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let chunk = vec![b'z'; 1 << 20];
    stdin.write_all(b"{\"message\":\"").unwrap();
    for _ in 0..100 {
        stdin.write_all(&chunk).unwrap();
    }
    // Still running, the whole line read: its peak memory is what the line cost.
    let peak_kib = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse::<u64>().ok()));
    stdin.write_all(b"\"}\n{\"reason\":\"io client disconnect\"}\n").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let rows = lines(&out);
    assert_numbered(&rows, 2);
    assert!(rows[0]["error"].as_str().unwrap().contains("the limit is 1048576"), "{}", rows[0]);
    assert_eq!(rows[1]["name"], "io client disconnect");
    assert_eq!(status(&out), 1);
    if cfg!(target_os = "linux") {
        let peak = peak_kib.expect("VmHWM is in /proc/PID/status on Linux");
        assert!(peak < 32 * 1024, "peak memory {peak} KiB for a 100 MB line");
    }
    assert_quiet(&out);
}

#[test]
fn closed_stdout_ends_quietly() {
    // The pipe's reader is closed before errcat starts, so every write fails (no race with the reader).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .arg("--stdin")
        .stdin(Stdio::piped())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let line = b"{\"reason\":\"io server disconnect\"}\n".repeat(20_000);
    let _ = stdin.write_all(&line);
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(status(&out), 3, "the documented status of an output that could not be written");
    assert!(out.stderr.is_empty(), "no panic message: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_unreadable_input_is_not_an_output_error() {
    // A directory as stdin: reading fails (EISDIR); the message names the input and the status is 1.
    let Ok(dir) = std::fs::File::open("/") else { return };
    let out = Command::new(env!("CARGO_BIN_EXE_errcat")).arg("--stdin").stdin(dir).output().unwrap();
    assert_eq!(status(&out), 1);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read standard input"), "{err}");
    assert!(!err.contains("write"), "{err}");
}

const MIXED: &[u8] =
    b"{\"name\":\"OT_NOT_CONNECTED\",\"code\":1501}\n{\"name\":\"OT_NOT_IN_ANY_CATALOGUE\"}\n{\"truncated\":\n";

#[test]
fn exit_zero_keeps_status_0_for_unknown_and_bad_lines() {
    let plain = run(&["--stdin"], MIXED.to_vec());
    assert_eq!(status(&plain), 1);
    let batch = run(&["--stdin", "--exit-zero"], MIXED.to_vec());
    assert_eq!(status(&batch), 0);
    assert_quiet(&batch);
    assert!(batch.stdout == plain.stdout, "--exit-zero changes the status only");
}

#[test]
fn summary_record_is_the_last_line_and_counts_every_line() {
    let out = run(&["--stdin", "--compact", "--summary=record"], MIXED.to_vec());
    let rows = lines(&out);
    assert_numbered(&rows[..3], 3);
    let s = &rows[3]["summary"];
    assert_eq!(
        (s["lines"].as_u64(), s["known"].as_u64(), s["unknown"].as_u64(), s["bad"].as_u64()),
        (Some(3), Some(1), Some(1), Some(1))
    );
    assert_eq!(s["by_id"]["vonage.web.OT_NOT_CONNECTED"], 1);
    assert_eq!(s["top_unknown"][0]["key"], "name:ot_not_in_any_catalogue");
    // On stderr instead: text, and stdout holds only the records.
    let out = run(&["--stdin", "--compact", "--summary"], MIXED.to_vec());
    assert_eq!(lines(&out).len(), 3);
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.starts_with("errcat: 3 lines: 1 known (0 ambiguous), 1 unknown, 1 bad"), "{text}");
}

#[test]
fn compact_records_keep_the_observed_code() {
    let out = run(&["--stdin", "--compact"], MIXED.to_vec());
    let rows = lines(&out);
    assert_eq!(rows[0]["observed"], serde_json::json!({"code": 1501}));
    assert_eq!(rows[0]["id"], "vonage.web.OT_NOT_CONNECTED");
    assert!(rows[0].get("developer_hint").is_none());
}

#[test]
fn stream_options_are_checked() {
    for args in [
        &["--stdin", "--fields", "line,colour"][..],
        &["--stdin", "--threads", "0"],
        &["--compact", "1006"],
        &["--stdin", "--compact", "--fields", "id"],
    ] {
        let out = run(args, Vec::new());
        assert_eq!(status(&out), 2, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// An interactive pipe sees each line's record before it sends the next line, with several threads too.
#[test]
fn each_record_is_written_before_the_next_line_arrives() {
    use std::io::{BufRead, BufReader};
    for threads in ["1", "2"] {
        let mut child = spawn(&["--stdin", "--compact", "--threads", threads]);
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        for (i, line) in
            ["{\"name\":\"OT_NOT_CONNECTED\"}\n", "transport close\n", "{\"code\":1011}\n"].iter().enumerate()
        {
            stdin.write_all(line.as_bytes()).unwrap();
            stdin.flush().unwrap();
            // Blocks until errcat answers this line: without the flush on a pause it would wait forever.
            let mut answer = String::new();
            stdout.read_line(&mut answer).unwrap();
            let row: serde_json::Value = serde_json::from_str(&answer).unwrap();
            assert_eq!(row["line"], i as u64 + 1);
        }
        drop(stdin);
        assert!(child.wait().unwrap().success());
    }
}
