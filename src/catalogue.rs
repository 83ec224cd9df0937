//! The generated tables, behind typed accessors. Nothing else in the crate touches the statics.

use crate::entry::{Entry, Fallback};
use crate::perfect_hash::{
    bucket, code_key, cuckoo_slots, hash_str, hash_u64, same_str, slot, KEY_BITS, TAG_BITS, TAG_MASK,
};
use crate::taxonomy::Provider;

mod generated {
    #![allow(clippy::all, unused_imports)]
    use crate::cause::{Cause, RetryPolicy, SdkRetries};
    use crate::entry::{Entry, Fallback};
    use crate::source::Source;
    use crate::taxonomy::{Actor, Category, Domain, Platform, Provider, Retry, Severity};
    include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
}

/// The entry index in a table row, above the key (codes) or the tag (names), below the flag bit.
const INDEX_MASK: u64 = (1 << 20) - 1;

/// Longest string key tried case-insensitively; longer keys only match exactly.
const FOLD_MAX: usize = 256;

pub(crate) use generated::CATALOGUE_VERSION;

/// The source with index `i` (an entry's `source_ids`).
pub(crate) fn source(i: usize) -> &'static crate::source::Source {
    &generated::SOURCES[i]
}

/// Every source, provider by provider, each sorted by key.
pub(crate) fn sources() -> &'static [crate::source::Source] {
    &generated::SOURCES
}

/// All entries, sorted by provider, platform, domain (none first), code and name.
pub(crate) fn entries() -> &'static [Entry] {
    &generated::ENTRIES
}

/// classify's hot path: the first entry, in catalogue order, that `code` finds in the scope `tag`, and whether
/// the key has several readings there
/// (`perfect_hash::scope_tag`). One hash, two independent table reads
/// (a two-choice table), a select.
#[inline]
pub(crate) fn first_by_code(tag: u64, code: i64) -> Option<(&'static Entry, bool)> {
    // Codes are packed in 32 bits: anything outside i32 is not in the catalogue.
    i32::try_from(code).ok()?;
    let key = code_key(tag, code);
    let (a, b) = cuckoo_slots(hash_u64(key), generated::CODE_BITS);
    let (first, second) = (generated::CODE_SLOTS[a], generated::CODE_SLOTS[b]);
    const KEY_MASK: u64 = (1 << KEY_BITS) - 1;
    // Which of the two slots holds the key is a coin toss: select without a branch.
    let row = std::hint::select_unpredictable(first & KEY_MASK == key, first, second);
    (row & KEY_MASK == key).then(|| (entry(((row >> KEY_BITS) & INDEX_MASK) as usize), row >> 63 == 1))
}

/// classify's hot path for exact names: the first entry that `name` finds in the scope `tag`, and whether
/// it has several readings there. One hash, a
/// pilot read (hash-and-displace), one row read, one string comparison.
#[inline]
pub(crate) fn first_by_name(tag: u64, name: &str) -> Option<(&'static Entry, bool)> {
    let h = hash_str(tag, name);
    let pilot = generated::NAME_PILOTS[bucket(h, generated::NAME_PILOTS.len())];
    let (stored, row) = generated::NAME_SLOTS[slot(h, pilot, generated::NAME_BITS)];
    (u64::from(row) & TAG_MASK == tag && same_str(stored, name))
        .then(|| (entry(((row >> TAG_BITS) as u64 & INDEX_MASK) as usize), row >> 31 == 1))
}

/// The position of `e` in catalogue order. `e` must be one of [`entries`] (every `&'static Entry` is).
#[cfg(feature = "json")]
pub(crate) fn index_of(e: &Entry) -> usize {
    let base = generated::ENTRIES.as_ptr() as usize;
    let at = (e as *const Entry as usize).wrapping_sub(base) / std::mem::size_of::<Entry>();
    debug_assert!(std::ptr::eq(&generated::ENTRIES[at], e));
    at
}

/// The entry at `index` in catalogue order.
#[inline]
pub(crate) fn entry(index: usize) -> &'static Entry {
    &generated::ENTRIES[index]
}

/// Indexes into [`entries`] of the entries keyed by `code`, in entry order (the `phf` index).
pub(crate) fn ids_by_code(code: i64) -> &'static [u16] {
    generated::BY_CODE.get(&code).copied().unwrap_or(&[])
}

/// Indexes of the entries keyed by `name`: exact match first, else ASCII case-insensitive (the `phf` indexes).
pub(crate) fn ids_by_name(name: &str) -> &'static [u16] {
    if !could_be_name(name) {
        return &[];
    }
    match generated::BY_NAME.get(name) {
        Some(ids) => ids,
        None => ids_by_folded_name(name),
    }
}

/// Whether some catalogue key has `name`'s length and first byte (ignoring ASCII case): a cheap test that rules
/// out most texts tried as keys (message prefixes, words of a text) before the `phf` indexes hash them.
fn could_be_name(name: &str) -> bool {
    static SEEN: std::sync::OnceLock<[u64; 1024]> = std::sync::OnceLock::new();
    let slot =
        |key: &str| usize::from(key.as_bytes().first().map_or(0, u8::to_ascii_lowercase)) | (key.len().min(255) << 8);
    let seen = SEEN.get_or_init(|| {
        let mut bits = [0u64; 1024];
        // Every exact key folds to a key of the folded index, with the same length and first byte.
        for key in generated::BY_FOLDED_NAME.keys() {
            let i = slot(key);
            bits[i / 64] |= 1 << (i % 64);
        }
        bits
    });
    let i = slot(name);
    seen[i / 64] & (1 << (i % 64)) != 0
}

/// The case-insensitive path (rare): ASCII-lowercase into a stack buffer, then the folded `phf` index.
#[cold]
fn ids_by_folded_name(name: &str) -> &'static [u16] {
    let bytes = name.as_bytes();
    if !bytes.iter().any(u8::is_ascii_uppercase) {
        return generated::BY_FOLDED_NAME.get(name).copied().unwrap_or(&[]);
    }
    if bytes.len() > FOLD_MAX {
        return &[];
    }
    let mut buf = [0u8; FOLD_MAX];
    let folded = &mut buf[..bytes.len()];
    folded.copy_from_slice(bytes);
    folded.make_ascii_lowercase();
    match std::str::from_utf8(folded) {
        Ok(folded) => generated::BY_FOLDED_NAME.get(folded).copied().unwrap_or(&[]),
        Err(_) => &[],
    }
}

/// The fallback of `provider` (the build guarantees one per provider).
pub(crate) fn fallback(provider: Provider) -> &'static Fallback {
    generated::fallback(provider)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookup::{Key, Scope};

    /// Every scope a lookup can take for an entry: each of provider, platform, domain open or set.
    fn scopes(e: &Entry) -> Vec<Scope> {
        let mut out = Vec::new();
        for provider in [None, Some(e.provider)] {
            for platform in [None, e.platform] {
                for domain in [None, e.domain] {
                    out.push(Scope { provider, platform, domain });
                }
            }
        }
        out
    }

    #[test]
    fn one_probe_tables_agree_with_the_general_lookup_for_every_scope() {
        let readings =
            |scope: Scope, key: Key<'static>| crate::lookup::lookup(scope, key).filter(|e| !e.is_refinement());
        for e in entries().iter().filter(|e| !e.is_refinement()) {
            for scope in scopes(e) {
                if let Some(code) = e.code {
                    let (fast, several) = first_by_code(scope.tag(true), code).expect("every code is in the table");
                    let slow = readings(scope, Key::Code(code)).next().unwrap();
                    assert!(std::ptr::eq(fast, slow), "{e}: code in {scope:?}");
                    let expected = slow.broad || crate::lookup::several_readings(readings(scope, Key::Code(code)));
                    assert_eq!(several, expected, "{e}: code in {scope:?}: several readings");
                }
                for name in e.string_keys() {
                    // The name table ignores the domain: its answer is the first match in the scope without
                    // one, which classify keeps when the scope admits it.
                    let key = Key::Name(name);
                    let undomained = Scope { domain: None, ..scope };
                    let (fast, several) = first_by_name(scope.tag(false), name).expect("every name is in the table");
                    let first = readings(undomained, key).next().unwrap();
                    assert!(std::ptr::eq(fast, first), "{e}: {name:?} in {scope:?}");
                    let expected = first.broad || crate::lookup::several_readings(readings(undomained, key));
                    assert_eq!(several, expected, "{e}: {name:?}");
                    if scope.admits(fast, key) {
                        let slow = readings(scope, key).next().unwrap();
                        assert!(std::ptr::eq(fast, slow), "{e}: {name:?} in {scope:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn out_of_range_codes_miss_instead_of_aliasing() {
        let tag = Scope::ANY.tag(true);
        assert!(first_by_code(tag, 1006).is_some());
        assert!(first_by_code(tag, (1 << 32) + 1006).is_none());
        assert!(first_by_code(tag, i64::MIN).is_none());
    }

    /// The pre-test never rules out a key of either index, in any ASCII case.
    #[test]
    fn every_key_passes_the_name_pre_test() {
        let keys = generated::BY_NAME.keys().chain(generated::BY_FOLDED_NAME.keys());
        let mut n = 0;
        for key in keys {
            for variant in [key.to_string(), key.to_ascii_uppercase(), key.to_ascii_lowercase()] {
                assert!(could_be_name(&variant), "{variant:?}");
                assert!(!ids_by_name(&variant).is_empty(), "{variant:?}");
            }
            n += 1;
        }
        assert!(n > 1000, "{n}");
        assert!(!could_be_name("") || generated::BY_FOLDED_NAME.keys().any(|k| k.is_empty()));
        assert!(ids_by_name("Q definitely not a key of any SDK").is_empty());
    }
}
