//! The classification vocabulary: providers, platforms, domains, categories, retry advice, actors and severities.
//!
//! This file is shared with the build script (`#[path]`), so the strings accepted in `data/*.toml` and the
//! strings printed by the CLI are defined once, here.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumString, IntoStaticStr, VariantArray};

/// The SDK family an error comes from.
#[non_exhaustive]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    IntoStaticStr,
    VariantArray,
    Serialize,
    Deserialize,
)]
#[strum(ascii_case_insensitive)]
#[repr(u8)]
pub enum Provider {
    /// Vonage Video API (formerly TokBox OpenTok): web, iOS, Android and Linux/macOS SDKs. The npm package
    /// names name it too: `@opentok/client` and `@vonage/client-sdk-video` (the same OpenTok.js),
    /// `opentok-react-native` and its successor `@vonage/client-sdk-video-react-native`.
    #[strum(
        to_string = "vonage",
        serialize = "opentok",
        serialize = "tokbox",
        serialize = "vonage_video",
        serialize = "@opentok/client",
        serialize = "@vonage/client-sdk-video",
        serialize = "opentok-react-native",
        serialize = "@vonage/client-sdk-video-react-native"
    )]
    #[serde(
        rename = "vonage",
        alias = "opentok",
        alias = "tokbox",
        alias = "vonage_video",
        alias = "@opentok/client",
        alias = "@vonage/client-sdk-video",
        alias = "opentok-react-native",
        alias = "@vonage/client-sdk-video-react-native"
    )]
    Vonage,
    /// Socket.IO and its Engine.IO transport layer, client and server.
    #[strum(to_string = "socketio", serialize = "socket.io", serialize = "socket_io", serialize = "engine.io")]
    #[serde(rename = "socketio", alias = "socket.io", alias = "socket_io", alias = "engine.io")]
    SocketIo,
    /// Zoom Cobrowse SDK (customer and agent).
    #[strum(to_string = "cobrowse", serialize = "zoom_cobrowse", serialize = "zoom")]
    #[serde(rename = "cobrowse", alias = "zoom_cobrowse", alias = "zoom")]
    Cobrowse,
}

/// Where the error is raised, when a provider has several SDKs or sides.
#[non_exhaustive]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    IntoStaticStr,
    VariantArray,
    Serialize,
    Deserialize,
)]
#[strum(serialize_all = "snake_case", ascii_case_insensitive)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Platform {
    /// Vonage OpenTok.js in a browser.
    Web,
    /// Vonage iOS SDK.
    Ios,
    /// Vonage Android SDK.
    Android,
    /// Vonage Linux and macOS C SDK.
    #[strum(to_string = "linux", serialize = "macos")]
    #[serde(alias = "macos")]
    Linux,
    /// Socket.IO JavaScript client, socket.io-client with engine.io-client (browser or Node).
    Client,
    /// Socket.IO / Engine.IO Node.js server.
    Server,
    /// socket.io-client-java with engine.io-client-java (Java and Android).
    Java,
    /// socket.io-client-swift (iOS and macOS).
    Swift,
    /// python-socketio with python-engineio, client and server.
    Python,
    /// socket_io_client for Dart and Flutter.
    Dart,
    /// SocketIOClient for .NET (socket.io-client-csharp).
    #[strum(to_string = "dotnet", serialize = ".net", serialize = "csharp")]
    #[serde(alias = ".net", alias = "csharp")]
    Dotnet,
}

impl Platform {
    /// The platforms a provider's entries use; empty when the provider has none.
    ///
    /// ```
    /// assert!(errcat::Platform::of(errcat::Provider::Vonage).contains(&errcat::Platform::Ios));
    /// assert!(errcat::Platform::of(errcat::Provider::Cobrowse).is_empty());
    /// ```
    pub const fn of(provider: Provider) -> &'static [Platform] {
        match provider {
            Provider::Vonage => &[Platform::Web, Platform::Ios, Platform::Android, Platform::Linux],
            Provider::SocketIo => &[
                Platform::Client,
                Platform::Server,
                Platform::Java,
                Platform::Swift,
                Platform::Python,
                Platform::Dart,
                Platform::Dotnet,
            ],
            Provider::Cobrowse => &[],
        }
    }

    /// The provider whose SDK this platform is.
    ///
    /// ```
    /// assert_eq!(errcat::Platform::Java.provider(), errcat::Provider::SocketIo);
    /// ```
    pub const fn provider(self) -> Provider {
        match self {
            Platform::Web | Platform::Ios | Platform::Android | Platform::Linux => Provider::Vonage,
            _ => Provider::SocketIo,
        }
    }
}

/// The scope a numeric code lives in, when one platform has several code spaces.
#[non_exhaustive]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    IntoStaticStr,
    VariantArray,
    Serialize,
    Deserialize,
)]
#[strum(serialize_all = "snake_case", ascii_case_insensitive)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Domain {
    /// Vonage native session errors (`OTSessionErrorCode`, `SessionErrorDomain`, session `on_error`).
    Session,
    /// Vonage native publisher errors.
    Publisher,
    /// Vonage native subscriber errors.
    Subscriber,
    /// Vonage web `Session.signal()` HTTP-like codes.
    Signal,
    /// WebSocket close codes.
    SocketClose,
    /// Engine.IO JSON error body codes 0 to 5.
    EngineIo,
    /// Other HTTP statuses answered by an Engine.IO server.
    HttpStatus,
}

impl Domain {
    /// The domains a provider's entries may use.
    ///
    /// ```
    /// assert!(errcat::Domain::of(errcat::Provider::SocketIo).contains(&errcat::Domain::EngineIo));
    /// ```
    pub const fn of(provider: Provider) -> &'static [Domain] {
        match provider {
            Provider::Vonage => {
                &[Domain::Session, Domain::Publisher, Domain::Subscriber, Domain::Signal, Domain::SocketClose]
            }
            Provider::SocketIo => &[Domain::SocketClose, Domain::EngineIo, Domain::HttpStatus],
            Provider::Cobrowse => &[],
        }
    }
}

/// What went wrong.
#[non_exhaustive]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    IntoStaticStr,
    VariantArray,
    Serialize,
    Deserialize,
)]
#[strum(serialize_all = "snake_case", ascii_case_insensitive)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Category {
    /// Credentials rejected: bad or expired token, wrong key.
    Authentication,
    /// Identity fine, but not allowed: role, policy, country block, server refusal hook.
    Authorization,
    /// Camera, microphone or screen access denied.
    MediaPermission,
    /// Hardware missing, busy or failing; impossible constraints; capture failure.
    Device,
    /// Unreachable, dropped, timed out; transport or ICE failure.
    Network,
    /// Media negotiation, codec, decode or render failure not caused by the network.
    Media,
    /// Bad arguments or a malformed request.
    InvalidRequest,
    /// Not allowed in the current state: not connected, already connecting, duplicate user.
    State,
    /// The session, stream, PIN, sid or namespace does not exist or is gone.
    NotFound,
    /// Capacity, quota, rate or size limit.
    Limit,
    /// Browser, platform, codec or protocol version not supported.
    Unsupported,
    /// Deployment or setup: CORS, TLS, path, proxy headers, server options.
    Configuration,
    /// Provider-side internal error or unexpected response.
    Server,
    /// Ended on purpose by the app, a moderator or an operator; not a failure.
    Closed,
    /// A state change worth telling; not a failure.
    Notice,
    /// Not classified.
    Unknown,
}

/// What to do next. Advice for idempotent operations (connect, join, subscribe), not permission to replay side effects.
#[non_exhaustive]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    IntoStaticStr,
    VariantArray,
    Serialize,
    Deserialize,
)]
#[strum(serialize_all = "snake_case", ascii_case_insensitive)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Retry {
    /// Do not retry: the same call fails the same way.
    Never,
    /// Transient: retry with exponential backoff and jitter.
    Backoff,
    /// Over a limit: wait longer before retrying.
    Throttled,
    /// The SDK recovers by itself; wait for it.
    Automatic,
    /// The connection is gone and the SDK will not restore it: connect again.
    Reconnect,
    /// Get fresh credentials (a new token), then retry.
    RefreshCredentials,
    /// Retry once the end user has acted (granted access, plugged in a device, changed input).
    AfterUserAction,
    /// Retry only after code, configuration or credentials change.
    AfterFix,
}

impl Retry {
    /// True when retrying without any change may succeed (`backoff`, `throttled`, `automatic`, `reconnect`).
    ///
    /// ```
    /// assert!(errcat::Retry::Backoff.is_retryable());
    /// assert!(!errcat::Retry::AfterFix.is_retryable());
    /// ```
    pub const fn is_retryable(self) -> bool {
        matches!(self, Retry::Backoff | Retry::Throttled | Retry::Automatic | Retry::Reconnect)
    }
}

/// Who has to act.
#[non_exhaustive]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    IntoStaticStr,
    VariantArray,
    Serialize,
    Deserialize,
)]
#[strum(serialize_all = "snake_case", ascii_case_insensitive)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Actor {
    /// The person in front of the screen.
    EndUser,
    /// The application's developer.
    Developer,
    /// Whoever runs the deployment: servers, proxies, accounts.
    Operator,
    /// The SDK or service provider.
    Vendor,
    /// Nobody: informational, or recovered automatically. Written `none`.
    #[strum(to_string = "none")]
    #[serde(rename = "none")]
    Nobody,
}

/// How loud an event is in telemetry: `info` (nothing failed), `warning` (a failure the SDK recovers from, or
/// one that is the end user's or nobody's to act on) or `error` (a developer, operator or vendor has to act).
/// Ordered from quiet to loud, so the loudest of several readings is their `max`.
///
/// Assigned to every entry by [`Severity::by_rule`] unless the data overrides it (`severity = "..."`).
#[non_exhaustive]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    IntoStaticStr,
    VariantArray,
    Serialize,
    Deserialize,
)]
#[strum(serialize_all = "snake_case", ascii_case_insensitive)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Severity {
    /// Nothing failed: a state change, or a close one side asked for.
    Info,
    /// A failure the SDK recovers from by itself, or one only the end user (or nobody) can act on.
    Warning,
    /// A failure a developer, operator or vendor has to act on, or one errcat cannot classify.
    Error,
}

impl Severity {
    /// The severity the catalogue's rule gives a classification, first match wins:
    ///
    /// 1. `info` when nothing failed: category `notice` or `closed` ([`Category::is_failure`] is false);
    /// 2. `warning` when the SDK recovers by itself (retry `automatic`), or when the end user, or nobody, is
    ///    the one to act (actor `end_user` or `none`: permission, device, their network, a blocked country);
    /// 3. `error` otherwise: a developer, operator or vendor has to act (this includes every unknown key).
    ///
    /// ```
    /// use errcat::{Actor, Category, Retry, Severity};
    /// assert_eq!(Severity::by_rule(Category::Closed, Retry::Never, Actor::Nobody), Severity::Info);
    /// assert_eq!(Severity::by_rule(Category::Network, Retry::Automatic, Actor::Nobody), Severity::Warning);
    /// assert_eq!(Severity::by_rule(Category::Authentication, Retry::AfterFix, Actor::Developer), Severity::Error);
    /// ```
    pub const fn by_rule(category: Category, retry: Retry, actor: Actor) -> Severity {
        if !category.is_failure() {
            Severity::Info
        } else if matches!(retry, Retry::Automatic) || matches!(actor, Actor::EndUser | Actor::Nobody) {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// The loudest of two severities (`error` over `warning` over `info`), usable in `const` code.
    ///
    /// ```
    /// use errcat::Severity;
    /// assert_eq!(Severity::Info.loudest(Severity::Warning), Severity::Warning);
    /// ```
    pub const fn loudest(self, other: Severity) -> Severity {
        if (other as u8) > (self as u8) {
            other
        } else {
            self
        }
    }
}

/// Whether the catalogue's rule calls an event expected: normal churn that should page nobody. True exactly
/// when nothing failed (category `notice` or `closed`: a user leaving, a moderator's action, a reconnection
/// under way); failures are never expected by rule, and the data marks the churn among them (a heartbeat
/// lost by a sleeping device) with `expected = true`. Unknown keys are never expected.
///
/// ```
/// use errcat::{expected_by_rule, Actor, Category, Retry};
/// assert!(expected_by_rule(Category::Closed, Retry::Never, Actor::Nobody));
/// assert!(!expected_by_rule(Category::Network, Retry::Automatic, Actor::Nobody));
/// ```
pub const fn expected_by_rule(category: Category, retry: Retry, actor: Actor) -> bool {
    let _ = (retry, actor);
    !category.is_failure()
}

/// Every variant, in declaration order, without needing strum's traits.
macro_rules! all_variants {
    ($($t:ident),*) => {$(
        impl $t {
            #[doc = concat!("Every `", stringify!($t), "`, in declaration order.")]
            pub const ALL: &'static [$t] = <$t as VariantArray>::VARIANTS;
        }
    )*};
}
all_variants!(Provider, Platform, Domain, Category, Retry, Actor, Severity);

impl Category {
    /// Whether something failed: false only for `notice` (an event that reports a state, not a failure) and
    /// `closed` (an orderly close asked for by one side).
    ///
    /// ```
    /// assert!(errcat::Category::Network.is_failure());
    /// assert!(!errcat::Category::Notice.is_failure());
    /// ```
    pub const fn is_failure(self) -> bool {
        !matches!(self, Category::Notice | Category::Closed)
    }
}
