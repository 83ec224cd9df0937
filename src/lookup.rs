//! Finding entries by key, and the infallible [`classify`].

use std::fmt;

use serde::Serialize;

use crate::catalogue;
use crate::entry::Entry;
use crate::taxonomy::{Actor, Category, Domain, Platform, Provider, Retry, Severity};

/// A lookup key: a numeric code or an exact string (name, message or reason). Serializes as a JSON number or
/// string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Key<'a> {
    /// A numeric code, e.g. `1006`.
    Code(i64),
    /// A name, message or reason, e.g. `OT_NOT_CONNECTED` or `transport close`.
    Name(&'a str),
}

impl<'a> Key<'a> {
    /// Reads `text` as a code when it is an integer (surrounding spaces ignored), else as a name.
    ///
    /// ```
    /// assert_eq!(errcat::Key::parse(" 1006 "), errcat::Key::Code(1006));
    /// assert_eq!(errcat::Key::parse("transport close"), errcat::Key::Name("transport close"));
    /// ```
    pub fn parse(text: &'a str) -> Key<'a> {
        let trimmed = text.trim();
        match trimmed.parse::<i64>() {
            Ok(code) => Key::Code(code),
            Err(_) => Key::Name(trimmed),
        }
    }
}

impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Code(c) => write!(f, "{c}"),
            Key::Name(n) => f.write_str(n),
        }
    }
}

/// Which part of the catalogue a lookup searches. `Scope::ANY` searches everything.
///
/// Provider and platform filter strictly. A domain keeps codes of that domain only; for names it sets aside
/// entries of other domains but keeps those without one (Vonage web names have no domain).
///
/// Build one with [`Scope::ANY`], [`Scope::provider`], [`Scope::platform`], [`Scope::of`] or the checked
/// [`Scope::new`]; a scope no entry can lie in (Cobrowse on iOS) is an error, not an empty answer.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Scope {
    /// Only this provider's entries.
    pub provider: Option<Provider>,
    /// Only this platform's entries.
    pub platform: Option<Platform>,
    /// Only codes of this domain.
    pub domain: Option<Domain>,
}

impl Scope {
    /// Every provider, platform and domain.
    pub const ANY: Scope = Scope { provider: None, platform: None, domain: None };

    /// One provider, any platform and domain.
    ///
    /// ```
    /// let c = errcat::classify(errcat::Scope::provider(errcat::Provider::Cobrowse), errcat::Key::Code(1001));
    /// assert_eq!(c.provider, Some(errcat::Provider::Cobrowse));
    /// ```
    pub const fn provider(provider: Provider) -> Scope {
        Scope { provider: Some(provider), platform: None, domain: None }
    }

    /// One platform (and so one provider), any domain.
    ///
    /// ```
    /// let scope = errcat::Scope::platform(errcat::Platform::Ios);
    /// assert_eq!(scope.provider, Some(errcat::Provider::Vonage));
    /// ```
    pub const fn platform(platform: Platform) -> Scope {
        Scope { provider: Some(platform.provider()), platform: Some(platform), domain: None }
    }

    /// The scope an entry lies in: its provider, platform and domain.
    ///
    /// ```
    /// let e = errcat::lookup(errcat::Scope::ANY, errcat::Key::Code(1015)).last().unwrap();
    /// let own = errcat::Scope::of(e);
    /// assert!(errcat::lookup(own, errcat::Key::Code(1015)).all(|m| m.platform == e.platform));
    /// ```
    pub const fn of(entry: &Entry) -> Scope {
        Scope { provider: Some(entry.provider), platform: entry.platform, domain: entry.domain }
    }

    /// A scope from its parts, each optional.
    ///
    /// # Errors
    ///
    /// [`ScopeError`] when the parts contradict each other: a platform of another provider
    /// (`cobrowse` with `ios`), or a domain the provider does not use.
    ///
    /// ```
    /// use errcat::{Domain, Platform, Provider, Scope};
    /// assert!(Scope::new(Some(Provider::Vonage), Some(Platform::Ios), Some(Domain::Session)).is_ok());
    /// assert!(Scope::new(Some(Provider::Cobrowse), Some(Platform::Ios), None).is_err());
    /// ```
    pub fn new(
        provider: Option<Provider>,
        platform: Option<Platform>,
        domain: Option<Domain>,
    ) -> Result<Scope, ScopeError> {
        let owner = provider.or(platform.map(Platform::provider));
        if let (Some(provider), Some(platform)) = (provider, platform) {
            if platform.provider() != provider {
                return Err(ScopeError::Platform { provider, platform });
            }
        }
        if let (Some(provider), Some(domain)) = (owner, domain) {
            if !Domain::of(provider).contains(&domain) {
                return Err(ScopeError::Domain { provider, domain });
            }
        }
        Ok(Scope { provider, platform, domain })
    }

    /// The same scope, narrowed to `platform`.
    ///
    /// # Errors
    ///
    /// [`ScopeError`] when `platform` is not one of the scope's provider.
    ///
    /// ```
    /// use errcat::{Platform, Provider, Scope};
    /// assert!(Scope::provider(Provider::Vonage).with_platform(Platform::Web).is_ok());
    /// assert!(Scope::provider(Provider::SocketIo).with_platform(Platform::Web).is_err());
    /// ```
    pub fn with_platform(self, platform: Platform) -> Result<Scope, ScopeError> {
        Scope::new(self.provider, Some(platform), self.domain)
    }

    /// The same scope, narrowed to `domain`.
    ///
    /// # Errors
    ///
    /// [`ScopeError`] when the scope's provider does not use `domain`.
    ///
    /// ```
    /// use errcat::{Domain, Platform, Scope};
    /// assert!(Scope::platform(Platform::Web).with_domain(Domain::SocketClose).is_ok());
    /// assert!(Scope::platform(Platform::Client).with_domain(Domain::Session).is_err());
    /// ```
    pub fn with_domain(self, domain: Domain) -> Result<Scope, ScopeError> {
        Scope::new(self.provider, self.platform, Some(domain))
    }

    /// `with_domain` without the check, for the crate's rules, which only narrow to what the provider uses.
    pub(crate) const fn narrow_domain(self, domain: Domain) -> Scope {
        Scope { domain: Some(domain), ..self }
    }

    /// `with_platform` without the check (see [`Scope::narrow_domain`]).
    pub(crate) const fn narrow_platform(self, platform: Platform) -> Scope {
        Scope { platform: Some(platform), ..self }
    }

    /// The tag the classify tables are keyed by (`with_domain`: codes; the name table has no domains).
    #[inline]
    pub(crate) fn tag(&self, with_domain: bool) -> u64 {
        let domain = if with_domain { self.domain.map_or(0, |d| d as u8 + 1) } else { 0 };
        crate::perfect_hash::scope_tag(
            self.provider.map_or(0, |p| p as u8 + 1),
            self.platform.map_or(0, |p| p as u8 + 1),
            domain,
        )
    }

    /// Whether `entry`, found by a key of kind `key`, lies in this scope.
    ///
    /// ```
    /// use errcat::{Key, Platform, Scope};
    /// let e = errcat::lookup(Scope::ANY, Key::Name("OT_NOT_CONNECTED")).next().unwrap();
    /// assert!(Scope::platform(Platform::Web).admits(e, Key::Name("OT_NOT_CONNECTED")));
    /// assert!(!Scope::platform(Platform::Ios).admits(e, Key::Name("OT_NOT_CONNECTED")));
    /// ```
    pub fn admits(&self, entry: &Entry, key: Key<'_>) -> bool {
        self.provider.is_none_or(|p| entry.provider == p)
            && self.platform.is_none_or(|p| entry.platform == Some(p))
            && self.domain.is_none_or(|d| match key {
                Key::Code(_) => entry.domain == Some(d),
                Key::Name(_) => entry.domain.is_none_or(|own| own == d),
            })
    }
}

/// Why a [`Scope`] cannot be built.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    /// The platform belongs to another provider.
    #[error("platform `{platform}` is not a {provider} platform")]
    Platform {
        /// The provider asked for.
        provider: Provider,
        /// The platform asked for.
        platform: Platform,
    },
    /// The provider does not use the domain.
    #[error("domain `{domain}` is not used by {provider}")]
    Domain {
        /// The provider asked for (or the platform's).
        provider: Provider,
        /// The domain asked for.
        domain: Domain,
    },
}

/// The entries a key finds in a scope, in catalogue order (within one platform, entries without a domain first).
#[derive(Clone, Debug)]
pub struct Matches<'a> {
    ids: std::slice::Iter<'static, u16>,
    scope: Scope,
    key: Key<'a>,
}

impl Iterator for Matches<'_> {
    type Item = &'static Entry;

    fn next(&mut self) -> Option<&'static Entry> {
        let entries = catalogue::entries();
        self.ids.by_ref().map(|&i| &entries[usize::from(i)]).find(|e| self.scope.admits(e, self.key))
    }
}

/// Every entry `key` finds in `scope`. Finds nothing rather than failing.
///
/// Names match exactly first, then ignoring ASCII case.
///
/// ```
/// use errcat::{Key, Scope};
/// let providers: Vec<_> = errcat::lookup(Scope::ANY, Key::Code(1006)).map(|e| e.provider).collect();
/// assert!(providers.contains(&errcat::Provider::Vonage) && providers.contains(&errcat::Provider::SocketIo));
/// ```
pub fn lookup(scope: Scope, key: Key<'_>) -> Matches<'_> {
    let ids = match key {
        Key::Code(code) => catalogue::ids_by_code(code),
        Key::Name(name) => catalogue::ids_by_name(name),
    };
    Matches { ids: ids.iter(), scope, key }
}

/// The single answer for `key` in `scope`. Never fails, never allocates.
///
/// A key with one reading in the scope gives its entry. A key with several (1006 is a Vonage connect failure,
/// a WebSocket close code and a Cobrowse error; `OT_AUTHENTICATION_ERROR` is an expired or a malformed token,
/// which only the message tells) gives `ambiguous: true` and no entry: category, retry and actor are the ones
/// every reading shares, and the unknown answer's where they differ; [`lookup`] lists the readings. Several entries are one reading when they share provider and platform and the first has no
/// domain (Vonage web 1006 is connect failed; its WebSocket close code needs the `socket_close` domain).
/// An unknown key gives `known: false` with the provider's fallback, or a generic one when no provider is set.
///
/// ```
/// use errcat::{classify, Key, Provider, Scope};
///
/// assert!(classify(Scope::ANY, Key::Code(1006)).ambiguous);
/// let vonage = classify(Scope::provider(Provider::Vonage), Key::Code(1006));
/// assert!(vonage.known);
/// ```
#[inline(always)]
pub fn classify(scope: Scope, key: Key<'_>) -> Classification {
    let found = match key {
        Key::Code(code) => catalogue::first_by_code(scope.tag(true), code),
        // The name table is keyed without a domain. Its answer is the first match ignoring the domain, so it
        // stands when the scope admits it; otherwise (a name repeated across domains) the general lookup decides.
        // (The tag already holds provider and platform; only the domain is left to check.)
        Key::Name(name) => catalogue::first_by_name(scope.tag(false), name)
            .filter(|(e, _)| scope.domain.is_none_or(|d| e.domain.is_none_or(|own| own == d))),
    };
    match found {
        Some((entry, false)) => Classification::from_entry(entry),
        _ => classify_slow(scope, key),
    }
}

/// Keys with several readings, names in another case or within a domain take the general lookup; anything
/// else is unknown.
#[cold]
#[inline(never)]
fn classify_slow(scope: Scope, key: Key<'_>) -> Classification {
    let plain = || lookup(scope, key).filter(|e| !e.is_refinement());
    let Some(first) = plain().next() else { return Classification::unknown(scope.provider) };
    if several_readings(plain()) {
        return Classification::of_readings(plain());
    }
    if first.broad {
        // A broad key: its refined readings (chosen by a message, which a bare key lacks) and the entries it
        // may stand for count too.
        return Classification::of_readings(
            std::iter::once(first).chain(refinements_of(first)).chain(first.readings()),
        );
    }
    Classification::from_entry(first)
}

/// The refined readings of `base` (`when_message` entries with its key, platform and domain).
pub(crate) fn refinements_of(base: &'static Entry) -> impl Iterator<Item = &'static Entry> {
    let key = match (base.code, base.name) {
        (Some(code), _) => Some(Key::Code(code)),
        (None, Some(name)) => Some(Key::Name(name)),
        (None, None) => None,
    };
    let scope = Scope { provider: Some(base.provider), platform: base.platform, domain: base.domain };
    key.into_iter()
        .flat_map(move |key| lookup(scope, key))
        .filter(move |e| e.is_refinement() && e.domain == base.domain && !base.is_refinement())
}

/// Whether entries found for one key (in catalogue order) are several readings rather than one: they are
/// one when they share provider and platform and the first has no domain. The build applies the same test.
pub(crate) fn several_readings(mut found: impl Iterator<Item = &'static Entry>) -> bool {
    let Some(first) = found.next() else { return false };
    let mut rest = found.peekable();
    rest.peek().is_some()
        && !(first.domain.is_none() && rest.all(|e| e.provider == first.provider && e.platform == first.platform))
}

/// The answer to "what is this error and what do I do": always present, `known` says whether the catalogue holds it.
///
/// The messages are read on demand ([`Classification::user_message`], [`Classification::developer_hint`]), so
/// classifying touches only the lookup table.
///
/// It serializes with the entry's [`id`](Entry::id) (or `null`) and the two messages:
/// `{"id":…,"known":…,"ambiguous":…,"provider":…,"category":…,"retry":…,"actor":…,"severity":…,"expected":…,"user_message":…,"developer_hint":…}`.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Classification {
    /// The catalogue entry, when the key is known.
    pub entry: Option<&'static Entry>,
    /// Whether the catalogue holds the key.
    pub known: bool,
    /// Whether the key has several readings here (`entry` is then `None`; see [`classify`]).
    pub ambiguous: bool,
    /// The provider, when known or given (when ambiguous: only when every reading shares it).
    pub provider: Option<Provider>,
    /// What went wrong (`unknown` for unknown keys, unless the provider's fallback says otherwise).
    pub category: Category,
    /// What to do next.
    pub retry: Retry,
    /// Who has to act.
    pub actor: Actor,
    /// How loud it is in telemetry: the entry's; for an unknown key the fallback's (by [`Severity::by_rule`]);
    /// when ambiguous the loudest of the readings'.
    pub severity: Severity,
    /// Normal churn that should page nobody: the entry's; never for an unknown key; when ambiguous only when
    /// every reading is.
    pub expected: bool,
}

impl Serialize for Classification {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Classification", 11)?;
        s.serialize_field("id", &self.entry.map(Entry::id))?;
        s.serialize_field("known", &self.known)?;
        s.serialize_field("ambiguous", &self.ambiguous)?;
        s.serialize_field("provider", &self.provider)?;
        s.serialize_field("category", &self.category)?;
        s.serialize_field("retry", &self.retry)?;
        s.serialize_field("actor", &self.actor)?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("expected", &self.expected)?;
        s.serialize_field("user_message", self.user_message())?;
        s.serialize_field("developer_hint", self.developer_hint())?;
        s.end()
    }
}

/// Generic answer when neither the key nor the provider is known.
const GENERIC_USER_MESSAGE: &str = "Something went wrong. Please try again, and contact support if it keeps happening.";
const GENERIC_DEVELOPER_HINT: &str = "errcat does not know this key and no provider was given. Pass the provider (and platform) with the query, log the full error object, and check the provider's documentation. Retry only idempotent steps, with backoff and a small limit.";
const AMBIGUOUS_DEVELOPER_HINT: &str = "This key means different things in different SDKs, platforms or error domains, and nothing in the input says which. The advice given is what is safe for every reading. Pass the provider and platform (or the whole error object) to get one answer; the candidates list every reading.";

impl Classification {
    /// The classification of a known entry.
    ///
    /// ```
    /// let e = &errcat::entries()[0];
    /// assert_eq!(errcat::Classification::from_entry(e).category, e.category);
    /// ```
    #[inline]
    pub const fn from_entry(entry: &'static Entry) -> Classification {
        Classification {
            entry: Some(entry),
            known: true,
            ambiguous: false,
            provider: Some(entry.provider),
            category: entry.category,
            retry: entry.retry,
            actor: entry.actor,
            severity: entry.severity,
            expected: entry.expected,
        }
    }

    /// The answer for a key the catalogue does not hold: the provider's fallback, or a generic one. Never
    /// expected; its severity is the fallback's (by [`Severity::by_rule`]).
    ///
    /// ```
    /// let c = errcat::Classification::unknown(Some(errcat::Provider::Vonage));
    /// assert!(!c.known);
    /// assert_eq!(c.user_message(), errcat::fallback(errcat::Provider::Vonage).user_message);
    /// ```
    pub fn unknown(provider: Option<Provider>) -> Classification {
        let (category, retry, actor, severity) = match provider {
            Some(p) => {
                let f = catalogue::fallback(p);
                (f.category, f.retry, f.actor, f.severity)
            }
            None => (
                Category::Unknown,
                Retry::Backoff,
                Actor::Developer,
                Severity::by_rule(Category::Unknown, Retry::Backoff, Actor::Developer),
            ),
        };
        Classification {
            entry: None,
            known: false,
            ambiguous: false,
            provider,
            category,
            retry,
            actor,
            severity,
            expected: false,
        }
    }

    /// The answer for several readings of one key: no entry; each of category, retry, actor and provider is
    /// the value every reading shares, or the unknown answer's value (`unknown`, bounded `backoff`,
    /// `developer`, none) where they differ; severity is the loudest reading's, and it is expected only when
    /// every reading is. One reading gives that entry's answer.
    ///
    /// ```
    /// use errcat::{Key, Scope};
    /// let c = errcat::Classification::of_readings(errcat::lookup(Scope::ANY, Key::Code(1011)));
    /// assert!(c.entry.is_none() && c.ambiguous);
    /// ```
    pub fn of_readings(readings: impl IntoIterator<Item = &'static Entry>) -> Classification {
        let mut readings = readings.into_iter();
        let Some(first) = readings.next() else { return Classification::unknown(None) };
        let mut c = Classification::from_entry(first);
        let mut several = false;
        for e in readings {
            several = true;
            if e.category != c.category {
                c.category = Category::Unknown;
            }
            if e.retry != c.retry {
                c.retry = Retry::Backoff;
            }
            if e.actor != c.actor {
                c.actor = Actor::Developer;
            }
            if Some(e.provider) != c.provider {
                c.provider = None;
            }
            c.severity = c.severity.loudest(e.severity);
            c.expected &= e.expected;
        }
        if several {
            c.entry = None;
            c.ambiguous = true;
        }
        c
    }

    /// Safe to show the person in front of the screen.
    ///
    /// ```
    /// let c = errcat::classify(errcat::Scope::ANY, errcat::Key::Name("OT_NOT_CONNECTED"));
    /// assert!(!c.user_message().is_empty());
    /// ```
    pub fn user_message(&self) -> &'static str {
        if self.ambiguous {
            return self.provider.map_or(GENERIC_USER_MESSAGE, |p| catalogue::fallback(p).user_message);
        }
        match (self.entry, self.provider) {
            (Some(e), _) => e.user_message,
            (None, Some(p)) => catalogue::fallback(p).user_message,
            (None, None) => GENERIC_USER_MESSAGE,
        }
    }

    /// What a developer should check or change.
    ///
    /// ```
    /// let c = errcat::classify(errcat::Scope::ANY, errcat::Key::Name("OT_NOT_CONNECTED"));
    /// assert!(c.developer_hint().contains("connect"));
    /// ```
    pub fn developer_hint(&self) -> &'static str {
        if self.ambiguous {
            return AMBIGUOUS_DEVELOPER_HINT;
        }
        match (self.entry, self.provider) {
            (Some(e), _) => e.developer_hint,
            (None, Some(p)) => catalogue::fallback(p).developer_hint,
            (None, None) => GENERIC_DEVELOPER_HINT,
        }
    }
}

/// Every entry, sorted by provider, platform, domain, code and name.
///
/// ```
/// assert!(errcat::entries().iter().all(|e| !e.user_message.is_empty()));
/// ```
pub fn entries() -> &'static [Entry] {
    catalogue::entries()
}

/// Every source the entries cite, provider by provider, each provider's sorted by key.
///
/// ```
/// for s in errcat::sources() {
///     assert!(s.url.is_some() || (s.package.is_some() && s.path.is_some()));
/// }
/// ```
pub fn sources() -> &'static [crate::Source] {
    catalogue::sources()
}

/// The entries of one provider, in catalogue order.
///
/// ```
/// assert!(errcat::entries_of(errcat::Provider::Cobrowse).all(|e| e.platform.is_none()));
/// ```
pub fn entries_of(provider: Provider) -> impl Iterator<Item = &'static Entry> {
    entries().iter().filter(move |e| e.provider == provider)
}

/// The fallback used for a provider's unknown keys.
///
/// ```
/// let f = errcat::fallback(errcat::Provider::SocketIo);
/// assert_eq!(f.provider, errcat::Provider::SocketIo);
/// ```
pub fn fallback(provider: Provider) -> &'static crate::entry::Fallback {
    catalogue::fallback(provider)
}
