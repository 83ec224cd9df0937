//! Reading an error text (what apps log: `String(err)`, an exception's `toString()`, an `NSError`
//! description, a logcat line) into an [`Observation`].
//!
//! Layers are peeled from the front, each at most once per pass: a byte-order mark; log prefixes (logcat
//! `E/Tag( 123): `, Flutter's `I/flutter ( 123): `, timestamps, `[ERROR]`, Python's `ERROR:socketio.client:`,
//! Socket.IO Swift's `SocketEngine: `); JavaScript's `Uncaught `, `Uncaught (in promise) `,
//! `Unhandled Rejection (NAME): `; exception class names (`io.socket.engineio.client.EngineIOException: `,
//! `socketio.exceptions.ConnectionError: `, `Error: `), which say which SDK raised it but are never a key
//! themselves; a Socket.IO event name (`connect_error: `); a `NAME: message` pair whose name is an SDK
//! constant. Then `NSError` forms (`Error Domain=X Code=N "msg"`, `(X error N.)`), `errorDomain=`/`errorCode=`
//! pairs and a trailing `(1004)` give domain and code. What is left is the message.

use crate::lookup::Scope;
use crate::observation::{parse_domain, platform_of_domain};
use crate::observation::{Observation, Verdict};
use crate::rules::is_generic;
use crate::scan::MAX_SCAN_BYTES;
use crate::taxonomy::{Platform, Provider};

/// Classify an error text as an app logged it. Never fails; text with nothing errcat knows is `unknown`.
///
/// ```
/// use errcat::{classify_text, Category, Confidence, Retry};
///
/// // The Java client's wrapper says which SDK; `xhr poll error` alone does not say why: several readings.
/// let v = classify_text("io.socket.engineio.client.EngineIOException: xhr poll error");
/// assert_eq!(v.confidence, Confidence::Ambiguous);
/// assert!(v.candidates.iter().any(|e| e.name == Some("ECONNREFUSED")));
///
/// let v = classify_text("Error: xhr poll error (connect ECONNREFUSED 10.0.0.7:3000)");
/// assert_eq!((v.classification.category, v.classification.retry), (Category::Network, Retry::Automatic));
///
/// let v = classify_text(r#"Error Domain=OTSessionErrorDomain Code=1004 "Token has expired" UserInfo={}"#);
/// assert_eq!(v.classification.retry, Retry::RefreshCredentials);
///
/// // A wrapper word is never the key.
/// let v = classify_text("Error: something went wrong");
/// assert_eq!(v.confidence, Confidence::Unknown);
/// ```
pub fn classify_text(text: &str) -> Verdict {
    classify_text_in(Scope::ANY, text)
}

/// Classify an error text with what the caller knows: the provider and platform in `scope` override what
/// the text suggests (an app knows which SDK's handler it is in).
///
/// ```
/// use errcat::{classify_text_in, Platform, Provider, Scope};
///
/// let scope = Scope::platform(Platform::Client);
/// let v = classify_text_in(scope, "Error: timeout");
/// assert_eq!(v.classification.entry.unwrap().name, Some("timeout"));
/// ```
pub fn classify_text_in(scope: Scope, text: &str) -> Verdict {
    classify_text_with(scope, text, |verdict, _| verdict.clone())
}

/// [`classify_text_in`], handing the verdict and the observation it came from to `f` (bindings print the
/// record, [`VerdictReport`](crate::VerdictReport), which needs both).
#[doc(hidden)]
pub fn classify_text_with<R>(scope: Scope, text: &str, f: impl FnOnce(&Verdict, &Observation<'_>) -> R) -> R {
    // A JSON error object inside the text (`GET /socket.io/... 400 {"code":0,"message":"Transport unknown"}`,
    // a logged `JSON.stringify(err)`) says more than the words around it.
    #[cfg(feature = "json")]
    if let Some((verdict, observation)) = embedded_payload(text).as_ref().and_then(|v| known_embedded(v, scope)) {
        return f(&verdict, &observation);
    }
    let mut o = read_text(text);
    apply(&mut o, scope);
    f(&o.classify(), &o)
}

/// The caller's provider, platform and domain over what the text suggested.
fn apply(o: &mut Observation<'_>, scope: Scope) {
    if scope.provider.is_some_and(|p| o.provider != Some(p)) {
        o.provider = scope.provider;
        o.platform = None;
    }
    o.platform = scope.platform.or(o.platform);
    o.domain = scope.domain.or(o.domain);
}

/// The span from the first `{` to the last `}` of a text, when there is one of a readable size.
#[cfg(feature = "json")]
pub(crate) fn embedded_json(text: &str) -> Option<&str> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    text.get(start..=end).filter(|c| c.len() <= MAX_SCAN_BYTES)
}

/// The JSON object inside a text ([`embedded_json`]), parsed, when it is JSON.
#[cfg(feature = "json")]
pub(crate) fn embedded_payload(text: &str) -> Option<crate::json::Json<'_>> {
    crate::json::parse(embedded_json(text)?).ok()
}

/// An embedded payload read as a text's (`from_text`) within `scope`, with its verdict, when it names something
/// known; otherwise the words around it say more.
#[cfg(feature = "json")]
pub(crate) fn known_embedded<'a>(value: &'a crate::json::Json<'a>, scope: Scope) -> Option<(Verdict, Observation<'a>)> {
    let mut observation = crate::payload::observe_json(value).ok()?;
    observation.from_text = true;
    apply(&mut observation, scope);
    let verdict = observation.classify();
    verdict.classification.known.then_some((verdict, observation))
}

/// Read an error text into an observation: provider, platform, domain, name, code and message where the
/// text holds them (see the module docs for the forms). The whole text is kept in `text` for the search
/// of catalogue keys and known messages inside it.
///
/// ```
/// use errcat::{read_text, Domain, Platform, Provider};
///
/// let o = read_text("The operation couldn’t be completed. (OTSessionErrorDomain error 1004.)");
/// assert_eq!((o.provider, o.platform, o.domain, o.code), (Some(Provider::Vonage), Some(Platform::Ios), Some(Domain::Session), Some(1004)));
///
/// let o = read_text("Uncaught (in promise) OT_NOT_CONNECTED: Session is not connected");
/// assert_eq!(o.name, Some("OT_NOT_CONNECTED"));
/// assert_eq!(o.message, Some("Session is not connected"));
/// ```
pub fn read_text(text: &str) -> Observation<'_> {
    let mut end = text.len().min(MAX_SCAN_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let whole = text[..end].trim_start_matches('\u{feff}').trim();
    let mut o = Observation::new();
    o.from_text = true;
    o.text = Some(whole).filter(|t| !t.is_empty());
    if let Ok(code) = whole.parse::<i64>() {
        o.code = Some(code);
        return o;
    }
    // A Python traceback ends with the exception line; other stack traces start with it.
    let mut t = match whole.strip_prefix("Traceback (most recent call last):") {
        Some(rest) => rest.lines().map(str::trim).rfind(|l| !l.is_empty() && !l.starts_with("File ")).unwrap_or(rest),
        None => whole,
    };
    for _ in 0..12 {
        let before = t;
        t = peel(t, &mut o).trim_start();
        if t.len() == before.len() {
            break;
        }
    }
    if let Some(rest) = nserror(t, &mut o) {
        t = rest;
    }
    if let Some(rest) = exception_event(t, &mut o) {
        t = rest;
    }
    if let Some(rest) = swift_event_data(t, &mut o) {
        t = rest;
    }
    key_values(t, &mut o);
    if o.code.is_none() {
        if let Some((rest, code)) = trailing_code(t) {
            o.code = Some(code);
            t = rest;
        }
    }
    // The message is the first line left (a stack trace or more log lines follow it); the whole text stays
    // in `text` for the search.
    let t = t.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    let t = t.trim_end_matches(';').trim();
    o.message = Some(t).filter(|m| !m.is_empty());
    detect(&mut o);
    o
}

/// Provider and platform from the names and domain read, when no wrapper said.
fn detect(o: &mut Observation<'_>) {
    if o.provider.is_none() {
        if let Some(name) = o.name {
            if name.starts_with("OTC_") {
                o.provider = Some(Provider::Vonage);
                o.platform = o.platform.or(Some(Platform::Linux));
            } else if name.starts_with("OT_") {
                o.provider = Some(Provider::Vonage);
                o.platform = o.platform.or(Some(Platform::Web));
            }
        }
    }
    if o.domain.is_some() && matches!(o.platform, Some(Platform::Ios | Platform::Android)) {
        o.provider = o.provider.or(Some(Provider::Vonage));
    }
}

/// Exception classes (and log tags) that say which SDK raised the error.
const CLASS_PREFIXES: &[(&str, Provider, Option<Platform>)] = &[
    ("io.socket.", Provider::SocketIo, Some(Platform::Java)),
    ("com.github.nkzawa.", Provider::SocketIo, Some(Platform::Java)),
    ("socketio.", Provider::SocketIo, Some(Platform::Python)),
    ("engineio.", Provider::SocketIo, Some(Platform::Python)),
    ("SocketIOClient.", Provider::SocketIo, Some(Platform::Dotnet)),
    ("SocketIO.", Provider::SocketIo, Some(Platform::Dotnet)),
    ("com.opentok.", Provider::Vonage, Some(Platform::Android)),
];

/// Log tags of Socket.IO Swift (`SocketEngine: `, `SocketIOClient{/}: `) and the .NET client's types.
const SWIFT_TAGS: &[&str] = &[
    "SocketIOClient",
    "SocketManager",
    "SocketEngine",
    "SocketParser",
    "SocketEnginePolling",
    "SocketEngineWebSocket",
];

/// Socket.IO event names apps print before the error (`connect_error: ...`).
const EVENTS: &[&str] = &[
    "connect_error",
    "connect_timeout",
    "reconnect_error",
    "reconnect_failed",
    "disconnect",
    "error",
    "connection_error",
    "onConnectError",
    "onError",
    "onDisconnect",
];

/// Prefixes crash reporters and runtimes put before an exception.
const CRASH_PREFIXES: &[&str] = &[
    "Fatal Exception: ",
    "Caused by: ",
    "Unhandled exception. ",
    "Unhandled exception: ",
    "Unhandled exception:",
    "Exception in thread ",
];

/// Peel one layer off the front of `t`, noting what it says in `o`.
fn peel<'a>(t: &'a str, o: &mut Observation<'a>) -> &'a str {
    let t = t.trim_start_matches('\u{feff}');
    // JavaScript's wrappers.
    for prefix in [
        "Uncaught (in promise) ",
        "Uncaught ",
        "(in promise) ",
        "Unhandled Promise Rejection: ",
        "Unhandled Rejection: ",
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            o.javascript = true;
            return rest;
        }
    }
    // Crash reporters and runtimes: `Fatal Exception: `, `Caused by: `, `Unhandled exception. `.
    for prefix in CRASH_PREFIXES {
        if let Some(rest) = t.strip_prefix(prefix) {
            // `Exception in thread "main" java.lang...`: skip the quoted thread name.
            return match rest.strip_prefix('"').and_then(|r| r.split_once("\" ")) {
                Some((_, after)) => after,
                None => rest,
            };
        }
    }
    if let Some(rest) = t.strip_prefix("Unhandled Rejection (") {
        if let Some((name, rest)) = rest.split_once("): ") {
            o.javascript = true;
            if !is_generic(name) && !name.contains(' ') {
                o.name = o.name.or(Some(name));
            }
            return rest;
        }
    }
    if let Some(rest) = log_prefix(t, o) {
        return rest;
    }
    // `Token: rest` where the token is a class, tag, event or constant.
    let Some((head, rest)) = split_head(t) else { return t };
    if let Some((_, provider, platform)) = CLASS_PREFIXES.iter().find(|(p, _, _)| head.starts_with(p)) {
        o.provider = o.provider.or(Some(*provider));
        o.platform = o.platform.or(*platform);
        return rest;
    }
    let bare = head.trim_end_matches("{/}").trim_end_matches('}');
    if SWIFT_TAGS.iter().any(|tag| bare == *tag || bare.starts_with(&format!("{tag}{{"))) {
        o.provider = o.provider.or(Some(Provider::SocketIo));
        o.platform = o.platform.or(Some(Platform::Swift));
        return rest;
    }
    if EVENTS.contains(&head) {
        o.operation = o.operation.or(Some(head));
        return rest;
    }
    if is_error_class(head) {
        // `Error: `, `TypeError: `, `Exception: `, `SocketException: `: the wrapper, never the key.
        if matches!(head, "Error" | "TypeError" | "RangeError" | "DOMException" | "OTError") {
            o.javascript = true;
        }
        return rest;
    }
    if is_constant(head) {
        o.name = o.name.or(Some(head));
        return rest;
    }
    t
}

/// `head: rest` when `head` is one token (letters, digits, `_`, `.`, `$`, `{`, `/`, `}`), up to 120 bytes; a
/// .NET `Class (997): ` keeps the class.
fn split_head(t: &str) -> Option<(&str, &str)> {
    let (head, rest) = t.split_once(':')?;
    let head = match head.split_once(" (") {
        Some((class, number)) if number.ends_with(')') && !class.contains(' ') => class,
        _ => head,
    };
    let ok = !head.is_empty()
        && head.len() <= 120
        && head.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$' | '{' | '/' | '}'));
    // `http://...` and `Code=1` are not heads.
    (ok && !rest.starts_with("//")).then(|| (head, rest.strip_prefix(' ').unwrap_or(rest)))
}

/// An exception or error class name: a dotted name whose last part is capitalised
/// (`java.net.SocketTimeoutException`, `socketio.exceptions.ConnectionError`), or a name ending in `Error` or
/// `Exception` (`TypeError`, `SocketException`).
fn is_error_class(head: &str) -> bool {
    let last = head.rsplit('.').next().unwrap_or(head);
    let capitalised = last.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && !last.contains('_');
    let dotted = head.contains('.') && head.split('.').all(|part| !part.is_empty());
    capitalised && (dotted || last.ends_with("Error") || last.ends_with("Exception"))
}

/// An SDK constant: upper case with `_` (`OT_NOT_CONNECTED`, `SESSION_JOIN_FAILED`).
fn is_constant(head: &str) -> bool {
    head.contains('_')
        && head.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && head.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// Log line prefixes: logcat (`E/Tag( 123): `, threadtime `12-01 10:00:00.000  123  456 E Tag: `), ISO and
/// bracketed timestamps, `[ERROR]`, `ERROR:logger:`, `LOG `/`ERROR ` before a Swift tag.
fn log_prefix<'a>(t: &'a str, o: &mut Observation<'a>) -> Option<&'a str> {
    let b = t.as_bytes();
    // logcat brief: `E/Tag( 1234): `, `I/flutter ( 1234): ` or `D/tag: `.
    if b.len() > 3 && b"VDIWEF".contains(&b[0]) && b[1] == b'/' {
        let (tag, close) = match t.find("): ") {
            Some(close) => (t[2..close].split('(').next().unwrap_or("").trim(), close + 3),
            None => {
                let colon = t.find(": ")?;
                (&t[2..colon], colon + 2)
            }
        };
        if tag.contains(' ') {
            return None;
        }
        if tag.eq_ignore_ascii_case("OpenTok") || tag.starts_with("OT") && tag.len() > 2 {
            o.provider = o.provider.or(Some(Provider::Vonage));
            o.platform = o.platform.or(Some(Platform::Android));
        }
        return Some(&t[close..]);
    }
    // Timestamps: `2024-05-01 10:00:00.123`, `2024-05-01T10:00:00Z`, `12-01 10:00:00.000`, `[...]`.
    let stamp_len = t.bytes().take_while(|c| c.is_ascii_digit() || b"-:.TZ+, ".contains(c)).count();
    if stamp_len >= 8 && t[..stamp_len].bytes().filter(u8::is_ascii_digit).count() >= 6 {
        let rest = &t[stamp_len..];
        // threadtime: pid, tid, level letter, tag.
        let rest = rest.trim_start();
        if let Some((level, tail)) = rest.split_once(' ') {
            if level.len() == 1 && "VDIWEF".contains(level) {
                return Some(tail.split_once(": ").map_or(tail, |(_, msg)| msg));
            }
        }
        return Some(rest);
    }
    if let Some(rest) = t.strip_prefix('[') {
        let close = rest.find(']')?;
        let inside = &rest[..close];
        if inside.len() <= 40 && !inside.contains('{') && !inside.contains('"') {
            return Some(&rest[close + 1..]);
        }
    }
    for level in ["ERROR", "WARNING", "WARN", "INFO", "DEBUG", "CRITICAL", "LOG", "FATAL", "error", "warn"] {
        if let Some(rest) = t.strip_prefix(level) {
            if let Some(logger) = rest.strip_prefix(':') {
                // Python logging: `ERROR:socketio.client:message`.
                let (name, msg) = logger.split_once(':')?;
                if name.starts_with("socketio") || name.starts_with("engineio") {
                    o.provider = o.provider.or(Some(Provider::SocketIo));
                    o.platform = o.platform.or(Some(Platform::Python));
                }
                return Some(msg);
            }
            if let Some(rest) = rest.strip_prefix(' ').or_else(|| rest.strip_prefix(" - ")) {
                return Some(rest);
            }
        }
    }
    None
}

/// `Error Domain=X Code=N "message" UserInfo={...}` and `... (X error N.)`: domain, code and message.
fn nserror<'a>(t: &'a str, o: &mut Observation<'a>) -> Option<&'a str> {
    if let Some(at) = t.find("Domain=") {
        let rest = &t[at + "Domain=".len()..];
        let (domain, rest) = rest.split_once(' ')?;
        let rest = rest.trim_start().strip_prefix("Code=")?;
        let digits = rest.bytes().take_while(|c| c.is_ascii_digit() || *c == b'-').count();
        let code: i64 = rest[..digits].parse().ok()?;
        set_domain(o, domain);
        o.code = Some(code);
        let rest = rest[digits..].trim_start();
        if let Some(quoted) = rest.strip_prefix('"') {
            if let Some(close) = quoted.find('"') {
                return Some(&quoted[..close]);
            }
        }
        return Some("");
    }
    // `The operation couldn’t be completed. (OTSessionErrorDomain error 1004.)`
    let open = t.rfind('(')?;
    let inner = t[open + 1..].trim_end().strip_suffix(')')?.trim_end_matches('.');
    let (domain, code) = inner.split_once(" error ")?;
    let code: i64 = code.trim().parse().ok()?;
    if domain.contains(' ') {
        return None;
    }
    set_domain(o, domain);
    o.code = Some(code);
    Some(t[..open].trim_end())
}

fn set_domain<'a>(o: &mut Observation<'a>, domain: &'a str) {
    o.domain = o.domain.or_else(|| parse_domain(domain));
    o.platform = o.platform.or_else(|| platform_of_domain(domain));
    if o.domain.is_some() && o.platform.is_some() {
        o.provider = o.provider.or(Some(Provider::Vonage));
    }
}

/// OpenTok.js's logged `exception` event: `OT.exception :: title: Unable to Publish (1500) msg: ...`.
fn exception_event<'a>(t: &'a str, o: &mut Observation<'a>) -> Option<&'a str> {
    let at = t.find("title: ")?;
    let rest = &t[at + "title: ".len()..];
    let (title, message) = rest.split_once(" msg: ").unwrap_or((rest, ""));
    let (title, code) = match trailing_code(title) {
        Some((title, code)) => (title.trim(), Some(code)),
        None => (title.trim(), None),
    };
    o.provider = o.provider.or(Some(Provider::Vonage));
    o.platform = o.platform.or(Some(Platform::Web));
    o.title = Some(title).filter(|t| !t.is_empty());
    o.code = o.code.or(code);
    Some(message.lines().next().unwrap_or(""))
}

/// Socket.IO Swift's log of an event: `Handling event: error with data: ["User info is invalid."]`.
fn swift_event_data<'a>(t: &'a str, o: &mut Observation<'a>) -> Option<&'a str> {
    let rest = t.strip_prefix("Handling event: ")?;
    let (event, data) = rest.split_once(" with data: ")?;
    o.operation = o.operation.or(Some(event.trim()));
    o.provider = o.provider.or(Some(Provider::SocketIo));
    o.platform = o.platform.or(Some(Platform::Swift));
    let data = data.trim().strip_prefix('[').unwrap_or(data);
    let data = data.split(']').next().unwrap_or(data).trim();
    Some(data.trim_matches('"'))
}

/// `errorDomain=SessionErrorDomain`, `errorCode=ConnectionFailed` / `errorCode=1006`, `code: 1004`.
fn key_values<'a>(t: &'a str, o: &mut Observation<'a>) {
    // Every key below holds `Domain` or `ode`: one search each rules most texts out.
    let domains = if t.contains("Domain") { ["errorDomain=", "errorDomain: ", "ErrorDomain="].as_slice() } else { &[] };
    for key in domains {
        if let Some(value) = value_after(t, key) {
            set_domain(o, value);
        }
    }
    let codes = if t.contains("ode") {
        ["errorCode=", "errorCode: ", "error_code=", "code=", "code: ", "Code="].as_slice()
    } else {
        &[]
    };
    for key in codes {
        if o.code.is_some() {
            break;
        }
        if let Some(value) = value_after(t, key) {
            match value.parse::<i64>() {
                Ok(code) => o.code = Some(code),
                Err(_) if key.starts_with("errorCode") && !is_generic(value) => o.name = o.name.or(Some(value)),
                Err(_) => {}
            }
        }
    }
}

/// The token after `key` (letters, digits, `_`, `-`).
fn value_after<'a>(t: &'a str, key: &str) -> Option<&'a str> {
    let at = t.find(key)?;
    if at > 0 && t.as_bytes()[at - 1].is_ascii_alphanumeric() {
        return None;
    }
    let rest = &t[at + key.len()..];
    let len = rest.bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-').count();
    Some(&rest[..len]).filter(|v| !v.is_empty())
}

/// A trailing `(1004)`, `(code 1004)` or `[1004]`: the text before it and the code.
fn trailing_code(t: &str) -> Option<(&str, i64)> {
    let t = t.trim_end().trim_end_matches('.');
    let (open, close) = if t.ends_with(')') { ('(', ')') } else { ('[', ']') };
    let inner_start = t.rfind(open)?;
    let inner = t[inner_start + 1..].strip_suffix(close)?;
    let digits = inner.trim().trim_start_matches("code").trim_start_matches([' ', ':', '=']);
    if !(3..=6).contains(&digits.len()) {
        return None;
    }
    let code: i64 = digits.parse().ok()?;
    Some((&t[..inner_start], code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Domain;

    #[test]
    fn peels_wrappers_down_to_the_message() {
        let o = read_text("I/flutter (12345): connect_error: xhr poll error");
        assert_eq!((o.message, o.operation), (Some("xhr poll error"), Some("connect_error")));
        let o = read_text("E/OpenTok( 1234): com.opentok.android.OpentokException: Session connect failed");
        assert_eq!((o.provider, o.platform), (Some(Provider::Vonage), Some(Platform::Android)));
        let o = read_text("socketio.exceptions.ConnectionError: Connection refused by the server");
        assert_eq!((o.platform, o.message), (Some(Platform::Python), Some("Connection refused by the server")));
        let o = read_text("\u{feff}Uncaught Error: websocket error");
        assert!(o.javascript);
        assert_eq!(o.message, Some("websocket error"));
    }

    #[test]
    fn stack_traces_and_crash_reports() {
        let o = read_text("Traceback (most recent call last):\n  File \"c.py\", line 3, in <module>\n    sio.connect(url)\nsocketio.exceptions.ConnectionError: One or more namespaces failed to connect");
        assert_eq!((o.platform, o.message), (Some(Platform::Python), Some("One or more namespaces failed to connect")));
        let o = read_text(
            "Fatal Exception: io.socket.engineio.client.EngineIOException: xhr poll error\n   at a.b(c.java:1)",
        );
        assert_eq!((o.platform, o.message), (Some(Platform::Java), Some("xhr poll error")));
        let o = read_text("Unhandled exception. System.Net.WebSockets.WebSocketException (997): The server returned status code '400'");
        assert_eq!(o.message, Some("The server returned status code '400'"));
        let o = read_text("D/opentok: [ERROR] otk_session.cpp:1 - failed");
        assert_eq!(o.message, Some("otk_session.cpp:1 - failed"));
    }

    #[test]
    fn reads_nserror_forms() {
        let o = read_text(
            r#"Error Domain=OTPublisherErrorDomain Code=1500 "Unable to publish" UserInfo={NSLocalizedDescription=x}"#,
        );
        assert_eq!((o.domain, o.code, o.message), (Some(Domain::Publisher), Some(1500), Some("Unable to publish")));
        let o = read_text("The operation couldn't be completed. (OTSubscriberErrorDomain error 1541.)");
        assert_eq!((o.domain, o.code, o.platform), (Some(Domain::Subscriber), Some(1541), Some(Platform::Ios)));
    }

    #[test]
    fn exception_events_and_swift_event_logs() {
        let o = read_text("OT.exception :: title: Unable to Publish (1500) msg: ICEWorkflow");
        assert_eq!((o.title, o.code, o.message), (Some("Unable to Publish"), Some(1500), Some("ICEWorkflow")));
        let o = read_text(r#"LOG SocketIOClient{/}: Handling event: error with data: ["User info is invalid."]"#);
        assert_eq!(
            (o.platform, o.operation, o.message),
            (Some(Platform::Swift), Some("error"), Some("User info is invalid."))
        );
        let v = classify_text(
            r#"GET http://h/socket.io/?EIO=3 400 (Bad Request) {"code":0,"message":"Transport unknown"}"#,
        );
        assert_eq!(v.classification.entry.and_then(|e| e.code), Some(0));
    }

    #[test]
    fn trailing_codes_and_key_values() {
        assert_eq!(read_text("Session connect failed (1006)").code, Some(1006));
        assert_eq!(read_text("call failed [code: 2001]").code, Some(2001));
        let o = read_text("OpentokError{errorDomain=SessionErrorDomain, errorCode=ConnectionFailed, message=x}");
        assert_eq!(
            (o.platform, o.domain, o.name),
            (Some(Platform::Android), Some(Domain::Session), Some("ConnectionFailed"))
        );
        assert_eq!(read_text("see http://host:8080/socket.io").code, None);
    }
}
