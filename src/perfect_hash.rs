//! The cheap hash behind classify's perfect-hash tables. Shared with the build script (`#[path]`), so the
//! tables are built and probed with the same function.

/// Seed mixed into every hash.
pub const SEED: u64 = 0x51_7C_C1_B7_27_22_0A_95;

/// A 64-bit finalizer (xor-shift-multiply, from splitmix64): every input bit affects every output bit.
#[inline(always)]
pub const fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Hash of a packed integer key.
#[inline(always)]
pub const fn hash_u64(key: u64) -> u64 {
    mix64(key ^ SEED)
}

/// Hash of a string key under a scope tag: eight bytes at a time, then the finalizer.
#[inline(always)]
pub fn hash_str(tag: u64, key: &str) -> u64 {
    let bytes = key.as_bytes();
    let mut h = SEED ^ tag.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(0x2127_599B_F432_5C37);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(0x2127_599B_F432_5C37);
    }
    mix64(h)
}

/// The bucket of a hash among `buckets` (multiply-shift range reduction).
#[inline(always)]
pub const fn bucket(hash: u64, buckets: usize) -> usize {
    (((hash >> 32) * buckets as u64) >> 32) as usize
}

/// The slot of a hash given its bucket's pilot value, in a power-of-two table.
#[inline(always)]
pub const fn slot(hash: u64, pilot: u64, mask: usize) -> usize {
    ((hash ^ pilot) as usize) & mask
}

/// Scope tag of a lookup: provider, platform and domain, each `0` for "any" or `1 + index`.
#[inline(always)]
pub const fn scope_tag(provider: u8, platform: u8, domain: u8) -> u64 {
    (provider as u64) | ((platform as u64) << 8) | ((domain as u64) << 16)
}

/// A packed code key: the scope tag above the code's low 32 bits.
#[inline(always)]
pub const fn code_key(tag: u64, code: i64) -> u64 {
    (tag << 32) | (code as u64 & 0xFFFF_FFFF)
}
