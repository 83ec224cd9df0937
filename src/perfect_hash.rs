//! The cheap hashes and the row format behind classify's perfect-hash tables. Shared with the build script
//! (`#[path]`), so the tables are built and probed with the same functions.

/// Seed mixed into every hash.
pub const SEED: u64 = 0x51_7C_C1_B7_27_22_0A_95;

/// Odd multiplier for multiplicative hashing (2^64 / golden ratio).
const K: u64 = 0x9E37_79B9_7F4A_7C15;
/// Second and third odd multipliers (from splitmix64 and murmur3).
const K2: u64 = 0xBF58_476D_1CE4_E5B9;
const K3: u64 = 0xFF51_AFD7_ED55_8CCD;

/// Hash of a packed integer key: one multiply; the table uses only the well-mixed high bits.
#[inline(always)]
pub const fn hash_u64(key: u64) -> u64 {
    (key ^ SEED).wrapping_mul(K)
}

/// Eight bytes at `at` as a little-endian word (the caller guarantees `at + 8 <= len`).
#[inline(always)]
fn load8(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(w)
}

/// A string shorter than eight bytes as one word, without a byte loop: two overlapping 4-byte loads for
/// 4 to 7 bytes, the first, middle and last byte for 1 to 3.
#[inline(always)]
fn load_short(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    if n >= 4 {
        let mut lo = [0u8; 4];
        let mut hi = [0u8; 4];
        lo.copy_from_slice(&bytes[..4]);
        hi.copy_from_slice(&bytes[n - 4..n]);
        u64::from(u32::from_le_bytes(lo)) | u64::from(u32::from_le_bytes(hi)) << 32
    } else if n > 0 {
        u64::from(bytes[0]) | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1]) << 16
    } else {
        0
    }
}

/// Hash of a string key under a scope tag, from its length and every byte: three words (start, middle, end)
/// cover keys of up to 24 bytes, and longer keys fold in the words between. Two keys collide only when their
/// 64-bit hashes do; the build then names both (see `codegen/emit.rs`).
#[inline(always)]
pub fn hash_str(tag: u64, key: &str) -> u64 {
    let b = key.as_bytes();
    let n = b.len();
    let (first, mut middle, last) =
        if n >= 8 { (load8(b, 0), load8(b, n / 2 - 4), load8(b, n - 8)) } else { (load_short(b), 0, 0) };
    if n > 24 {
        // The bytes between the start and end windows, eight at a time.
        let mut acc = 0u64;
        let mut at = 8;
        while at < n - 8 {
            // The last step may overlap the one before so that it ends where the end window starts.
            acc = (acc ^ load8(b, at.min(n - 16))).wrapping_mul(K2).rotate_left(29);
            at += 8;
        }
        middle ^= acc.wrapping_mul(K3);
    }
    // Three independent multiplies (they run in parallel), then one to mix them.
    let h = (first ^ SEED).wrapping_mul(K) ^ (middle ^ tag << 40).wrapping_mul(K2) ^ (last ^ n as u64).wrapping_mul(K3);
    (h ^ h >> 32).wrapping_mul(K)
}

/// Byte equality without a library call for the short strings most keys are.
#[inline(always)]
pub fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        return load_short(a) == load_short(b);
    }
    if n > 40 {
        return a == b;
    }
    let mut at = 0;
    while at + 8 < n {
        if load8(a, at) != load8(b, at) {
            return false;
        }
        at += 8;
    }
    load8(a, n - 8) == load8(b, n - 8)
}

/// The bucket of a hash among `buckets` (multiply-shift range reduction of the high half).
#[inline(always)]
pub const fn bucket(hash: u64, buckets: usize) -> usize {
    (((hash >> 32) * buckets as u64) >> 32) as usize
}

/// The slot of a hash given its bucket's pilot value, in a power-of-two table of `1 << bits` slots.
#[inline(always)]
pub const fn slot(hash: u64, pilot: u64, bits: u32) -> usize {
    ((hash ^ pilot).wrapping_mul(K) >> (64 - bits)) as usize
}

/// The two candidate slots of a hash in a two-choice (cuckoo) table of `1 << bits` slots. The second is
/// computed from the first's hash alone, so both table reads can be in flight at once.
#[inline(always)]
pub const fn cuckoo_slots(hash: u64, bits: u32) -> (usize, usize) {
    let second = (hash ^ (hash >> 32)).wrapping_mul(K);
    ((hash >> (64 - bits)) as usize, (second >> (64 - bits)) as usize)
}

/// Scope tag of a lookup in nine bits: provider (2 bits), platform (4) and domain (3), each `0` for
/// "any" or `1 + index`. The build checks the enums still fit. All ones (`TAG_MASK`) is never produced:
/// empty table slots use it.
#[inline(always)]
pub const fn scope_tag(provider: u8, platform: u8, domain: u8) -> u64 {
    (provider as u64) | ((platform as u64) << 2) | ((domain as u64) << 6)
}

/// The bits a scope tag occupies.
pub const TAG_BITS: u32 = 9;

/// Mask of a scope tag.
pub const TAG_MASK: u64 = (1 << TAG_BITS) - 1;

/// A packed code key (41 bits): the scope tag above the code's low 32 bits.
#[inline(always)]
pub const fn code_key(tag: u64, code: i64) -> u64 {
    (tag << 32) | (code as u64 & 0xFFFF_FFFF)
}

/// The bits of a code table row that hold the key; the entry index sits above them.
pub const KEY_BITS: u32 = 32 + TAG_BITS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_str_agrees_with_equality_at_every_length_and_position() {
        for len in 0..48 {
            let base: String = (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            assert!(same_str(&base, &base.clone()));
            for pos in 0..len {
                let mut other = base.clone().into_bytes();
                other[pos] = b'Z';
                let other = String::from_utf8(other).unwrap();
                assert!(!same_str(&base, &other), "len {len}, differs at {pos}");
            }
            assert!(!same_str(&base, &format!("{base}x")));
        }
    }

    #[test]
    fn every_byte_of_a_long_key_counts() {
        for len in [25usize, 40, 64, 100, 256] {
            let base: String = (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            let h = hash_str(3, &base);
            for pos in 0..len {
                let mut other = base.clone().into_bytes();
                other[pos] = b'Z';
                assert_ne!(h, hash_str(3, std::str::from_utf8(&other).unwrap()), "len {len}, differs at {pos}");
            }
        }
    }

    #[test]
    fn equal_strings_hash_equal_and_tags_separate_them() {
        assert_eq!(hash_str(3, "transport close"), hash_str(3, &String::from("transport close")));
        assert_ne!(hash_str(3, "transport close"), hash_str(4, "transport close"));
        assert_ne!(hash_str(0, "abc"), hash_str(0, "abd"));
    }
}
