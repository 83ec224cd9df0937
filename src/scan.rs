//! Catalogue keys and known SDK messages found inside free text (`Connection failed: xhr poll error at ...`).
//!
//! One Aho-Corasick automaton over every specific string key and every `messages` text, built on first use.
//! Phrases match ignoring ASCII case; one-word keys (`ECONNREFUSED`, `NotAllowedError`, `OnError`) only in
//! the case the SDK writes them, so `Transport.onError` in a stack trace is not .NET's `OnError`. A match
//! counts only on word boundaries and outside stack-frame lines (`    at f (file.js:1:2)`, `  File "x.py"`);
//! the longest match wins (`io server disconnect` over `disconnect`), and every entry it names is a reading.
//! Ordinary words (`error`, `close`), phrases of common words (`Unable to connect`) and short keys are not
//! searched for: inside a text they say nothing.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::catalogue;
use crate::entry::Entry;
use crate::lookup::{Key, Scope};
use crate::observation::MAX_CANDIDATES;
use crate::rules::{is_common_phrase, is_generic};

/// Shortest key searched for inside a text.
const MIN_KEY: usize = 6;

/// Most bytes of a text searched.
pub const MAX_SCAN_BYTES: usize = 4096;

/// One searched text: the entries it names, by exact spelling for one-word keys.
struct Pattern {
    /// For a phrase: the entries, whatever the case. For a one-word key: none (see `spellings`).
    entries: Vec<u16>,
    /// For a one-word key: each spelling and the entries that write it so.
    spellings: Vec<(&'static str, Vec<u16>)>,
}

struct Automaton {
    searcher: AhoCorasick,
    patterns: Vec<Pattern>,
}

fn one_word(text: &str) -> bool {
    !text.contains(char::is_whitespace)
}

fn automaton() -> &'static Automaton {
    static AUTOMATON: OnceLock<Automaton> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        let mut folded: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (i, e) in catalogue::entries().iter().enumerate() {
            if e.is_refinement() {
                continue;
            }
            let id = u16::try_from(i).expect("fewer than 65536 entries");
            let keys = e.string_keys().filter(|k| k.len() >= MIN_KEY && !is_generic(k) && !is_common_phrase(k));
            // A message's closing full stop is often left off in logs.
            let messages = e.messages.iter().map(|m| m.trim_end_matches(['.', '!']));
            for text in keys.chain(messages) {
                let key = text.to_ascii_lowercase();
                let at = *index.entry(key.clone()).or_insert_with(|| {
                    folded.push(key);
                    patterns.push(Pattern { entries: Vec::new(), spellings: Vec::new() });
                    folded.len() - 1
                });
                let p = &mut patterns[at];
                if one_word(text) {
                    match p.spellings.iter_mut().find(|(s, _)| *s == text) {
                        Some((_, ids)) if !ids.contains(&id) => ids.push(id),
                        Some(_) => {}
                        None => p.spellings.push((text, vec![id])),
                    }
                } else if !p.entries.contains(&id) {
                    p.entries.push(id);
                }
            }
        }
        let searcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&folded)
            .expect("catalogue keys build an automaton");
        Automaton { searcher, patterns }
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

/// A stack frame or traceback location line: its words are code, not the error.
fn is_frame(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("at ") || t.starts_with("File \"") || t.starts_with("...") || t.starts_with("#0")
}

/// What a search found: the length of the longest match and the entries it names (catalogue order).
pub(crate) struct Found {
    pub len: usize,
    pub entries: Vec<&'static Entry>,
}

/// The readings the longest catalogue key or known message inside `text` names, among the entries `admit`
/// accepts. Keys of entries `skip` accepts are passed over, and so is everything inside them (`write error`
/// in `fetch write error` when the caller already read `fetch write error`).
pub(crate) fn search(text: &str, admit: impl Fn(&Entry) -> bool, skip: impl Fn(&Entry) -> bool) -> Option<Found> {
    let mut end = text.len().min(MAX_SCAN_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let a = automaton();
    let mut best: Option<(usize, Vec<u16>)> = None;
    for line in text[..end].split_inclusive('\n') {
        if is_frame(line) {
            continue;
        }
        let bytes = line.as_bytes();
        // Each match with the entries it names (one-word keys only in their own spelling).
        let named: Vec<(usize, usize, Vec<u16>)> = a
            .searcher
            .find_overlapping_iter(line)
            .filter(|m| on_boundaries(bytes, m.start(), m.end()))
            .map(|m| {
                let p = &a.patterns[m.pattern().as_usize()];
                let written = &line[m.start()..m.end()];
                let mut ids = p.entries.clone();
                for (spelling, more) in &p.spellings {
                    if *spelling == written {
                        ids.extend(more);
                    }
                }
                (m.start(), m.end(), ids)
            })
            .filter(|(.., ids)| !ids.is_empty())
            .collect();
        let entry = |i: &u16| catalogue::entry(usize::from(*i));
        let skipped: Vec<(usize, usize)> =
            named.iter().filter(|(.., ids)| ids.iter().map(entry).any(&skip)).map(|&(s, e, _)| (s, e)).collect();
        for (start, end, ids) in &named {
            let inside_skipped = skipped.iter().any(|&(s, e)| *start < e && s < *end);
            let ids: Vec<u16> = ids.iter().copied().filter(|i| admit(entry(i))).collect();
            if inside_skipped || ids.is_empty() {
                continue;
            }
            let len = end - start;
            match &mut best {
                Some((best_len, all)) if *best_len == len => all.extend(ids),
                Some((best_len, _)) if *best_len > len => {}
                _ => best = Some((len, ids)),
            }
        }
    }
    let (len, mut ids) = best?;
    ids.sort_unstable();
    ids.dedup();
    let entries = ids.into_iter().map(|i| catalogue::entry(usize::from(i))).take(MAX_CANDIDATES).collect();
    Some(Found { len, entries })
}

/// The readings the longest catalogue key or known message inside `text` names, in `scope`, in catalogue
/// order (at most [`MAX_CANDIDATES`]). Empty when the text holds none.
pub fn find(text: &str, scope: Scope) -> Vec<&'static Entry> {
    search(text, |e| scope.admits(e, Key::Name("")), |_| false).map_or_else(Vec::new, |f| f.entries)
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

    #[test]
    fn one_word_keys_need_their_spelling_and_frames_are_skipped() {
        assert!(!find("connect ECONNREFUSED 10.0.0.1:80", Scope::ANY).is_empty());
        assert!(find("connect econnrefused", Scope::ANY).is_empty());
        assert!(find("Error: boom\n    at Transport.onError (transport.js:68:13)", Scope::ANY).is_empty());
        assert!(find("    at x (ECONNREFUSED.js:1:1)", Scope::ANY).is_empty());
    }
}
