//! classify and lookup allocate nothing: counted with a global allocator over every key and scope.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use errcat::{classify, entries, lookup, Key, Provider, Scope};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn classify_and_lookup_allocate_nothing() {
    // Everything the loop needs is built before counting starts.
    let long = "x".repeat(300);
    let mut keys: Vec<(Scope, Key<'_>)> = Vec::new();
    for e in entries() {
        let scopes = [
            Scope::ANY,
            Scope::provider(e.provider),
            Scope { provider: Some(e.provider), platform: e.platform, domain: e.domain },
        ];
        for scope in scopes {
            keys.extend(e.code.map(|c| (scope, Key::Code(c))));
            keys.extend(e.string_keys().map(|n| (scope, Key::Name(n))));
        }
    }
    let folded: Vec<String> = entries().iter().filter_map(|e| e.name).map(str::to_ascii_lowercase).collect();
    for p in [Provider::Vonage, Provider::SocketIo, Provider::Cobrowse] {
        keys.push((Scope::provider(p), Key::Code(424_242)));
        keys.push((Scope::provider(p), Key::Name("no such error")));
    }
    keys.push((Scope::ANY, Key::Name(&long)));

    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let mut known = 0usize;
    for (scope, key) in &keys {
        known += usize::from(classify(*scope, *key).known);
        known += lookup(*scope, *key).count();
    }
    for name in &folded {
        known += usize::from(classify(Scope::ANY, Key::Name(name)).known);
    }
    let after = ALLOCATIONS.load(Ordering::SeqCst);

    assert_eq!(after - before, 0, "classify/lookup allocated");
    assert!(known > keys.len(), "the loop did real work");
}
