//! Writes, as JSON on stdout, the developer-facing texts that the `slim` .wasm leaves out: per entry id its
//! developer hint, note, `raised_by`, doc URL, versions, sources, causes and retry numbers, and each provider's fallback hint. The
//! package's `errcat/full` entry point merges them into answers. Run on the host with the full catalogue:
//! `cargo run --no-default-features --bin export-texts`.

use std::collections::BTreeMap;

use errcat::{entries, Classification, Provider};
use serde::Serialize;

#[derive(Serialize)]
struct Texts {
    developer_hint: &'static str,
    note: Option<&'static str>,
    raised_by: &'static str,
    doc_url: Option<&'static str>,
    versions: Option<&'static str>,
    /// Indexes into the top-level `sources`.
    sources: Vec<usize>,
    /// Ranked causes, each with its check and its sources (indexes into the top-level `sources`).
    causes: Vec<CauseTexts>,
    /// Retry numbers, with their sources as indexes.
    retry_policy: Option<RetryTexts>,
}

/// An `errcat::Cause` as errcat serializes it, its sources as indexes.
#[derive(Serialize)]
struct CauseTexts {
    cause: &'static str,
    check: &'static str,
    actor: errcat::Actor,
    sources: Vec<usize>,
}

/// An `errcat::RetryPolicy` as errcat serializes it, its sources as indexes.
#[derive(Serialize)]
struct RetryTexts {
    #[serde(flatten)]
    numbers: serde_json::Map<String, serde_json::Value>,
    sources: Vec<usize>,
}

fn retry_texts(p: &errcat::RetryPolicy) -> RetryTexts {
    let mut numbers = match serde_json::to_value(p) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => unreachable!("a RetryPolicy serializes as an object"),
    };
    numbers.remove("sources");
    RetryTexts { numbers, sources: p.sources().map(source_index).collect() }
}

/// A source's index in `errcat::sources()`.
fn source_index(s: &'static errcat::Source) -> usize {
    errcat::sources().iter().position(|t| std::ptr::eq(t, s)).expect("an entry's source is in sources()")
}

fn main() {
    assert!(
        entries().iter().any(|e| !e.developer_hint.is_empty()),
        "built with the slim catalogue: run with --no-default-features"
    );
    let by_id: BTreeMap<&str, Texts> = entries()
        .iter()
        .map(|e| {
            let texts = Texts {
                developer_hint: e.developer_hint,
                note: e.note,
                raised_by: e.raised_by,
                doc_url: e.doc_url,
                versions: e.versions,
                sources: e.sources().map(source_index).collect(),
                causes: e
                    .causes
                    .iter()
                    .map(|c| CauseTexts {
                        cause: c.cause,
                        check: c.check,
                        actor: c.actor,
                        sources: c.sources().map(source_index).collect(),
                    })
                    .collect(),
                retry_policy: e.retry_policy.as_ref().map(retry_texts),
            };
            (e.id(), texts)
        })
        .collect();
    let fallbacks: BTreeMap<&str, &str> =
        Provider::ALL.iter().map(|p| (<&str>::from(*p), Classification::unknown(Some(*p)).developer_hint())).collect();
    let out = serde_json::json!({
        "catalogue_version": errcat::CATALOGUE_VERSION,
        "sources": errcat::sources(),
        "entries": by_id,
        "fallbacks": fallbacks,
    });
    println!("{out}");
}
