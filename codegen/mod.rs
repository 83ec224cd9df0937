//! Build-time pipeline: `data/*.toml` → validated tables → `catalogue.rs`.
//!
//! Shared by `build.rs` and the tests through `#[path]`; it expects the crate root to declare
//! `mod taxonomy` (src/taxonomy.rs) and `mod perfect_hash` (src/perfect_hash.rs).

pub mod emit;
pub mod perfect;
pub mod schema;
pub mod validate;

use std::path::{Path, PathBuf};

pub use validate::Diagnostic;

/// Every `*.toml` file in `dir`, sorted by name.
pub fn data_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Validate named file contents together and generate the catalogue source, or return every problem.
pub fn generate(files: &[(String, Vec<u8>)]) -> Result<String, Vec<Diagnostic>> {
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    for (name, bytes) in files {
        match validate::validate_file(name, bytes) {
            Ok(table) => tables.push(table),
            Err(mut diags) => problems.append(&mut diags),
        }
    }
    if files.is_empty() {
        problems.push(Diagnostic { file: "data".into(), entry: None, message: "no *.toml files found".into() });
    }
    let mut seen = std::collections::BTreeMap::new();
    for (table, (name, _)) in tables.iter().zip(files) {
        if let Some(first) = seen.insert(table.provider, name) {
            problems.push(Diagnostic {
                file: name.clone(),
                entry: Some("[meta]".into()),
                message: format!("provider `{}` is already defined in {first}", table.provider),
            });
        }
    }
    for provider in <crate::taxonomy::Provider as strum::VariantArray>::VARIANTS {
        let file = format!("{provider}.toml");
        if !files.iter().any(|(name, _)| name == &file || name.ends_with(&format!("/{file}"))) {
            problems.push(Diagnostic {
                file,
                entry: None,
                message: "missing: every provider needs a data file with a [fallback]".into(),
            });
        }
    }
    if problems.is_empty() {
        emit::emit(&tables)
    } else {
        Err(problems)
    }
}

/// Read every data file in `dir` and generate the catalogue source. File names in diagnostics are
/// given relative to `label` (e.g. `data`).
pub fn generate_dir(dir: &Path, label: &str) -> Result<String, Vec<Diagnostic>> {
    let io_problem = |message: String| vec![Diagnostic { file: label.to_string(), entry: None, message }];
    let paths = data_files(dir).map_err(|e| io_problem(format!("cannot list {}: {e}", dir.display())))?;
    let mut files = Vec::new();
    for path in paths {
        let name = format!("{label}/{}", path.file_name().unwrap_or_default().to_string_lossy());
        let bytes = std::fs::read(&path).map_err(|e| io_problem(format!("cannot read {name}: {e}")))?;
        files.push((name, bytes));
    }
    generate(&files)
}
