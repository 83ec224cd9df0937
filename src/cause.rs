//! What usually lies behind an entry ([`Cause`], most frequent first) and the numbers of a retry
//! ([`RetryPolicy`]).

use std::time::Duration;

use serde::{Serialize, Serializer};

use crate::source::Source;
use crate::taxonomy::Actor;

/// One likely cause of an error, with the one check that confirms or rules it out.
///
/// ```
/// let e = errcat::lookup(errcat::Scope::ANY, errcat::Key::Name("xhr poll error")).next().unwrap();
/// let first = &e.causes[0];
/// assert!(!first.check.is_empty());
/// assert!(first.sources().len() > 0);
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// What went wrong, in one sentence.
    pub cause: &'static str,
    /// The one thing to run or look at that confirms or rules it out.
    pub check: &'static str,
    /// Who acts when this is the cause.
    pub actor: Actor,
    /// Indexes of the sources it is backed by ([`Cause::sources`]).
    #[serde(rename = "sources", serialize_with = "sources_in_full")]
    pub(crate) source_ids: &'static [u16],
}

impl Cause {
    /// Where the knowledge comes from: vendor docs, SDK source, public issue threads.
    pub fn sources(&self) -> impl ExactSizeIterator<Item = &'static Source> {
        self.source_ids.iter().map(|&i| crate::catalogue::source(usize::from(i)))
    }
}

/// How many attempts the SDK makes by itself before the error reaches the app.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SdkRetries {
    /// This many attempts; 0 when the SDK does not retry (serialized as the number).
    Attempts(u32),
    /// No limit (serialized as `"unlimited"`).
    Unlimited,
}

impl SdkRetries {
    /// Whether the SDK retries at all: if so, the app must not stack its own retries on top.
    pub const fn retries(self) -> bool {
        !matches!(self, SdkRetries::Attempts(0))
    }
}

impl Serialize for SdkRetries {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            SdkRetries::Attempts(n) => serializer.serialize_u32(*n),
            SdkRetries::Unlimited => serializer.serialize_str("unlimited"),
        }
    }
}

/// The numbers of a retry, for an app's own backoff: first delay, longest delay, attempts, and what the SDK
/// already does by itself.
///
/// ```
/// let e = errcat::lookup(errcat::Scope::ANY, errcat::Key::Name("xhr poll error")).next().unwrap();
/// let p = e.retry_policy.unwrap();
/// // The SDK reconnects by itself: the app waits instead of stacking retries.
/// assert!(p.sdk_retries.retries());
/// let delays: Vec<_> = (0..4).map(|n| p.delay(n)).collect();
/// assert!(delays.windows(2).all(|w| w[0] <= w[1] && w[1] <= p.max()));
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RetryPolicy {
    /// The first delay, in milliseconds.
    pub initial_ms: u32,
    /// The longest delay, in milliseconds.
    pub max_ms: u32,
    /// How many attempts to make in all (at least 1).
    pub max_attempts: u32,
    /// How many attempts the SDK itself makes.
    pub sdk_retries: SdkRetries,
    /// How the SDK retries and over how long.
    pub sdk_note: &'static str,
    /// Indexes of the sources of the numbers ([`RetryPolicy::sources`]).
    #[serde(rename = "sources", serialize_with = "sources_in_full")]
    pub(crate) source_ids: &'static [u16],
}

impl RetryPolicy {
    /// The first delay.
    pub const fn initial(&self) -> Duration {
        Duration::from_millis(self.initial_ms as u64)
    }

    /// The longest delay.
    pub const fn max(&self) -> Duration {
        Duration::from_millis(self.max_ms as u64)
    }

    /// The delay before attempt `n` (0-based) without jitter: the first delay doubled `n` times, capped at the
    /// longest.
    pub fn delay(&self, n: u32) -> Duration {
        let ms = u64::from(self.initial_ms).saturating_mul(1u64 << n.min(32));
        Duration::from_millis(ms.min(u64::from(self.max_ms)))
    }

    /// Where the numbers come from.
    pub fn sources(&self) -> impl ExactSizeIterator<Item = &'static Source> {
        self.source_ids.iter().map(|&i| crate::catalogue::source(usize::from(i)))
    }
}

fn sources_in_full<S: Serializer>(ids: &&'static [u16], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(ids.iter().map(|&i| crate::catalogue::source(usize::from(i))))
}

/// The causes of several readings of one ambiguous key or payload, merged into one ranking: every reading's
/// first cause (in the readings' order), then every second cause, and so on; a cause text already listed is
/// skipped. Each cause comes with the entry it belongs to.
///
/// ```
/// let readings: Vec<&errcat::Entry> = errcat::lookup(errcat::Scope::ANY, errcat::Key::Code(1)).collect();
/// let merged = errcat::merge_causes(&readings);
/// let total: usize = readings.iter().map(|e| e.causes.len()).sum();
/// assert!(merged.len() <= total);
/// ```
pub fn merge_causes(readings: &[&'static crate::Entry]) -> Vec<(&'static crate::Entry, &'static Cause)> {
    let mut out: Vec<(&'static crate::Entry, &'static Cause)> = Vec::new();
    let deepest = readings.iter().map(|e| e.causes.len()).max().unwrap_or(0);
    for rank in 0..deepest {
        for &e in readings {
            if let Some(c) = e.causes.get(rank) {
                if !out.iter().any(|(_, seen)| seen.cause == c.cause) {
                    out.push((e, c));
                }
            }
        }
    }
    out
}
