//! Where the catalogue's facts come from: one [`Source`] per key of a data file's `[sources]` table.

use serde::Serialize;

use crate::taxonomy::Provider;

/// A document or package file an entry's facts were read from. A source has a [`url`](Source::url), or a
/// [`package`](Source::package) (`name@version`) and a [`path`](Source::path) inside it.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The provider whose data file defines it.
    pub provider: Provider,
    /// Its key in that file, e.g. `W-EC`.
    pub key: &'static str,
    /// What the document is.
    pub what: &'static str,
    /// A page a reader can open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'static str>,
    /// A published package, `name@version`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<&'static str>,
    /// The file inside [`package`](Source::package).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'static str>,
    /// The date it was read, `YYYY-MM-DD`.
    pub read: &'static str,
}

impl Source {
    /// Where to look: the URL, or `package path`.
    ///
    /// ```
    /// for s in errcat::sources() {
    ///     assert!(!s.location().is_empty());
    /// }
    /// ```
    pub fn location(&self) -> String {
        match (self.url, self.package, self.path) {
            (Some(url), _, _) => url.to_string(),
            (None, Some(package), Some(path)) => format!("{package} {path}"),
            (None, Some(package), None) => package.to_string(),
            (None, None, _) => String::new(),
        }
    }
}
