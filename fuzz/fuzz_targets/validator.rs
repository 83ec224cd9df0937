//! The data validator on arbitrary files: accepted tables generate code; rejected ones name the file.
#![no_main]

#[path = "../../codegen/mod.rs"]
#[allow(dead_code)]
mod codegen;
#[path = "../../src/fnv.rs"]
#[allow(dead_code)]
mod fnv;
#[path = "../../src/perfect_hash.rs"]
#[allow(dead_code)]
mod perfect_hash;
#[path = "../../src/taxonomy.rs"]
#[allow(dead_code)]
mod taxonomy;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match codegen::validate::validate_file("data/vonage.toml", data) {
        Ok(table) => {
            assert!(!table.entries.is_empty());
            // A valid table generates code, or (keys whose hashes collide) diagnostics naming them; never a panic.
            // Both catalogues: with the developer texts and without them (the `slim` build).
            for texts in [codegen::Texts::Full, codegen::Texts::Short] {
                match codegen::emit::emit(std::slice::from_ref(&table), "fuzz", texts) {
                    Ok(source) => assert!(source.contains("pub(crate) static ENTRIES")),
                    Err(diags) => assert!(!diags.is_empty() && diags.iter().all(|d| !d.message.is_empty())),
                }
            }
        }
        Err(diags) => {
            assert!(!diags.is_empty());
            for d in diags {
                assert_eq!(d.file, "data/vonage.toml");
                assert!(!d.message.is_empty());
            }
        }
    }
});
