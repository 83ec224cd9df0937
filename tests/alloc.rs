//! classify and lookup allocate nothing: counted with a global allocator over every key and scope.
//!
//! The count is per thread: the test harness's own threads (output capture, the main thread waiting on
//! results) allocate whenever they like, and a process-wide counter would see them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use errcat::{classify, entries, lookup, Key, Provider, Scope};

struct Counting;

thread_local! {
    // `const` initialisation with a `Cell<usize>`: no lazy setup and no destructor, so reading it from inside
    // the allocator can neither allocate nor recurse.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

/// Count one allocation on the calling thread (ignored while the thread is being torn down).
fn count() {
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

/// Allocations made so far on the calling thread.
fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
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
        let scopes = [Scope::ANY, Scope::provider(e.provider), Scope::of(e)];
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

    let before = allocations();
    let mut known = 0usize;
    for (scope, key) in &keys {
        known += usize::from(classify(*scope, *key).known);
        known += lookup(*scope, *key).count();
    }
    for name in &folded {
        known += usize::from(classify(Scope::ANY, Key::Name(name)).known);
    }
    let after = allocations();

    assert_eq!(after - before, 0, "classify/lookup allocated");
    // The counter sees this thread's allocations (so the zero above is not vacuous).
    let probe = allocations();
    drop(std::hint::black_box(vec![0u8; 64]));
    assert_eq!(allocations() - probe, 1, "the per-thread counter counts");
    assert!(known > keys.len(), "the loop did real work");
}
