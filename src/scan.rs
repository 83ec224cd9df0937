//! Catalogue keys and known SDK messages found inside free text (`Connection failed: xhr poll error at ...`).
//!
//! One Aho-Corasick automaton over every specific string key and every `messages` text, ASCII
//! case-insensitive, built on first use. A match counts only on word boundaries; the longest match wins
//! (`io server disconnect` over `disconnect`), and every entry it names is a reading. Ordinary words
//! (`error`, `close`) and short keys are not searched for: inside a text they say nothing.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::catalogue;
use crate::entry::Entry;
use crate::lookup::{Key, Scope};
use crate::observation::MAX_CANDIDATES;
use crate::rules::is_generic;

/// Shortest key searched for inside a text.
const MIN_KEY: usize = 6;

/// Most bytes of a text searched.
pub const MAX_SCAN_BYTES: usize = 4096;

struct Automaton {
    searcher: AhoCorasick,
    /// Entry indexes per pattern, in catalogue order.
    entries: Vec<Vec<u16>>,
}

fn automaton() -> &'static Automaton {
    static AUTOMATON: OnceLock<Automaton> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<u16>> = Vec::new();
        for (i, e) in catalogue::entries().iter().enumerate() {
            if e.is_refinement() {
                continue;
            }
            let keys = e.string_keys().filter(|k| k.len() >= MIN_KEY && !is_generic(k));
            // A message's closing full stop is often left off in logs.
            let messages = e.messages.iter().map(|m| m.trim_end_matches(['.', '!']));
            for text in keys.chain(messages) {
                let folded = text.to_ascii_lowercase();
                let at = match patterns.iter().position(|p| *p == folded) {
                    Some(at) => at,
                    None => {
                        patterns.push(folded);
                        entries.push(Vec::new());
                        patterns.len() - 1
                    }
                };
                let id = u16::try_from(i).expect("fewer than 65536 entries");
                if !entries[at].contains(&id) {
                    entries[at].push(id);
                }
            }
        }
        let searcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("catalogue keys build an automaton");
        Automaton { searcher, entries }
    })
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `text[start..end]` stands as whole words (or the pattern itself starts or ends on a non-word byte).
fn on_boundaries(text: &[u8], start: usize, end: usize) -> bool {
    let before = start == 0 || !is_word_byte(text[start - 1]) || !is_word_byte(text[start]);
    let after = end == text.len() || !is_word_byte(text[end]) || !is_word_byte(text[end - 1]);
    before && after
}

/// The readings the longest catalogue key or known message inside `text` names, in `scope`, in catalogue
/// order (at most [`MAX_CANDIDATES`]). Empty when the text holds none.
pub fn find(text: &str, scope: Scope) -> Vec<&'static Entry> {
    find_except(text, scope, |_| false)
}

/// As [`find`], passing over keys that name an entry `skip` accepts (the key a caller already read).
pub fn find_except(text: &str, scope: Scope, skip: impl Fn(&Entry) -> bool) -> Vec<&'static Entry> {
    let mut end = text.len().min(MAX_SCAN_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let a = automaton();
    let bytes = text.as_bytes();
    let entries_of = |p: usize| a.entries[p].iter().map(|&i| catalogue::entry(usize::from(i)));
    let in_scope = |p: usize| entries_of(p).any(|e| scope.admits(e, Key::Name("")));
    let matches: Vec<(usize, usize, usize)> = a
        .searcher
        .find_overlapping_iter(text)
        .filter(|m| on_boundaries(bytes, m.start(), m.end()))
        .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
        .collect();
    // The words of a skipped key are its own: nothing found inside them counts (`write error` in
    // `fetch write error`).
    let skipped: Vec<(usize, usize)> =
        matches.iter().filter(|(p, ..)| entries_of(*p).any(&skip)).map(|&(_, start, end)| (start, end)).collect();
    let mut best: Option<(usize, Vec<usize>)> = None;
    for &(p, start, end) in &matches {
        let inside_skipped = skipped.iter().any(|&(s, e)| start < e && s < end);
        if inside_skipped || !in_scope(p) {
            continue;
        }
        let len = end - start;
        match &mut best {
            Some((best_len, ps)) if *best_len == len => {
                if !ps.contains(&p) {
                    ps.push(p);
                }
            }
            Some((best_len, _)) if *best_len > len => {}
            _ => best = Some((len, vec![p])),
        }
    }
    let Some((_, patterns)) = best else { return Vec::new() };
    let mut ids: Vec<u16> = patterns.iter().flat_map(|&p| a.entries[p].iter().copied()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
        .map(|i| catalogue::entry(usize::from(i)))
        .filter(|e| scope.admits(e, Key::Name("")))
        .take(MAX_CANDIDATES)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Provider;

    #[test]
    fn finds_the_longest_key_on_word_boundaries() {
        let found = find("socket closed: reason=io server disconnect (by server)", Scope::ANY);
        assert!(!found.is_empty());
        assert!(found.iter().all(|e| e.string_keys().any(|k| k == "io server disconnect")));
        assert!(find("xhr poll errors", Scope::ANY).iter().all(|e| e.name != Some("xhr poll error")));
    }

    #[test]
    fn ordinary_words_and_other_scopes_find_nothing() {
        assert!(find("Error: something failed with an error", Scope::ANY).is_empty());
        assert!(find("xhr poll error", Scope::provider(Provider::Vonage)).is_empty());
    }
}
