//! Fingerprints: a stable key to group classified errors by, for known entries and unknown inputs alike.
//!
//! The hash is FNV-1a 64 (`src/fnv.rs`), written out so that no Rust release changes it.
//!
//! - A **known** answer (one entry): FNV-1a 64 of the entry's [id](crate::Entry::id), its bytes as they are.
//! - An **unknown** or **ambiguous** answer: FNV-1a 64 of
//!   `provider 0xFF platform 0xFF key`, followed for an ambiguous answer by `0xFF id` for each candidate,
//!   ids sorted bytewise. The byte `0xFF` never occurs in UTF-8, so no unknown input hashes the bytes of an id.
//!   - `provider` is the observation's provider, else the one errcat inferred (`vonage`, `socketio`,
//!     `cobrowse`), else empty; `platform` is the observation's platform (`web`, `client`, ...), else empty.
//!   - `key` is the first of: `name:` and the name; `code:` and the code in decimal; `text:` and the first of
//!     reason, title, message, detail and text, normalised by [`normalize_message`]; `http:` and the HTTP
//!     status; `close:` and the close code; `body:` and the Engine.IO body code; else nothing. A name is
//!     trimmed, its whitespace runs collapsed to one space, ASCII-lowercased and cut at [`KEY_MAX_CHARS`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::fnv::{fnv1a64, fnv1a64_from, OFFSET_BASIS};
use crate::observation::{Observation, Verdict, MAX_CANDIDATES};

/// Longest normalised key, in characters: a name or normalised message is cut there, so that the tail of a long
/// text (a stack trace, a dump) does not split a group.
pub const KEY_MAX_CHARS: usize = 120;

/// Separates the parts of a hashed key; it never occurs in UTF-8 text.
const SEPARATOR: u8 = 0xFF;

/// A stable grouping key for a classified error: 64 bits, written as 16 lowercase hex digits
/// (`"5f0e3a9c1d2b4e67"`), serialized as that string.
///
/// Every answer that names one entry has the entry's fingerprint ([`crate::Entry::fingerprint`]); unknown and
/// ambiguous answers get one from the provider, platform and the observation's normalised key, never from the
/// parts of a message that change per event (numbers, ids, URLs, e-mail addresses, quoted strings). The
/// definition (module `fingerprint` in the source, and the README) is part of the API: a fingerprint changes
/// only when an entry's id does, or when an unknown key becomes known.
///
/// ```
/// use errcat::{Fingerprint, Observation, Provider};
///
/// let first = Observation::new().provider(Provider::SocketIo).message("room 81723 is full (user a7f3e9c2)");
/// let second = Observation::new().provider(Provider::SocketIo).message("room 4 is full (user 0b1d77e4)");
/// let (a, b) = (first.classify(), second.classify());
/// assert!(!a.classification.known);
/// assert_eq!(a.fingerprint(&first), b.fingerprint(&second));
///
/// let text = a.fingerprint(&first).to_string();
/// assert_eq!(text.parse::<Fingerprint>(), Ok(a.fingerprint(&first)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(u64);

impl Fingerprint {
    /// The fingerprint with this value.
    ///
    /// ```
    /// assert_eq!(errcat::Fingerprint::from_u64(255).to_string(), "00000000000000ff");
    /// ```
    pub const fn from_u64(value: u64) -> Fingerprint {
        Fingerprint(value)
    }

    /// Its 64-bit value.
    ///
    /// ```
    /// assert_eq!(errcat::Fingerprint::from_u64(7).as_u64(), 7);
    /// ```
    pub const fn as_u64(self) -> u64 {
        self.0
    }

    /// The fingerprint of the entry with this id (FNV-1a 64 of its bytes), whether or not the id is in this
    /// release's catalogue.
    ///
    /// ```
    /// let e = &errcat::entries()[0];
    /// assert_eq!(errcat::Fingerprint::of_id(e.id()), e.fingerprint());
    /// ```
    pub const fn of_id(id: &str) -> Fingerprint {
        Fingerprint(fnv1a64(id.as_bytes()))
    }
}

/// 16 lowercase hex digits.
impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// Why a text is not a fingerprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a fingerprint is 16 hex digits, such as 5f0e3a9c1d2b4e67")]
pub struct ParseFingerprintError;

/// Reads 16 hex digits (either case).
impl FromStr for Fingerprint {
    type Err = ParseFingerprintError;

    fn from_str(text: &str) -> Result<Fingerprint, ParseFingerprintError> {
        if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ParseFingerprintError);
        }
        u64::from_str_radix(text, 16).map(Fingerprint).map_err(|_| ParseFingerprintError)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Fingerprint, D::Error> {
        struct Hex;
        impl serde::de::Visitor<'_> for Hex {
            type Value = Fingerprint;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("16 hex digits")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Fingerprint, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Hex)
    }
}

impl Verdict {
    /// The grouping key of this answer to `observation`, which must be the observation it answers
    /// ([`Observation::classify`]): the entry's fingerprint when the answer names one entry, else one computed
    /// from the provider, the platform and the observation's normalised key (and, when ambiguous, the sorted
    /// candidate ids). Allocates nothing. See [`Fingerprint`].
    ///
    /// ```
    /// use errcat::{Observation, Platform, Provider};
    ///
    /// let o = Observation::new().provider(Provider::Vonage).platform(Platform::Web).name("OT_NOT_CONNECTED");
    /// let v = o.classify();
    /// assert_eq!(v.fingerprint(&o), v.classification.entry.unwrap().fingerprint());
    ///
    /// // Unknown names group by name, ignoring ASCII case; providers keep them apart.
    /// let a = Observation::new().provider(Provider::Vonage).name("OT_SOMETHING_NEW");
    /// let b = Observation::new().provider(Provider::Vonage).name("ot_something_new");
    /// let c = Observation::new().provider(Provider::Cobrowse).name("OT_SOMETHING_NEW");
    /// assert_eq!(a.classify().fingerprint(&a), b.classify().fingerprint(&b));
    /// assert_ne!(a.classify().fingerprint(&a), c.classify().fingerprint(&c));
    /// ```
    pub fn fingerprint(&self, observation: &Observation<'_>) -> Fingerprint {
        let c = &self.classification;
        let ambiguous = self.ambiguous || c.ambiguous;
        if let (Some(entry), false) = (c.entry, ambiguous) {
            return entry.fingerprint();
        }
        let provider = observation.provider.or(c.provider);
        let mut hash = OFFSET_BASIS;
        if let Some(p) = provider {
            hash = fnv1a64_from(hash, <&str>::from(p).as_bytes());
        }
        hash = fnv1a64_from(hash, &[SEPARATOR]);
        if let Some(p) = observation.platform {
            hash = fnv1a64_from(hash, <&str>::from(p).as_bytes());
        }
        hash = fnv1a64_from(hash, &[SEPARATOR]);
        let mut key = FnvOut(hash);
        write_key(observation, &mut key);
        hash = key.0;
        if ambiguous {
            let mut ids = [""; MAX_CANDIDATES];
            let n = self.candidates.len().min(MAX_CANDIDATES);
            for (slot, e) in ids.iter_mut().zip(&self.candidates) {
                *slot = e.id();
            }
            let ids = &mut ids[..n];
            ids.sort_unstable();
            for id in ids.iter() {
                hash = fnv1a64_from(hash, &[SEPARATOR]);
                hash = fnv1a64_from(hash, id.as_bytes());
            }
        }
        Fingerprint(hash)
    }
}

/// The key of an observation as hashed (`name:...`, `code:...`, `text:...`), for people to read.
#[cfg(feature = "json")]
pub(crate) fn key_text(o: &Observation<'_>) -> String {
    let mut key = String::new();
    write_key(o, &mut key);
    key
}

/// The key of an observation, as hashed (see the module docs).
fn write_key(o: &Observation<'_>, out: &mut impl Out) {
    if let Some(name) = o.name.filter(|n| !n.trim().is_empty()) {
        out.push("name:");
        let mut sink = Sink::new(out);
        literal(name, &mut sink);
        return;
    }
    if let Some(code) = o.code {
        out.push("code:");
        out.push(itoa(code, &mut [0; 20]));
        return;
    }
    let text = [o.reason, o.title, o.message, o.detail, o.text].into_iter().flatten().find(|t| !t.trim().is_empty());
    if let Some(text) = text {
        out.push("text:");
        normalize(text, &mut Sink::new(out));
        return;
    }
    for (label, number) in [("http:", o.http_status), ("close:", o.close_code), ("body:", o.body_code)] {
        if let Some(n) = number {
            out.push(label);
            out.push(itoa(n, &mut [0; 20]));
            return;
        }
    }
}

/// `n` in decimal, in `buf`.
pub(crate) fn itoa(n: i64, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    std::str::from_utf8(&buf[at..]).unwrap_or("")
}

/// The form of an error message that a fingerprint hashes: what stays the same from one event to the next.
///
/// Read as words separated by whitespace:
/// - a quoted string (`"..."`, `'...'`, `` `...` ``, `“...”`, `‘...’`; the quote opening after a space or
///   punctuation and closing before one) becomes `<str>`;
/// - a URL (`scheme://...` to the end of its word, closing punctuation kept) becomes `<url>`, an e-mail
///   address `<email>`;
/// - in what is left, each run of letters, digits, `_` and `-` is a token: a UUID (8-4-4-4-12 hex digits)
///   becomes `<uuid>`, and a token with an ASCII digit (numbers, `user42`, `0x1f`), made of 8 or more hex
///   digits (and `-`), or 32 characters or longer becomes `#`; other tokens and punctuation stay;
/// - whitespace runs become one space, the ends are trimmed, ASCII letters are lowercased, and the result is
///   cut at [`KEY_MAX_CHARS`] characters.
///
/// ```
/// use errcat::normalize_message;
/// assert_eq!(
///     normalize_message("Room 'lobby-7' full: user 42 (id 550e8400-e29b-41d4-a716-446655440000) at https://x.io/r?id=9"),
///     "room <str> full: user # (id <uuid>) at <url>"
/// );
/// assert_eq!(normalize_message("Mail  bob@example.com\tfailed after 3.5s"), "mail <email> failed after #.#");
/// ```
pub fn normalize_message(text: &str) -> String {
    let mut out = String::new();
    normalize(text, &mut Sink::new(&mut out));
    out
}

/// Where a key is written: a `String` (for [`normalize_message`]) or the hash state.
trait Out {
    /// Append `s`, ASCII-lowercased.
    fn push(&mut self, s: &str);
}

impl Out for String {
    fn push(&mut self, s: &str) {
        let from = self.len();
        self.push_str(s);
        self[from..].make_ascii_lowercase();
    }
}

struct FnvOut(u64);

impl Out for FnvOut {
    fn push(&mut self, s: &str) {
        for b in s.bytes() {
            self.0 = fnv1a64_from(self.0, &[b.to_ascii_lowercase()]);
        }
    }
}

/// Writes words with single spaces between them, and stops at [`KEY_MAX_CHARS`] characters.
struct Sink<'a, O: Out> {
    out: &'a mut O,
    chars: usize,
    /// Whitespace was seen since the last word.
    space: bool,
}

impl<'a, O: Out> Sink<'a, O> {
    fn new(out: &'a mut O) -> Self {
        Sink { out, chars: 0, space: false }
    }

    fn full(&self) -> bool {
        self.chars >= KEY_MAX_CHARS
    }

    /// Write `s` right after what came before, or after one space when whitespace was seen.
    fn put(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.space && self.chars > 0 {
            self.write(" ");
        }
        self.space = false;
        self.write(s);
    }

    fn write(&mut self, s: &str) {
        let room = KEY_MAX_CHARS.saturating_sub(self.chars);
        let cut = s.char_indices().nth(room).map_or(s.len(), |(i, _)| i);
        let part = &s[..cut];
        self.chars += part.chars().count();
        self.out.push(part);
    }
}

/// A name: its words, as they are.
fn literal<O: Out>(text: &str, sink: &mut Sink<'_, O>) {
    for word in text.split_whitespace() {
        sink.space = true;
        sink.put(word);
        if sink.full() {
            break;
        }
    }
}

/// The closing quote for an opening one.
fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' | '\'' | '`' => Some(open),
        '\u{201C}' => Some('\u{201D}'),
        '\u{2018}' => Some('\u{2019}'),
        _ => None,
    }
}

/// Where the quoted string opening at byte `at` ends (just after its closing quote), when the quote opens one:
/// after the start, whitespace or punctuation, and closed before the end, whitespace or punctuation.
fn quoted_end(text: &str, at: usize) -> Option<usize> {
    let open = text[at..].chars().next()?;
    let close = closing_quote(open)?;
    if text[..at].chars().next_back().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let body = at + open.len_utf8();
    text[body..]
        .match_indices(close)
        .map(|(i, _)| body + i + close.len_utf8())
        .find(|&end| !text[end..].chars().next().is_some_and(char::is_alphanumeric))
}

fn normalize<O: Out>(text: &str, sink: &mut Sink<'_, O>) {
    let mut i = 0;
    while let Some(ch) = text[i..].chars().next() {
        if sink.full() {
            return;
        }
        if ch.is_whitespace() {
            sink.space = true;
            i += ch.len_utf8();
            continue;
        }
        if let Some(end) = quoted_end(text, i) {
            sink.put("<str>");
            i = end;
            continue;
        }
        // A word: up to whitespace or a quote that opens a string.
        let mut j = i + ch.len_utf8();
        while let Some(c) = text[j..].chars().next() {
            if c.is_whitespace() || quoted_end(text, j).is_some() {
                break;
            }
            j += c.len_utf8();
        }
        word(&text[i..j], sink);
        i = j;
    }
}

/// Punctuation that may close a URL's or an address's sentence rather than belong to it.
fn trailing(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '>' | '"' | '\'')
}

/// One word (no whitespace): URLs and e-mail addresses, then tokens.
fn word<O: Out>(w: &str, sink: &mut Sink<'_, O>) {
    if let Some(p) = w.find("://") {
        let scheme = w[..p]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
            .last()
            .map(|(i, _)| i);
        if let Some(start) = scheme.filter(|&s| w[s..].starts_with(|c: char| c.is_ascii_alphabetic())) {
            let end = w.trim_end_matches(trailing).len().max(p + 3);
            tokens(&w[..start], sink);
            sink.put("<url>");
            tokens(&w[end..], sink);
            return;
        }
    }
    if let Some(at) = w.find('@') {
        let local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
        let start = w[..at].char_indices().rev().take_while(|&(_, c)| local(c)).last().map(|(i, _)| i);
        let domain_len = w[at + 1..].find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-')));
        let domain = &w[at + 1..at + 1 + domain_len.unwrap_or(w.len() - at - 1)];
        let domain = domain.trim_end_matches('.');
        let dotted = domain.split('.').count() >= 2 && domain.split('.').all(|part| !part.is_empty());
        if let (Some(start), true) = (start, dotted) {
            let end = at + 1 + domain.len();
            tokens(&w[..start], sink);
            sink.put("<email>");
            word(&w[end..], sink);
            return;
        }
    }
    tokens(w, sink);
}

fn token_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Tokens and the punctuation between them.
fn tokens<O: Out>(text: &str, sink: &mut Sink<'_, O>) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = if token_char(c) {
            rest.find(|c: char| !token_char(c)).unwrap_or(rest.len())
        } else {
            rest.find(token_char).unwrap_or(rest.len())
        };
        let (part, tail) = rest.split_at(len);
        if token_char(c) {
            sink.put(volatile(part).unwrap_or(part));
        } else {
            sink.put(part);
        }
        rest = tail;
    }
}

/// The placeholder for a token that varies per event, if it is one.
fn volatile(token: &str) -> Option<&'static str> {
    if is_uuid(token) {
        return Some("<uuid>");
    }
    let bytes = token.as_bytes();
    let digit = bytes.iter().any(u8::is_ascii_digit);
    let hex = bytes.iter().all(|b| b.is_ascii_hexdigit() || *b == b'-')
        && bytes.iter().filter(|b| b.is_ascii_hexdigit()).count() >= 8;
    (digit || hex || token.chars().count() >= 32).then_some("#")
}

/// 8-4-4-4-12 hex digits.
fn is_uuid(token: &str) -> bool {
    let b = token.as_bytes();
    b.len() == 36
        && b.iter()
            .enumerate()
            .all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { *c == b'-' } else { c.is_ascii_hexdigit() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn itoa_writes_every_sign_and_size() {
        for n in [0, 7, -7, 10, 1006, -1, i64::MIN, i64::MAX] {
            assert_eq!(itoa(n, &mut [0; 20]), n.to_string());
        }
    }

    #[test]
    fn hashed_key_is_the_normalised_text() {
        let mut hashed = FnvOut(OFFSET_BASIS);
        normalize("Room 12 is FULL", &mut Sink::new(&mut hashed));
        assert_eq!(hashed.0, fnv1a64(b"room # is full"));
    }
}
