//! Finding entries by approximation, through the library's public API only (`errcat::entries()`): the
//! catalogue keys closest to an unknown one, and `errcat search`.

use errcat::{entries, Entry, Provider, Scope};

/// Most near-misses suggested.
pub const MAX_SUGGESTIONS: usize = 5;

/// Levenshtein distance over characters, ignoring ASCII case.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// A suggested key and the providers that use it, in catalogue order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub key: &'static str,
    pub providers: Vec<Provider>,
}

/// How many edits a key of this many characters may be away: one for short keys, up to three for long ones.
fn threshold(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        7..=12 => 2,
        _ => 3,
    }
}

/// The catalogue keys (names and aliases) closest to `given` within `scope`: those within a few edits
/// (case-insensitive), nearest first, then keys that begin with `given` (`OT_NOT` → `OT_NOT_CONNECTED`),
/// shortest first. At most [`MAX_SUGGESTIONS`], each once.
pub fn near_misses(given: &str, scope: Scope) -> Vec<Suggestion> {
    let given = given.trim();
    let len = given.chars().count();
    if !(3..=64).contains(&len) {
        return Vec::new();
    }
    let lower = given.to_lowercase();
    // (rank, key): rank 0..=3 an edit distance, 10 + length a prefix match.
    let mut found: Vec<(usize, &'static str, Vec<Provider>)> = Vec::new();
    for e in entries().iter().filter(|e| in_scope(e, scope)) {
        for key in e.string_keys() {
            let distance = edit_distance(given, key);
            let rank = if distance == 0 {
                continue; // the key itself: not a near-miss (a scope excluded it)
            } else if distance <= threshold(len) {
                distance
            } else if len >= 4 && key.to_lowercase().starts_with(&lower) {
                10 + key.len()
            } else {
                continue;
            };
            match found.iter_mut().find(|(_, k, _)| k.eq_ignore_ascii_case(key)) {
                Some((r, _, providers)) => {
                    *r = (*r).min(rank);
                    if !providers.contains(&e.provider) {
                        providers.push(e.provider);
                    }
                }
                None => found.push((rank, key, vec![e.provider])),
            }
        }
    }
    found.sort_by_key(|(rank, key, _)| (*rank, *key));
    found.truncate(MAX_SUGGESTIONS);
    found.into_iter().map(|(_, key, providers)| Suggestion { key, providers }).collect()
}

fn in_scope(e: &Entry, scope: Scope) -> bool {
    scope.provider.is_none_or(|p| e.provider == p) && scope.platform.is_none_or(|p| e.platform == Some(p))
}

/// Lowercase runs of letters and digits: `OT_NOT_CONNECTED` → `ot`, `not`, `connected`.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

/// A search result.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub entry: &'static Entry,
    /// Search words found anywhere in the entry.
    pub matched: usize,
    /// Search words found in its keys (name, aliases, code).
    pub in_keys: usize,
}

/// Whether a search word is in a field's words: a number whole, another word as the start of one (`connect`
/// finds `connected`, `100` does not find `1006`).
fn has(field: &[String], word: &str) -> bool {
    let numeric = word.chars().all(|c| c.is_ascii_digit());
    field.iter().any(|w| if numeric { w == word } else { w.starts_with(word) })
}

/// `errcat search`: entries whose keys (name, aliases, code), SDK messages, user message or developer hint
/// hold the words. When some entries hold every word, only those, else those holding some; ranked by words
/// found, then by words found in the keys, then catalogue order. The second value is whether every word
/// was found.
pub fn search(query: &[String]) -> (Vec<Hit>, bool) {
    let mut terms: Vec<String> = Vec::new();
    for w in query.iter().flat_map(|q| words(q)) {
        if !terms.contains(&w) {
            terms.push(w);
        }
    }
    if terms.is_empty() {
        return (Vec::new(), false);
    }
    let mut hits: Vec<Hit> = Vec::new();
    for entry in entries() {
        let mut keys: Vec<String> = entry.string_keys().flat_map(words).collect();
        keys.extend(entry.code.map(|c| c.to_string()));
        let text: Vec<String> = [entry.user_message, entry.developer_hint]
            .into_iter()
            .chain(entry.messages.iter().copied())
            .chain(entry.when_message.iter().copied())
            .flat_map(words)
            .collect();
        let in_keys = terms.iter().filter(|t| has(&keys, t)).count();
        let matched = terms.iter().filter(|t| has(&keys, t) || has(&text, t)).count();
        if matched > 0 {
            hits.push(Hit { entry, matched, in_keys });
        }
    }
    let all = hits.iter().any(|h| h.matched == terms.len());
    if all {
        hits.retain(|h| h.matched == terms.len());
    }
    // Stable: catalogue order among equals.
    hits.sort_by_key(|h| (std::cmp::Reverse(h.matched), std::cmp::Reverse(h.in_keys)));
    (hits, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_ignores_case() {
        assert_eq!(edit_distance("ot_not_conected", "OT_NOT_CONNECTED"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn a_typo_and_a_prefix_find_the_key() {
        let s = near_misses("OT_NOT_CONECTED", Scope::ANY);
        assert_eq!(s.first().map(|s| s.key), Some("OT_NOT_CONNECTED"));
        assert!(s.len() <= MAX_SUGGESTIONS);
        let s = near_misses("ot_not", Scope::ANY);
        assert!(s.iter().any(|s| s.key == "OT_NOT_CONNECTED"), "{s:?}");
        assert!(near_misses("zz", Scope::ANY).is_empty());
        assert!(near_misses("qqqqqqqqqqqqqqqq", Scope::ANY).is_empty());
    }

    #[test]
    fn search_ranks_entries_with_every_word_first() {
        let (hits, all) = search(&["not".into(), "connected".into()]);
        assert!(all);
        assert!(hits.iter().all(|h| h.matched == 2));
        assert_eq!(hits[0].entry.name, Some("OT_NOT_CONNECTED"), "a key hit comes first");
        assert!(hits.windows(2).all(|w| w[0].in_keys >= w[1].in_keys));
    }
}
