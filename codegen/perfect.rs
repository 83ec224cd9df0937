//! Build a perfect-hash table (hash-and-displace with per-bucket pilots) over distinct 64-bit hashes.
//!
//! Probing costs one hash, two table reads and one key comparison: no hashing of SipHash strength and no
//! chains. The hash functions live in `src/perfect_hash.rs`, shared with the crate.

use crate::perfect_hash::{bucket, mix64, slot, SEED};

/// The pilot value stored for pilot number `p`: the table stores values, so probing needs no mixing.
fn pilot_value(p: u64) -> u64 {
    mix64(p.wrapping_add(SEED))
}

/// A built table: `slots[slot(h, pilots[bucket(h)])]` is the index of the key with hash `h` (or `u16::MAX`).
pub struct Table {
    pub pilots: Vec<u64>,
    pub slots: Vec<u16>,
}

/// Most pilots tried per bucket before the table is grown.
const MAX_PILOT: u64 = 1 << 16;

/// Build a table for `hashes` (one per key, in key order). Fails only if two keys share a 64-bit hash.
pub fn build(hashes: &[u64]) -> Result<Table, String> {
    let mut sorted = hashes.to_vec();
    sorted.sort_unstable();
    if sorted.windows(2).any(|w| w[0] == w[1]) {
        return Err("two keys have the same 64-bit hash; change SEED in src/perfect_hash.rs".into());
    }
    assert!(hashes.len() < usize::from(u16::MAX), "too many keys for u16 slots");
    let mut size = (hashes.len() * 5 / 4).max(2).next_power_of_two();
    loop {
        if let Some(table) = try_build(hashes, size) {
            return Ok(table);
        }
        size *= 2;
    }
}

fn try_build(hashes: &[u64], size: usize) -> Option<Table> {
    let n_buckets = hashes.len().div_ceil(2).max(1);
    let mask = size - 1;
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); n_buckets];
    for (i, &h) in hashes.iter().enumerate() {
        buckets[bucket(h, n_buckets)].push(i);
    }
    let mut order: Vec<usize> = (0..n_buckets).collect();
    order.sort_by(|a, b| buckets[*b].len().cmp(&buckets[*a].len()).then(a.cmp(b)));

    let mut slots = vec![u16::MAX; size];
    let mut pilots = vec![pilot_value(0); n_buckets];
    let mut chosen = Vec::new();
    for b in order {
        let keys = &buckets[b];
        if keys.is_empty() {
            continue;
        }
        let found = (0..MAX_PILOT).find(|&p| {
            let pilot = pilot_value(p);
            chosen.clear();
            for &k in keys {
                let s = slot(hashes[k], pilot, mask);
                if slots[s] != u16::MAX || chosen.contains(&s) {
                    return false;
                }
                chosen.push(s);
            }
            true
        })?;
        pilots[b] = pilot_value(found);
        for &k in keys {
            slots[slot(hashes[k], pilots[b], mask)] = k as u16;
        }
    }
    Some(Table { pilots, slots })
}
