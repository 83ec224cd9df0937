//! Build-time pipeline: `data/*.toml` → validated tables → `catalogue.rs`.
//!
//! Shared by `build.rs` and the tests through `#[path]`; it expects the crate root to declare
//! `mod taxonomy` (src/taxonomy.rs), `mod perfect_hash` (src/perfect_hash.rs) and `mod fnv` (src/fnv.rs).

pub mod emit;
pub mod perfect;
pub mod schema;
pub mod validate;

use std::path::{Path, PathBuf};

use crate::taxonomy::Provider;
use schema::ProviderTable;

pub use validate::Diagnostic;

/// Which texts the generated catalogue carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Texts {
    /// Every field.
    Full,
    /// Without the developer-facing texts (developer hints, notes, `raised_by`, doc URLs, versions, sources),
    /// which become empty: for size-bound builds (the WebAssembly package loads them separately).
    Short,
}

/// Every `*.toml` file in `dir` and in its subdirectories one level down (platform files such as
/// `vonage/web.toml`), sorted by path.
pub fn data_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            for inner in std::fs::read_dir(&path)? {
                files.push(inner?.path());
            }
        } else {
            files.push(path);
        }
    }
    files.retain(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"));
    files.sort();
    Ok(files)
}

/// The directory of a platform file: `data/vonage/web.toml` → `vonage`. Names are `label/file.toml` (a
/// provider file) or `label/provider/platform.toml` (a platform file).
fn owner(name: &str) -> Option<&str> {
    let parts: Vec<&str> = name.split(['/', '\\']).collect();
    match parts.as_slice() {
        [_, dir, _] => Some(dir),
        _ => None,
    }
}

fn stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.strip_suffix(".toml").unwrap_or(base)
}

fn whole_file(file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
    Diagnostic { file: file.into(), line: None, entry: None, message: message.into() }
}

/// Validate named file contents together and generate the catalogue source, or return every problem. A file
/// directly in the data directory is a provider file; a file in a directory named after a provider is one of
/// its platform files.
// build.rs calls generate_dir_with; the tests call this.
#[allow(dead_code)]
pub fn generate(files: &[(String, Vec<u8>)]) -> Result<String, Vec<Diagnostic>> {
    generate_with(files, Texts::Full)
}

/// As [`generate`], with the chosen [`Texts`].
pub fn generate_with(files: &[(String, Vec<u8>)], texts: Texts) -> Result<String, Vec<Diagnostic>> {
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    if files.is_empty() {
        problems.push(whole_file("data", "no *.toml files found"));
    }
    let (parts, mains): (Vec<_>, Vec<_>) = files.iter().partition(|(name, _)| owner(name).is_some());
    for (name, bytes) in &mains {
        let own: Vec<(String, Vec<u8>)> =
            parts.iter().filter(|(p, _)| owner(p) == Some(stem(name))).map(|&f| f.clone()).collect();
        match validate::validate_provider(name, bytes, &own) {
            Ok(table) => tables.push((name, table)),
            Err(mut diags) => problems.append(&mut diags),
        }
    }
    for (name, _) in &parts {
        let dir = owner(name).unwrap_or_default();
        if !mains.iter().any(|(m, _)| stem(m) == dir) {
            let message = match dir.parse::<Provider>() {
                Ok(p) if p.to_string() == dir => format!("a platform file needs its provider file {dir}.toml"),
                _ => format!("`{dir}` is not a provider: platform files go in a directory named after their provider"),
            };
            problems.push(whole_file(name.clone(), message));
        }
    }
    let mut seen = std::collections::BTreeMap::new();
    for (name, table) in &tables {
        if let Some(first) = seen.insert(table.provider, name) {
            problems.push(Diagnostic {
                file: name.to_string(),
                line: None,
                entry: Some("[meta]".into()),
                message: format!("provider `{}` is already defined in {first}", table.provider),
            });
        }
    }
    for provider in <Provider as strum::VariantArray>::VARIANTS {
        let file = format!("{provider}.toml");
        if !mains.iter().any(|(name, _)| name == &file || name.ends_with(&format!("/{file}"))) {
            problems.push(whole_file(file, "missing: every provider needs a data file with a [fallback]"));
        }
    }
    if problems.is_empty() {
        let tables: Vec<ProviderTable> = tables.into_iter().map(|(_, t)| t).collect();
        emit::emit(&tables, &revision(&tables, files), texts)
    } else {
        Err(problems)
    }
}

/// The catalogue's revision: the newest date a source was read, and a hash of every data file's name and
/// bytes (in name order), so any change to the data gives a new revision.
fn revision(tables: &[ProviderTable], files: &[(String, Vec<u8>)]) -> String {
    let newest = tables.iter().flat_map(|t| &t.sources).map(|s| s.read.as_str()).max().unwrap_or("undated");
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| stem_path(&a.0).cmp(stem_path(&b.0)));
    // FNV-1a, 64 bits: stable across Rust versions, unlike `DefaultHasher`.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, bytes) in sorted {
        for b in stem_path(name).bytes().chain([0]).chain(bytes.iter().copied()).chain([0]) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{newest}+{:08x}", hash >> 32)
}

/// A file's name below the data directory (`vonage/web.toml`), so the revision does not depend on where the
/// data directory is.
fn stem_path(name: &str) -> &str {
    name.split_once(['/', '\\']).map_or(name, |(_, rest)| rest)
}

/// Read every data file in `dir` and generate the catalogue source. File names in diagnostics are
/// given relative to `label` (e.g. `data`).
#[allow(dead_code)]
pub fn generate_dir(dir: &Path, label: &str) -> Result<String, Vec<Diagnostic>> {
    generate_dir_with(dir, label, Texts::Full)
}

/// As [`generate_dir`], with the chosen [`Texts`].
pub fn generate_dir_with(dir: &Path, label: &str, texts: Texts) -> Result<String, Vec<Diagnostic>> {
    let io_problem = |message: String| vec![whole_file(label, message)];
    let paths = data_files(dir).map_err(|e| io_problem(format!("cannot list {}: {e}", dir.display())))?;
    let mut files = Vec::new();
    for path in paths {
        let relative = path.strip_prefix(dir).unwrap_or(&path);
        let name = format!("{label}/{}", relative.to_string_lossy().replace('\\', "/"));
        let bytes = std::fs::read(&path).map_err(|e| io_problem(format!("cannot read {name}: {e}")))?;
        files.push((name, bytes));
    }
    generate_with(&files, texts)
}
