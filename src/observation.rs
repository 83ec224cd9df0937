//! What an SDK handed over, field by field, and how errcat resolves it to an entry.
//!
//! Rules, in order: the provider (given, or detected from the shape and the names); an exact name beats a
//! number; a number is resolved by provider, platform and domain; contract substrings and HTTP statuses
//! refine the answer; what stays unresolved falls back, and what stays ambiguous says so.

use serde::Serialize;
use strum::{Display, EnumString, IntoStaticStr};

use crate::entry::Entry;
use crate::lookup::{lookup, Classification, Key, Scope};
use crate::taxonomy::{Category, Domain, Platform, Provider};

/// One error as observed: every field optional. Build it with the setters.
///
/// ```
/// use errcat::{Observation, Provider, MatchedBy};
///
/// let v = Observation::new().provider(Provider::Vonage).code(1500)
///     .message("Publisher Access Denied: permission was denied by the user").classify();
/// assert_eq!(v.classification.category, errcat::Category::MediaPermission);
/// assert_eq!(v.matched_by, MatchedBy::Message);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Observation<'a> {
    /// The provider, when known.
    pub provider: Option<Provider>,
    /// The platform, when known.
    pub platform: Option<Platform>,
    /// The error domain (Vonage native session / publisher / subscriber), when known.
    pub domain: Option<Domain>,
    /// An exact error name (`OT_*`, native enum name, exception name).
    pub name: Option<&'a str>,
    /// A numeric code.
    pub code: Option<i64>,
    /// The human message (for Socket.IO, the error message is the key).
    pub message: Option<&'a str>,
    /// A disconnect or event reason string.
    pub reason: Option<&'a str>,
    /// An event title (the Vonage `exception` event's `title`).
    pub title: Option<&'a str>,
    /// The HTTP status of the failed request, when one was seen (0: no response).
    pub http_status: Option<i64>,
    /// The Engine.IO error code found in a response body (`{"code":1,...}`).
    pub body_code: Option<i64>,
    /// A secondary text: a Socket.IO `description` string (e.g. `RangeError: Max payload size exceeded`).
    pub detail: Option<&'a str>,
    /// The error carries application data (Socket.IO `err.data`: a server middleware refusal).
    pub has_data: bool,
    /// The WebSocket close code behind a disconnect (Socket.IO `details.context.code`).
    pub close_code: Option<i64>,
    /// The message is the text body of an HTTP answer (a refused WebSocket upgrade).
    pub from_http_body: bool,
    /// The object is an engine.io-client `TransportError` (its `type`), with or without a message.
    pub transport_error: bool,
    /// The API call or event that produced it, for context in output.
    pub operation: Option<&'a str>,
}

impl<'a> Observation<'a> {
    /// An empty observation.
    pub fn new() -> Self {
        Self::default()
    }
    /// Set the provider.
    pub fn provider(mut self, p: Provider) -> Self {
        self.provider = Some(p);
        self
    }
    /// Set the platform.
    pub fn platform(mut self, p: Platform) -> Self {
        self.platform = Some(p);
        self
    }
    /// Set the error domain.
    pub fn domain(mut self, d: Domain) -> Self {
        self.domain = Some(d);
        self
    }
    /// Set the error name.
    pub fn name(mut self, name: &'a str) -> Self {
        self.name = Some(name);
        self
    }
    /// Set the numeric code.
    pub fn code(mut self, code: i64) -> Self {
        self.code = Some(code);
        self
    }
    /// Set the message.
    pub fn message(mut self, message: &'a str) -> Self {
        self.message = Some(message);
        self
    }
    /// Set the reason string.
    pub fn reason(mut self, reason: &'a str) -> Self {
        self.reason = Some(reason);
        self
    }
    /// Set the event title.
    pub fn title(mut self, title: &'a str) -> Self {
        self.title = Some(title);
        self
    }
    /// Set the HTTP status.
    pub fn http_status(mut self, status: i64) -> Self {
        self.http_status = Some(status);
        self
    }
    /// Set the Engine.IO body code.
    pub fn body_code(mut self, code: i64) -> Self {
        self.body_code = Some(code);
        self
    }
    /// Set the secondary text (a `description` string).
    pub fn detail(mut self, detail: &'a str) -> Self {
        self.detail = Some(detail);
        self
    }
    /// Mark that the error carries application data (`err.data`).
    pub fn has_data(mut self, has_data: bool) -> Self {
        self.has_data = has_data;
        self
    }
    /// Set the WebSocket close code behind a disconnect.
    pub fn close_code(mut self, code: i64) -> Self {
        self.close_code = Some(code);
        self
    }
    /// Mark that the message is the text body of an HTTP answer.
    pub fn from_http_body(mut self, yes: bool) -> Self {
        self.from_http_body = yes;
        self
    }
    /// Mark the object as an engine.io-client `TransportError`.
    pub fn transport_error(mut self, yes: bool) -> Self {
        self.transport_error = yes;
        self
    }
    /// Set the operation.
    pub fn operation(mut self, operation: &'a str) -> Self {
        self.operation = Some(operation);
        self
    }

    /// Resolve this observation to a verdict. Never fails.
    pub fn classify(&self) -> Verdict {
        resolve(self)
    }
}

/// How a verdict was reached.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Display, EnumString, IntoStaticStr, Serialize)]
pub enum MatchedBy {
    /// An exact name, reason or title.
    #[strum(serialize = "name")]
    #[serde(rename = "name")]
    Name,
    /// A numeric code alone.
    #[strum(serialize = "code")]
    #[serde(rename = "code")]
    Code,
    /// A numeric code read in a given platform or domain.
    #[strum(serialize = "code+platform")]
    #[serde(rename = "code+platform")]
    CodePlatform,
    /// A contract substring of the message.
    #[strum(serialize = "message")]
    #[serde(rename = "message")]
    Message,
    /// An HTTP status or Engine.IO body code (alone, or refining a transport error).
    #[strum(serialize = "http_status")]
    #[serde(rename = "http_status")]
    HttpStatus,
    /// The shape of the object (Socket.IO `connect_error` with `data`: a middleware refusal).
    #[strum(serialize = "shape")]
    #[serde(rename = "shape")]
    Shape,
    /// Nothing matched: the provider's (or the generic) fallback.
    #[strum(serialize = "fallback")]
    #[serde(rename = "fallback")]
    Fallback,
}

/// Most candidates a verdict lists.
pub const MAX_CANDIDATES: usize = 8;

/// The answer for an observation: the classification, how it was reached, and the other readings when it is ambiguous.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The chosen answer (the first candidate when ambiguous).
    pub classification: Classification,
    /// How it was reached.
    pub matched_by: MatchedBy,
    /// True when the observation fits several providers, platforms or domains equally well.
    pub ambiguous: bool,
    /// Every reading considered, the chosen one first (only when there is more than one).
    pub candidates: Vec<&'static Entry>,
}

/// Socket.IO transport error messages whose meaning depends on the HTTP status seen.
const TRANSPORT_ERRORS: &[&str] = &[
    "xhr poll error",
    "xhr post error",
    "fetch read error",
    "fetch write error",
    "websocket error",
    "transport error",
];

/// The OpenTok.js contract prefix of access-denied publisher errors.
const ACCESS_DENIED_PREFIX: &str = "Publisher Access Denied:";

fn resolve(o: &Observation<'_>) -> Verdict {
    let scope = Scope { provider: o.provider, platform: o.platform, domain: o.domain };
    let (matched_by, mut found) = first_match(o, scope);
    let Some(chosen) = found.first().copied() else {
        return Verdict {
            classification: Classification::unknown(o.provider),
            matched_by: MatchedBy::Fallback,
            ambiguous: false,
            candidates: Vec::new(),
        };
    };
    if let Some((by, refined)) = refine(o, chosen) {
        return Verdict {
            classification: Classification::from_entry(refined),
            matched_by: by,
            ambiguous: false,
            candidates: Vec::new(),
        };
    }
    let ambiguous = found.len() > 1 && !prefers_first(&found);
    if found.len() == 1 {
        found.clear();
    }
    Verdict { classification: Classification::from_entry(chosen), matched_by, ambiguous, candidates: found }
}

/// Several matches still give one answer when they share provider and platform and the first one has no
/// domain: that is the platform's default reading of the key (e.g. Vonage web 1006 = connect failed).
fn prefers_first(found: &[&'static Entry]) -> bool {
    let first = found[0];
    first.domain.is_none() && found.iter().all(|e| e.provider == first.provider && e.platform == first.platform)
}

/// The first key that finds anything, in rule order, with everything it finds.
fn first_match(o: &Observation<'_>, scope: Scope) -> (MatchedBy, Vec<&'static Entry>) {
    let socketio = scope.provider == Some(Provider::SocketIo);
    let server = Scope { platform: Some(Platform::Server), domain: None, ..scope };
    let code_by =
        if scope.platform.is_some() || scope.domain.is_some() { MatchedBy::CodePlatform } else { MatchedBy::Code };

    // 1. Exact names beat numbers.
    let names = [o.name, o.reason, o.message].into_iter().flatten().map(|n| (MatchedBy::Name, scope, Key::Name(n)));
    // 2. The number in its provider, platform and domain; then an event title.
    let code = o.code.map(|c| (code_by, scope, Key::Code(c)));
    let title = o.title.map(|t| (MatchedBy::Name, scope, Key::Name(t)));
    // 3. Engine.IO shapes: a body code; a refused upgrade whose text body is none of Engine.IO's own messages
    //    (the custom text of an allowRequest refusal, error 4); a middleware refusal carrying `data`.
    let body = o
        .body_code
        .filter(|_| socketio)
        .map(|c| (MatchedBy::HttpStatus, server.with_domain(Domain::EngineIo), Key::Code(c)));
    let refused_upgrade = (socketio && o.from_http_body && o.http_status == Some(400) && o.message.is_some())
        .then_some((MatchedBy::Shape, server.with_domain(Domain::EngineIo), Key::Code(4)));
    let refusal = (socketio && o.has_data && o.message.is_some()).then_some((
        MatchedBy::Shape,
        scope.with_platform(Platform::Client),
        Key::Name("CONNECT_ERROR"),
    ));
    // A TransportError whose message was lost in serialisation (JSON.stringify drops it): the generic
    // transport error, which the HTTP status then refines.
    let transport = o.transport_error.then_some((
        MatchedBy::Shape,
        scope.with_platform(Platform::Client),
        Key::Name("transport error"),
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
        .map(|s| (MatchedBy::HttpStatus, server.with_domain(Domain::HttpStatus), Key::Code(s)));

    names
        .chain(code)
        .chain(title)
        .chain(body)
        .chain(refused_upgrade)
        .chain(refusal)
        .chain(prefixed)
        .chain(transport)
        .chain(status)
        .find_map(|(by, scope, key)| {
            let found = collect(lookup(scope, key));
            (!found.is_empty()).then_some((by, found))
        })
        .unwrap_or((MatchedBy::Fallback, Vec::new()))
}

/// Longest first: the prefixes of `text` that end before a space or colon, e.g. `unknown packet type`
/// for `unknown packet type 9`. Bounded: at most [`MAX_PREFIXES`] cuts within the first 256 bytes.
fn prefixes(text: &str) -> impl Iterator<Item = &str> {
    let head = match text.char_indices().nth(256) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    head.char_indices()
        .rev()
        .filter(|(_, c)| *c == ' ' || *c == ':')
        .map(move |(i, _)| head[..i].trim_end_matches([' ', ':']))
        .filter(|p| p.len() >= 4)
        .take(MAX_PREFIXES)
}

/// Most message prefixes tried.
const MAX_PREFIXES: usize = 12;

/// Collect matches, keeping at most [`MAX_CANDIDATES`].
fn collect(matches: impl Iterator<Item = &'static Entry>) -> Vec<&'static Entry> {
    matches.take(MAX_CANDIDATES).collect()
}

/// Contract refinements: the access-denied prefix, and HTTP statuses behind Socket.IO transport errors.
fn refine(o: &Observation<'_>, chosen: &'static Entry) -> Option<(MatchedBy, &'static Entry)> {
    match chosen.provider {
        Provider::Vonage => {
            let message = o.message?;
            let is_publish_failure = chosen.code == Some(1500) || chosen.with_codes.contains(&1500);
            if is_publish_failure && message.contains(ACCESS_DENIED_PREFIX) {
                let scope = Scope::provider(Provider::Vonage).with_platform(Platform::Web);
                let denied = lookup(scope, Key::Name("OT_USER_MEDIA_ACCESS_DENIED")).next()?;
                return (!std::ptr::eq(denied, chosen)).then_some((MatchedBy::Message, denied));
            }
            None
        }
        Provider::SocketIo => {
            let name = chosen.name?;
            // A WebSocket close code says why the connection closed (1009: message too big, ...).
            if name == "transport close" {
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
            if !TRANSPORT_ERRORS.contains(&name) {
                return None;
            }
            // The `description` text names the cause: `RangeError: Max payload size exceeded` (server),
            // `Unexpected server response: 400` (a refused WebSocket upgrade), ...
            if let Some(detail) = o.detail {
                let scope = Scope { provider: Some(Provider::SocketIo), platform: chosen.platform, domain: None };
                let found = std::iter::once(detail)
                    .chain(prefixes(detail))
                    .chain(detail.rsplit_once(": ").map(|(_, tail)| tail));
                for text in found {
                    if let Some(e) = lookup(scope, Key::Name(text)).next() {
                        return Some((MatchedBy::Message, e));
                    }
                }
            }
            let server = Scope::provider(Provider::SocketIo).with_platform(Platform::Server);
            if let Some(code) = o.body_code {
                if let Some(e) = lookup(server.with_domain(Domain::EngineIo), Key::Code(code)).next() {
                    return Some((MatchedBy::HttpStatus, e));
                }
            }
            match o.http_status {
                None | Some(0) | Some(200) => None,
                Some(status) => lookup(server.with_domain(Domain::HttpStatus), Key::Code(status))
                    .next()
                    .map(|e| (MatchedBy::HttpStatus, e)),
            }
        }
        _ => None,
    }
}
