//! How answers look: human blocks and lines (escaped, wrapped, coloured on a terminal) and JSON records.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};

use errcat::{Category, Report, StreamSummary, VerdictReport};
use serde::Serialize;

use crate::cli::ColorWhen;

/// Whether a character must not reach a terminal as is: C0 controls (tab and newline included: one field is
/// one line), DEL, C1 controls (U+0080–U+009F, such as U+009B, a one-character CSI) and the bidirectional
/// formatting characters that reorder what a reader sees (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
/// U+061C).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// `s` with every unsafe character written as `\u{..}` (`\n`, `\t`, `\r` as such), so a hostile input cannot
/// move the cursor, retitle the terminal or reorder text.
pub fn safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `safe`, keeping line breaks: for multi-line diagnostics that repeat input.
pub fn safe_lines(s: &str) -> String {
    s.split('\n').map(|line| safe(line).into_owned()).collect::<Vec<_>>().join("\n")
}

/// A diagnostic on stderr, escaped; a closed stderr is ignored (never a panic).
pub fn warn(message: &str) {
    let _ = writeln!(io::stderr().lock(), "errcat: {}", safe_lines(message));
}

/// Terminal styling: colour and the width to wrap at, both off when stdout is not a terminal.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: Option<usize>,
}

impl Style {
    pub fn detect(when: ColorWhen) -> Style {
        let tty = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => tty && !no_color,
        };
        let width =
            if tty { terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)).filter(|&w| w >= 40) } else { None };
        Style { color, width }
    }

    fn paint<'a>(&self, code: &str, text: &'a str) -> Cow<'a, str> {
        if self.color {
            Cow::Owned(format!("\x1b[{code}m{text}\x1b[0m"))
        } else {
            Cow::Borrowed(text)
        }
    }

    pub fn bold<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.paint("1", text)
    }

    /// The category in its colour: failures the user can act on in yellow, network and server trouble in
    /// red, developer mistakes in magenta, the not-a-failure ones in green, unknown dimmed.
    pub fn category(&self, c: Category) -> Cow<'static, str> {
        let code = match c {
            Category::Closed | Category::Notice => "32",
            Category::Unknown => "2",
            Category::Network | Category::Server | Category::Limit => "31",
            Category::MediaPermission | Category::Device | Category::Authentication | Category::Authorization => "33",
            _ => "35",
        };
        let name: &'static str = c.into();
        self.paint(code, name)
    }
}

/// Word-wrap `text` to `width` columns, the first line starting at column `indent` (already written) and the
/// next ones indented by `indent` spaces. Without a width, `text` as is.
pub fn wrap(text: &str, indent: usize, width: Option<usize>) -> String {
    let Some(width) = width else { return text.to_string() };
    let room = width.saturating_sub(indent).max(20);
    let mut out = String::with_capacity(text.len() + 16);
    let mut col = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = word.chars().count();
        if col > 0 && col + 1 + len > room {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
    }
    out
}

/// The title of an entry or answer: `provider platform domain code name`, as present.
pub fn title(r: &Report<'_>) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(r.provider.map(|p| p.to_string()));
    parts.extend(r.platform.map(|p| p.to_string()));
    parts.extend(r.domain.map(|d| d.to_string()));
    parts.extend(r.code.map(|c| c.to_string()));
    match (r.name, r.aliases.first()) {
        (Some(name), _) => parts.push(safe(name).into_owned()),
        (None, Some(alias)) => parts.push(format!("({})", safe(alias))),
        (None, None) => {}
    }
    if let Some(first) = r.when_message.first() {
        parts.push(format!("[message: {}]", safe(&format!("{first:?}"))));
    }
    parts.join(" ")
}

/// One line per match: `provider platform key  category/retry/actor  user message`.
pub fn short_line(out: &mut impl Write, style: &Style, r: &Report<'_>) -> io::Result<()> {
    let mut head = title(r);
    if !r.known {
        head.push_str(" (unknown)");
    }
    writeln!(
        out,
        "{}  {}/{}/{}  {}",
        style.bold(&head),
        style.category(r.category),
        r.retry,
        r.actor,
        safe(r.user_message)
    )
}

/// A block per match, every field on its own line, long values wrapped on a terminal.
pub fn long_block(out: &mut impl Write, style: &Style, r: &Report<'_>, id: Option<&str>) -> io::Result<()> {
    let mut head = title(r);
    if !r.known {
        head.push_str(" (not in the catalogue; fallback answer)");
    }
    writeln!(out, "{}", style.bold(&head))?;
    let field = |out: &mut dyn Write, label: &str, value: &str| -> io::Result<()> {
        let label = format!("{label}:");
        writeln!(out, "  {label:<10} {}", wrap(&safe(value), 13, style.width))
    };
    if let Some(id) = id {
        field(out, "id", id)?;
    }
    writeln!(out, "  {:<10} {}", "category:", style.category(r.category))?;
    field(out, "retry", &r.retry.to_string())?;
    field(out, "actor", &r.actor.to_string())?;
    field(out, "user", r.user_message)?;
    field(out, "developer", r.developer_hint)?;
    if let Some(raised_by) = r.raised_by {
        field(out, "raised by", raised_by)?;
    }
    if !r.aliases.is_empty() {
        field(out, "aliases", &r.aliases.join(", "))?;
    }
    if !r.with_codes.is_empty() {
        let codes: Vec<String> = r.with_codes.iter().map(i64::to_string).collect();
        field(out, "with codes", &codes.join(", "))?;
    }
    if !r.with_names.is_empty() {
        field(out, "with names", &r.with_names.join(", "))?;
    }
    if let Some(v) = r.versions {
        field(out, "versions", v)?;
    }
    if r.legacy {
        field(out, "legacy", "not raised by current SDKs")?;
    }
    if let Some(n) = r.note {
        field(out, "note", n)?;
    }
    if let Some(url) = r.doc_url {
        field(out, "docs", url)?;
    }
    for (i, s) in r.sources.iter().enumerate() {
        let label = if i == 0 { "sources" } else { "" };
        let text = format!("[{}] {} ({}; read {})", s.key, s.location(), s.what, s.read);
        if label.is_empty() {
            writeln!(out, "  {:<10} {}", "", wrap(&safe(&text), 13, style.width))?;
        } else {
            field(out, label, &text)?;
        }
    }
    writeln!(out)
}

/// A text's verdict in human form: how it was read, every reading when ambiguous, then the answer.
pub fn verdict(
    out: &mut impl Write,
    style: &Style,
    short: bool,
    v: &VerdictReport<'_>,
    id: Option<&str>,
) -> io::Result<()> {
    if short {
        return short_line(out, style, &v.report);
    }
    writeln!(out, "read as text: confidence {}, matched by {}", v.confidence, v.matched_by)?;
    if v.ambiguous {
        writeln!(out, "several readings fit; the advice below is what is safe for all of them:")?;
        for c in &v.candidates {
            let mut t: Vec<String> = vec![c.provider.to_string()];
            t.extend(c.platform.map(|p| p.to_string()));
            t.extend(c.domain.map(|d| d.to_string()));
            t.extend(c.code.map(|n| n.to_string()));
            t.extend(c.name.map(|n| safe(n).into_owned()));
            writeln!(out, "  - {}: {}/{}/{}", t.join(" "), style.category(c.category), c.retry, c.actor)?;
        }
    }
    long_block(out, style, &v.report, id)
}

/// One JSON record: the answer with the `query` it answers (none for `list`), `"input":"text"` when the query
/// was read as an error text, and the entry's stable `id`.
#[derive(Serialize)]
pub struct Record<'a, T: Serialize> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<&'static str>,
    pub id: Option<&'static str>,
    #[serde(flatten)]
    pub answer: &'a T,
}

pub fn json_line<T: Serialize>(out: &mut impl Write, record: &Record<'_, T>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record).map_err(io::Error::from)?;
    writeln!(out)
}

/// `--summary` on stderr: the counts, most lines first within each group, ten entries and ten unknown groups.
pub fn summary(s: &StreamSummary) -> String {
    fn counts<K: std::fmt::Display>(map: impl IntoIterator<Item = (K, u64)>, most: usize) -> String {
        let mut items: Vec<(K, u64)> = map.into_iter().collect();
        items.sort_by_key(|item| std::cmp::Reverse(item.1));
        let more = items.len().saturating_sub(most);
        let mut text = items.iter().take(most).map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ");
        if more > 0 {
            let _ = write!(text, ", and {more} more");
        }
        if text.is_empty() {
            text.push_str("none");
        }
        text
    }
    let mut text = format!(
        "errcat: {} lines: {} known ({} ambiguous), {} unknown, {} bad; {} expected\n",
        s.lines, s.known, s.ambiguous, s.unknown, s.bad, s.expected
    );
    let _ = writeln!(text, "  category: {}", counts(s.by_category.iter().map(|(k, n)| (k, *n)), usize::MAX));
    let _ = writeln!(text, "  retry:    {}", counts(s.by_retry.iter().map(|(k, n)| (k, *n)), usize::MAX));
    let _ = writeln!(text, "  actor:    {}", counts(s.by_actor.iter().map(|(k, n)| (k, *n)), usize::MAX));
    let _ = writeln!(text, "  severity: {}", counts(s.by_severity.iter().map(|(k, n)| (k, *n)), usize::MAX));
    let _ = writeln!(text, "  entries:  {}", counts(s.by_id.iter().map(|(k, n)| (k, *n)), 10));
    if !s.top_unknown.is_empty() {
        let _ = writeln!(text, "  commonest unknown (lines, fingerprint, provider, key):");
        for g in s.top_unknown.iter().take(10) {
            let provider = g.provider.map_or("-".to_string(), |p| p.to_string());
            let _ = writeln!(text, "    {:>8}  {}  {provider}  {}", g.lines, g.fingerprint, safe(&g.key));
        }
    }
    if s.unknown_untracked > 0 {
        let _ = writeln!(
            text,
            "  unknown lines not grouped (over {} distinct): {}",
            errcat::MAX_TRACKED_UNKNOWN,
            s.unknown_untracked
        );
    }
    text
}

/// Stdout as the program writes it: remembers whether a write failed (to tell a failed write from a failed
/// read, which `classify_stream` reports alike), and escapes C1 controls and bidi formatting characters as
/// `\uXXXX` (serde_json leaves them raw; in JSON they only occur inside strings, where the escape means the
/// same character).
pub struct Output<W: Write> {
    inner: W,
    pub failed: Option<io::ErrorKind>,
}

impl<W: Write> Output<W> {
    pub fn new(inner: W) -> Self {
        Output { inner, failed: None }
    }

    fn record<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r {
            self.failed.get_or_insert(e.kind());
        }
        r
    }
}

impl<W: Write> Write for Output<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Whole characters arrive in one write (serde_json and `write!` never split one), so a character is
        // seen whole here; a fragment at the end passes through unchanged.
        let mut start = 0;
        let mut i = 0;
        while i < buf.len() {
            // Fast path: a block of ASCII holds nothing to escape.
            if let Some(block) = buf.get(i..i + 32) {
                if block.is_ascii() {
                    i += 32;
                    continue;
                }
            }
            let escaped = match buf[i] {
                0xc2 if buf.get(i + 1).is_some_and(|b| (0x80..=0x9f).contains(b)) => Some(2),
                0xd8 if buf.get(i + 1) == Some(&0x9c) => Some(2),
                0xe2 if matches!(
                    (buf.get(i + 1), buf.get(i + 2)),
                    (Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
                ) =>
                {
                    Some(3)
                }
                _ => None,
            };
            match escaped {
                Some(len) => {
                    let c = std::str::from_utf8(&buf[i..i + len]).ok().and_then(|s| s.chars().next());
                    let r = self.inner.write_all(&buf[start..i]);
                    self.record(r)?;
                    let r = write!(self.inner, "\\u{:04x}", c.map_or(0xfffd, |c| c as u32));
                    self.record(r)?;
                    i += len;
                    start = i;
                }
                None => i += 1,
            }
        }
        let r = self.inner.write_all(&buf[start..]);
        self.record(r)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.record(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_whole_and_indents() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let w = wrap(text, 4, Some(24));
        for line in w.lines() {
            assert!(line.chars().count() <= 24, "{line:?}");
        }
        assert!(w.lines().skip(1).all(|l| l.starts_with("    ") && !l.starts_with("     ")), "{w}");
        assert_eq!(w.split_whitespace().collect::<Vec<_>>(), text.split(' ').collect::<Vec<_>>());
        assert_eq!(wrap(text, 4, None), text);
    }

    #[test]
    fn unsafe_characters_are_escaped() {
        assert_eq!(safe("\u{1b}]0;x\u{7}"), "\\u{1b}]0;x\\u{7}");
        assert_eq!(safe("a\u{9b}b\u{202e}c\u{7f}"), "a\\u{9b}b\\u{202e}c\\u{7f}");
        assert_eq!(safe("plain é"), "plain é");
    }

    #[test]
    fn output_escapes_c1_and_bidi_in_json() {
        let mut out = Output::new(Vec::new());
        let json = serde_json::to_string("a\u{9b}b\u{202e}c\u{61c}d\u{2067}é").unwrap();
        out.write_all(json.as_bytes()).unwrap();
        let text = String::from_utf8(out.inner).unwrap();
        assert_eq!(text, r#""a\u009bb\u202ec\u061cd\u2067é""#);
        let back: String = serde_json::from_str(&text).unwrap();
        assert_eq!(back, "a\u{9b}b\u{202e}c\u{61c}d\u{2067}é");
    }
}
