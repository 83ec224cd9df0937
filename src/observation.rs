//! What an SDK handed over, field by field ([`Observation`]), and the answer errcat gives for it
//! ([`Verdict`]: the classification, how it was reached and how sure it is). The rules live in `rules.rs`.

use serde::Serialize;
use strum::{Display, EnumString, IntoStaticStr, VariantArray};

use crate::entry::Entry;
use crate::lookup::Classification;
use crate::taxonomy::{Domain, Platform, Provider};

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
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
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
    /// The input was text wrapped the way JavaScript prints errors (`Error: `, `Uncaught `): among several
    /// readings, those of the JavaScript SDKs are kept when that settles it.
    pub javascript: bool,
    /// The input was free text: keys found in it are read from the text, so the answer is at best `exact`
    /// when a key stood whole in a structural place, and `inferred` when it was found inside the text.
    pub from_text: bool,
    /// The text to search for catalogue keys and known messages when no field names one.
    pub text: Option<&'a str>,
}

impl<'a> Observation<'a> {
    /// An empty observation; the setters below fill it, and [`Observation::classify`] answers.
    ///
    /// ```
    /// use errcat::{Domain, Observation, Platform, Provider};
    /// let o = Observation::new().provider(Provider::Vonage).platform(Platform::Ios).domain(Domain::Session);
    /// let v = o.code(1015).classify();
    /// assert_eq!(v.classification.entry.unwrap().name, Some("OTSessionIllegalState"));
    /// ```
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

    /// Mark the input as text wrapped the way JavaScript prints errors.
    pub fn javascript(mut self, yes: bool) -> Self {
        self.javascript = yes;
        self
    }
    /// Set free text to search for catalogue keys and known messages.
    pub fn text(mut self, text: &'a str) -> Self {
        self.text = Some(text);
        self
    }

    /// Resolve this observation to a verdict. Never fails.
    pub fn classify(&self) -> Verdict {
        crate::rules::resolve(self)
    }
}

/// How a verdict was reached.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Display, EnumString, IntoStaticStr, VariantArray, Serialize)]
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
    /// A catalogue key or a known message text found inside free text.
    #[strum(serialize = "text")]
    #[serde(rename = "text")]
    Text,
    /// Nothing matched: the provider's (or the generic) fallback.
    #[strum(serialize = "fallback")]
    #[serde(rename = "fallback")]
    Fallback,
}

/// How sure a verdict is.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Display, EnumString, IntoStaticStr, VariantArray, Serialize)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// A key the SDK defines (name, reason, or code in its provider and platform), matched exactly.
    Exact,
    /// A broad key narrowed by another field: the message, an HTTP status, an Engine.IO body code, a close code.
    Refined,
    /// Read from free text, a message the SDK attaches, or the object's shape.
    Inferred,
    /// Several readings fit; the top-level advice is what is safe for all of them.
    Ambiguous,
    /// Nothing in the catalogue fits: the provider's (or the generic) fallback.
    Unknown,
}

impl MatchedBy {
    /// Every way a verdict can be reached, in declaration order (the CLI's `--help` lists them from here).
    ///
    /// ```
    /// assert!(errcat::MatchedBy::ALL.contains(&errcat::MatchedBy::HttpStatus));
    /// assert_eq!(errcat::MatchedBy::ALL.last().unwrap().to_string(), "fallback");
    /// ```
    pub const ALL: &'static [MatchedBy] = <MatchedBy as VariantArray>::VARIANTS;
}

impl Confidence {
    /// Every confidence level, from the surest to `unknown`.
    ///
    /// ```
    /// assert_eq!(errcat::Confidence::ALL.first(), Some(&errcat::Confidence::Exact));
    /// ```
    pub const ALL: &'static [Confidence] = <Confidence as VariantArray>::VARIANTS;
}

/// Most candidates a verdict lists.
pub const MAX_CANDIDATES: usize = 12;

/// The answer for an observation: the classification, how it was reached, how sure it is, and every reading
/// when it is ambiguous.
///
/// It serializes as the classification's fields, then `matched_by`, `confidence` and `candidates` (the
/// candidates' [ids](Entry::id)).
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The answer. When ambiguous it names no entry: category, retry and actor are those every reading
    /// shares, and the unknown answer's values where they differ.
    #[serde(flatten)]
    pub classification: Classification,
    /// How it was reached.
    pub matched_by: MatchedBy,
    /// How sure it is.
    pub confidence: Confidence,
    /// True when the observation fits several providers, platforms or domains (`confidence` is `Ambiguous`).
    #[serde(skip)]
    pub ambiguous: bool,
    /// Every reading, when there is more than one.
    #[serde(serialize_with = "entry_ids")]
    pub candidates: Vec<&'static Entry>,
}

fn entry_ids<S: serde::Serializer>(entries: &[&'static Entry], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(entries.iter().map(|e| e.id()))
}

/// A domain from its name or an SDK's error-domain text (`OTPublisherErrorDomain`, `SubscriberErrorDomain`).
pub(crate) fn parse_domain(text: &str) -> Option<Domain> {
    if let Ok(d) = text.parse::<Domain>() {
        return Some(d);
    }
    let lower = text.to_ascii_lowercase();
    [("subscriber", Domain::Subscriber), ("publisher", Domain::Publisher), ("session", Domain::Session)]
        .iter()
        .find(|(word, _)| lower.contains(word))
        .map(|(_, d)| *d)
}

/// `OTSessionErrorDomain` is iOS; `SessionErrorDomain` (Android's `ErrorDomain` enum) is Android.
pub(crate) fn platform_of_domain(text: &str) -> Option<Platform> {
    if !text.ends_with("ErrorDomain") {
        return None;
    }
    Some(if text.starts_with("OT") { Platform::Ios } else { Platform::Android })
}
