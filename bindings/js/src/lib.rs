//! WebAssembly bindings of errcat for the npm package `errcat`: a thin edge that converts types. Every rule
//! and every string stays in the core; the JavaScript side (`js/api.js`) reads the SDK's error object field
//! by field and hands the fields over as a small JSON object, read by errcat's own payload reader.
//!
//! Answers come back as text, in one of two forms:
//! - `#INDEX\tMATCHED_BY\tCONFIDENCE\tOBSERVED\tOPERATION` (OBSERVED: errcat's `Observed` as JSON): a known
//!   entry reached without ambiguity (the common case);
//!   the JavaScript side keeps one parsed record per entry ([`entry_record`]) and adds these fields.
//! - a JSON object: any other answer, the record in full (`id` and errcat's `VerdictReport`).
//!
//! A text starting with `!` is a usage error (a bad hint, or a payload that is not a JSON object).

use errcat::{
    entries, Domain, Entry, Observation, Platform, Provider, Query, Report, Retry, Scope, Verdict, VerdictReport,
};
use serde::Serialize;
use wasm_bindgen::prelude::wasm_bindgen;

/// The record the CLI prints for a verdict (without its `query`): the entry's `id`, then errcat's report.
#[derive(Serialize)]
struct Record<'a, T: Serialize> {
    id: Option<&'static str>,
    #[serde(flatten)]
    answer: &'a T,
}

/// An entry's record: `id`, errcat's `Report` of it, and its fingerprint.
#[derive(Serialize)]
struct EntryRecord {
    id: &'static str,
    #[serde(flatten)]
    report: Report<'static>,
    fingerprint: errcat::Fingerprint,
}

/// Hints as JavaScript passes them: `provider|platform|domain|event`, each part possibly empty.
struct Hints<'a> {
    provider: Option<Provider>,
    platform: Option<Platform>,
    domain: Option<Domain>,
    event: Option<&'a str>,
}

fn part<T: std::str::FromStr>(text: &str, what: &str) -> Result<Option<T>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| format!("!unknown {what} `{text}`"))
}

fn hints(text: &str) -> Result<Hints<'_>, String> {
    let mut parts = text.splitn(4, '|');
    let mut next = || parts.next().unwrap_or("");
    let (provider, platform, domain, event) = (next(), next(), next(), next());
    Ok(Hints {
        provider: part(provider, "provider")?,
        platform: part(platform, "platform")?,
        domain: part(domain, "domain")?,
        event: Some(event).filter(|e| !e.is_empty()),
    })
}

fn index_of(e: &'static Entry) -> usize {
    let base = entries().as_ptr() as usize;
    (e as *const Entry as usize - base) / std::mem::size_of::<Entry>()
}

/// The answer in one of the two forms above.
fn answer(verdict: &Verdict, observation: &Observation<'_>) -> String {
    let c = &verdict.classification;
    match c.entry {
        Some(e) if !verdict.ambiguous && !c.ambiguous && verdict.candidates.is_empty() => {
            let matched: &'static str = verdict.matched_by.into();
            let confidence: &'static str = verdict.confidence.into();
            let observed = serde_json::to_string(&errcat::Observed::of(observation)).unwrap_or_default();
            format!("#{}\t{matched}\t{confidence}\t{observed}\t{}", index_of(e), observation.operation.unwrap_or(""))
        }
        _ => {
            let report = VerdictReport::new(verdict, observation);
            let record = Record { id: c.entry.map(Entry::id), answer: &report };
            serde_json::to_string(&record).unwrap_or_else(|e| format!("!{e}"))
        }
    }
}

/// Classify an error object given as JSON, with hints written into its top level as payload fields.
#[wasm_bindgen]
pub fn classify_object(json: &str, hint_text: &str) -> String {
    let h = match hints(hint_text) {
        Ok(h) => h,
        Err(e) => return e,
    };
    let mut value: serde_json::Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => return format!("!invalid JSON: {e}"),
    };
    if let Some(top) = value.as_object_mut() {
        let mut set = |key: &str, v: Option<&str>| {
            if let Some(v) = v {
                top.insert(key.to_string(), v.into());
            }
        };
        set("provider", h.provider.map(<&str>::from));
        set("platform", h.platform.map(<&str>::from));
        set("domain", h.domain.map(<&str>::from));
        set("event", h.event);
    }
    match errcat::observe(&value) {
        Ok(o) => answer(&o.classify(), &o),
        Err(e) => format!("!{e}"),
    }
}

/// Classify an error text, a name or a code, in the scope the hints give.
#[wasm_bindgen]
pub fn classify_text(text: &str, hint_text: &str) -> String {
    let h = match hints(hint_text) {
        Ok(h) => h,
        Err(e) => return e,
    };
    let scope = match Scope::new(h.provider, h.platform, h.domain) {
        Ok(s) => s,
        Err(e) => return format!("!{e}"),
    };
    errcat::classify_text_with(scope, text, answer)
}

/// The number of catalogue entries.
#[wasm_bindgen]
pub fn entry_count() -> u32 {
    entries().len() as u32
}

/// Entry `index`'s record as JSON (empty when out of range).
#[wasm_bindgen]
pub fn entry_record(index: u32) -> String {
    match entries().get(index as usize) {
        Some(e) => serde_json::to_string(&EntryRecord {
            id: e.id(),
            report: Report::from_entry(e),
            fingerprint: e.fingerprint(),
        })
        .unwrap_or_default(),
        None => String::new(),
    }
}

/// The indexes of every entry a query finds (`OT_NOT_CONNECTED`, `1006`, `socketio:client:timeout`).
#[wasm_bindgen]
pub fn lookup_indexes(query: &str) -> Vec<u32> {
    match Query::parse(query) {
        Ok(q) => errcat::lookup(q.scope, q.key).map(|e| index_of(e) as u32).collect(),
        Err(_) => Vec::new(),
    }
}

/// What the JavaScript side needs from the taxonomy, as JSON: the retry values that are retryable, and every
/// value of each enumeration as records spell it (build.sh writes the TypeScript unions from them).
#[wasm_bindgen]
pub fn meta() -> String {
    let retryable: Vec<Retry> = Retry::ALL.iter().copied().filter(|r| r.is_retryable()).collect();
    serde_json::json!({
        "catalogue_version": errcat::CATALOGUE_VERSION,
        "entries": entries().len(),
        "retryable": retryable,
        "values": {
            "Provider": Provider::ALL,
            "Platform": Platform::ALL,
            "Domain": Domain::ALL,
            "Category": errcat::Category::ALL,
            "Retry": Retry::ALL,
            "Actor": errcat::Actor::ALL,
            "Severity": errcat::Severity::ALL,
            "MatchedBy": errcat::MatchedBy::ALL,
            "Confidence": errcat::Confidence::ALL,
        },
    })
    .to_string()
}
