//! JSON Lines in, JSON Lines out: one record per input line, in order, in bounded memory, on one thread or
//! several.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::num::NonZeroUsize;
use std::sync::mpsc::{self, Receiver, Sender, SyncSender, TryRecvError};
use std::sync::Mutex;

use serde::Serialize;

use crate::json::{self, Json};
use crate::lookup::Scope;
use crate::observation::Observation;
use crate::payload::{self, PayloadError, MAX_PAYLOAD_BYTES};
use crate::record::{self, RecordFields};
use crate::summary::{StreamSummary, Tally};

/// What a line holds: a JSON object (or something JSON that is not one), or an error text.
enum Line<'a> {
    Json(Json<'a>),
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
        return json::parse(trimmed).map(Line::Json).map_err(|e| PayloadError::InvalidJson(e.to_string()));
    }
    if trimmed.starts_with('"') {
        if let Ok(s) = serde_json::from_str::<String>(trimmed) {
            return Ok(Line::Text(std::borrow::Cow::Owned(s)));
        }
    }
    Ok(Line::Text(std::borrow::Cow::Borrowed(trimmed)))
}

/// How [`classify_stream_with`] writes its records and how many threads classify.
///
/// ```
/// use errcat::{RecordFields, StreamOptions};
/// let options = StreamOptions::default().fields(RecordFields::COMPACT).threads(2);
/// let input = "{\"name\":\"OT_NOT_CONNECTED\",\"code\":1501}\n";
/// let mut out = Vec::new();
/// errcat::classify_stream_with(input.as_bytes(), &mut out, &options).unwrap();
/// assert!(String::from_utf8(out).unwrap().starts_with("{\"line\":1,\"id\":\"vonage.web.OT_NOT_CONNECTED\","));
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamOptions {
    /// The fields of each record (default: [`RecordFields::FULL`]).
    pub fields: RecordFields,
    /// Threads that classify (default 1). With more, lines are read and classified in chunks and written in
    /// input order: the output is byte for byte the same.
    pub threads: NonZeroUsize,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions { fields: RecordFields::FULL, threads: NonZeroUsize::MIN }
    }
}

impl StreamOptions {
    /// Write these fields.
    pub fn fields(mut self, fields: RecordFields) -> Self {
        self.fields = fields;
        self
    }

    /// Classify with `n` threads (0 is taken as 1).
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = NonZeroUsize::new(n).unwrap_or(NonZeroUsize::MIN);
        self
    }
}

#[derive(Serialize)]
struct LineError<'a> {
    line: u64,
    error: &'a str,
    known: bool,
}

/// Classify one line (`len`: its full length, which may exceed what `bytes` kept) and append its record and a
/// line end to `out`.
fn classify_line(bytes: &[u8], len: usize, line: u64, fields: RecordFields, out: &mut Vec<u8>, tally: &mut Tally) {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let result = if len > MAX_PAYLOAD_BYTES + 1 || bytes.len() > MAX_PAYLOAD_BYTES {
        Err(PayloadError::TooLarge(len))
    } else {
        std::str::from_utf8(bytes).map_err(|e| PayloadError::InvalidUtf8(e.valid_up_to()))
    };
    observe_checked(result, |observed| match observed {
        Ok((observation, text)) => {
            let verdict = observation.classify();
            let fingerprint = verdict.fingerprint(&observation);
            tally.add(&verdict, &observation, fingerprint);
            record::write(out, fields, line, text, &verdict, &observation, fingerprint);
        }
        Err(e) => {
            tally.bad();
            let _ = serde_json::to_writer(&mut *out, &LineError { line, error: &e.to_string(), known: false });
        }
    });
    out.push(b'\n');
}

/// Read one line as [`classify_stream`] does (a JSON object, a JSON string, or an error text) and hand `with`
/// the observation (borrowing the line) and whether the line was read as text; a bad line (empty, over
/// [`MAX_PAYLOAD_BYTES`], starting with `{`/`[` but not a JSON object) is an `Err` with the stream's error.
/// The verdict is `observation.classify()`, a function of the observation alone. Bindings use it to answer
/// one line, or a column of them, exactly as the stream does.
///
/// ```
/// let known = errcat::observe_line(r#"{"error":{"name":"OT_NOT_CONNECTED"}}"#, |a| {
///     a.map(|(o, text)| (o.classify().classification.known, text))
/// });
/// assert_eq!(known, Ok((true, false)));
/// assert!(errcat::observe_line("{\"truncated\":", |a| a.is_err()));
/// ```
pub fn observe_line<T>(text: &str, with: impl for<'v> FnOnce(Result<(Observation<'v>, bool), PayloadError>) -> T) -> T {
    let checked = if text.len() > MAX_PAYLOAD_BYTES { Err(PayloadError::TooLarge(text.len())) } else { Ok(text) };
    observe_checked(checked, with)
}

fn observe_checked<T>(
    checked: Result<&str, PayloadError>,
    with: impl for<'v> FnOnce(Result<(Observation<'v>, bool), PayloadError>) -> T,
) -> T {
    let line_in = checked.and_then(read);
    // A text holding a JSON error object (a logged `JSON.stringify(err)`) is read by that object when it
    // names something known.
    let embedded: Option<Json<'_>> = match &line_in {
        Ok(Line::Text(text)) => crate::text::embedded_payload(text),
        _ => None,
    };
    let known = embedded.as_ref().and_then(|v| crate::text::known_embedded(v, Scope::ANY));
    match &line_in {
        Ok(Line::Json(value)) => with(payload::observe_json(value).map(|o| (o, false))),
        Ok(Line::Text(text)) => match known {
            Some((_, observation)) => with(Ok((observation, true))),
            None => with(Ok((crate::text::read_text(text), true))),
        },
        Err(e) => with(Err(e.clone())),
    }
}

/// Lines of at most [`MAX_PAYLOAD_BYTES`], with word of when the input is about to be waited for.
struct Lines<R: Read> {
    input: BufReader<R>,
}

impl<R: Read> Lines<R> {
    fn new(input: R) -> Self {
        Lines { input: BufReader::with_capacity(BUFFER_BYTES, input) }
    }

    /// Read the next line (without its line end) into `buf`; `pause` runs first whenever reading would wait
    /// for more input. Returns `None` at end of input, else the line's full length (a line over the limit is
    /// not kept).
    fn next(&mut self, buf: &mut Vec<u8>, mut pause: impl FnMut() -> io::Result<()>) -> io::Result<Option<usize>> {
        buf.clear();
        let mut total = 0usize;
        let mut started = false;
        loop {
            if self.input.buffer().is_empty() {
                pause()?;
            }
            let chunk = match self.input.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok(started.then_some(total));
            }
            started = true;
            let (part, newline) = match memchr::memchr(b'\n', chunk) {
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
            self.input.consume(used);
            if newline {
                return Ok(Some(total));
            }
        }
    }
}

/// Input read at once, and output gathered before it is written.
const BUFFER_BYTES: usize = 256 * 1024;

/// Classify every line of `input` (JSON Lines of SDK error payloads, or error texts), writing one JSON object
/// per line to `output`: the full record with its `line` number (and `"input":"text"` for a line read as
/// text), or `{"line":N,"error":...,"known":false}` for a bad line (invalid UTF-8, too long, empty, or
/// starting with `{`/`[` but not valid JSON). One thread; [`classify_stream_with`] takes options.
///
/// Memory stays bounded by [`MAX_PAYLOAD_BYTES`] whatever the input; a line over it is reported, not read.
/// What is classified is written whenever the input pauses, so a reader downstream sees each line's record
/// before the next line arrives.
///
/// # Errors
///
/// Only the errors of reading `input` or writing `output`; a bad line is an output line, not an error.
///
/// ```
/// let input = "{\"name\":\"OT_NOT_CONNECTED\"}\nnot json {\n";
/// let mut out = Vec::new();
/// let summary = errcat::classify_stream(input.as_bytes(), &mut out).unwrap();
/// assert_eq!((summary.lines, summary.known, summary.unknown), (2, 1, 1)); // "not json {" is read as a text
/// assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
/// ```
pub fn classify_stream(input: impl Read, output: impl Write) -> io::Result<StreamSummary> {
    sequential(input, output, RecordFields::FULL)
}

/// [`classify_stream`] with a choice of record fields and threads. With several threads, chunks of lines
/// are classified in parallel and written in input order; at most `2 × threads + 2` chunks of at most 4,096
/// lines or 1 MiB are held at once.
///
/// # Errors
///
/// Only the errors of reading `input` or writing `output`.
pub fn classify_stream_with(
    input: impl Read + Send,
    output: impl Write,
    options: &StreamOptions,
) -> io::Result<StreamSummary> {
    match options.threads.get() {
        1 => sequential(input, output, options.fields),
        n => parallel(input, output, options.fields, n),
    }
}

fn sequential(input: impl Read, mut output: impl Write, fields: RecordFields) -> io::Result<StreamSummary> {
    let mut lines = Lines::new(input);
    let mut tally = Tally::default();
    let mut buf = Vec::new();
    let mut out = Vec::with_capacity(BUFFER_BYTES);
    let mut line = 0u64;
    loop {
        let next = lines.next(&mut buf, || {
            output.write_all(&out)?;
            out.clear();
            output.flush()
        })?;
        let Some(len) = next else { break };
        line += 1;
        classify_line(&buf, len, line, fields, &mut out, &mut tally);
        if out.len() >= BUFFER_BYTES {
            output.write_all(&out)?;
            out.clear();
        }
    }
    output.write_all(&out)?;
    output.flush()?;
    Ok(tally.finish())
}

/// Lines read together and classified by one thread.
#[derive(Default)]
struct Chunk {
    seq: u64,
    first_line: u64,
    data: Vec<u8>,
    /// Each line's end in `data`, and its full length.
    lines: Vec<(usize, usize)>,
}

/// A chunk ends after this many lines or bytes, or when the input pauses.
const CHUNK_LINES: usize = 4096;
const CHUNK_BYTES: usize = 1 << 20;

/// What the workers and the reader tell the writer.
enum Report {
    /// A chunk's number, records and counts.
    Done(u64, Vec<u8>, Box<Tally>),
    /// The input ended after this many chunks, or reading failed after them.
    End(u64, Option<io::Error>),
}

fn parallel(
    input: impl Read + Send,
    mut output: impl Write,
    fields: RecordFields,
    threads: usize,
) -> io::Result<StreamSummary> {
    // Chunks read but not yet written, at most: each takes a credit, given back once it is written.
    let in_flight = 2 * threads + 2;
    let (credit_tx, credit_rx) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = credit_tx.send(());
    }
    let (job_tx, job_rx) = mpsc::sync_channel::<Chunk>(in_flight);
    let job_rx = Mutex::new(job_rx);
    let (report_tx, report_rx) = mpsc::channel::<Report>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (job_rx, report_tx) = (&job_rx, report_tx.clone());
            scope.spawn(move || classify_chunks(job_rx, &report_tx, fields));
        }
        scope.spawn(move || {
            let (chunks, error) = read_chunks(input, &credit_rx, &job_tx);
            let _ = report_tx.send(Report::End(chunks, error));
        });
        let result = write_in_order(&mut output, &report_rx, &credit_tx);
        // After a failed write, the reader and the workers stop at their next send or receive.
        drop(report_rx);
        drop(credit_tx);
        result
    })
}

/// A worker: classify chunks until there are no more.
fn classify_chunks(jobs: &Mutex<Receiver<Chunk>>, reports: &Sender<Report>, fields: RecordFields) {
    loop {
        let Ok(Ok(chunk)) = jobs.lock().map(|rx| rx.recv()) else { return };
        let mut out = Vec::with_capacity(chunk.data.len() * 4);
        let mut tally = Tally::default();
        let mut start = 0;
        for (k, &(end, len)) in chunk.lines.iter().enumerate() {
            classify_line(&chunk.data[start..end], len, chunk.first_line + k as u64, fields, &mut out, &mut tally);
            start = end;
        }
        if reports.send(Report::Done(chunk.seq, out, Box::new(tally))).is_err() {
            return;
        }
    }
}

/// The reader: read lines into chunks and hand each out for a credit; a chunk also ends when the input
/// pauses. Returns how many chunks were handed out, and the read error that ended it early, if any: the
/// chunks before it are still written.
fn read_chunks(input: impl Read, credits: &Receiver<()>, jobs: &SyncSender<Chunk>) -> (u64, Option<io::Error>) {
    let mut lines = Lines::new(input);
    let mut buf = Vec::new();
    let mut chunk = Chunk { first_line: 1, ..Chunk::default() };
    // Hand the chunk out; an error when the writer has stopped.
    let send = |chunk: &mut Chunk| -> io::Result<()> {
        if chunk.lines.is_empty() {
            return Ok(());
        }
        let next =
            Chunk { seq: chunk.seq + 1, first_line: chunk.first_line + chunk.lines.len() as u64, ..Chunk::default() };
        let full = std::mem::replace(chunk, next);
        let stopped = || io::Error::other("the stream's writer stopped");
        credits.recv().map_err(|_| stopped())?;
        jobs.send(full).map_err(|_| stopped())
    };
    let result = (|| {
        // Before waiting for input, what was read so far goes out.
        while let Some(len) = lines.next(&mut buf, || send(&mut chunk))? {
            chunk.data.extend_from_slice(&buf);
            chunk.lines.push((chunk.data.len(), len));
            if chunk.lines.len() >= CHUNK_LINES || chunk.data.len() >= CHUNK_BYTES {
                send(&mut chunk)?;
            }
        }
        send(&mut chunk)
    })();
    // After a failed read, the lines read before it still go out.
    let error = result.err().inspect(|_| {
        let _ = send(&mut chunk);
    });
    (chunk.seq, error)
}

/// The writer: write chunks in input order as they come, flushing whenever it would wait.
fn write_in_order(
    output: &mut impl Write,
    reports: &Receiver<Report>,
    credits: &SyncSender<()>,
) -> io::Result<StreamSummary> {
    let mut waiting: BTreeMap<u64, (Vec<u8>, Box<Tally>)> = BTreeMap::new();
    let mut tally = Tally::default();
    let (mut next, mut end, mut failed) = (0u64, None, None);
    while end != Some(next) {
        let report = match reports.try_recv() {
            Ok(report) => report,
            Err(TryRecvError::Empty) => {
                output.flush()?;
                reports.recv().map_err(|_| io::Error::other("the stream's workers stopped"))?
            }
            Err(TryRecvError::Disconnected) => return Err(io::Error::other("the stream's workers stopped")),
        };
        match report {
            Report::Done(seq, out, t) => {
                waiting.insert(seq, (out, t));
            }
            Report::End(chunks, error) => (end, failed) = (Some(chunks), error),
        }
        while let Some((out, t)) = waiting.remove(&next) {
            output.write_all(&out)?;
            tally.merge(*t);
            next += 1;
            let _ = credits.send(());
        }
    }
    output.flush()?;
    match failed {
        Some(e) => Err(e),
        None => Ok(tally.finish()),
    }
}
