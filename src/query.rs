//! Parsing the CLI's query form `[provider[:platform][:domain]:]key`.

use thiserror::Error;

use crate::lookup::{lookup, Key, Scope};
use crate::taxonomy::{Domain, Platform, Provider};

/// A parsed query: where to look and what for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Query<'a> {
    /// Where to look.
    pub scope: Scope,
    /// What to look for.
    pub key: Key<'a>,
}

/// Why a query could not be read.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum QueryError {
    /// Nothing to look up.
    #[error("empty query: give a code (1006), a name (OT_NOT_CONNECTED) or provider:key (socketio:transport close)")]
    Empty,
    /// The prefix before the first `:` is not a provider.
    #[error("unknown provider `{given}` in `{query}`; expected one of vonage, socketio, cobrowse (or no prefix to search all)")]
    UnknownProvider {
        /// The prefix as written.
        given: String,
        /// The whole query.
        query: String,
    },
    /// A segment after the provider is neither one of its platforms nor one of its domains.
    #[error(
        "`{given}` is not a {provider} platform or domain in `{query}`; platforms: {platforms}; domains: {domains}"
    )]
    UnknownScope {
        /// The provider named in the query.
        provider: Provider,
        /// The segment as written.
        given: String,
        /// The whole query.
        query: String,
        /// The provider's platforms, comma-separated (or `none`).
        platforms: String,
        /// The provider's domains, comma-separated (or `none`).
        domains: String,
    },
    /// The prefix is complete but no key follows it.
    #[error("no code or name after the prefix in `{query}`; write it as {example}")]
    MissingKey {
        /// The whole query.
        query: String,
        /// A corrected example.
        example: String,
    },
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.iter().map(T::to_string).collect::<Vec<_>>().join(", ")
    }
}

/// A prefix segment looks like a provider, platform or domain word: non-empty, no spaces.
fn is_word(segment: &str) -> bool {
    !segment.is_empty() && segment.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A scoped npm package name as a provider word (`@vonage/client-sdk-video`): `@scope/name`.
fn is_package(segment: &str) -> bool {
    segment
        .strip_prefix('@')
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(scope, name)| is_word(scope) && is_word(name))
}

impl<'a> Query<'a> {
    /// Parse `[provider[:platform][:domain]:]key`.
    ///
    /// A query that is itself a known key (some keys contain `:`) is taken whole.
    ///
    /// # Errors
    ///
    /// [`QueryError`] for an empty query, or a prefix that names an unknown or impossible scope.
    ///
    /// ```
    /// let q = errcat::Query::parse("vonage:ios:1015").unwrap();
    /// assert_eq!(q.scope.platform, Some(errcat::Platform::Ios));
    /// assert_eq!(q.key, errcat::Key::Code(1015));
    /// assert!(errcat::Query::parse("").is_err());
    /// ```
    pub fn parse(text: &'a str) -> Result<Query<'a>, QueryError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(QueryError::Empty);
        }
        let whole = Query { scope: Scope::ANY, key: Key::parse(text) };
        let Some((head, rest)) = text.split_once(':') else {
            return Ok(whole);
        };
        if lookup(Scope::ANY, whole.key).next().is_some() || !(is_word(head.trim()) || is_package(head.trim())) {
            return Ok(whole);
        }
        let Ok(provider) = head.trim().parse::<Provider>() else {
            return Err(QueryError::UnknownProvider { given: head.trim().to_string(), query: text.to_string() });
        };
        let mut scope = Scope::provider(provider);
        let mut rest = rest;
        while let Some((segment, tail)) = rest.split_once(':') {
            let segment = segment.trim();
            if !is_word(segment) || lookup(scope, Key::parse(rest)).next().is_some() {
                break;
            }
            match (segment.parse::<Platform>(), segment.parse::<Domain>()) {
                (Ok(p), _) if scope.platform.is_none() && Platform::of(provider).contains(&p) => {
                    scope.platform = Some(p)
                }
                (_, Ok(d)) if scope.domain.is_none() && Domain::of(provider).contains(&d) => scope.domain = Some(d),
                _ => {
                    return Err(QueryError::UnknownScope {
                        provider,
                        given: segment.to_string(),
                        query: text.to_string(),
                        platforms: list(Platform::of(provider)),
                        domains: list(Domain::of(provider)),
                    })
                }
            }
            rest = tail;
        }
        if rest.trim().is_empty() {
            let prefix = text.trim_end_matches(':');
            return Err(QueryError::MissingKey { query: text.to_string(), example: format!("{prefix}:1006") });
        }
        Ok(Query { scope, key: Key::parse(rest) })
    }
}
