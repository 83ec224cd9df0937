//! The generated tables, behind typed accessors. Nothing else in the crate touches the statics.

use crate::entry::{Entry, Fallback};
use crate::taxonomy::Provider;

mod generated {
    #![allow(clippy::all, unused_imports)]
    use crate::entry::{Entry, Fallback};
    use crate::taxonomy::{Actor, Category, Domain, Platform, Provider, Retry};
    include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
}

/// Longest string key tried case-insensitively; longer keys only match exactly.
const FOLD_MAX: usize = 256;

/// All entries, sorted by provider, platform, domain (none first), code and name.
pub(crate) fn entries() -> &'static [Entry] {
    &generated::ENTRIES
}

/// Indexes into [`entries`] of the entries keyed by `code`, in entry order.
pub(crate) fn ids_by_code(code: i64) -> &'static [u16] {
    generated::BY_CODE.get(&code).copied().unwrap_or(&[])
}

/// Indexes of the entries keyed by `name`: exact match first, else ASCII case-insensitive.
pub(crate) fn ids_by_name(name: &str) -> &'static [u16] {
    if let Some(ids) = generated::BY_NAME.get(name) {
        return ids;
    }
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
