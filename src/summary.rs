//! What a stream run saw: counts by category, retry, actor, severity and entry, and the commonest unknowns.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::catalogue;
use crate::fingerprint::{self, Fingerprint};
use crate::observation::{Observation, Verdict};
use crate::taxonomy::{Actor, Category, Provider, Retry, Severity};

/// Most unknown groups a summary lists ([`StreamSummary::top_unknown`]).
pub const TOP_UNKNOWN: usize = 20;

/// Most distinct unknown fingerprints counted; the lines of fingerprints first seen after that many are counted
/// in [`StreamSummary::unknown_untracked`], so that memory stays bounded whatever the input.
pub const MAX_TRACKED_UNKNOWN: usize = 10_000;

/// Counts of one stream run. Every count of lines by a property adds up to `lines - bad`.
///
/// ```
/// let input = "{\"name\":\"OT_NOT_CONNECTED\"}\n{\"name\":\"OT_NOT_CONNECTED\"}\nnot json {\n{\"code\":1011}\n";
/// let summary = errcat::classify_stream(input.as_bytes(), std::io::sink()).unwrap();
/// assert_eq!((summary.lines, summary.known, summary.bad), (4, 3, 0));
/// assert_eq!(summary.by_id["vonage.web.OT_NOT_CONNECTED"], 2);
/// assert_eq!(summary.by_category.values().sum::<u64>(), summary.lines - summary.bad);
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StreamSummary {
    /// Input lines read (= output lines written).
    pub lines: u64,
    /// Lines classified to a catalogue entry, or to several (ambiguous).
    pub known: u64,
    /// Lines read but not in the catalogue (fallback answers).
    pub unknown: u64,
    /// Lines that could not be read: invalid JSON or UTF-8, not an object, too long, empty.
    pub bad: u64,
    /// Known lines with several readings.
    pub ambiguous: u64,
    /// Lines whose answer is normal churn (`expected`).
    pub expected: u64,
    /// Lines per category.
    pub by_category: BTreeMap<Category, u64>,
    /// Lines per retry advice.
    pub by_retry: BTreeMap<Retry, u64>,
    /// Lines per actor.
    pub by_actor: BTreeMap<Actor, u64>,
    /// Lines per severity.
    pub by_severity: BTreeMap<Severity, u64>,
    /// Lines per entry id (answers naming one entry).
    pub by_id: BTreeMap<&'static str, u64>,
    /// The commonest unknown fingerprints, most lines first (at most [`TOP_UNKNOWN`]).
    pub top_unknown: Vec<UnknownGroup>,
    /// Unknown lines whose fingerprint was first seen after [`MAX_TRACKED_UNKNOWN`] others.
    pub unknown_untracked: u64,
}

/// Lines of one unknown fingerprint.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnknownGroup {
    /// The grouping key.
    pub fingerprint: Fingerprint,
    /// Lines with it.
    pub lines: u64,
    /// The provider, when known.
    pub provider: Option<Provider>,
    /// The normalised key it was derived from (`name:...`, `code:...`, `text:...`).
    pub key: String,
}

impl StreamSummary {
    /// True when every line was classified to a known entry.
    ///
    /// ```
    /// let summary = errcat::classify_stream(&b"{\"name\":\"OT_NOT_CONNECTED\"}\n"[..], std::io::sink()).unwrap();
    /// assert!(summary.all_known());
    /// ```
    pub fn all_known(&self) -> bool {
        self.unknown == 0 && self.bad == 0
    }
}

/// A summary being counted: per chunk of lines, then merged in input order (so that the result does not
/// depend on how the lines were split). Counts by property are kept in arrays indexed by the enum's value
/// (and by entry), and become maps in [`Tally::finish`].
#[derive(Default)]
pub(crate) struct Tally {
    summary: StreamSummary,
    by_category: [u64; Category::ALL.len()],
    by_retry: [u64; Retry::ALL.len()],
    by_actor: [u64; Actor::ALL.len()],
    by_severity: [u64; Severity::ALL.len()],
    /// Lines per entry, by catalogue index (empty until the first known line).
    by_entry: Vec<u64>,
    /// Unknown groups in the order first seen, and where each is.
    unknown: Vec<UnknownGroup>,
    index: HashMap<Fingerprint, usize>,
}

impl Tally {
    pub(crate) fn bad(&mut self) {
        self.summary.lines += 1;
        self.summary.bad += 1;
    }

    /// Count a classified line; `fp` is `v.fingerprint(o)`.
    pub(crate) fn add(&mut self, v: &Verdict, o: &Observation<'_>, fp: Fingerprint) {
        let s = &mut self.summary;
        let c = &v.classification;
        s.lines += 1;
        self.by_category[c.category as usize] += 1;
        self.by_retry[c.retry as usize] += 1;
        self.by_actor[c.actor as usize] += 1;
        self.by_severity[c.severity as usize] += 1;
        s.expected += u64::from(c.expected);
        if !c.known {
            s.unknown += 1;
            match self.index.get(&fp) {
                Some(&at) => self.unknown[at].lines += 1,
                None => {
                    self.index.insert(fp, self.unknown.len());
                    let provider = o.provider.or(c.provider);
                    let key = fingerprint::key_text(o);
                    self.unknown.push(UnknownGroup { fingerprint: fp, lines: 1, provider, key });
                }
            }
            return;
        }
        s.known += 1;
        s.ambiguous += u64::from(v.ambiguous || c.ambiguous);
        if let Some(e) = c.entry {
            if self.by_entry.is_empty() {
                self.by_entry = vec![0; catalogue::entries().len()];
            }
            self.by_entry[catalogue::index_of(e)] += 1;
        }
    }

    /// Add `later`, the tally of the lines after these.
    pub(crate) fn merge(&mut self, later: Tally) {
        let (s, t) = (&mut self.summary, later.summary);
        s.lines += t.lines;
        s.known += t.known;
        s.unknown += t.unknown;
        s.bad += t.bad;
        s.ambiguous += t.ambiguous;
        s.expected += t.expected;
        s.unknown_untracked += t.unknown_untracked;
        add_all(&mut self.by_category, &later.by_category);
        add_all(&mut self.by_retry, &later.by_retry);
        add_all(&mut self.by_actor, &later.by_actor);
        add_all(&mut self.by_severity, &later.by_severity);
        if self.by_entry.is_empty() {
            self.by_entry = later.by_entry;
        } else {
            add_all(&mut self.by_entry, &later.by_entry);
        }
        for group in later.unknown {
            match self.index.get(&group.fingerprint) {
                Some(&at) => self.unknown[at].lines += group.lines,
                None if self.unknown.len() < MAX_TRACKED_UNKNOWN => {
                    self.index.insert(group.fingerprint, self.unknown.len());
                    self.unknown.push(group);
                }
                None => self.summary.unknown_untracked += group.lines,
            }
        }
    }

    /// The summary, with the commonest unknown groups (ties: first seen first).
    pub(crate) fn finish(mut self) -> StreamSummary {
        // A single tally (one chunk) may hold more groups than a merged one would keep.
        for group in self.unknown.drain(MAX_TRACKED_UNKNOWN.min(self.unknown.len())..) {
            self.summary.unknown_untracked += group.lines;
        }
        let mut groups = self.unknown;
        groups.sort_by_key(|g| std::cmp::Reverse(g.lines));
        groups.truncate(TOP_UNKNOWN);
        let s = &mut self.summary;
        s.top_unknown = groups;
        s.by_category = counted(Category::ALL, &self.by_category);
        s.by_retry = counted(Retry::ALL, &self.by_retry);
        s.by_actor = counted(Actor::ALL, &self.by_actor);
        s.by_severity = counted(Severity::ALL, &self.by_severity);
        s.by_id = self
            .by_entry
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| (catalogue::entry(i).id(), *n))
            .collect();
        self.summary
    }
}

/// The non-zero counts of `counts`, keyed by the enum value at the same position.
fn counted<K: Copy + Ord>(all: &[K], counts: &[u64]) -> BTreeMap<K, u64> {
    all.iter().zip(counts).filter(|(_, n)| **n > 0).map(|(k, n)| (*k, *n)).collect()
}

fn add_all(into: &mut [u64], from: &[u64]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a += b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Observation;

    fn tally(observations: &[Observation<'_>]) -> Tally {
        let mut t = Tally::default();
        for o in observations {
            let v = o.classify();
            t.add(&v, o, v.fingerprint(o));
        }
        t
    }

    /// The count arrays are indexed by each enum's value: the variants must be 0, 1, 2... in `ALL` order.
    #[test]
    fn enum_values_are_their_positions() {
        assert!(Category::ALL.iter().enumerate().all(|(i, v)| *v as usize == i));
        assert!(Retry::ALL.iter().enumerate().all(|(i, v)| *v as usize == i));
        assert!(Actor::ALL.iter().enumerate().all(|(i, v)| *v as usize == i));
        assert!(Severity::ALL.iter().enumerate().all(|(i, v)| *v as usize == i));
    }

    #[test]
    fn merged_tallies_equal_one_tally_over_the_same_lines() {
        // More distinct unknown names than are tracked, some repeated, between known names.
        let names: Vec<String> = (0..MAX_TRACKED_UNKNOWN + 500).map(|i| format!("NOT_A_KNOWN_NAME_{i}")).collect();
        let known = ["OT_NOT_CONNECTED", "transport close", "xhr poll error", "OT_CONNECT_FAILED"];
        let observations: Vec<Observation<'_>> = (0..3 * names.len())
            .map(|i| match i % 3 {
                0 => Observation::new().name(&names[i / 3]),
                1 => Observation::new().name(&names[(i / 3) % 50]),
                _ => Observation::new().name(known[i % 4]),
            })
            .collect();
        let whole = tally(&observations).finish();
        for split in [1, 7, 4096, observations.len()] {
            let mut merged = Tally::default();
            for part in observations.chunks(split) {
                merged.merge(tally(part));
            }
            assert_eq!(merged.finish(), whole, "chunks of {split}");
        }
        assert_eq!(whole.lines, observations.len() as u64);
        assert_eq!(whole.known + whole.unknown + whole.bad, whole.lines);
        assert_eq!(whole.by_category.values().sum::<u64>(), whole.lines);
        assert_eq!(whole.by_id.values().sum::<u64>() + whole.ambiguous, whole.known);
        let tracked: u64 = whole.top_unknown.iter().map(|g| g.lines).sum();
        assert!(whole.unknown_untracked > 0 && tracked < whole.unknown);
        assert_eq!(whole.top_unknown.len(), TOP_UNKNOWN);
        assert!(whole.top_unknown.windows(2).all(|w| w[0].lines >= w[1].lines));
        // The 50 repeated names lead: each seen once in the first column and about 210 times in the second.
        assert!(whole.top_unknown.iter().all(|g| g.lines > 100 && g.key.starts_with("name:not_a_known_name_")));
    }
}
