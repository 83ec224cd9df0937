//! Catalogue records: one [`Entry`] per known error, one [`Fallback`] per provider.

use std::fmt;

use serde::Serialize;

use crate::cause::{Cause, RetryPolicy};
use crate::fingerprint::Fingerprint;
use crate::source::Source;
use crate::taxonomy::{Actor, Category, Domain, Platform, Provider, Retry, Severity};

/// One known error, code, name or reason, with its classification. All data is `'static`.
///
/// It serializes with its [`id`](Entry::id), its readings as ids and its sources in full.
///
/// The fields `classify` reads come first, in one cache line (`repr(C)`, 64-byte aligned).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[repr(C, align(64))]
pub struct Entry {
    /// What went wrong.
    pub category: Category,
    /// What to do next.
    pub retry: Retry,
    /// Who has to act.
    pub actor: Actor,
    /// How loud it is in telemetry ([`Severity::by_rule`], unless the data overrides it).
    pub severity: Severity,
    /// Normal churn that should page nobody: a user leaving, a moderator's action, a background tab's
    /// heartbeat lapsing ([`expected_by_rule`](crate::expected_by_rule), unless the data overrides it).
    pub expected: bool,
    /// The SDK family.
    pub provider: Provider,
    /// The SDK or side that raises it, when the provider has several.
    pub platform: Option<Platform>,
    /// The code space the numeric code belongs to, when a platform has several.
    pub domain: Option<Domain>,
    /// Defined or documented, but not raised by current SDKs.
    pub legacy: bool,
    /// Safe to show the person in front of the screen.
    pub user_message: &'static str,
    /// What a developer should check or change.
    pub developer_hint: &'static str,
    /// The numeric code, when it is a lookup key.
    pub code: Option<i64>,
    /// The exact name, message or reason string the SDK emits.
    pub name: Option<&'static str>,
    /// Other strings that find this entry (constants, titles, old spellings).
    pub aliases: &'static [&'static str],
    /// Other numbers this name arrives with (not lookup keys).
    pub with_codes: &'static [i64],
    /// Names this code arrives with (not lookup keys).
    pub with_names: &'static [&'static str],
    /// For a refined reading of a broad code or name: lowercase-insensitive substrings of the message (or
    /// title) that select it. Empty for ordinary entries.
    pub when_message: &'static [&'static str],
    /// Fixed texts (or fixed beginnings of texts) the SDK attaches to this error, for message-only input.
    pub messages: &'static [&'static str],
    /// The entries this broad key may stand for when nothing else in the input says which ([`Entry::readings`]).
    #[serde(rename = "readings", serialize_with = "readings_as_ids")]
    pub(crate) reading_ids: &'static [u16],
    /// The key alone does not say which of its readings applies (its refined readings, [`Entry::readings`]):
    /// without a message or status that picks one, the answer is ambiguous.
    pub broad: bool,
    /// The API call or event that hands it over.
    pub raised_by: &'static str,
    /// Indexes of the sources of its facts ([`Entry::sources`]).
    #[serde(rename = "sources", serialize_with = "sources_in_full")]
    pub(crate) source_ids: &'static [u16],
    /// The vendor's documentation page for this code, name or reason, where there is one.
    pub doc_url: Option<&'static str>,
    /// SDK versions where it applies, when that matters.
    pub versions: Option<&'static str>,
    /// Conflicts between sources, uncertainty, history.
    pub note: Option<&'static str>,
    /// Likely causes, most frequent first, each with the check that confirms it; empty where none is recorded.
    pub causes: &'static [Cause],
    /// Retry numbers for entries that advise a retry, where the data has them.
    pub retry_policy: Option<RetryPolicy>,
    /// The stable id ([`Entry::id`]).
    pub(crate) id: &'static str,
    /// FNV-1a 64 of the id, computed at build time ([`Entry::fingerprint`]).
    #[serde(serialize_with = "fingerprint_as_hex")]
    pub(crate) fingerprint: u64,
}

impl Entry {
    /// A stable, unique name for this entry, to group and count by: `provider[.platform][.domain].key`, the
    /// key being the name (else the code, else the first alias), and for a refined reading its first message
    /// substring in brackets. Ids do not change across releases; a removed entry's id is not reused.
    ///
    /// ```
    /// let e = errcat::lookup(errcat::Scope::ANY, errcat::Key::Name("OT_NOT_CONNECTED")).next().unwrap();
    /// assert_eq!(e.id(), "vonage.web.OT_NOT_CONNECTED");
    /// ```
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The grouping key of this entry: FNV-1a 64 of its [`id`](Entry::id), so it is as stable as the id
    /// ([`Fingerprint`] has the definition). Every answer that names this entry has this fingerprint.
    ///
    /// ```
    /// let e = errcat::lookup(errcat::Scope::ANY, errcat::Key::Name("OT_NOT_CONNECTED")).next().unwrap();
    /// assert_eq!(e.fingerprint(), errcat::Fingerprint::of_id(e.id()));
    /// assert_eq!(e.fingerprint().to_string().len(), 16);
    /// ```
    pub const fn fingerprint(&self) -> Fingerprint {
        Fingerprint::from_u64(self.fingerprint)
    }

    /// Every string key: the name, then the aliases.
    ///
    /// ```
    /// let e = errcat::lookup(errcat::Scope::ANY, errcat::Key::Name("OT_NOT_CONNECTED")).next().unwrap();
    /// assert_eq!(e.string_keys().next(), Some("OT_NOT_CONNECTED"));
    /// ```
    pub fn string_keys(&self) -> impl Iterator<Item = &'static str> {
        self.name.into_iter().chain(self.aliases.iter().copied())
    }

    /// The other entries a broad key may stand for (`xhr poll error`: a server that is down, a certificate
    /// problem, a refusal...) when nothing in the input says which; empty for most entries.
    ///
    /// ```
    /// let broad = errcat::entries().iter().find(|e| e.readings().next().is_some()).unwrap();
    /// assert!(broad.readings().all(|r| r.provider == broad.provider));
    /// ```
    pub fn readings(&self) -> impl Iterator<Item = &'static Entry> {
        self.reading_ids.iter().map(|&i| crate::catalogue::entry(usize::from(i)))
    }

    /// Where its facts come from: documents and package files a reader can follow.
    ///
    /// ```
    /// let e = errcat::lookup(errcat::Scope::ANY, errcat::Key::Name("OT_NOT_CONNECTED")).next().unwrap();
    /// for s in e.sources() {
    ///     println!("{}: {} (read {})", s.key, s.location(), s.read);
    /// }
    /// ```
    pub fn sources(&self) -> impl ExactSizeIterator<Item = &'static Source> {
        self.source_ids.iter().map(|&i| crate::catalogue::source(usize::from(i)))
    }

    /// Whether this is a refined reading of a broad key, chosen by its message ([`Entry::when_message`]).
    ///
    /// ```
    /// let refined = errcat::entries().iter().filter(|e| e.is_refinement());
    /// assert!(refined.clone().all(|e| !e.when_message.is_empty()));
    /// ```
    pub fn is_refinement(&self) -> bool {
        !self.when_message.is_empty()
    }
}

/// `vonage web socket_close 1006 OT_SOCKET_CLOSE_ABNORMAL`: provider, platform, domain, code and name (or,
/// without a name, the first alias in parentheses), as present.
impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.provider)?;
        if let Some(p) = self.platform {
            write!(f, " {p}")?;
        }
        if let Some(d) = self.domain {
            write!(f, " {d}")?;
        }
        if let Some(c) = self.code {
            write!(f, " {c}")?;
        }
        match (self.name, self.aliases.first()) {
            (Some(n), _) => write!(f, " {n}")?,
            (None, Some(alias)) => write!(f, " ({alias})")?,
            (None, None) => {}
        }
        if let Some(first) = self.when_message.first() {
            write!(f, " [message: {first:?}]")?;
        }
        Ok(())
    }
}

/// The per-provider answer for keys the catalogue does not hold.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Fallback {
    /// The provider this fallback speaks for.
    pub provider: Provider,
    /// The SDK versions the provider's table covers.
    pub sdk_versions: &'static str,
    /// Category given to unknown keys.
    pub category: Category,
    /// Retry advice for unknown keys.
    pub retry: Retry,
    /// Who acts on unknown keys.
    pub actor: Actor,
    /// Severity of unknown keys, by [`Severity::by_rule`] from the three above. Unknown keys are never expected.
    pub severity: Severity,
    /// End-user message for unknown keys.
    pub user_message: &'static str,
    /// Developer hint for unknown keys.
    pub developer_hint: &'static str,
}

fn readings_as_ids<S: serde::Serializer>(ids: &&'static [u16], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(ids.iter().map(|&i| crate::catalogue::entry(usize::from(i)).id()))
}

fn sources_in_full<S: serde::Serializer>(ids: &&'static [u16], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(ids.iter().map(|&i| crate::catalogue::source(usize::from(i))))
}

fn fingerprint_as_hex<S: serde::Serializer>(value: &u64, serializer: S) -> Result<S::Ok, S::Error> {
    Fingerprint::from_u64(*value).serialize(serializer)
}
