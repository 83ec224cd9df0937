//! FNV-1a, 64 bits: the hash behind fingerprints, written out so that its output never depends on the Rust
//! release (std's `Hasher`s may change). Shared with the build script (`#[path]`), which stores each entry's
//! fingerprint in the generated table.
//!
//! Start from the offset basis `0xcbf29ce484222325`; for each byte, XOR it in, then multiply by the prime
//! `0x100000001b3` (wrapping). Any language reproduces it in four lines.

/// The FNV-1a 64 offset basis.
pub const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// The FNV-1a 64 prime.
pub const PRIME: u64 = 0x0100_0000_01b3;

/// Feed `bytes` into an FNV-1a 64 state.
#[inline]
pub const fn fnv1a64_from(mut state: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        state = (state ^ bytes[i] as u64).wrapping_mul(PRIME);
        i += 1;
    }
    state
}

/// FNV-1a 64 of `bytes`.
#[inline]
pub const fn fnv1a64(bytes: &[u8]) -> u64 {
    fnv1a64_from(OFFSET_BASIS, bytes)
}
