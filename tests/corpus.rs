//! errcat against real inputs: error objects and texts users pasted in public threads (and, for Cobrowse, the
//! vendor's error table), each labelled from the thread's resolution before errcat's answer was looked at.
//! See `tests/corpus/README.md`.
//!
//! Asserted: no confidently wrong answer (known, not ambiguous, and a category, retry or actor that differs
//! from the label), except the cases `DISPUTED` lists with the reason no reading of the input can get them
//! right; and floors on how many answers are right, so a change that loses ground fails.
#![cfg(feature = "json")]

use std::collections::BTreeMap;

use errcat::{Confidence, Observation, Platform, Provider, Scope, Verdict};
use serde_json::Value;

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

/// What one pass over the corpus found.
#[derive(Default)]
struct Tally {
    by_confidence: BTreeMap<String, (usize, usize)>,
    all_right: usize,
    category_right: usize,
    /// Confident (exact, refined or inferred) with a category or retry advice other than the label's.
    wrong_advice: Vec<String>,
    /// Confident with the label's category and retry but another actor.
    wrong_actor: Vec<String>,
}

fn tally(cases: &[Case], hinted: bool) -> Tally {
    let mut t = Tally::default();
    for case in cases {
        let v = verdict(case, hinted);
        let c = &v.classification;
        let ok = right(&v, &case.expected);
        let slot = t.by_confidence.entry(v.confidence.to_string()).or_default();
        slot.0 += 1;
        slot.1 += usize::from(ok);
        t.all_right += usize::from(ok);
        let category_ok = c.category.to_string() == case.expected.0;
        let retry_ok = c.retry.to_string() == case.expected.1;
        t.category_right += usize::from(category_ok);
        // An answer whose category is `unknown` claims nothing, whatever its confidence says.
        let confident = matches!(v.confidence, Confidence::Exact | Confidence::Refined | Confidence::Inferred)
            && c.category != errcat::Category::Unknown;
        if !confident || ok {
            continue;
        }
        let line = format!(
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
        );
        if category_ok && retry_ok {
            t.wrong_actor.push(line);
        } else {
            t.wrong_advice.push(line);
        }
    }
    t
}

/// `tests/corpus/disputed.tsv`: id → why errcat's confident answer differs from the label.
fn disputed() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string("tests/corpus/disputed.tsv").unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (id, why) = l.split_once('\t').expect("id<TAB>reason");
            (id.to_string(), why.to_string())
        })
        .collect()
}

fn id_of(line: &str) -> &str {
    line.split_whitespace().next().unwrap()
}

#[test]
fn real_inputs_are_never_answered_confidently_wrong() {
    let cases = cases();
    assert!(cases.len() >= 150, "the corpus holds {} cases", cases.len());
    let disputed = disputed();
    assert!(disputed.keys().all(|id| cases.iter().any(|c| c.id == *id)), "disputed.tsv names unknown ids");
    let mut still_wrong = std::collections::BTreeSet::new();
    let mut unexplained = Vec::new();
    for hinted in [true, false] {
        let t = tally(&cases, hinted);
        let total = cases.len();
        eprintln!(
            "hints: {hinted}; {total} cases; all three right {}, category right {}",
            t.all_right, t.category_right
        );
        for (confidence, (n, r)) in &t.by_confidence {
            eprintln!("  {confidence:>9}: {n:3} ({:.0}%), {r} right", 100.0 * *n as f64 / total as f64);
        }
        eprintln!("  confident, wrong category or retry: {}", t.wrong_advice.len());
        for w in &t.wrong_advice {
            eprintln!("    {w}");
            still_wrong.insert(id_of(w).to_string());
            if !disputed.contains_key(id_of(w)) {
                unexplained.push(format!("(hints: {hinted}) {w}"));
            }
        }
        eprintln!("  confident, right category and retry, other actor: {}", t.wrong_actor.len());
        for w in &t.wrong_actor {
            eprintln!("    {w}");
        }
    }
    assert!(
        unexplained.is_empty(),
        "confidently wrong, and not in tests/corpus/disputed.tsv:\n{}",
        unexplained.join("\n")
    );
    let fixed: Vec<&String> = disputed.keys().filter(|id| !still_wrong.contains(*id)).collect();
    assert!(fixed.is_empty(), "no longer wrong: remove from tests/corpus/disputed.tsv: {fixed:?}");
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
