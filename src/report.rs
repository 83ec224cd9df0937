//! The flat record the CLI prints: one per match, known or not, with the same snake_case strings as the taxonomy.

use serde::Serialize;

use crate::cause::{Cause, RetryPolicy};
use crate::entry::Entry;
use crate::fingerprint::Fingerprint;
use crate::lookup::{Classification, Key, Scope};
use crate::observation::{Confidence, MatchedBy, Observation, Verdict};
use crate::source::Source;
use crate::taxonomy::{Actor, Category, Domain, Platform, Provider, Retry, Severity};

/// One answer as printed by `errcat --json`: an entry's fields plus `known`.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report<'a> {
    /// The provider, when known or given.
    pub provider: Option<Provider>,
    /// The platform, when known or given.
    pub platform: Option<Platform>,
    /// The code space, when known or given.
    pub domain: Option<Domain>,
    /// The numeric code, when it is the entry's key (see `with_codes` for the numbers a name arrives with).
    pub code: Option<i64>,
    /// The name, message or reason string.
    pub name: Option<&'a str>,
    /// What went wrong.
    pub category: Category,
    /// What to do next.
    pub retry: Retry,
    /// Who has to act.
    pub actor: Actor,
    /// How loud: `info`, `warning` or `error`.
    pub severity: Severity,
    /// Normal churn that should page nobody.
    pub expected: bool,
    /// Safe to show end users.
    pub user_message: &'static str,
    /// What a developer should check.
    pub developer_hint: &'static str,
    /// Whether the catalogue holds the key.
    pub known: bool,
    /// Where the facts come from: each source's key, what it is, its URL or package and path, the date read.
    pub sources: Vec<&'static Source>,
    /// The vendor's page for this code or name, where there is one.
    pub doc_url: Option<&'static str>,
    /// The API call or event that raises it.
    pub raised_by: Option<&'static str>,
    /// Other keys of the entry.
    pub aliases: &'static [&'static str],
    /// Other numbers the name arrives with.
    pub with_codes: &'static [i64],
    /// Names the code arrives with.
    pub with_names: &'static [&'static str],
    /// For a refined reading: the message substrings that select it.
    pub when_message: &'static [&'static str],
    /// Fixed texts the SDK attaches to it.
    pub messages: &'static [&'static str],
    /// The entries a broad key may stand for when nothing else says which.
    pub readings: Vec<String>,
    /// SDK versions where it applies.
    pub versions: Option<&'static str>,
    /// Not raised by current SDKs.
    pub legacy: bool,
    /// Conflicts and uncertainty.
    pub note: Option<&'static str>,
    /// Likely causes, most frequent first, each with its check, who acts and its sources.
    pub causes: &'static [Cause],
    /// Retry numbers, where the entry advises a retry and the data has them.
    pub retry_policy: Option<RetryPolicy>,
}

impl Report<'static> {
    /// The report of a catalogue entry.
    pub fn from_entry(e: &'static Entry) -> Report<'static> {
        Report {
            provider: Some(e.provider),
            platform: e.platform,
            domain: e.domain,
            code: e.code,
            name: e.name,
            category: e.category,
            retry: e.retry,
            actor: e.actor,
            severity: e.severity,
            expected: e.expected,
            user_message: e.user_message,
            developer_hint: e.developer_hint,
            known: true,
            sources: e.sources().collect(),
            doc_url: e.doc_url,
            raised_by: Some(e.raised_by),
            aliases: e.aliases,
            with_codes: e.with_codes,
            with_names: e.with_names,
            when_message: e.when_message,
            messages: e.messages,
            readings: e.readings().map(|r| r.to_string()).collect(),
            versions: e.versions,
            legacy: e.legacy,
            note: e.note,
            causes: e.causes,
            retry_policy: e.retry_policy,
        }
    }
}

impl<'a> Report<'a> {
    /// The report of a verdict: its entry's, or for an unknown or ambiguous answer the classification with
    /// the observation's own code and name.
    pub(crate) fn of_verdict(verdict: &Verdict, observation: &Observation<'a>) -> Report<'a> {
        match verdict.classification.entry {
            Some(e) => Report::from_entry(e),
            None => Report {
                code: observation.code,
                name: observation.name.or(observation.reason).or(observation.message),
                ..Report::from_classification(
                    &verdict.classification,
                    Scope {
                        provider: observation.provider,
                        platform: observation.platform,
                        domain: observation.domain,
                    },
                    Key::Name(""),
                )
            },
        }
    }

    /// The report of a classification; `key` fills `code`/`name` when the key is unknown.
    pub fn from_classification(c: &Classification, scope: Scope, key: Key<'a>) -> Report<'a> {
        if let Some(e) = c.entry {
            return Report::from_entry(e);
        }
        let (code, name) = match key {
            Key::Code(n) => (Some(n), None),
            Key::Name(s) => (None, Some(s)),
        };
        Report {
            provider: c.provider,
            platform: scope.platform,
            domain: scope.domain,
            code,
            name,
            category: c.category,
            retry: c.retry,
            actor: c.actor,
            severity: c.severity,
            expected: c.expected,
            user_message: c.user_message(),
            developer_hint: c.developer_hint(),
            known: c.known,
            sources: Vec::new(),
            doc_url: None,
            raised_by: None,
            aliases: &[],
            with_codes: &[],
            with_names: &[],
            when_message: &[],
            messages: &[],
            readings: Vec::new(),
            versions: None,
            legacy: false,
            note: None,
            causes: &[],
            retry_policy: None,
        }
    }
}

/// A short reference to another reading of an ambiguous payload.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The provider.
    pub provider: Provider,
    /// The platform.
    pub platform: Option<Platform>,
    /// The code space.
    pub domain: Option<Domain>,
    /// The numeric code.
    pub code: Option<i64>,
    /// The name.
    pub name: Option<&'static str>,
    /// Its category.
    pub category: Category,
    /// Its retry advice.
    pub retry: Retry,
    /// Who acts.
    pub actor: Actor,
}

impl From<&'static Entry> for Candidate {
    fn from(e: &'static Entry) -> Candidate {
        Candidate {
            provider: e.provider,
            platform: e.platform,
            domain: e.domain,
            code: e.code,
            name: e.name,
            category: e.category,
            retry: e.retry,
            actor: e.actor,
        }
    }
}

/// The answer for one payload: the report, how it was reached, and the other readings when ambiguous.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerdictReport<'a> {
    /// The chosen answer.
    #[serde(flatten)]
    pub report: Report<'a>,
    /// How it was reached: `name`, `code`, `code+platform`, `message`, `http_status`, `shape`, `text` or `fallback`.
    pub matched_by: MatchedBy,
    /// How sure: `exact`, `refined`, `inferred`, `ambiguous` or `unknown`.
    pub confidence: Confidence,
    /// A stable key to group by: the entry's, or one from provider, platform and the normalised key.
    pub fingerprint: Fingerprint,
    /// True when several readings fit equally well; `report` is the first of `candidates`.
    pub ambiguous: bool,
    /// Every reading considered, when there was more than one.
    pub candidates: Vec<Candidate>,
    /// The operation the payload named (`operation`, `method` or `api`), if any.
    pub operation: Option<&'a str>,
    /// What arrived: the code, name, message and reason as the payload held them.
    pub observed: Observed<'a>,
}

/// Longest `observed.message` kept, in characters; a longer message is cut there.
pub const OBSERVED_MAX_CHARS: usize = 200;

/// The fields of the payload as they arrived, before any reading: what a record keeps of the input.
///
/// `message` is the payload's message (for a line read as text, the text), cut at [`OBSERVED_MAX_CHARS`]
/// characters. Generic JavaScript class names (`Error`, `TypeError`, ...) are not names.
///
/// ```
/// # #[cfg(feature = "json")] {
/// let value = serde_json::json!({"name": "OT_NOT_CONNECTED", "code": 1501, "message": "Connection required to subscribe"});
/// let o = errcat::observe(&value).unwrap();
/// let report = errcat::VerdictReport::new(&o.classify(), &o);
/// assert_eq!(report.observed.code, Some(1501)); // the entry's own code is null: the name is its key
/// assert_eq!(report.observed.name, Some("OT_NOT_CONNECTED"));
/// # }
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Observed<'a> {
    /// The numeric code.
    pub code: Option<i64>,
    /// The error name.
    pub name: Option<&'a str>,
    /// The message, cut at [`OBSERVED_MAX_CHARS`] characters.
    pub message: Option<&'a str>,
    /// A disconnect or event reason.
    pub reason: Option<&'a str>,
}

impl<'a> Observed<'a> {
    /// What `observation` holds of the input.
    pub fn of(observation: &Observation<'a>) -> Observed<'a> {
        let message = observation.message.or(observation.text).map(|m| {
            let cut = m.char_indices().nth(OBSERVED_MAX_CHARS).map_or(m.len(), |(i, _)| i);
            &m[..cut]
        });
        Observed { code: observation.code, name: observation.name, message, reason: observation.reason }
    }
}

impl<'a> VerdictReport<'a> {
    /// The report of `verdict` for the observation it came from.
    pub fn new(verdict: &Verdict, observation: &Observation<'a>) -> VerdictReport<'a> {
        VerdictReport {
            report: Report::of_verdict(verdict, observation),
            matched_by: verdict.matched_by,
            confidence: verdict.confidence,
            fingerprint: verdict.fingerprint(observation),
            ambiguous: verdict.ambiguous,
            candidates: verdict.candidates.iter().copied().map(Candidate::from).collect(),
            operation: observation.operation,
            observed: Observed::of(observation),
        }
    }
}
