//! Per-lookup cost of errcat's public path against the obvious alternatives, over every key of the
//! real catalogue in a fixed shuffled order. Run: `cargo bench --bench classify`.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use errcat::{classify, entries, lookup, Entry, Key, Scope};

fn scope_of(e: &Entry) -> Scope {
    Scope::of(e)
}

/// Deterministic Fisher-Yates with a fixed LCG, so every run looks keys up in the same order.
fn shuffle<T>(items: &mut [T]) {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in (1..items.len()).rev() {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        items.swap(i, (state >> 33) as usize % (i + 1));
    }
}

fn code_keys() -> Vec<(Scope, i64)> {
    let mut keys: Vec<_> = entries().iter().filter_map(|e| e.code.map(|c| (scope_of(e), c))).collect();
    shuffle(&mut keys);
    keys
}

fn name_keys() -> Vec<(Scope, &'static str)> {
    let mut keys: Vec<_> = entries().iter().flat_map(|e| e.string_keys().map(move |k| (scope_of(e), k))).collect();
    shuffle(&mut keys);
    keys
}

/// The first entry of `ids` inside `scope`: the same filtering every index alternative needs.
#[inline]
fn first_in(ids: &[u16], scope: &Scope, key: Key<'_>) -> Option<&'static Entry> {
    let all = entries();
    ids.iter().map(|&i| &all[usize::from(i)]).find(|e| scope.admits(e, key))
}

/// Run `f` once per iteration over the keys in turn.
fn cycle<'a, K: Copy, R, F: FnMut(K) -> R>(keys: &'a [K], mut f: F) -> impl FnMut() -> R + use<'a, K, R, F> {
    let mut i = 0;
    move || {
        let k = keys[i];
        i = if i + 1 == keys.len() { 0 } else { i + 1 };
        f(black_box(k))
    }
}

fn by_code(c: &mut Criterion) {
    let keys = code_keys();
    let mut map: HashMap<i64, Vec<u16>> = HashMap::new();
    for (i, e) in entries().iter().enumerate() {
        if let Some(code) = e.code {
            map.entry(code).or_default().push(i as u16);
        }
    }
    let mut g = c.benchmark_group("by_code");
    g.bench_function("errcat", |b| b.iter(cycle(&keys, |(s, k)| classify(s, Key::Code(k)))));
    // The cost of the loop itself (fetching the next key), to read the others against.
    g.bench_function("harness", |b| b.iter(cycle(&keys, |(s, k)| (s, k))));
    // The public lookup iterator, over the `phf` maps.
    g.bench_function("phf_map", |b| b.iter(cycle(&keys, |(s, k)| lookup(s, Key::Code(k)).next())));
    g.bench_function("hashmap", |b| {
        b.iter(cycle(&keys, |(s, k)| first_in(map.get(&k).map_or(&[][..], Vec::as_slice), &s, Key::Code(k))))
    });
    g.bench_function("linear", |b| {
        b.iter(cycle(&keys, |(s, k)| entries().iter().find(|e| e.code == Some(k) && s.admits(e, Key::Code(k)))))
    });
    g.finish();
}

fn by_name(c: &mut Criterion) {
    let keys = name_keys();
    let mut map: HashMap<&'static str, Vec<u16>> = HashMap::new();
    for (i, e) in entries().iter().enumerate() {
        for k in e.string_keys() {
            map.entry(k).or_default().push(i as u16);
        }
    }
    let mut g = c.benchmark_group("by_name");
    g.bench_function("errcat", |b| b.iter(cycle(&keys, |(s, k)| classify(s, Key::Name(k)))));
    g.bench_function("harness", |b| b.iter(cycle(&keys, |(s, k)| (s, k))));
    g.bench_function("phf_map", |b| b.iter(cycle(&keys, |(s, k)| lookup(s, Key::Name(k)).next())));
    g.bench_function("hashmap", |b| {
        b.iter(cycle(&keys, |(s, k)| first_in(map.get(k).map_or(&[][..], Vec::as_slice), &s, Key::Name(k))))
    });
    g.bench_function("linear", |b| {
        b.iter(cycle(&keys, |(s, k)| {
            entries().iter().find(|e| e.string_keys().any(|n| n == k) && s.admits(e, Key::Name(k)))
        }))
    });
    g.finish();
}

/// Typical payloads as SDKs hand them over (each about 50 to 120 bytes).
const PAYLOADS: &[&str] = &[
    r#"{"name":"OT_NOT_CONNECTED","code":1010,"message":"Not connected to the session."}"#,
    r#"{"message":"xhr poll error","type":"TransportError","description":403}"#,
    r#"{"reason":"transport close","details":{"description":"websocket connection closed"}}"#,
    r#"{"provider":"cobrowse","code":1011,"errorMsg":"join failed"}"#,
];

fn by_payload(c: &mut Criterion) {
    let mut g = c.benchmark_group("by_payload");
    g.bench_function("classify_json_typical", |b| {
        b.iter(|| errcat::classify_json(black_box(PAYLOADS[0])).map(|v| v.classification.category))
    });
    g.bench_function("classify_json_mix", |b| {
        b.iter(cycle(PAYLOADS, |p| errcat::classify_json(p).map(|v| v.classification.category)))
    });
    g.bench_function("serde_json_parse_only", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(PAYLOADS[0])).map(|v| v.is_object()))
    });
    g.finish();
}

criterion_group!(benches, by_code, by_name, by_payload);
criterion_main!(benches);
