//! The validated shape of `data/*.toml`: what the parser produces and the emitter consumes.

use crate::taxonomy::{expected_by_rule, Actor, Category, Domain, Platform, Provider, Retry, Severity};

/// Field names an `[[entry]]` may carry.
pub const ENTRY_FIELDS: &[&str] = &[
    "platform",
    "domain",
    "code",
    "name",
    "aliases",
    "with_codes",
    "with_names",
    "when_message",
    "messages",
    "readings",
    "broad",
    "raised_by",
    "category",
    "retry",
    "actor",
    "severity",
    "expected",
    "user_message",
    "developer_hint",
    "source",
    "doc_url",
    "versions",
    "legacy",
    "note",
    "causes",
    "retry_policy",
];

/// Field names a `[[entry.causes]]` table carries (all required).
pub const CAUSE_FIELDS: &[&str] = &["cause", "check", "actor", "source"];

/// Field names an `[entry.retry_policy]` table carries (all required).
pub const RETRY_POLICY_FIELDS: &[&str] = &["initial_ms", "max_ms", "max_attempts", "sdk_retries", "sdk_note", "source"];

/// Longest cause text, in characters.
pub const CAUSE_MAX: usize = 240;

/// Longest check text, in characters.
pub const CHECK_MAX: usize = 320;

/// Longest `sdk_note`, in characters.
pub const SDK_NOTE_MAX: usize = 320;

/// Largest delay accepted in a retry policy: one day, in milliseconds.
pub const DELAY_MAX_MS: i64 = 86_400_000;

/// Field names the `[fallback]` table carries (all required).
pub const FALLBACK_FIELDS: &[&str] = &["category", "retry", "actor", "user_message", "developer_hint"];

/// Field names the `[meta]` table carries (all required).
pub const META_FIELDS: &[&str] = &["provider", "sdk_versions"];

/// Field names a `[sources.KEY]` table may carry.
pub const SOURCE_FIELDS: &[&str] = &["what", "url", "package", "path", "read"];

/// Longest source key, in characters.
pub const SOURCE_KEY_MAX: usize = 40;

/// Top-level keys of a provider file (a platform file holds only `entry`).
pub const TOP_LEVEL: &[&str] = &["meta", "fallback", "sources", "entry"];

/// Smallest and largest numeric code accepted.
pub const CODE_RANGE: std::ops::RangeInclusive<i64> = -1..=99_999;

/// Longest user message, in characters.
pub const USER_MESSAGE_MAX: usize = 160;

/// Longest developer hint, in characters.
pub const DEVELOPER_HINT_MAX: usize = 400;

/// Longest string key (name or alias), in characters.
pub const KEY_MAX: usize = 256;

/// Shortest `when_message` substring: shorter ones match unrelated messages.
pub const WHEN_MESSAGE_MIN: usize = 4;

/// Shortest `messages` text: a message must be specific enough to name one error.
pub const MESSAGE_MIN: usize = 12;

/// Words a user message must not contain (matched case-insensitively on word boundaries).
pub const JARGON: &[&str] = &[
    "token",
    "tokens",
    "webrtc",
    "ice",
    "namespace",
    "namespaces",
    "api",
    "apis",
    "sdk",
    "socket",
    "sockets",
    "websocket",
    "websockets",
    "http",
    "https",
    "sid",
    "cors",
    "tls",
    "ssl",
    "json",
    "codec",
    "codecs",
    "e2ee",
    "null",
    "exception",
    "jwt",
    "sdp",
    "turn server",
    "peer connection",
    "transport",
    "payload",
];

/// The answer for keys a provider's table does not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FallbackRecord {
    pub category: Category,
    pub retry: Retry,
    pub actor: Actor,
    pub user_message: String,
    pub developer_hint: String,
}

/// One likely cause of an entry, in its rank order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CauseRecord {
    pub cause: String,
    pub check: String,
    pub actor: Actor,
    /// Keys of the provider's `[sources]` table.
    pub source: Vec<String>,
}

/// How many attempts the SDK makes by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SdkRetriesRecord {
    /// This many attempts (0: the SDK does not retry).
    Attempts(u32),
    /// No limit.
    Unlimited,
}

/// Retry numbers for an entry whose advice is to retry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicyRecord {
    pub initial_ms: u32,
    pub max_ms: u32,
    pub max_attempts: u32,
    pub sdk_retries: SdkRetriesRecord,
    pub sdk_note: String,
    /// Keys of the provider's `[sources]` table.
    pub source: Vec<String>,
}

/// One validated `[[entry]]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryRecord {
    pub provider: Provider,
    pub platform: Option<Platform>,
    pub domain: Option<Domain>,
    pub code: Option<i64>,
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub with_codes: Vec<i64>,
    pub with_names: Vec<String>,
    pub when_message: Vec<String>,
    pub messages: Vec<String>,
    pub readings: Vec<String>,
    pub broad: bool,
    pub raised_by: String,
    pub category: Category,
    pub retry: Retry,
    pub actor: Actor,
    /// The data's `severity = "..."`, overriding [`Severity::by_rule`].
    pub severity: Option<Severity>,
    /// The data's `expected = true|false`, overriding [`expected_by_rule`].
    pub expected: Option<bool>,
    pub user_message: String,
    pub developer_hint: String,
    /// Keys of the provider's `[sources]` table.
    pub source: Vec<String>,
    pub doc_url: Option<String>,
    pub versions: Option<String>,
    pub legacy: bool,
    pub note: Option<String>,
    /// Likely causes, most frequent first.
    pub causes: Vec<CauseRecord>,
    /// Retry numbers, for entries that advise a retry.
    pub retry_policy: Option<RetryPolicyRecord>,
    /// The data file and line of its `[[entry]]` header, for diagnostics.
    pub file: String,
    pub line: Option<usize>,
}

impl EntryRecord {
    /// The order entries are emitted in: provider, platform, domain (none first), code, name; a refined
    /// reading (`when_message`) after the entry it refines.
    #[allow(clippy::type_complexity)]
    pub fn sort_key(&self) -> (Provider, Option<Platform>, Option<Domain>, Option<i64>, Option<&str>, &[String]) {
        (self.provider, self.platform, self.domain, self.code, self.name.as_deref(), &self.when_message)
    }

    /// The severity the entry gets: the data's override, else the rule's.
    pub fn severity(&self) -> Severity {
        self.severity.unwrap_or(Severity::by_rule(self.category, self.retry, self.actor))
    }

    /// Whether the entry is expected churn: the data's override, else the rule's.
    pub fn expected(&self) -> bool {
        self.expected.unwrap_or(expected_by_rule(self.category, self.retry, self.actor))
    }

    /// A key that alone does not say which of its readings (refined or listed in `readings`) applies.
    pub fn is_broad(&self) -> bool {
        self.broad || !self.readings.is_empty()
    }

    /// A refined reading: found through the entry it refines when the message says so.
    pub fn is_refinement(&self) -> bool {
        !self.when_message.is_empty()
    }

    /// Every source key the entry cites: its own, its causes', its retry policy's.
    pub fn all_source_keys(&self) -> impl Iterator<Item = &str> {
        self.source
            .iter()
            .chain(self.causes.iter().flat_map(|c| &c.source))
            .chain(self.retry_policy.iter().flat_map(|p| &p.source))
            .map(String::as_str)
    }

    /// The string keys: name, then aliases.
    pub fn string_keys(&self) -> impl Iterator<Item = &str> {
        self.name.iter().map(String::as_str).chain(self.aliases.iter().map(String::as_str))
    }

    /// The stable id: `provider[.platform][.domain].key`, the key being the name, else the code, else the first
    /// alias; a refined reading adds its first message substring in brackets. `vonage.web.OT_NOT_CONNECTED`,
    /// `vonage.web.socket_close.1006`, `socketio.client.xhr poll error[Session ID unknown]`.
    pub fn id(&self) -> String {
        let mut id = self.provider.to_string();
        for part in [self.platform.map(|p| p.to_string()), self.domain.map(|d| d.to_string())].into_iter().flatten() {
            id.push('.');
            id.push_str(&part);
        }
        id.push('.');
        match (&self.name, self.code, self.aliases.first()) {
            (Some(name), _, _) => id.push_str(name),
            (None, Some(code), _) => id.push_str(&code.to_string()),
            (None, None, Some(alias)) => id.push_str(alias),
            (None, None, None) => {}
        }
        if let Some(first) = self.when_message.first() {
            id.push('[');
            id.push_str(first);
            id.push(']');
        }
        id
    }
}

/// One `[sources.KEY]` table: where a reader can check an entry's facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRecord {
    pub key: String,
    pub what: String,
    pub url: Option<String>,
    pub package: Option<String>,
    pub path: Option<String>,
    pub read: String,
}

/// One validated provider: its file and platform files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderTable {
    pub provider: Provider,
    pub sdk_versions: String,
    pub fallback: FallbackRecord,
    /// Sorted by key.
    pub sources: Vec<SourceRecord>,
    pub entries: Vec<EntryRecord>,
}

/// A `readings` reference, `[platform:][domain:]key` within the entry's provider: the entries it names
/// (refined readings left out), by index into `records`.
pub fn resolve_reading(records: &[&EntryRecord], from: &EntryRecord, reference: &str) -> Vec<usize> {
    let mut platform = None;
    let mut domain = None;
    let mut rest = reference;
    while let Some((head, tail)) = rest.split_once(':') {
        if let (None, Ok(p)) = (platform, head.parse::<Platform>()) {
            platform = Some(p);
        } else if let (None, Ok(d)) = (domain, head.parse::<Domain>()) {
            domain = Some(d);
        } else {
            break;
        }
        rest = tail;
    }
    let platform = platform.or(from.platform);
    let code = rest.parse::<i64>().ok();
    records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.provider == from.provider && r.platform == platform && !r.is_refinement())
        .filter(|(_, r)| domain.is_none_or(|d| r.domain == Some(d)))
        .filter(|(_, r)| match code {
            Some(c) => r.code == Some(c),
            None => r.string_keys().any(|k| k == rest),
        })
        .map(|(i, _)| i)
        .collect()
}
