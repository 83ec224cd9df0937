//! Build a perfect-hash table (hash-and-displace with per-bucket pilots) over distinct 64-bit hashes.
//!
//! Probing costs one hash, two table reads and one key comparison: no hashing of SipHash strength and no
//! chains. The hash functions live in `src/perfect_hash.rs`, shared with the crate.

use crate::perfect_hash::{bucket, cuckoo_slots, slot, SEED};

/// A 64-bit finalizer (xor-shift-multiply, from splitmix64): every input bit affects every output bit.
const fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The pilot value stored for pilot number `p`: the table stores values, so probing needs no mixing.
fn pilot_value(p: u64) -> u64 {
    mix64(p.wrapping_add(SEED))
}

/// A built table: `slots[slot(h, pilots[bucket(h)], bits)]` is the index of the key with hash `h`
/// (or `None`: an empty slot).
pub struct Table {
    pub pilots: Vec<u64>,
    pub slots: Vec<Option<usize>>,
    pub bits: u32,
}

/// Most pilots tried per bucket before the table is grown.
const MAX_PILOT: u64 = 1 << 16;

/// Build a table for `hashes` (one per key, in key order). Fails only if two keys share a 64-bit hash.
pub fn build(hashes: &[u64]) -> Result<Table, String> {
    let mut sorted = hashes.to_vec();
    sorted.sort_unstable();
    if sorted.windows(2).any(|w| w[0] == w[1]) {
        return Err("two keys have the same 64-bit hash".into());
    }
    // Start at a load of up to 95%: a small table stays in cache; grow when the pilots run out.
    let mut bits = (hashes.len() * 20 / 19).max(2).next_power_of_two().trailing_zeros();
    loop {
        if let Some(table) = try_build(hashes, bits) {
            return Ok(table);
        }
        bits += 1;
    }
}

fn try_build(hashes: &[u64], bits: u32) -> Option<Table> {
    let n_buckets = hashes.len().div_ceil(2).max(1);
    let size = 1usize << bits;
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); n_buckets];
    for (i, &h) in hashes.iter().enumerate() {
        buckets[bucket(h, n_buckets)].push(i);
    }
    let mut order: Vec<usize> = (0..n_buckets).collect();
    order.sort_by(|a, b| buckets[*b].len().cmp(&buckets[*a].len()).then(a.cmp(b)));

    let mut slots: Vec<Option<usize>> = vec![None; size];
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
                let s = slot(hashes[k], pilot, bits);
                if slots[s].is_some() || chosen.contains(&s) {
                    return false;
                }
                chosen.push(s);
            }
            true
        })?;
        pilots[b] = pilot_value(found);
        for &k in keys {
            slots[slot(hashes[k], pilots[b], bits)] = Some(k);
        }
    }
    Some(Table { pilots, slots, bits })
}

/// A two-choice (cuckoo) table: every key sits in one of its two `cuckoo_slots`.
pub struct Cuckoo {
    pub slots: Vec<Option<usize>>,
    pub bits: u32,
}

/// Most evictions one insertion may cause before the table is grown.
const MAX_KICKS: usize = 1000;

/// Build a cuckoo table for `hashes` at a load of at most one half, growing it until every key fits.
pub fn cuckoo(hashes: &[u64]) -> Result<Cuckoo, String> {
    let mut sorted = hashes.to_vec();
    sorted.sort_unstable();
    if sorted.windows(2).any(|w| w[0] == w[1]) {
        return Err("two code keys have the same 64-bit hash".into());
    }
    let mut bits = (hashes.len() * 2).max(2).next_power_of_two().trailing_zeros();
    loop {
        if let Some(slots) = try_cuckoo(hashes, bits) {
            return Ok(Cuckoo { slots, bits });
        }
        bits += 1;
    }
}

fn try_cuckoo(hashes: &[u64], bits: u32) -> Option<Vec<Option<usize>>> {
    let mut slots: Vec<Option<usize>> = vec![None; 1 << bits];
    for key in 0..hashes.len() {
        let mut homeless = Some(key);
        let mut at = cuckoo_slots(hashes[key], bits).0;
        for _ in 0..MAX_KICKS {
            let Some(moving) = homeless else { break };
            homeless = slots[at].replace(moving);
            if let Some(evicted) = homeless {
                // The evicted key goes to its other slot.
                let (a, b) = cuckoo_slots(hashes[evicted], bits);
                at = if a == at { b } else { a };
            }
        }
        if homeless.is_some() {
            return None;
        }
    }
    Some(slots)
}
