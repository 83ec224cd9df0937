//! How an [`Observation`] resolves to a [`Verdict`]: the matching rules, in order, in one place.
//!
//! 1. The provider and platform: given, or detected from the shape (`payload.rs`) or the text (`text.rs`).
//! 2. An exact name, reason or message beats a number; a number is read in its provider, platform and domain;
//!    then an event title, Engine.IO shapes, fixed message prefixes, a bare HTTP status.
//! 3. Refinement: a broad key narrowed by what came with it (the message, an HTTP status, an Engine.IO body
//!    code, a WebSocket close code, a cause in a `description`).
//! 4. Free text: catalogue keys and known SDK messages found inside the text (`scan.rs`).
//! 5. Several readings left: ambiguous, with the advice every reading shares; none: the fallback.
//!
//! Generic words (`error`, `close`, `timeout`, ...) are keys only where an SDK puts them in a field of their
//! own (a reason, an event, a Socket.IO message when the provider is known), never when read out of a text.

use crate::entry::Entry;
use crate::lookup::{lookup, refinements_of, several_readings, Classification, Key, Scope};
use crate::observation::{Confidence, MatchedBy, Observation, Verdict, MAX_CANDIDATES};
use crate::taxonomy::{Category, Domain, Platform, Provider};

/// The catalogue keys the rules below name. A test checks each is in the catalogue.
pub(crate) mod keys {
    #[cfg(test)]
    use crate::taxonomy::{Domain, Platform, Provider};

    /// Socket.IO transport error messages whose meaning depends on the HTTP status or cause behind them.
    pub const TRANSPORT_ERRORS: &[&str] = &[
        "xhr poll error",
        "xhr post error",
        "fetch read error",
        "fetch write error",
        "websocket error",
        "transport error",
    ];
    /// The Socket.IO client's disconnect reason whose WebSocket close code says more.
    pub const TRANSPORT_CLOSE: &str = "transport close";
    /// A server middleware refusal (`next(new Error(...))`) as the client sees it.
    pub const CONNECT_ERROR: &str = "CONNECT_ERROR";
    /// The generic transport error, for a TransportError whose message was lost.
    pub const TRANSPORT_ERROR: &str = "transport error";
    /// The Engine.IO code of a refused upgrade with a custom text body (allowRequest refusal).
    pub const ENGINE_IO_FORBIDDEN_CODE: i64 = 4;

    /// Every (provider, platform, domain, key) above, for the test that they exist.
    #[cfg(test)]
    pub const ALL: &[(Provider, Platform, Option<Domain>, &str)] = &[
        (Provider::SocketIo, Platform::Client, None, "xhr poll error"),
        (Provider::SocketIo, Platform::Client, None, "xhr post error"),
        (Provider::SocketIo, Platform::Client, None, "fetch read error"),
        (Provider::SocketIo, Platform::Client, None, "fetch write error"),
        (Provider::SocketIo, Platform::Client, None, "websocket error"),
        (Provider::SocketIo, Platform::Client, None, TRANSPORT_ERROR),
        (Provider::SocketIo, Platform::Client, None, TRANSPORT_CLOSE),
        (Provider::SocketIo, Platform::Client, None, CONNECT_ERROR),
        (Provider::SocketIo, Platform::Server, Some(Domain::EngineIo), "4"),
    ];
}

/// Words that are ordinary in upper case too (`UNDEFINED` is what `String(undefined)` logs in capitals).
const GENERIC_CAPITALS: &[&str] = &["ERROR", "UNDEFINED", "UNKNOWN", "NONE", "OTHER", "FATAL", "WARNING", "FAILED"];

/// A key that is an ordinary word (`error`, `close`, `timeout`, `Unknown`, `Forbidden`, `UNDEFINED`): one
/// token of letters, not camelCase, no `_`. Such keys name an entry only from a field of their own.
pub(crate) fn is_generic(key: &str) -> bool {
    let mut chars = key.chars();
    let Some(first) = chars.next() else { return true };
    let rest = chars.as_str();
    first.is_ascii_alphabetic() && rest.chars().all(|c| c.is_ascii_lowercase()) && !rest.is_empty()
        || GENERIC_CAPITALS.iter().any(|w| w.eq_ignore_ascii_case(key) && key.chars().all(|c| c.is_ascii_uppercase()))
}

/// Words that say nothing about which SDK or error a phrase comes from.
const COMMON_WORDS: &[&str] = &[
    "a",
    "abnormal",
    "accepted",
    "ack",
    "again",
    "already",
    "an",
    "away",
    "bad",
    "big",
    "by",
    "canceled",
    "cannot",
    "client",
    "closure",
    "connect",
    "connected",
    "connection",
    "content",
    "could",
    "disconnect",
    "disconnected",
    "down",
    "error",
    "event",
    "failed",
    "for",
    "found",
    "gateway",
    "going",
    "got",
    "handshake",
    "has",
    "in",
    "internal",
    "invalid",
    "is",
    "large",
    "later",
    "length",
    "lost",
    "manual",
    "message",
    "method",
    "migration",
    "mismatch",
    "name",
    "network",
    "no",
    "normal",
    "not",
    "of",
    "operation",
    "origin",
    "out",
    "parse",
    "payload",
    "protocols",
    "rcvd",
    "reached",
    "received",
    "reconnect",
    "request",
    "required",
    "restart",
    "server",
    "service",
    "session",
    "shutting",
    "status",
    "switching",
    "task",
    "the",
    "timed",
    "timeout",
    "to",
    "too",
    "try",
    "type",
    "unable",
    "unknown",
    "upgrade",
    "was",
];

/// A phrase of only common words (`Unable to connect`, `Connection error`, `Bad Request`): a key when it is the
/// whole field or text, but never found inside a longer text, where it is just English.
pub(crate) fn is_common_phrase(key: &str) -> bool {
    let mut words =
        key.split(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ':' | '!')).filter(|w| !w.is_empty());
    words.all(is_common_word)
}

/// Whether `word` is one of [`COMMON_WORDS`], ignoring ASCII case (a binary search: the list is sorted).
fn is_common_word(word: &str) -> bool {
    let mut folded = [0u8; 16];
    let Some(buf) = folded.get_mut(..word.len()) else { return false };
    buf.copy_from_slice(word.as_bytes());
    buf.make_ascii_lowercase();
    COMMON_WORDS.binary_search_by(|c| c.as_bytes().cmp(buf)).is_ok()
}

pub(crate) fn resolve(o: &Observation<'_>) -> Verdict {
    let scope = Scope { provider: o.provider, platform: o.platform, domain: o.domain };
    let (mut matched_by, mut found) = first_match(o, scope);
    let mut confidence = match matched_by {
        MatchedBy::Name | MatchedBy::Code | MatchedBy::CodePlatform => Confidence::Exact,
        _ => Confidence::Inferred,
    };
    // A key read as a message prefix (`Connection Error: ...`) gives way to a longer key inside the same text
    // (`... was not upgraded to websocket`): the longer match is the more specific one.
    if matched_by == MatchedBy::Message {
        if let Some(text) = o.text.or(o.message) {
            let folded = text.to_ascii_lowercase();
            let prefix_len = found
                .iter()
                .flat_map(|e| e.string_keys())
                .filter(|k| folded.contains(&k.to_ascii_lowercase()))
                .map(str::len)
                .max()
                .unwrap_or(0);
            let taken = found.clone();
            let js = Scope { platform: Some(Platform::Client), ..scope };
            let longer = crate::scan::search(
                text,
                |e| scope.admits(e, Key::Name("")) || is_port(scope.platform) && js.admits(e, Key::Name("")),
                |e| taken.iter().any(|t| std::ptr::eq(*t, e)),
            );
            if let Some(longer) = longer.filter(|f| f.len > prefix_len) {
                found = longer.entries;
                matched_by = MatchedBy::Text;
            }
        }
    }
    // The other Socket.IO clients are ports of the JavaScript one and reuse its strings: a string the port's
    // own entries lack is read as the JavaScript client's, as an inference.
    if found.is_empty() && is_port(o.platform) {
        let js = Observation { platform: Some(Platform::Client), ..*o };
        (matched_by, found) = first_match(&js, Scope { platform: Some(Platform::Client), ..scope });
        confidence = Confidence::Inferred;
    }
    if found.is_empty() {
        if let Some(text) = o.text.or(o.message) {
            found = crate::scan::find(text, scope);
            if found.is_empty() && is_port(o.platform) {
                found = crate::scan::find(text, Scope { platform: Some(Platform::Client), ..scope });
            }
            matched_by = MatchedBy::Text;
            confidence = Confidence::Inferred;
        }
    }
    if found.is_empty() {
        return Verdict {
            classification: Classification::unknown(o.provider),
            matched_by: MatchedBy::Fallback,
            confidence: Confidence::Unknown,
            ambiguous: false,
            candidates: Vec::new(),
        };
    }
    // Text wrapped the way JavaScript prints errors (`Error: `, `Uncaught `) keeps the JavaScript SDKs'
    // readings when that settles it.
    if o.javascript && several_readings(found.iter().copied()) {
        let js: Vec<&'static Entry> = found.iter().copied().filter(|e| is_javascript(e)).collect();
        if !js.is_empty() && !several_readings(js.iter().copied()) {
            found = js;
            confidence = Confidence::Inferred;
        }
    }
    if several_readings(found.iter().copied()) {
        // The message may single one reading out (a refinement or a known message of one candidate).
        let mut singled: Vec<(MatchedBy, &'static Entry)> = found.iter().filter_map(|e| refine(o, e)).collect();
        singled.dedup_by(|a, b| std::ptr::eq(a.1, b.1));
        if let [(by, refined)] = singled.as_slice() {
            return one(refined, *by, Confidence::Refined);
        }
        return several(found, matched_by);
    }
    let chosen = found[0];
    if let Some((by, refined)) = refine(o, chosen) {
        return one(refined, by, Confidence::Refined);
    }
    // A broad key whose refined readings the input does not choose between: every reading counts.
    // No HTTP answer (status 0) rules out the readings that are HTTP answers.
    let answered = |e: &&'static Entry| {
        o.http_status != Some(0) || !matches!(e.domain, Some(Domain::HttpStatus | Domain::EngineIo))
    };
    let readings: Vec<&'static Entry> = std::iter::once(chosen)
        .chain(refinements_of(chosen))
        .chain(chosen.readings().filter(answered))
        .take(MAX_CANDIDATES)
        .collect();
    if chosen.broad && readings.len() > 1 {
        return several(readings, matched_by);
    }
    // A text key that is an ordinary word, or a key read from a text wrapper, is inferred, not exact.
    if o.from_text && chosen.string_keys().any(is_generic) && matched_by == MatchedBy::Name {
        confidence = Confidence::Inferred;
    }
    one(chosen, matched_by, confidence)
}

/// A Socket.IO client other than the JavaScript one.
fn is_port(platform: Option<Platform>) -> bool {
    matches!(platform, Some(Platform::Java | Platform::Swift | Platform::Python | Platform::Dart | Platform::Dotnet))
}

/// Entries of the JavaScript SDKs: OpenTok.js, socket.io-client, the Cobrowse SDK.
fn is_javascript(e: &Entry) -> bool {
    matches!(e.platform, Some(Platform::Web | Platform::Client) | None)
}

/// The verdict for several readings: the advice they share, every one listed.
fn several(readings: Vec<&'static Entry>, matched_by: MatchedBy) -> Verdict {
    Verdict {
        classification: Classification::of_readings(readings.iter().copied()),
        matched_by,
        confidence: Confidence::Ambiguous,
        ambiguous: true,
        candidates: readings,
    }
}

fn one(entry: &'static Entry, matched_by: MatchedBy, confidence: Confidence) -> Verdict {
    Verdict {
        classification: Classification::from_entry(entry),
        matched_by,
        confidence,
        ambiguous: false,
        candidates: Vec::new(),
    }
}

/// The first key that finds anything, in rule order, with everything it finds (refined readings left out).
fn first_match(o: &Observation<'_>, scope: Scope) -> (MatchedBy, Vec<&'static Entry>) {
    let socketio = scope.provider == Some(Provider::SocketIo);
    let server = Scope { platform: Some(Platform::Server), domain: None, ..scope };
    let code_by =
        if scope.platform.is_some() || scope.domain.is_some() { MatchedBy::CodePlatform } else { MatchedBy::Code };

    // 1. Exact names beat numbers. An ordinary word counts from a name or reason field, and from a message
    //    only when the provider is known (socket.io-client's connect timeout is the message `timeout`).
    let message_key = o.message.filter(|m| !is_generic(m) || scope.provider.is_some());
    // A logged message may have lost, or gained, its closing full stop.
    let unstopped = message_key.map(|m| m.trim_end_matches('.')).filter(|m| Some(*m) != message_key && !m.is_empty());
    let names = [o.name, o.reason, message_key, unstopped]
        .into_iter()
        .flatten()
        .filter(|n| !o.from_text || !is_generic(n) || scope.provider.is_some())
        .map(|n| (MatchedBy::Name, scope, Key::Name(n)));
    // Engine.IO's own answers (`{"code":1,"message":"Session ID unknown"}`) reach every client, whatever its
    // platform: their message is a key in the server's engine_io domain.
    let engine_io = o
        .message
        .filter(|_| socketio && scope.platform != Some(Platform::Server))
        .map(|m| (MatchedBy::Name, server.narrow_domain(Domain::EngineIo), Key::Name(m)));
    // 2. The number in its provider, platform and domain; then an event title.
    let code = o.code.map(|c| (code_by, scope, Key::Code(c)));
    let title = o.title.map(|t| (MatchedBy::Name, scope, Key::Name(t)));
    // 3. Engine.IO shapes: a body code; a refused upgrade whose text body is none of Engine.IO's own messages
    //    (the custom text of an allowRequest refusal); a middleware refusal (`data`, or a connect_error whose
    //    message is no catalogue key).
    let body = o
        .body_code
        .filter(|_| socketio)
        .map(|c| (MatchedBy::HttpStatus, server.narrow_domain(Domain::EngineIo), Key::Code(c)));
    let refused_upgrade = (socketio && o.from_http_body && o.http_status == Some(400) && o.message.is_some())
        .then_some((
            MatchedBy::Shape,
            server.narrow_domain(Domain::EngineIo),
            Key::Code(keys::ENGINE_IO_FORBIDDEN_CODE),
        ));
    let connect_error = o.operation == Some("connect_error") && !o.transport_error && o.http_status.is_none();
    let refusal = (socketio && (o.has_data || connect_error) && o.message.is_some()).then_some((
        MatchedBy::Shape,
        scope.narrow_platform(scope.platform.unwrap_or(Platform::Client)),
        Key::Name(keys::CONNECT_ERROR),
    ));
    // A TransportError whose message was lost in serialisation (JSON.stringify drops it): the generic
    // transport error, which the HTTP status then refines.
    let transport = o.transport_error.then_some((
        MatchedBy::Shape,
        scope.narrow_platform(Platform::Client),
        Key::Name(keys::TRANSPORT_ERROR),
    ));
    // 4. Fixed prefixes of messages (`unknown packet type 9`), then a bare HTTP status.
    let prefixed = [o.message, o.reason, o.detail]
        .into_iter()
        .flatten()
        .flat_map(prefixes)
        .map(|p| (MatchedBy::Message, scope, Key::Name(p)));
    let status = o
        .http_status
        .filter(|s| socketio && *s != 0)
        .map(|s| (MatchedBy::HttpStatus, server.narrow_domain(Domain::HttpStatus), Key::Code(s)));

    names
        .chain(code)
        .chain(engine_io)
        .chain(title)
        .chain(body)
        .chain(refused_upgrade)
        .chain(prefixed)
        .chain(refusal)
        .chain(transport)
        .chain(status)
        .find_map(|(by, scope, key)| {
            let found = collect(lookup(scope, key));
            (!found.is_empty()).then_some((by, found))
        })
        .unwrap_or((MatchedBy::Fallback, Vec::new()))
}

/// Longest first: the prefixes of `text` that end before a space or colon, e.g. `unknown packet type`
/// for `unknown packet type 9`. Ordinary words are never a prefix key. Bounded: at most [`MAX_PREFIXES`]
/// cuts within the first 256 bytes.
pub(crate) fn prefixes(text: &str) -> impl Iterator<Item = &str> {
    let head = match text.char_indices().nth(256) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    // A prefix is a phrase of common words unless it reaches the end of the first uncommon word: found once,
    // instead of testing every prefix's words ([`is_common_phrase`]).
    let uncommon_end = first_uncommon_word_end(head);
    head.char_indices()
        .rev()
        .filter(|(_, c)| *c == ' ' || *c == ':')
        .filter(move |(i, _)| *i >= uncommon_end)
        .map(move |(i, _)| head[..i].trim_end_matches([' ', ':']))
        .filter(|p| p.len() >= 4 && !is_generic(p))
        .take(MAX_PREFIXES)
}

/// Where the first word of `text` that is not a common word ends (words as [`is_common_phrase`] splits
/// them); past the end when every word is common.
fn first_uncommon_word_end(text: &str) -> usize {
    let separator = |c: char| c.is_whitespace() || matches!(c, '.' | ',' | ':' | '!');
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (separator(c), start) {
            (true, Some(from)) => {
                if !is_common_word(&text[from..i]) {
                    return i;
                }
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    usize::MAX
}

/// Most message prefixes tried.
const MAX_PREFIXES: usize = 12;

/// Collect matches, refined readings left out, keeping at most [`MAX_CANDIDATES`].
fn collect(matches: impl Iterator<Item = &'static Entry>) -> Vec<&'static Entry> {
    matches.filter(|e| !e.is_refinement()).take(MAX_CANDIDATES).collect()
}

/// Whether `haystack` contains `needle`, ignoring ASCII case (`needle` is short; the haystack is bounded).
pub(crate) fn contains_folded(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() || n.len() > h.len() {
        return n.is_empty();
    }
    let h = &h[..h.len().min(8192)];
    h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// A refined reading of `chosen` selected by the message or title (`when_message` in the data): the one whose
/// matching substring is longest (`publisher access denied` over `getUserMedia error:`).
fn by_message(o: &Observation<'_>, chosen: &'static Entry) -> Option<&'static Entry> {
    let texts = [o.message, o.title, o.detail, o.text];
    let matched = |e: &'static Entry| {
        e.when_message.iter().filter(|w| texts.iter().flatten().any(|t| contains_folded(t, w))).map(|w| w.len()).max()
    };
    refinements_of(chosen).filter_map(|e| matched(e).map(|len| (len, e))).max_by_key(|(len, _)| *len).map(|(_, e)| e)
}

/// Refinements: `when_message` readings (OpenTok.js's "Publisher Access Denied:" 1500 among them), and what
/// stands behind Socket.IO transport errors (a cause in the description, the Engine.IO body code, the HTTP
/// status, the WebSocket close code).
fn refine(o: &Observation<'_>, chosen: &'static Entry) -> Option<(MatchedBy, &'static Entry)> {
    if let Some(refined) = by_message(o, chosen) {
        return Some((MatchedBy::Message, refined));
    }
    match chosen.provider {
        Provider::SocketIo => {
            let name = chosen.name?;
            // A WebSocket close code says why the connection closed (1009: message too big, ...).
            if name == keys::TRANSPORT_CLOSE {
                let code = o.close_code?;
                let scope = Scope {
                    provider: Some(Provider::SocketIo),
                    platform: Some(Platform::Client),
                    domain: Some(Domain::SocketClose),
                };
                // Clean closes (1000, 1001, 1005...) say nothing the reason does not: keep the reason.
                return lookup(scope, Key::Code(code))
                    .next()
                    .filter(|e| e.category != Category::Closed)
                    .map(|e| (MatchedBy::Code, e));
            }
            if !keys::TRANSPORT_ERRORS.contains(&name) {
                return None;
            }
            // The `description` names the cause: `RangeError: Max payload size exceeded` (server),
            // `Error: getaddrinfo ENOTFOUND host` (Node), ...
            if let Some(detail) = o.detail.or(o.text) {
                let scope = Scope { provider: Some(Provider::SocketIo), platform: chosen.platform, domain: None };
                let exact = std::iter::once(detail)
                    .chain(prefixes(detail))
                    .chain(detail.rsplit_once(": ").map(|(_, tail)| tail))
                    .filter(|t| !is_generic(t))
                    .find_map(|t| lookup(scope, Key::Name(t)).find(|e| !e.is_refinement()));
                let found = exact.or_else(|| {
                    // Causes are the runtime's errors (client entries) and the server's answers; the
                    // transport error's own words are passed over.
                    let found = crate::scan::search(
                        detail,
                        |e| {
                            e.provider == Provider::SocketIo
                                && matches!(e.platform, Some(Platform::Client | Platform::Server))
                        },
                        |e| e.name.is_some_and(|n| keys::TRANSPORT_ERRORS.contains(&n)),
                    )
                    .map_or_else(Vec::new, |f| f.entries);
                    (!several_readings(found.iter().copied())).then(|| found.first().copied()).flatten()
                });
                if let Some(e) = found.filter(|e| !std::ptr::eq(*e, chosen)) {
                    return Some((MatchedBy::Message, e));
                }
            }
            let server = Scope::platform(Platform::Server);
            if let Some(code) = o.body_code {
                if let Some(e) = lookup(server.narrow_domain(Domain::EngineIo), Key::Code(code)).next() {
                    return Some((MatchedBy::HttpStatus, e));
                }
            }
            match o.http_status {
                None | Some(0) | Some(200) => None,
                Some(status) => lookup(server.narrow_domain(Domain::HttpStatus), Key::Code(status))
                    .next()
                    .map(|e| (MatchedBy::HttpStatus, e)),
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_rules_name_is_in_the_catalogue() {
        for (provider, platform, domain, key) in keys::ALL {
            let scope = Scope { provider: Some(*provider), platform: Some(*platform), domain: *domain };
            assert!(lookup(scope, Key::parse(key)).next().is_some(), "{provider} {platform} {domain:?} {key}");
        }
        for key in keys::TRANSPORT_ERRORS {
            assert!(keys::ALL.iter().any(|(_, _, _, k)| k == key), "{key} is listed in keys::ALL");
        }
    }

    #[test]
    fn generic_words_are_told_from_keys() {
        for word in ["error", "Error", "close", "timeout", "Unknown", "Forbidden", "UNDEFINED", "exception"] {
            assert!(is_generic(word), "{word}");
        }
        for key in ["xhr poll error", "OT_CANCEL", "accessDenied", "ENOTFOUND", "transport close", "connect_error"] {
            assert!(!is_generic(key), "{key}");
        }
    }

    #[test]
    fn common_phrases_are_told_from_sdk_phrases() {
        for phrase in ["Unable to connect", "Connection error", "Bad Request", "A task was canceled.", "server error"] {
            assert!(is_common_phrase(phrase), "{phrase}");
        }
        for key in ["xhr poll error", "io server disconnect", "ping timeout", "Session ID unknown", "ECONNREFUSED"] {
            assert!(!is_common_phrase(key), "{key}");
        }
    }

    #[test]
    fn common_words_are_sorted_lowercase_and_short() {
        assert!(COMMON_WORDS.windows(2).all(|w| w[0] < w[1]), "sorted, without repeats");
        assert!(COMMON_WORDS.iter().all(|w| w.len() <= 16 && *w == w.to_ascii_lowercase()));
        for w in COMMON_WORDS {
            assert!(is_common_word(w) && is_common_word(&w.to_ascii_uppercase()), "{w}");
        }
        assert!(!is_common_word("transport") && !is_common_word("") && !is_common_word("connectionconnection"));
    }

    /// The prefixes are those of the plain rule: every cut, longest first, that is no common phrase.
    #[test]
    fn prefixes_skip_exactly_the_common_phrases() {
        fn plain(text: &str) -> Vec<&str> {
            let head = match text.char_indices().nth(256) {
                Some((i, _)) => &text[..i],
                None => text,
            };
            head.char_indices()
                .rev()
                .filter(|(_, c)| *c == ' ' || *c == ':')
                .map(|(i, _)| head[..i].trim_end_matches([' ', ':']))
                .filter(|p| p.len() >= 4 && !is_generic(p) && !is_common_phrase(p))
                .take(MAX_PREFIXES)
                .collect()
        }
        let mut texts: Vec<String> = crate::catalogue::entries()
            .iter()
            .flat_map(|e| e.string_keys().chain(e.messages.iter().copied()))
            .map(|k| format!("{k}: something 42 more"))
            .collect();
        texts.extend(
            ["Unable to connect: timeout", "Connection error: bad request. was upgrade", " : :: a", "", "é: ü x:y"]
                .map(String::from),
        );
        texts.push("word ".repeat(80));
        for text in &texts {
            assert_eq!(prefixes(text).collect::<Vec<_>>(), plain(text), "{text:?}");
        }
    }

    #[test]
    fn folded_contains() {
        assert!(contains_folded("Token EXPIRED at noon", "expired"));
        assert!(!contains_folded("expire", "expired"));
        assert!(contains_folded("abc", ""));
    }
}
