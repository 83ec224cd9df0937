//! Compiles `data/*.toml` into `$OUT_DIR/catalogue.rs`. All the work is in `codegen/`.

#[path = "codegen/mod.rs"]
mod codegen;
#[path = "src/fnv.rs"]
mod fnv;
#[path = "src/perfect_hash.rs"]
#[allow(dead_code)]
mod perfect_hash;
#[path = "src/taxonomy.rs"]
mod taxonomy;

use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let data = Path::new(&root).join("data");
    println!("cargo::rerun-if-changed=data");
    println!("cargo::rerun-if-changed=codegen");
    println!("cargo::rerun-if-changed=src/taxonomy.rs");
    println!("cargo::rerun-if-changed=src/perfect_hash.rs");
    println!("cargo::rerun-if-changed=src/fnv.rs");
    if let Ok(files) = codegen::data_files(&data) {
        for file in files {
            println!("cargo::rerun-if-changed={}", file.display());
        }
    }
    // The `slim` feature leaves the developer-facing texts out of the catalogue.
    let texts =
        if std::env::var_os("CARGO_FEATURE_SLIM").is_some() { codegen::Texts::Short } else { codegen::Texts::Full };
    match codegen::generate_dir_with(&data, "data", texts) {
        Ok(source) => {
            let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogue.rs");
            std::fs::write(&out, source).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
        }
        Err(problems) => {
            // Cargo prints each `cargo::error` once and fails the build; nothing else is printed, so each
            // problem appears once.
            for p in &problems {
                println!("cargo::error={p}");
            }
        }
    }
}
