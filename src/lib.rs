//! errcat: one catalogue of the errors that the Vonage Video (OpenTok), Socket.IO / Engine.IO and Zoom
//! Cobrowse SDKs emit, each classified by [`Category`], [`Retry`] advice and [`Actor`], with a message safe to
//! show end users and a hint for developers.
//!
//! The catalogue is compiled from `data/*.toml` at build time. Lookups allocate nothing, and
//! [`classify`] never fails: an unknown key is an answer with `known: false`. The data can change in any
//! release (new codes, corrected classifications); [`CATALOGUE_VERSION`] names its revision.
//!
//! # Classify a code
//!
//! ```
//! use errcat::{classify, Category, Key, Platform, Provider, Retry, Scope};
//!
//! let scope = Scope::platform(Platform::Web);
//! let c = classify(scope, Key::Name("OT_NOT_CONNECTED"));
//! assert!(c.known);
//! assert_eq!(c.category, Category::State);
//!
//! // The same number means different things per provider.
//! let socketio = classify(Scope::provider(Provider::SocketIo), Key::Code(1));
//! let cobrowse = classify(Scope::provider(Provider::Cobrowse), Key::Code(1001));
//! assert_eq!(socketio.entry.unwrap().name, Some("Session ID unknown"));
//! // Cobrowse 1001 has several causes that only its message tells apart: several readings, none first.
//! assert!(cobrowse.known && cobrowse.ambiguous && cobrowse.entry.is_none());
//!
//! // Unknown keys get the provider's fallback, marked as unknown.
//! let unknown = classify(Scope::provider(Provider::Vonage), Key::Code(424242));
//! assert!(!unknown.known);
//! # let _ = Retry::Never;
//! ```
//!
//! # Find every match of an ambiguous key
//!
//! ```
//! use errcat::{lookup, Key, Scope};
//!
//! // 1006: Vonage "connect failed", the WebSocket close code "abnormal closure", a Cobrowse PIN error...
//! let matches: Vec<_> = lookup(Scope::ANY, Key::parse("1006")).collect();
//! assert!(matches.len() >= 3);
//! for m in &matches {
//!     println!("{m}: {} / {}", m.category, m.retry);
//! }
//! ```
//!
//! # Classify an error object as the SDK handed it over
//!
//! With the default `json` feature:
//!
//! ```
//! # #[cfg(feature = "json")] {
//! use errcat::{classify_json, Category, MatchedBy, Retry};
//!
//! // OpenTok.js: a Session.connect() failure.
//! let v = classify_json(r#"{"name":"OT_CONNECT_FAILED","code":1006,"message":"Could not connect"}"#).unwrap();
//! assert_eq!((v.classification.category, v.classification.retry), (Category::Network, Retry::Backoff));
//!
//! // iOS: an NSError from the session delegate; the error domain decides what 1015 means.
//! let v = classify_json(r#"{"domain":"OTSessionErrorDomain","code":1015}"#).unwrap();
//! assert_eq!(v.classification.entry.unwrap().name, Some("OTSessionIllegalState"));
//!
//! // Socket.IO: a connect_error whose HTTP status says the server refused (the client retries in vain).
//! let v = classify_json(r#"{"message":"xhr poll error","type":"TransportError","description":403}"#).unwrap();
//! assert_eq!(v.classification.category, Category::Authorization);
//! assert_eq!(v.matched_by, MatchedBy::HttpStatus);
//!
//! // Zoom Cobrowse: a session_error payload; the message picks the reading of a broad code.
//! let v = classify_json(r#"{"code":1011,"errorMsg":"The session does not exist or has ended."}"#).unwrap();
//! assert_eq!(v.classification.category, Category::NotFound);
//! assert_eq!(v.confidence, errcat::Confidence::Refined);
//! println!("{}", v.classification.user_message());
//!
//! // A bare number that several providers use: every reading, marked ambiguous.
//! let v = classify_json(r#"{"code":1011}"#).unwrap();
//! assert!(v.ambiguous && v.candidates.len() > 1);
//! # }
//! ```
//!
//! # Iterate the catalogue
//!
//! ```
//! use errcat::{entries_of, Provider};
//!
//! let cobrowse: Vec<_> = entries_of(Provider::Cobrowse).filter(|e| e.code.is_some()).collect();
//! assert!(cobrowse.iter().any(|e| e.name == Some("TOKEN_INVALID")));
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod catalogue;
mod cause;
mod entry;
mod fingerprint;
mod fnv;
#[cfg(feature = "json")]
mod json;
mod lookup;
mod observation;
#[cfg(feature = "json")]
mod payload;
mod perfect_hash;
mod query;
#[cfg(feature = "json")]
mod record;
mod report;
mod rules;
mod scan;
mod source;
#[cfg(feature = "json")]
mod stream;
#[cfg(feature = "json")]
mod summary;
mod taxonomy;
mod text;

pub use cause::{merge_causes, Cause, RetryPolicy, SdkRetries};
pub use entry::{Entry, Fallback};
pub use fingerprint::{normalize_message, Fingerprint, ParseFingerprintError, KEY_MAX_CHARS};
pub use lookup::{
    classify, entries, entries_of, fallback, lookup, sources, Classification, Key, Matches, Scope, ScopeError,
};
pub use observation::{Confidence, MatchedBy, Observation, Verdict, MAX_CANDIDATES};
#[cfg(feature = "json")]
pub use payload::{classify_bytes, classify_json, classify_value, observe, PayloadError, MAX_PAYLOAD_BYTES};
pub use query::{Query, QueryError};
#[cfg(feature = "json")]
pub use record::{RecordFields, UnknownFieldError};
pub use report::{Candidate, Observed, Report, VerdictReport, OBSERVED_MAX_CHARS};
pub use source::Source;
#[cfg(feature = "json")]
pub use stream::{classify_stream, classify_stream_with, observe_line, StreamOptions};
#[cfg(feature = "json")]
pub use summary::{StreamSummary, UnknownGroup, MAX_TRACKED_UNKNOWN, TOP_UNKNOWN};
pub use taxonomy::{expected_by_rule, Actor, Category, Domain, Platform, Provider, Retry, Severity};
pub use text::{classify_text, classify_text_in, classify_text_with, read_text};

/// The README's examples, compiled and run as doctests.
#[cfg(all(doctest, feature = "json"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The catalogue's data revision, computed from the data at build time: the newest date a source was read,
/// then a hash of the data files (`2026-12-01+8c1f03aa`). Any change to the data changes it.
pub const CATALOGUE_VERSION: &str = catalogue::CATALOGUE_VERSION;
