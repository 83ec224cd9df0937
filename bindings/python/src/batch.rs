//! The batch path: an Arrow string array's buffers in, the telemetry columns' buffers out.
//!
//! The Python side (`errcat.classify_arrow`) hands over the validity, offsets and data buffers of a
//! `string` or `large_string` array as byte views (no copy); this module classifies every row with the GIL
//! released and returns plain buffers that pyarrow wraps into arrays (categorical columns as dictionary
//! indices into the tables `_dictionaries` gives).

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher, RandomState};

use errcat::{Actor, Category, Confidence, Entry, MatchedBy, Platform, Provider, Retry, Severity};
use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

/// A null index in a `u8` dictionary column.
const NULL8: u8 = u8::MAX;

/// One row's answer, every field a small index.
#[derive(Clone, Copy)]
struct Row {
    entry: u16,
    fingerprint: u64,
    provider: u8,
    platform: u8,
    category: u8,
    retry: u8,
    actor: u8,
    severity: u8,
    confidence: u8,
    matched_by: u8,
    expected: bool,
    known: bool,
    ambiguous: bool,
    /// The user message (interned by address).
    message: &'static str,
}

fn index_of<T: PartialEq>(all: &[T], v: T) -> u8 {
    all.iter().position(|x| *x == v).map_or(NULL8, |i| i as u8)
}

pub(crate) fn entry_index(e: &'static Entry) -> u16 {
    let base = errcat::entries().as_ptr() as usize;
    ((e as *const Entry as usize - base) / std::mem::size_of::<Entry>()) as u16
}

/// The columns being built, one buffer each.
struct Columns {
    n: usize,
    entry: Vec<u16>,
    entry_valid: Vec<u8>,
    fingerprint: Vec<u8>,
    fingerprint_valid: Vec<u8>,
    provider: Vec<u8>,
    provider_valid: Vec<u8>,
    platform: Vec<u8>,
    platform_valid: Vec<u8>,
    category: Vec<u8>,
    retry: Vec<u8>,
    actor: Vec<u8>,
    severity: Vec<u8>,
    confidence: Vec<u8>,
    matched_by: Vec<u8>,
    expected: Vec<u8>,
    known: Vec<u8>,
    ambiguous: Vec<u8>,
    message: Vec<i32>,
    messages: Vec<&'static str>,
    message_ids: HashMap<(usize, usize), i32>,
    error_offsets: Vec<i32>,
    error_data: Vec<u8>,
    error_valid: Vec<u8>,
    errors: usize,
}

fn set_bit(bits: &mut [u8], i: usize) {
    bits[i / 8] |= 1 << (i % 8);
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl Columns {
    fn new(n: usize) -> Columns {
        let bits = n.div_ceil(8);
        Columns {
            n,
            entry: Vec::with_capacity(n),
            entry_valid: vec![0; bits],
            fingerprint: Vec::with_capacity(n * 16),
            fingerprint_valid: vec![0; bits],
            provider: Vec::with_capacity(n),
            provider_valid: vec![0; bits],
            platform: Vec::with_capacity(n),
            platform_valid: vec![0; bits],
            category: Vec::with_capacity(n),
            retry: Vec::with_capacity(n),
            actor: Vec::with_capacity(n),
            severity: Vec::with_capacity(n),
            confidence: Vec::with_capacity(n),
            matched_by: Vec::with_capacity(n),
            expected: vec![0; bits],
            known: vec![0; bits],
            ambiguous: vec![0; bits],
            message: Vec::with_capacity(n),
            messages: Vec::new(),
            message_ids: HashMap::new(),
            error_offsets: vec![0],
            error_data: Vec::new(),
            error_valid: vec![0; bits],
            errors: 0,
        }
    }

    fn push(&mut self, row: Option<Row>, error: Option<&str>, with_message: bool) {
        let i = self.entry.len();
        let r = row.unwrap_or(Row {
            entry: 0,
            fingerprint: 0,
            provider: NULL8,
            platform: NULL8,
            category: NULL8,
            retry: NULL8,
            actor: NULL8,
            severity: NULL8,
            confidence: NULL8,
            matched_by: NULL8,
            expected: false,
            known: false,
            ambiguous: false,
            message: "",
        });
        self.entry.push(if r.entry == u16::MAX { 0 } else { r.entry });
        if row.is_some() && r.entry != u16::MAX {
            set_bit(&mut self.entry_valid, i);
        }
        let mut hex = [0u8; 16];
        for (pair, byte) in hex.chunks_exact_mut(2).zip(r.fingerprint.to_be_bytes()) {
            pair[0] = HEX[usize::from(byte >> 4)];
            pair[1] = HEX[usize::from(byte & 0xf)];
        }
        self.fingerprint.extend_from_slice(&hex);
        if row.is_some() {
            set_bit(&mut self.fingerprint_valid, i);
        }
        self.provider.push(r.provider);
        if r.provider != NULL8 {
            set_bit(&mut self.provider_valid, i);
        }
        self.platform.push(r.platform);
        if r.platform != NULL8 {
            set_bit(&mut self.platform_valid, i);
        }
        self.category.push(r.category);
        self.retry.push(r.retry);
        self.actor.push(r.actor);
        self.severity.push(r.severity);
        self.confidence.push(r.confidence);
        self.matched_by.push(r.matched_by);
        if r.expected {
            set_bit(&mut self.expected, i);
        }
        if r.known {
            set_bit(&mut self.known, i);
        }
        if r.ambiguous {
            set_bit(&mut self.ambiguous, i);
        }
        if with_message {
            let id = match row {
                Some(r) => {
                    let next = self.messages.len() as i32;
                    let id = *self.message_ids.entry((r.message.as_ptr() as usize, r.message.len())).or_insert(next);
                    if id == next {
                        self.messages.push(r.message);
                    }
                    id
                }
                None => 0,
            };
            self.message.push(id);
        }
        if let Some(e) = error {
            // The error column has 32-bit offsets: past 2 GiB of error texts, a bad row's error is empty.
            if self.error_data.len() + e.len() <= i32::MAX as usize {
                self.error_data.extend_from_slice(e.as_bytes());
            }
            set_bit(&mut self.error_valid, i);
            self.errors += 1;
        }
        self.error_offsets.push(self.error_data.len() as i32);
    }
}

fn row_of(v: &errcat::Verdict, o: &errcat::Observation<'_>) -> Row {
    let c = &v.classification;
    let message = c.user_message();
    let platform = c.entry.and_then(|e| e.platform).or(o.platform);
    let provider = c.entry.map(|e| e.provider).or(c.provider);
    Row {
        entry: c.entry.map_or(u16::MAX, entry_index),
        fingerprint: v.fingerprint(o).as_u64(),
        provider: provider.map_or(NULL8, |p| index_of(Provider::ALL, p)),
        platform: platform.map_or(NULL8, |p| index_of(Platform::ALL, p)),
        category: index_of(Category::ALL, c.category),
        retry: index_of(Retry::ALL, c.retry),
        actor: index_of(Actor::ALL, c.actor),
        severity: index_of(Severity::ALL, c.severity),
        confidence: index_of(Confidence::ALL, v.confidence),
        matched_by: index_of(MatchedBy::ALL, v.matched_by),
        expected: c.expected,
        known: c.known,
        ambiguous: v.ambiguous,
        message,
    }
}

/// Read offset `i` of an offsets buffer of `width` bytes per offset (4 or 8), little-endian.
fn offset_at(offsets: &[u8], width: usize, i: usize) -> usize {
    let b = &offsets[i * width..i * width + width];
    if width == 4 {
        i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
    } else {
        i64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]) as usize
    }
}

/// A byte view of a buffer the caller keeps alive; `None` for a missing buffer.
fn bytes_of(buf: &Option<PyBuffer<u8>>) -> PyResult<&[u8]> {
    match buf {
        None => Ok(&[]),
        Some(b) => {
            if !b.is_c_contiguous() {
                return Err(PyValueError::new_err("buffer is not contiguous"));
            }
            // SAFETY: a contiguous, read-only byte buffer held by `b` for as long as the returned slice is
            // used (the caller keeps `b`, and the Arrow array behind it, alive; Arrow buffers are immutable).
            Ok(unsafe { std::slice::from_raw_parts(b.buf_ptr() as *const u8, b.len_bytes()) })
        }
    }
}

/// A fast hasher for the memo tables (folded 64×64→128 multiplies, 8 bytes a step), keeping two independent
/// 64-bit states so one pass gives a 128-bit key. Not for untrusted keys where collisions could be provoked;
/// here a collision could only mislabel a row when two distinct observations share all 128 bits.
#[derive(Clone, Copy)]
struct Fold {
    a: u64,
    b: u64,
}

const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xd6e8_feb8_6659_fd93;

#[inline]
fn fold(x: u64, k: u64) -> u64 {
    let m = u128::from(x) * u128::from(k);
    (m as u64) ^ ((m >> 64) as u64)
}

impl Fold {
    fn new(seed: (u64, u64)) -> Fold {
        Fold { a: seed.0, b: seed.1 }
    }

    #[inline]
    fn word(&mut self, w: u64) {
        self.a = fold(self.a ^ w, K1).rotate_left(23);
        self.b = fold(self.b ^ w.rotate_left(32), K2).rotate_left(41);
    }

    fn wide(&self) -> u128 {
        (u128::from(fold(self.a, K2)) << 64) | u128::from(fold(self.b, K1))
    }
}

impl Hasher for Fold {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.word(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        let mut tail = [0u8; 8];
        tail[..rest.len()].copy_from_slice(rest);
        // The length goes in with the tail, so "ab" and "ab\0" differ.
        self.word(u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 59));
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.word(u64::from(i) | 0x100);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.word(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.word(i as u64);
    }
    #[inline]
    fn write_isize(&mut self, i: isize) {
        self.word(i as u64);
    }
    #[inline]
    fn write_i64(&mut self, i: i64) {
        self.word(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.word(u64::from(i) | 0x1_0000_0000);
    }
    fn finish(&self) -> u64 {
        fold(self.a ^ self.b.rotate_left(17), K1)
    }
}

/// Builds [`Fold`] hashers for the raw-text table, seeded per batch.
#[derive(Clone, Copy)]
struct FoldState((u64, u64));

impl BuildHasher for FoldState {
    type Hasher = Fold;
    fn build_hasher(&self) -> Fold {
        Fold::new(self.0)
    }
}

/// A per-batch seed, from std's randomly keyed hasher.
fn seed() -> (u64, u64) {
    let s = RandomState::new();
    (s.hash_one(1u8), s.hash_one(2u8))
}

/// Identity hashing for keys that are already hashes.
#[derive(Clone, Copy, Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u128 keys")
    }
    fn write_u128(&mut self, i: u128) {
        self.0 = i as u64 ^ (i >> 64) as u64;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Answers already given in this batch. Telemetry repeats itself: the same payload text (an SDK error without
/// a timestamp) is answered from `raw`; the same observation read from a different text (a payload whose
/// session id or timestamp differs) is answered from `seen`, skipping the rules. The verdict is a function of
/// the observation alone (`errcat::observe_line`), so both give what classifying again would.
struct Memo {
    raw: HashMap<Box<[u8]>, Row, FoldState>,
    /// Keyed by a 128-bit hash of the observation.
    seen: HashMap<u128, Row, BuildHasherDefault<Prehashed>>,
    seed: (u64, u64),
    /// Rows looked up in `raw` in the current window, and found there.
    window: (u32, u32),
    /// Rows left before `raw` is tried again, after a window where it rarely helped (every row distinct).
    raw_off: u32,
}

/// Rows longer than this are not kept by text.
const RAW_MAX_LEN: usize = 512;
/// Most answers kept per table; a full table is cleared.
const MEMO_MAX: usize = 1 << 16;
/// Rows per window of `raw`'s hit rate; below one hit in four it pauses for `RAW_PAUSE` rows (a miss costs a
/// hash and an insert, about a quarter of what a hit saves).
const RAW_WINDOW: u32 = 2048;
const RAW_PAUSE: u32 = 32 * 1024;

impl Memo {
    fn new() -> Memo {
        let seed = seed();
        Memo { raw: HashMap::with_hasher(FoldState(seed)), seen: HashMap::default(), seed, window: (0, 0), raw_off: 0 }
    }

    /// The answer kept for this exact text, if the raw table is in use.
    fn by_text(&mut self, bytes: &[u8]) -> Option<Row> {
        if self.raw_off > 0 {
            self.raw_off -= 1;
            return None;
        }
        let found = self.raw.get(bytes).copied();
        self.window.0 += 1;
        self.window.1 += u32::from(found.is_some());
        if self.window.0 == RAW_WINDOW {
            if self.window.1 < RAW_WINDOW / 4 {
                self.raw_off = RAW_PAUSE;
                self.raw.clear();
            }
            self.window = (0, 0);
        }
        found
    }

    fn observed(&mut self, o: &errcat::Observation<'_>) -> Row {
        let mut h = Fold::new(self.seed);
        o.hash(&mut h);
        let key = h.wide();
        if let Some(r) = self.seen.get(&key) {
            return *r;
        }
        let row = row_of(&o.classify(), o);
        if self.seen.len() >= MEMO_MAX {
            self.seen.clear();
        }
        self.seen.insert(key, row);
        row
    }

    fn keep(&mut self, bytes: &[u8], row: Row) {
        if self.raw_off == 0 && bytes.len() <= RAW_MAX_LEN {
            if self.raw.len() >= MEMO_MAX {
                self.raw.clear();
            }
            self.raw.insert(bytes.into(), row);
        }
    }
}

fn classify_rows(
    validity: &[u8],
    offsets: &[u8],
    data: &[u8],
    width: usize,
    offset: usize,
    length: usize,
    with_message: bool,
) -> Result<Columns, String> {
    if offsets.len() < (offset + length + 1) * width {
        return Err("offsets buffer is shorter than the array".into());
    }
    let mut cols = Columns::new(length);
    let mut memo = Memo::new();
    for i in 0..length {
        let j = offset + i;
        if !validity.is_empty() && validity[j / 8] & (1 << (j % 8)) == 0 {
            cols.push(None, None, with_message);
            continue;
        }
        let (start, end) = (offset_at(offsets, width, j), offset_at(offsets, width, j + 1));
        let Some(bytes) = data.get(start..end) else {
            cols.push(None, Some("offsets point outside the data buffer"), with_message);
            continue;
        };
        if let Some(row) = memo.by_text(bytes) {
            cols.push(Some(row), None, with_message);
            continue;
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let msg = errcat::PayloadError::InvalidUtf8(e.valid_up_to()).to_string();
                cols.push(None, Some(&msg), with_message);
                continue;
            }
        };
        match errcat::observe_line(text, |answer| answer.map(|(o, _)| memo.observed(&o))) {
            Ok(row) => {
                memo.keep(bytes, row);
                cols.push(Some(row), None, with_message);
            }
            Err(e) => cols.push(None, Some(&e.to_string()), with_message),
        }
    }
    Ok(cols)
}

/// Classify the rows of a string array given by its buffers; returns a dict of output buffers (bytes).
#[pyfunction]
#[pyo3(signature = (validity, offsets, data, offset, length, large, user_message=false))]
#[allow(clippy::too_many_arguments)]
pub fn _classify_buffers<'py>(
    py: Python<'py>,
    validity: Option<PyBuffer<u8>>,
    offsets: PyBuffer<u8>,
    data: Option<PyBuffer<u8>>,
    offset: usize,
    length: usize,
    large: bool,
    user_message: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let offsets = Some(offsets);
    let (v, o, d) = (bytes_of(&validity)?, bytes_of(&offsets)?, bytes_of(&data)?);
    if !v.is_empty() && v.len() * 8 < offset + length {
        return Err(PyValueError::new_err("validity buffer is shorter than the array"));
    }
    let width = if large { 8 } else { 4 };
    let cols =
        py.detach(|| classify_rows(v, o, d, width, offset, length, user_message)).map_err(PyValueError::new_err)?;
    let out = PyDict::new(py);
    let bytes = |b: &[u8]| PyBytes::new(py, b);
    let entry: Vec<u8> = cols.entry.iter().flat_map(|x| x.to_le_bytes()).collect();
    out.set_item("length", cols.n)?;
    out.set_item("id", bytes(&entry))?;
    out.set_item("id_valid", bytes(&cols.entry_valid))?;
    out.set_item("fingerprint", bytes(&cols.fingerprint))?;
    // Every row classified (not null, not bad) has a fingerprint and every categorical column but the two below.
    out.set_item("row_valid", bytes(&cols.fingerprint_valid))?;
    out.set_item("provider_valid", bytes(&cols.provider_valid))?;
    out.set_item("platform_valid", bytes(&cols.platform_valid))?;
    let fp_offsets: Vec<u8> = if cols.n * 16 <= i32::MAX as usize {
        (0..=cols.n).flat_map(|i| ((i * 16) as i32).to_le_bytes()).collect()
    } else {
        (0..=cols.n).flat_map(|i| ((i * 16) as i64).to_le_bytes()).collect()
    };
    out.set_item("fingerprint_offsets", bytes(&fp_offsets))?;
    for (name, col) in [
        ("provider", &cols.provider),
        ("platform", &cols.platform),
        ("category", &cols.category),
        ("retry", &cols.retry),
        ("actor", &cols.actor),
        ("severity", &cols.severity),
        ("confidence", &cols.confidence),
        ("matched_by", &cols.matched_by),
    ] {
        out.set_item(name, bytes(col))?;
    }
    out.set_item("expected", bytes(&cols.expected))?;
    out.set_item("known", bytes(&cols.known))?;
    out.set_item("ambiguous", bytes(&cols.ambiguous))?;
    if user_message {
        let ids: Vec<u8> = cols.message.iter().flat_map(|x| x.to_le_bytes()).collect();
        out.set_item("user_message", bytes(&ids))?;
        out.set_item("user_messages", PyList::new(py, &cols.messages)?)?;
    }
    let eo: Vec<u8> = cols.error_offsets.iter().flat_map(|x| x.to_le_bytes()).collect();
    out.set_item("error_offsets", bytes(&eo))?;
    out.set_item("error_data", bytes(&cols.error_data))?;
    out.set_item("error_valid", bytes(&cols.error_valid))?;
    out.set_item("errors", cols.errors)?;
    Ok(out)
}

/// The dictionaries of the categorical columns: entry ids in catalogue order, and each enum's strings in
/// declaration order (the indices `_classify_buffers` returns).
#[pyfunction]
pub fn _dictionaries(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    fn names<T: ToString>(all: &[T]) -> Vec<String> {
        all.iter().map(ToString::to_string).collect()
    }
    if errcat::entries().len() > i16::MAX as usize {
        return Err(PyValueError::new_err("more entries than the id column's 16-bit dictionary indices hold"));
    }
    let d = PyDict::new(py);
    d.set_item("id", errcat::entries().iter().map(Entry::id).collect::<Vec<_>>())?;
    d.set_item("provider", names(Provider::ALL))?;
    d.set_item("platform", names(Platform::ALL))?;
    d.set_item("category", names(Category::ALL))?;
    d.set_item("retry", names(Retry::ALL))?;
    d.set_item("actor", names(Actor::ALL))?;
    d.set_item("severity", names(Severity::ALL))?;
    d.set_item("confidence", names(Confidence::ALL))?;
    d.set_item("matched_by", names(MatchedBy::ALL))?;
    Ok(d)
}
