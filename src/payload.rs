//! Reading the error objects SDKs hand over (as JSON) into an [`Observation`].
//!
//! Shapes understood: OpenTok.js errors (`name`, `code`, `message`) and `exception` events (`code`,
//! `title`, `message`); iOS `NSError` (`domain`, `code`); Android `OpentokError` (`errorDomain`,
//! `errorCode` as number or enum name); Socket.IO `connect_error` (`message`, `type`, `description`,
//! `context`, `data`) and `disconnect` (`reason`, `details`); Engine.IO bodies (`{"code":1,"message":...}`)
//! and captured HTTP answers (`status`, `body`); Cobrowse `session_error` payloads (`code`, `errorMsg`).
//! Optional hints anywhere at the top: `provider`, `platform`, `domain`, `event`, `operation`. An object
//! whose error sits under `error`, `err` or `payload` is read there, with the top-level hints kept.

use serde_json::Value;
use thiserror::Error;

use crate::json::{self, Field, Json, Object};

use crate::observation::{parse_domain, platform_of_domain, Observation, Verdict};
use crate::taxonomy::{Domain, Platform, Provider};

/// Largest payload accepted, in bytes (one JSON Lines line). Larger input is rejected, not read.
pub const MAX_PAYLOAD_BYTES: usize = 1 << 20;

/// Why a payload could not be read.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PayloadError {
    /// Not JSON, or truncated.
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    /// JSON, but not an object.
    #[error("expected a JSON object (an error payload), found {0}")]
    NotAnObject(&'static str),
    /// Over [`MAX_PAYLOAD_BYTES`].
    #[error("payload is {0} bytes; the limit is {MAX_PAYLOAD_BYTES}")]
    TooLarge(usize),
    /// The bytes are not UTF-8.
    #[error("not valid UTF-8 (first bad byte at offset {0})")]
    InvalidUtf8(usize),
    /// An empty line.
    #[error("empty line: expected a JSON object")]
    Empty,
}

/// Classify one JSON payload (an SDK error object). Fails only when the input is not a JSON object.
///
/// ```
/// let v = errcat::classify_json(r#"{"message":"xhr poll error","type":"TransportError","description":403}"#).unwrap();
/// assert_eq!(v.classification.category, errcat::Category::Authorization);
/// assert_eq!(v.matched_by, errcat::MatchedBy::HttpStatus);
/// ```
///
/// # Errors
///
/// [`PayloadError`] when the text is empty, over [`MAX_PAYLOAD_BYTES`], not JSON, or JSON that is not an
/// object.
pub fn classify_json(text: &str) -> Result<Verdict, PayloadError> {
    if text.len() > MAX_PAYLOAD_BYTES {
        return Err(PayloadError::TooLarge(text.len()));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(PayloadError::Empty);
    }
    let value = json::parse(text).map_err(|e| PayloadError::InvalidJson(e.to_string()))?;
    Ok(observe_json(&value)?.classify())
}

/// Classify raw bytes: checks size and UTF-8 first (for stdin lines).
///
/// # Errors
///
/// As [`classify_json`], and [`PayloadError::InvalidUtf8`] for bytes that are not UTF-8.
///
/// ```
/// let v = errcat::classify_bytes(br#"{"name":"OT_NOT_CONNECTED"}"#).unwrap();
/// assert_eq!(v.classification.entry.unwrap().id(), "vonage.web.OT_NOT_CONNECTED");
/// assert!(errcat::classify_bytes(b"\xff").is_err());
/// ```
pub fn classify_bytes(bytes: &[u8]) -> Result<Verdict, PayloadError> {
    if bytes.len() > MAX_PAYLOAD_BYTES {
        return Err(PayloadError::TooLarge(bytes.len()));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| PayloadError::InvalidUtf8(e.valid_up_to()))?;
    classify_json(text)
}

/// Classify a parsed JSON payload.
///
/// # Errors
///
/// [`PayloadError::NotAnObject`] when the value is not a JSON object.
///
/// ```
/// let value = serde_json::json!({"code": 1005, "name": "OT_INVALID_SESSION_ID"});
/// let v = errcat::classify_value(&value).unwrap();
/// assert_eq!(v.classification.category, errcat::Category::InvalidRequest);
/// ```
pub fn classify_value(value: &Value) -> Result<Verdict, PayloadError> {
    Ok(observe(value)?.classify())
}

/// Read a JSON payload into an observation, detecting provider and platform from its shape.
///
/// # Errors
///
/// [`PayloadError::NotAnObject`] when the value is not a JSON object.
///
/// ```
/// let value = serde_json::json!({"error": {"name": "OT_NOT_CONNECTED", "message": "not connected"}});
/// let o = errcat::observe(&value).unwrap();
/// assert_eq!(o.name, Some("OT_NOT_CONNECTED"));
/// assert_eq!(o.provider, Some(errcat::Provider::Vonage));
/// ```
pub fn observe(value: &Value) -> Result<Observation<'_>, PayloadError> {
    match value {
        Value::Object(m) => Ok(observe_object(Object::Value(m))),
        Value::Null => Err(PayloadError::NotAnObject("null")),
        Value::Bool(_) => Err(PayloadError::NotAnObject("a boolean")),
        Value::Number(_) => Err(PayloadError::NotAnObject("a number")),
        Value::String(_) => Err(PayloadError::NotAnObject("a string")),
        Value::Array(_) => Err(PayloadError::NotAnObject("an array")),
    }
}

/// [`observe`] for a payload parsed by `json::parse`.
pub(crate) fn observe_json<'a>(value: &'a Json<'a>) -> Result<Observation<'a>, PayloadError> {
    match value {
        Json::Object(fields) => Ok(observe_object(Object::Kept(fields))),
        Json::Null => Err(PayloadError::NotAnObject("null")),
        Json::Bool => Err(PayloadError::NotAnObject("a boolean")),
        Json::Int(_) | Json::Float(_) => Err(PayloadError::NotAnObject("a number")),
        Json::Str(_) => Err(PayloadError::NotAnObject("a string")),
        Json::Array | Json::Skipped => Err(PayloadError::NotAnObject("an array")),
    }
}

fn observe_object(top: Object<'_>) -> Observation<'_> {
    // The error may sit under `error`, `err`, `payload`, `exception` or `cause`, several levels deep (a
    // telemetry envelope around the SDK's object): the first level that holds error fields is read.
    let mut fields = top;
    for _ in 0..MAX_NESTING {
        if has_error_fields(fields) {
            break;
        }
        match NESTED.iter().find_map(|k| fields.get(k).and_then(Field::as_object)) {
            Some(inner) => fields = inner,
            None => break,
        }
    }
    let mut o = read_fields(fields);
    // Hints at the top level apply to a nested error too.
    if !fields.is(top) {
        let hints = read_fields(top);
        o.provider = o.provider.or(hints.provider);
        o.platform = o.platform.or(hints.platform);
        o.domain = o.domain.or(hints.domain);
        o.operation = o.operation.or(hints.operation);
    }
    let event = str_field(top, &["event"]).or_else(|| str_field(fields, &["event"]));
    o.operation = o.operation.or(event);
    // A text in the message (`Error: xhr poll error`, a log line) is searched when no field names a key.
    o.text = o.message;
    let shape = Shape::of(fields, &o, event);
    // JSON.stringify drops an Error's message; a TransportError stays recognisable by its `type`.
    o.transport_error = shape.transport_error;
    o.provider = o.provider.or_else(|| detect_provider(&shape, &o));
    o.platform = o.platform.or_else(|| detect_platform(&shape, &o));
    o
}

/// Keys an error may be nested under, tried in order.
const NESTED: &[&str] = &["error", "err", "payload", "exception", "cause"];

/// Most nesting levels followed.
const MAX_NESTING: usize = 4;

fn has_error_fields(m: Object<'_>) -> bool {
    ["name", "code", "message", "reason", "errorCode", "error_code", "errorMsg", "status", "type"]
        .iter()
        .any(|k| m.contains_key(k))
}

fn str_field<'a>(m: Object<'a>, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| m.get(k).and_then(Field::as_str)).map(str::trim).filter(|s| !s.is_empty())
}

/// A code: an integer, an integral float (`1006.0`), or a numeric string.
fn int_of(v: Field<'_>) -> Option<i64> {
    let integral = |f: f64| (f.fract() == 0.0 && f.abs() < 1e15).then_some(f as i64);
    match v {
        Field::Int(n) => Some(n),
        Field::Float(f) => integral(f),
        Field::Str(s) => s.trim().parse().ok().or_else(|| s.trim().parse::<f64>().ok().and_then(integral)),
        _ => None,
    }
}

/// Generic JavaScript error class names carry no meaning of their own.
const GENERIC_NAMES: &[&str] = &["Error", "TypeError", "TransportError", "DOMException", "OTError"];

fn read_fields(m: Object<'_>) -> Observation<'_> {
    let mut o = Observation::new();
    o.provider = str_field(m, &["provider", "vendor"]).and_then(|s| s.parse().ok());
    o.platform = str_field(m, &["platform"]).and_then(|s| s.parse().ok());
    let domain_text = str_field(m, &["domain", "errorDomain", "error_domain"]);
    o.domain = domain_text.and_then(parse_domain);
    if o.platform.is_none() {
        o.platform = domain_text.and_then(platform_of_domain);
    }
    o.name = str_field(m, &["name", "errorName", "exception"]).filter(|n| !GENERIC_NAMES.contains(n));
    for key in ["code", "errorCode", "error_code"] {
        match m.get(key) {
            Some(v @ (Field::Int(_) | Field::Float(_) | Field::Str(_))) if int_of(v).is_some() => {
                o.code = int_of(v);
                break;
            }
            // React Native on Android and Socket.IO's `server error` put a name in `code`.
            Some(Field::Str(s)) if !s.trim().is_empty() => {
                o.name = o.name.or(Some(s.trim()));
            }
            _ => {}
        }
    }
    o.message = str_field(m, &["message", "errorMsg", "localizedDescription", "error_string", "msg"]);
    o.reason = str_field(m, &["reason"]);
    o.title = str_field(m, &["title"]);
    o.operation = str_field(m, &["operation", "method", "api"]);
    o.has_data = m.get("data").is_some_and(|d| !matches!(d, Field::Null));
    read_http(m, &mut o);
    o
}

/// HTTP status and Engine.IO body code: `description` (number, or "Unexpected server response: 403"),
/// `status`, `context.status` / `context.responseText`, `body`, and a `details` object of a disconnect.
fn read_http<'a>(m: Object<'a>, o: &mut Observation<'a>) {
    let mut status = None;
    match m.get("description") {
        Some(Field::Int(n)) => status = Some(n),
        Some(Field::Str(s)) => {
            status = status_in_text(s);
            o.detail = Some(s.trim()).filter(|d| !d.is_empty());
        }
        Some(Field::Object(d)) => status = str_field(d, &["message"]).and_then(status_in_text),
        _ => {}
    }
    let outer = m.get("status").and_then(int_of).or_else(|| m.get("statusCode").and_then(int_of));
    if let Some(ctx) = m.get("context").and_then(Field::as_object) {
        status = status.or_else(|| ctx.get("status").and_then(int_of));
        if let Some(text) = ctx.get("responseText").and_then(Field::as_str) {
            o.body_code = body_code(text);
            // Node's engine.io-client puts the socket error there (`Error: connect ECONNREFUSED 127.0.0.1:3000`).
            if o.body_code.is_none() && o.detail.is_none() {
                o.detail = Some(text.trim()).filter(|t| !t.is_empty());
            }
        }
    }
    match m.get("body") {
        Some(Field::Object(b)) => {
            o.body_code = o.body_code.or_else(|| b.get("code").and_then(int_of));
            o.message = o.message.or_else(|| str_field(b, &["message"]));
        }
        Some(Field::Str(text)) => {
            // A raw HTTP answer written into an upgraded stream: `HTTP/1.1 400 Bad Request\r\n...\r\n\r\nbody`.
            let (inner_status, text) = raw_http(text);
            status = status.or(inner_status);
            o.body_code = o.body_code.or_else(|| body_code(text));
            if o.body_code.is_none() && !text.trim().is_empty() && o.message.is_none() {
                o.message = Some(text.trim());
                o.from_http_body = true;
            }
        }
        _ => {}
    }
    if let Some(details) = m.get("details").and_then(Field::as_object) {
        o.close_code = details.get("context").and_then(Field::as_object).and_then(|c| c.get("code")).and_then(int_of);
        let mut inner = Observation::new();
        read_http(details, &mut inner);
        status = status.or(inner.http_status);
        o.body_code = o.body_code.or(inner.body_code);
        o.detail = o.detail.or(inner.detail);
    }
    // A status inside the body (a raw answer after a 101 upgrade) says more than the outer one.
    o.http_status = status.or(outer);
}

/// Split a raw HTTP response text into its status and body; other text is all body.
fn raw_http(text: &str) -> (Option<i64>, &str) {
    let Some(rest) = text.strip_prefix("HTTP/1.1 ").or_else(|| text.strip_prefix("HTTP/1.0 ")) else {
        return (None, text);
    };
    let status = rest.get(..3).and_then(|s| s.parse().ok());
    let body = rest.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    (status, body)
}

/// The Engine.IO `code` in a response body such as `{"code":1,"message":"Session ID unknown"}`.
fn body_code(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.starts_with('{') || text.len() > 4096 {
        return None;
    }
    match json::parse(text).ok()? {
        Json::Object(fields) => Object::Kept(&fields).get("code").and_then(int_of),
        _ => None,
    }
}

/// A three-digit HTTP status in text like `Unexpected server response: 403`.
fn status_in_text(text: &str) -> Option<i64> {
    let rest = text.trim().strip_prefix("Unexpected server response:")?;
    rest.trim().parse().ok().filter(|s| (100..=599).contains(s))
}

/// What the object's shape says about where it came from, read once.
struct Shape {
    /// An engine.io-client `TransportError` (its `type`).
    transport_error: bool,
    /// engine.io-client `TransportError` (`type`), a client `disconnect` with `details`, or `connect_error`.
    socketio_client: bool,
    /// A server-side disconnect (`reason` with `description`, no `details`), `connection_error`,
    /// `disconnecting`, or a captured HTTP answer (`status` and `body`).
    socketio_server: bool,
    /// A Socket.IO event name or a middleware refusal (`message` with `data`, no code).
    socketio_other: bool,
    /// A Cobrowse `session_error` (the event, or its `errorMsg` field).
    cobrowse: bool,
    /// An OpenTok.js event object (`type` of a Vonage event, or an `exception` `title`).
    vonage_event: bool,
    /// The Linux/macOS C SDK's callback arguments (`error_code`, `error_string`).
    vonage_c: bool,
}

impl Shape {
    fn of(m: Object<'_>, o: &Observation<'_>, event: Option<&str>) -> Shape {
        let kind = str_field(m, &["type"]);
        let details = m.contains_key("details");
        let transport_error = kind == Some("TransportError");
        Shape {
            transport_error,
            socketio_client: transport_error || details || event == Some("connect_error"),
            socketio_server: o.reason.is_some() && m.contains_key("description") && !details
                || matches!(event, Some("connection_error" | "disconnecting"))
                || m.contains_key("body") && o.http_status.is_some(),
            socketio_other: event == Some("disconnect")
                || o.has_data && o.message.is_some() && o.code.is_none()
                || o.body_code.is_some(),
            cobrowse: event == Some("session_error") || m.contains_key("errorMsg"),
            vonage_event: o.title.is_some()
                || matches!(
                    kind,
                    Some("exception" | "sessionDisconnected" | "streamDestroyed" | "connectionDestroyed")
                ),
            vonage_c: m.contains_key("error_code") && m.contains_key("error_string"),
        }
    }
}

fn detect_provider(shape: &Shape, o: &Observation<'_>) -> Option<Provider> {
    let vonage_name = o.name.is_some_and(|n| n.starts_with("OT_") || n.starts_with("OTC_"));
    let native_domain = matches!(o.domain, Some(Domain::Session | Domain::Publisher | Domain::Subscriber));
    if vonage_name || native_domain {
        Some(Provider::Vonage)
    } else if shape.cobrowse {
        Some(Provider::Cobrowse)
    } else if shape.socketio_client || shape.socketio_server || shape.socketio_other {
        Some(Provider::SocketIo)
    } else if shape.vonage_event || shape.vonage_c {
        Some(Provider::Vonage)
    } else {
        None
    }
}

fn detect_platform(shape: &Shape, o: &Observation<'_>) -> Option<Platform> {
    match o.provider {
        // Client and server are Socket.IO's platforms; the shape tells them apart.
        Some(Provider::SocketIo) | None if shape.socketio_client || o.has_data && o.provider.is_some() => {
            Some(Platform::Client)
        }
        Some(Provider::SocketIo) | None if shape.socketio_server => Some(Platform::Server),
        Some(Provider::Vonage) if o.name.is_some_and(|n| n.starts_with("OT_")) || o.title.is_some() => {
            Some(Platform::Web)
        }
        Some(Provider::Vonage) if o.name.is_some_and(|n| n.starts_with("OTC_")) || shape.vonage_c => {
            Some(Platform::Linux)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every payload the repository holds: the corpus, the real captures, the fuzz corpora.
    fn payloads() -> Vec<Vec<u8>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Vec::new();
        for dir in ["tests/corpus", "tests/real/captures", "fuzz/corpus/classify_json", "fuzz/corpus/stdin_lines"] {
            let Ok(files) = std::fs::read_dir(root.join(dir)) else { continue };
            for file in files.flatten() {
                let bytes = std::fs::read(file.path()).unwrap_or_default();
                found.push(bytes.clone());
                found.extend(bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec));
            }
        }
        found
    }

    /// The borrowed parse keeps only the fields the rules read: what is observed must not change.
    #[test]
    fn the_kept_fields_observe_what_the_whole_value_does() {
        let (mut objects, mut compared) = (0, 0);
        for bytes in payloads() {
            let Ok(text) = std::str::from_utf8(&bytes) else { continue };
            let whole = serde_json::from_str::<Value>(text);
            let kept = json::parse(text);
            let (whole, kept) = match (whole, kept) {
                (Ok(whole), Ok(kept)) => (whole, kept),
                (Err(a), Err(b)) => {
                    assert_eq!(a.to_string(), b.to_string(), "the same error for {text}");
                    continue;
                }
                (a, b) => panic!("serde_json {:?} but the kept parse {:?}: {text}", a.is_ok(), b.is_ok()),
            };
            compared += 1;
            let (a, b) = (observe(&whole), observe_json(&kept));
            assert_eq!(a, b, "{text}");
            objects += usize::from(a.is_ok());
        }
        assert!(compared > 3000 && objects > 1000, "{compared} payloads, {objects} objects");
    }
}
