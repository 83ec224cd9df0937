//! `errcat explain`: the long form of one answer, like `rustc --explain`: what it means, whether the SDK
//! retries, the ranked causes with their checks, what to tell the user, and the sources.

use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::process::{Command, Stdio};

use errcat::{lookup, merge_causes, Entry, PayloadError, Query, Report, Retry, SdkRetries, Source, MAX_PAYLOAD_BYTES};
use serde::Serialize;

use crate::cli::{EXIT_OK, EXIT_UNKNOWN};
use crate::render::{json_line, safe, warn, wrap, Record, Style};

/// What one key or payload stands for: one entry, several readings, or nothing known.
fn readings_of_key(key: &str) -> Vec<&'static Entry> {
    if let Ok(query) = Query::parse(key) {
        let found: Vec<&'static Entry> = lookup(query.scope, query.key).collect();
        if !found.is_empty() {
            return found;
        }
    }
    readings_of_verdict(&errcat::read_text(key).classify())
}

fn readings_of_verdict(v: &errcat::Verdict) -> Vec<&'static Entry> {
    match v.classification.entry {
        Some(e) => vec![e],
        None => v.candidates.clone(),
    }
}

/// A payload line, read as `errcat --stdin` reads it (a JSON object, a JSON string or an error text); a line
/// starting with `{` or `[` that is no JSON object is an error, as it is there.
fn readings_of_line(line: &str) -> Result<Vec<&'static Entry>, PayloadError> {
    errcat::observe_line(line, |answer| answer.map(|(o, _)| readings_of_verdict(&o.classify())))
}

/// `errcat explain KEY...`, or `errcat explain -` for one payload per stdin line.
pub fn run(out: &mut impl Write, json: bool, style: &Style, keys: &[String]) -> io::Result<u8> {
    let mut text = Vec::new();
    let mut status = EXIT_OK;
    // Explain one input; false when there is nothing to explain.
    let explain = |input: &str, from_stdin: bool, text: &mut Vec<u8>| -> io::Result<bool> {
        let readings = if from_stdin { readings_of_line(input) } else { Ok(readings_of_key(input)) };
        let readings = match readings {
            Ok(readings) => readings,
            Err(e) => {
                warn(&format!("`{}`: {e}", safe(input.trim())));
                return Ok(false);
            }
        };
        if readings.is_empty() {
            warn(&format!("`{}` is not in the catalogue; nothing to explain", safe(input.trim())));
            return Ok(false);
        }
        if json {
            write_json(text, input, &readings)?;
        } else {
            write_text(text, style, &readings)?;
        }
        Ok(true)
    };
    for key in keys {
        if key != "-" {
            if !explain(key, false, &mut text)? {
                status = EXIT_UNKNOWN;
            }
            continue;
        }
        stdin_lines(|line| {
            let explained = match line {
                Ok(line) if line.trim().is_empty() => true,
                Ok(line) => explain(&line, true, &mut text)?,
                Err(problem) => {
                    warn(&problem);
                    false
                }
            };
            if !explained {
                status = EXIT_UNKNOWN;
            }
            Ok(())
        })?;
    }
    if !json && io::stdout().is_terminal() && page(&text) {
        return Ok(status);
    }
    out.write_all(&text)?;
    Ok(status)
}

/// Each stdin line, or what is wrong with it (not UTF-8, over [`MAX_PAYLOAD_BYTES`]); a bad line is
/// reported and the lines after it are still read.
fn stdin_lines(mut each: impl FnMut(Result<String, String>) -> io::Result<()>) -> io::Result<()> {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut buf = Vec::new();
    let mut number = 0usize;
    loop {
        buf.clear();
        if (&mut input).take(MAX_PAYLOAD_BYTES as u64 + 1).read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        number += 1;
        if buf.last() != Some(&b'\n') && buf.len() > MAX_PAYLOAD_BYTES {
            // Too long to read: skip to the end of the line.
            let mut rest = Vec::new();
            while {
                rest.clear();
                (&mut input).take(1 << 16).read_until(b'\n', &mut rest)? > 0 && rest.last() != Some(&b'\n')
            } {}
            each(Err(format!("line {number}: longer than {MAX_PAYLOAD_BYTES} bytes; not read")))?;
            continue;
        }
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        match std::str::from_utf8(line) {
            Ok(text) => each(Ok(text.to_string()))?,
            Err(e) => {
                each(Err(format!("line {number}: not valid UTF-8 (first bad byte at offset {})", e.valid_up_to())))?
            }
        }
    }
}

/// Send `text` to `$PAGER` (default `less -R`); false when there is no pager to run, so the caller prints.
fn page(text: &[u8]) -> bool {
    let pager = std::env::var("PAGER").unwrap_or_else(|_| "less -R".to_string());
    if pager.trim().is_empty() || pager.trim() == "cat" {
        return false;
    }
    let Ok(mut child) = Command::new("sh").arg("-c").arg(&pager).stdin(Stdio::piped()).spawn() else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A pager quit early closes its input: not an error.
        let _ = stdin.write_all(text);
    }
    child.wait().is_ok()
}

/// One merged cause in `--json`: the cause and the id of the reading it belongs to.
#[derive(Serialize)]
struct MergedCause {
    entry: &'static str,
    #[serde(flatten)]
    cause: &'static errcat::Cause,
}

/// Several readings in `--json`: each reading's record, and their causes merged into one ranking.
#[derive(Serialize)]
struct Merged<'a> {
    query: &'a str,
    ambiguous: bool,
    causes: Vec<MergedCause>,
    readings: Vec<Record<'a, Report<'static>>>,
}

fn write_json(out: &mut Vec<u8>, input: &str, readings: &[&'static Entry]) -> io::Result<()> {
    if let [e] = readings {
        return json_line(
            out,
            &Record { query: Some(input), input: None, id: Some(e.id()), answer: &Report::from_entry(e) },
        );
    }
    let reports: Vec<Report<'static>> = readings.iter().map(|e| Report::from_entry(e)).collect();
    let merged = Merged {
        query: input,
        ambiguous: true,
        causes: merge_causes(readings).into_iter().map(|(e, cause)| MergedCause { entry: e.id(), cause }).collect(),
        readings: readings
            .iter()
            .zip(&reports)
            .map(|(e, r)| Record { query: None, input: None, id: Some(e.id()), answer: r })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &merged).map_err(io::Error::from)?;
    writeln!(out)
}

/// What the retry advice means, for entries without retry numbers.
fn retry_words(r: Retry) -> &'static str {
    match r {
        Retry::Never => "No: the same call fails the same way; do not retry.",
        Retry::Backoff => "Not by itself beyond what the entry says: retry with exponential backoff and jitter.",
        Retry::Throttled => "No: a limit was hit; wait longer before retrying.",
        Retry::Automatic => "Yes: the SDK recovers by itself; wait for it instead of retrying.",
        Retry::Reconnect => "No: the connection is gone and will not come back by itself; connect again.",
        Retry::RefreshCredentials => "No: get fresh credentials (a new token), then retry once.",
        Retry::AfterUserAction => "No: retry once the user has acted (granted access, plugged in a device).",
        Retry::AfterFix => "No: retrying fails until code, configuration or credentials change.",
        _ => "See the retry advice.",
    }
}

fn heading(out: &mut Vec<u8>, style: &Style, text: &str) -> io::Result<()> {
    writeln!(out, "\n{}", style.bold(text))
}

fn para(out: &mut Vec<u8>, style: &Style, text: &str) -> io::Result<()> {
    writeln!(out, "  {}", wrap(&safe(text), 2, style.width))
}

fn write_text(out: &mut Vec<u8>, style: &Style, readings: &[&'static Entry]) -> io::Result<()> {
    let first = readings[0];
    if readings.len() > 1 {
        writeln!(out, "{}", style.bold(&format!("{} readings fit; their causes are merged below", readings.len())))?;
        for e in readings {
            writeln!(
                out,
                "  - {} ({}): {}/{}/{}",
                safe(&e.to_string()),
                e.id(),
                style.category(e.category),
                e.retry,
                e.actor
            )?;
        }
    } else {
        writeln!(out, "{}", style.bold(&safe(&first.to_string())))?;
        writeln!(
            out,
            "  id {} · {} · retry {} · actor {} · severity {}",
            first.id(),
            style.category(first.category),
            first.retry,
            first.actor,
            first.severity
        )?;
    }

    heading(out, style, "What it means")?;
    for e in readings {
        if readings.len() > 1 {
            writeln!(out, "  {}:", safe(&e.to_string()))?;
        }
        para(out, style, e.developer_hint)?;
        if let Some(raised) = (readings.len() == 1).then_some(e.raised_by) {
            para(out, style, &format!("Raised by: {raised}"))?;
        }
    }

    heading(out, style, "Does the SDK retry?")?;
    for e in readings {
        let prefix = if readings.len() > 1 { format!("{}: ", e) } else { String::new() };
        match &e.retry_policy {
            Some(p) => {
                let sdk = match p.sdk_retries {
                    SdkRetries::Unlimited => "Yes, without limit".to_string(),
                    SdkRetries::Attempts(0) => "No".to_string(),
                    SdkRetries::Attempts(n) => format!("Yes, {n} attempts"),
                    _ => "See below".to_string(),
                };
                para(out, style, &format!("{prefix}{sdk}. {}", p.sdk_note))?;
                para(
                    out,
                    style,
                    &format!(
                        "Your own retries: first after {} ms, doubling to at most {} ms, {} attempts in all (add jitter).",
                        p.initial_ms, p.max_ms, p.max_attempts
                    ),
                )?;
            }
            None => para(out, style, &format!("{prefix}{}", retry_words(e.retry)))?,
        }
    }

    let causes = merge_causes(readings);
    heading(out, style, "Likely causes, most frequent first")?;
    if causes.is_empty() {
        para(out, style, "None recorded yet for this entry.")?;
    }
    for (n, (e, c)) in causes.iter().enumerate() {
        let whose = if readings.len() > 1 { format!(" [{}]", e.id()) } else { String::new() };
        writeln!(out, "  {}. {}{}", n + 1, wrap(&safe(c.cause), 5, style.width), safe(&whose))?;
        writeln!(out, "     check: {}", wrap(&safe(c.check), 12, style.width))?;
        let keys: Vec<&str> = c.sources().map(|s| s.key).collect();
        writeln!(out, "     who acts: {} · sources: {}", c.actor, keys.join(", "))?;
    }

    heading(out, style, "What to tell the user")?;
    for e in readings.iter().take(1) {
        para(out, style, e.user_message)?;
    }

    heading(out, style, "Sources")?;
    let mut seen: Vec<&'static Source> = Vec::new();
    for e in readings {
        let all = e
            .sources()
            .chain(e.causes.iter().flat_map(|c| c.sources()))
            .chain(e.retry_policy.iter().flat_map(|p| p.sources()));
        for s in all {
            if !seen.iter().any(|x| std::ptr::eq(*x, s)) {
                seen.push(s);
            }
        }
    }
    for s in seen {
        writeln!(
            out,
            "  [{}] {}",
            s.key,
            wrap(&safe(&format!("{} ({}; read {})", s.location(), s.what, s.read)), 4, style.width)
        )?;
    }
    if let Some(url) = first.doc_url.filter(|_| readings.len() == 1) {
        writeln!(out, "  docs: {url}")?;
    }
    writeln!(out)
}
