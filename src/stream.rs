//! JSON Lines in, JSON Lines out: one verdict per input line, in order, in bounded memory.

use std::io::{self, BufRead, BufReader, Read, Write};

use serde::Serialize;

use crate::payload::{self, PayloadError, MAX_PAYLOAD_BYTES};
use crate::report::VerdictReport;

/// Counts of one stream run.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StreamSummary {
    /// Input lines read (= output lines written).
    pub lines: u64,
    /// Lines classified to a catalogue entry.
    pub known: u64,
    /// Lines read but not in the catalogue (fallback answers).
    pub unknown: u64,
    /// Lines that could not be read: invalid JSON or UTF-8, not an object, too long, empty.
    pub bad: u64,
}

impl StreamSummary {
    /// True when every line was classified to a known entry.
    ///
    /// ```
    /// let summary = errcat::classify_stream(&b"{\"name\":\"OT_NOT_CONNECTED\"}\n"[..], std::io::sink()).unwrap();
    /// assert!(summary.all_known());
    /// ```
    pub fn all_known(&self) -> bool {
        self.unknown == 0 && self.bad == 0
    }
}

#[derive(Serialize)]
struct LineOut<'a> {
    line: u64,
    /// `text` when the line was read as an error text rather than a JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<&'static str>,
    /// The entry's stable id; `null` when unknown or ambiguous.
    id: Option<&'static str>,
    #[serde(flatten)]
    report: VerdictReport<'a>,
}

/// What a line holds: a JSON object (or something JSON that is not one), or an error text.
enum Line<'a> {
    Json(serde_json::Value),
    Text(std::borrow::Cow<'a, str>),
}

/// A line starting with `{` or `[` is JSON (and a bad line when it does not parse: truncated objects are
/// reported, not guessed at); a JSON string is the text it holds; anything else is an error text.
fn read(text: &str) -> Result<Line<'_>, PayloadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(PayloadError::Empty);
    }
    if trimmed.starts_with(['{', '[']) {
        return serde_json::from_str(trimmed).map(Line::Json).map_err(|e| PayloadError::InvalidJson(e.to_string()));
    }
    if trimmed.starts_with('"') {
        if let Ok(s) = serde_json::from_str::<String>(trimmed) {
            return Ok(Line::Text(std::borrow::Cow::Owned(s)));
        }
    }
    Ok(Line::Text(std::borrow::Cow::Borrowed(trimmed)))
}

#[derive(Serialize)]
struct LineError {
    line: u64,
    error: String,
    known: bool,
}

/// Read one line of at most [`MAX_PAYLOAD_BYTES`] into `buf` (without the line end).
/// Returns `None` at end of input, else the line's full length (longer than the limit: not kept).
fn read_line<R: Read>(input: &mut BufReader<R>, buf: &mut Vec<u8>, out: &mut impl Write) -> io::Result<Option<usize>> {
    buf.clear();
    let mut total = 0usize;
    let mut started = false;
    loop {
        if input.buffer().is_empty() {
            // About to wait for input: let a reader downstream see what is done so far.
            out.flush()?;
        }
        let chunk = match input.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(started.then_some(total));
        }
        started = true;
        let (part, newline) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], true),
            None => (chunk, false),
        };
        total = total.saturating_add(part.len());
        if total <= MAX_PAYLOAD_BYTES + 1 {
            buf.extend_from_slice(part);
        } else {
            buf.clear();
        }
        let used = part.len() + usize::from(newline);
        input.consume(used);
        if newline {
            return Ok(Some(total));
        }
    }
}

/// Classify every line of `input` (JSON Lines of SDK error payloads, or error texts), writing one JSON object
/// per line to `output`: the verdict with its `line` number (and `"input":"text"` for a line read as text),
/// or `{"line":N,"error":...,"known":false}` for a bad line (invalid UTF-8, too long, empty, or starting
/// with `{`/`[` but not valid JSON).
/// Memory stays bounded by [`MAX_PAYLOAD_BYTES`] whatever the input; a line over it is reported, not read.
///
/// # Errors
///
/// Only the errors of reading `input` or writing `output`; a bad line is an output line, not an error.
///
/// ```
/// let input = "{\"name\":\"OT_NOT_CONNECTED\"}\nnot json {\n";
/// let mut out = Vec::new();
/// let summary = errcat::classify_stream(input.as_bytes(), &mut out).unwrap();
/// assert_eq!(summary.lines, 2);
/// assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
/// ```
pub fn classify_stream(input: impl Read, mut output: impl Write) -> io::Result<StreamSummary> {
    let mut input = BufReader::with_capacity(64 * 1024, input);
    let mut summary = StreamSummary::default();
    let mut buf = Vec::new();
    while let Some(len) = read_line(&mut input, &mut buf, &mut output)? {
        summary.lines += 1;
        let line = summary.lines;
        let mut bytes = buf.as_slice();
        if let Some(stripped) = bytes.strip_suffix(b"\r") {
            bytes = stripped;
        }
        let result = if len > MAX_PAYLOAD_BYTES + 1 || bytes.len() > MAX_PAYLOAD_BYTES {
            Err(PayloadError::TooLarge(len))
        } else {
            std::str::from_utf8(bytes).map_err(|e| PayloadError::InvalidUtf8(e.valid_up_to()))
        };
        let line_in = result.and_then(read);
        // A text holding a JSON error object (a logged `JSON.stringify(err)`) is read by that object when it
        // names something known.
        let embedded: Option<serde_json::Value> = match &line_in {
            Ok(Line::Text(text)) => crate::text::embedded_json(text).and_then(|json| serde_json::from_str(json).ok()),
            _ => None,
        };
        let from_embedded = embedded.as_ref().and_then(|v| payload::observe(v).ok()).map(|mut o| {
            o.from_text = true;
            (o.classify(), o)
        });
        let (observed, input) = match &line_in {
            Ok(Line::Json(value)) => (payload::observe(value).map(|o| (o.classify(), o)), None),
            Ok(Line::Text(_)) if from_embedded.as_ref().is_some_and(|(v, _)| v.classification.known) => {
                (Ok(from_embedded.unwrap()), Some("text"))
            }
            Ok(Line::Text(text)) => {
                let o = crate::text::read_text(text);
                (Ok((o.classify(), o)), Some("text"))
            }
            Err(e) => (Err(e.clone()), None),
        };
        match observed {
            Ok((verdict, observation)) => {
                if verdict.classification.known {
                    summary.known += 1;
                } else {
                    summary.unknown += 1;
                }
                let out = LineOut {
                    line,
                    input,
                    id: verdict.classification.entry.map(crate::Entry::id),
                    report: VerdictReport::new(&verdict, &observation),
                };
                serde_json::to_writer(&mut output, &out).map_err(io::Error::from)?;
            }
            Err(e) => {
                summary.bad += 1;
                let err = LineError { line, error: e.to_string(), known: false };
                serde_json::to_writer(&mut output, &err).map_err(io::Error::from)?;
            }
        }
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(summary)
}
