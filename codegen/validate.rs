//! Parse and validate one data file, collecting every problem with its file and entry.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use toml::{Table, Value};

use super::schema::*;
use crate::taxonomy::{expected_by_rule, Actor, Category, Domain, Platform, Provider, Retry, Severity};

/// One problem in the data, located by file, line and (where there is one) entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as given to the validator (e.g. `data/vonage.toml`).
    pub file: String,
    /// The 1-based line of the field or table at fault, when known.
    pub line: Option<usize>,
    /// The entry, e.g. `entry 12 (web OT_NOT_CONNECTED)`, or `[meta]`; `None` for the whole file.
    pub entry: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        match &self.entry {
            Some(entry) => write!(f, ": {}: {}", entry, self.message),
            None => write!(f, ": {}", self.message),
        }
    }
}

struct Collector<'a> {
    file: &'a str,
    out: Vec<Diagnostic>,
    /// Where the table being checked is: its header and its fields.
    at: Lines,
}

impl Collector<'_> {
    fn new(file: &str) -> Collector<'_> {
        Collector { file, out: Vec::new(), at: Lines::default() }
    }

    /// A problem with the table being checked as a whole, located at its header.
    fn push(&mut self, entry: Option<&str>, message: impl Into<String>) {
        let line = self.at.header;
        self.push_line(line, entry, message);
    }

    /// A problem with one field, located at that field (or the table's header when it is missing).
    fn push_field(&mut self, entry: Option<&str>, field: &str, message: impl Into<String>) {
        let line = self.at.fields.get(field).copied().or(self.at.header);
        self.push_line(line, entry, message);
    }

    fn push_line(&mut self, line: Option<usize>, entry: Option<&str>, message: impl Into<String>) {
        self.out.push(Diagnostic {
            file: self.file.to_string(),
            line,
            entry: entry.map(str::to_string),
            message: message.into(),
        });
    }
}

/// The lines of a table: its header and each of its keys (1-based).
#[derive(Clone, Debug, Default)]
struct Lines {
    header: Option<usize>,
    fields: BTreeMap<String, usize>,
}

/// Where the tables of a data file are, read from the TOML parser's spans: top-level tables by name
/// (`meta`, `sources.W-EC`), `[[entry]]` tables in order.
#[derive(Debug, Default)]
struct Positions {
    tables: BTreeMap<String, Lines>,
    entries: Vec<Lines>,
}

impl Positions {
    fn read(text: &str) -> Positions {
        use toml::de::{DeTable, DeValue};
        let starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let line = |offset: usize| starts.partition_point(|&s| s <= offset);
        // Nested tables are recorded by path: `causes.0`, `causes.0.check`, `retry_policy.max_ms`.
        fn nested(prefix: &str, table: &DeTable<'_>, line: &dyn Fn(usize) -> usize, out: &mut BTreeMap<String, usize>) {
            for (k, v) in table {
                let path =
                    if prefix.is_empty() { k.get_ref().to_string() } else { format!("{prefix}.{}", k.get_ref()) };
                out.insert(path.clone(), line(k.span().start));
                match v.get_ref() {
                    DeValue::Table(inner) => nested(&path, inner, line, out),
                    DeValue::Array(items) => {
                        for (n, item) in items.iter().enumerate() {
                            if let DeValue::Table(inner) = item.get_ref() {
                                let at = format!("{path}.{n}");
                                let first = inner.iter().map(|(k, _)| line(k.span().start)).min();
                                out.insert(at.clone(), first.unwrap_or_else(|| line(item.span().start)));
                                nested(&at, inner, line, out);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let lines = |header: usize, table: &DeTable<'_>| {
            let mut fields = BTreeMap::new();
            nested("", table, &line, &mut fields);
            Lines { header: Some(line(header)), fields }
        };
        let mut out = Positions::default();
        let Ok(root) = DeTable::parse(text) else { return out };
        for (key, value) in root.get_ref() {
            let name = key.get_ref();
            match value.get_ref() {
                DeValue::Array(items) if name == "entry" => {
                    for item in items {
                        if let DeValue::Table(t) = item.get_ref() {
                            out.entries.push(lines(item.span().start, t));
                        } else {
                            out.entries.push(Lines { header: Some(line(item.span().start)), ..Lines::default() });
                        }
                    }
                }
                DeValue::Table(t) => {
                    out.tables.insert(name.to_string(), lines(key.span().start, t));
                    for (sub, value) in t {
                        if let DeValue::Table(inner) = value.get_ref() {
                            out.tables.insert(format!("{name}.{}", sub.get_ref()), lines(sub.span().start, inner));
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn table(&self, name: &str) -> Lines {
        self.tables.get(name).cloned().unwrap_or_default()
    }
}

/// Validate one provider file alone (no platform files). `file` names it in diagnostics; its stem must be the
/// provider.
#[allow(dead_code)] // the tests and the fuzz target validate single files
pub fn validate_file(file: &str, bytes: &[u8]) -> Result<ProviderTable, Vec<Diagnostic>> {
    validate_provider(file, bytes, &[])
}

/// Validate a provider file (`data/vonage.toml`: `[meta]`, `[fallback]`, `[sources]`, and any `[[entry]]`)
/// together with its platform files (`data/vonage/web.toml`: `[[entry]]` tables whose platform is the file's
/// stem). Every problem is returned, each with its file and line.
pub fn validate_provider(
    file: &str,
    bytes: &[u8],
    parts: &[(String, Vec<u8>)],
) -> Result<ProviderTable, Vec<Diagnostic>> {
    let mut c = Collector::new(file);
    let Some(text) = read_text(&mut c, bytes) else { return Err(c.out) };
    if text.trim().is_empty() {
        c.push(None, "the file is empty; it needs a [meta] table, a [fallback] table and [[entry]] tables");
        return Err(c.out);
    }
    let Some(root) = parse(&mut c, text) else { return Err(c.out) };
    let at = Positions::read(text);
    for key in root.keys() {
        if !TOP_LEVEL.contains(&key.as_str()) {
            c.at = at.table(key);
            c.push(None, format!("unknown top-level key `{key}`; expected one of {}", TOP_LEVEL.join(", ")));
        }
    }

    c.at = at.table("meta");
    let provider = check_meta(&mut c, &root);
    c.at = at.table("fallback");
    let fallback = check_fallback(&mut c, &root);
    let sources = check_sources(&mut c, &root, &at);
    // When [meta] is broken, the file name still says which provider's rules apply to the entries.
    let rules = provider.as_ref().map(|(p, _)| *p).or_else(|| stem(file).parse().ok());

    let mut records = Vec::new();
    let mut complete = true;
    match (root.get("entry"), rules) {
        (None, _) => {
            if parts.is_empty() {
                c.push_line(
                    None,
                    None,
                    "no [[entry]] tables; a provider file without platform files lists its entries",
                );
            }
        }
        (Some(Value::Array(items)), Some(rules)) => {
            complete &= check_entries(&mut c, rules, None, items, &at, &mut records);
        }
        (Some(Value::Array(_)), None) => complete = false,
        (Some(_), _) => {
            c.at = at.table("entry");
            c.push(None, "`entry` must be an array of tables: write each one as [[entry]]");
        }
    }
    let mut out = c.out;
    for (part, bytes) in parts {
        let mut c = Collector::new(part);
        if let Some(rules) = rules {
            complete &= check_part(&mut c, rules, bytes, &mut records);
        }
        out.append(&mut c.out);
    }
    check_keys(&mut out, &records, complete);
    if let Some(sources) = sources.as_ref().filter(|_| complete) {
        check_source_use(&mut out, file, &at, sources, &records);
    }

    match (provider, fallback, sources) {
        (Some((provider, sdk_versions)), Some(fallback), Some(sources)) if out.is_empty() => Ok(ProviderTable {
            provider,
            sdk_versions,
            fallback,
            sources: sources.into_values().collect(),
            entries: records.into_iter().map(|(_, r)| r).collect(),
        }),
        _ => Err(out),
    }
}

/// Where an entry is, for diagnostics: its file, line and label.
struct Place {
    file: String,
    line: Option<usize>,
    label: String,
}

impl Place {
    fn diagnostic(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: self.file.clone(),
            line: self.line,
            entry: Some(self.label.clone()),
            message: message.into(),
        }
    }
}

fn read_text<'a>(c: &mut Collector<'_>, bytes: &'a [u8]) -> Option<&'a str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
            c.push_line(
                Some(line),
                None,
                format!("not valid UTF-8 (first bad byte at offset {}); save the file as UTF-8", e.valid_up_to()),
            );
            None
        }
    }
}

fn parse(c: &mut Collector<'_>, text: &str) -> Option<Table> {
    match text.parse() {
        Ok(root) => Some(root),
        Err(e) => {
            let e: toml::de::Error = e;
            let line = e.span().map(|s| 1 + text[..s.start.min(text.len())].matches('\n').count());
            c.push_line(line, None, format!("TOML syntax error: {}", e.message().trim()));
            None
        }
    }
}

/// A platform file: `[[entry]]` tables only, each taking the platform from the file name. Returns whether every
/// entry was read.
fn check_part(
    c: &mut Collector<'_>,
    provider: Provider,
    bytes: &[u8],
    records: &mut Vec<(Place, EntryRecord)>,
) -> bool {
    let Some(text) = read_text(c, bytes) else { return false };
    let Some(root) = parse(c, text) else { return false };
    let at = Positions::read(text);
    let allowed = Platform::of(provider);
    let platform = match stem(c.file).parse::<Platform>() {
        Ok(p) if allowed.contains(&p) => p,
        _ => {
            c.push_line(
                None,
                None,
                format!(
                    "a {provider} platform file is named after its platform: {}",
                    allowed.iter().map(|p| format!("{p}.toml")).collect::<Vec<_>>().join(", ")
                ),
            );
            return false;
        }
    };
    for key in root.keys().filter(|k| k.as_str() != "entry") {
        c.at = at.table(key);
        c.push(None, format!("`{key}` belongs in the provider file; a platform file holds only [[entry]] tables"));
    }
    match root.get("entry") {
        Some(Value::Array(items)) => check_entries(c, provider, Some(platform), items, &at, records),
        Some(_) => {
            c.at = at.table("entry");
            c.push(None, "`entry` must be an array of tables: write each one as [[entry]]");
            false
        }
        None => {
            c.push_line(None, None, "no [[entry]] tables; remove the file or add entries");
            true
        }
    }
}

fn stem(file: &str) -> &str {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    base.strip_suffix(".toml").unwrap_or(base)
}

fn check_meta(c: &mut Collector<'_>, root: &Table) -> Option<(Provider, String)> {
    let here = Some("[meta]");
    let Some(meta) = root.get("meta") else {
        c.push(None, "missing [meta] table (provider, sdk_versions)");
        return None;
    };
    let Some(meta) = meta.as_table() else {
        c.push(here, "`meta` must be a table");
        return None;
    };
    unknown_fields(c, here, meta, META_FIELDS);
    let provider: Option<Provider> = enum_field(c, here, meta, "provider", true);
    let sdk_versions = string_field(c, here, meta, "sdk_versions", true);
    let provider = provider?;
    let expected = stem(c.file);
    if provider.to_string() != expected {
        c.push_field(
            here,
            "provider",
            format!("provider `{provider}` does not match the file name; name the file `{provider}.toml`"),
        );
    }
    Some((provider, sdk_versions?))
}

fn check_fallback(c: &mut Collector<'_>, root: &Table) -> Option<FallbackRecord> {
    let here = Some("[fallback]");
    let Some(table) = root.get("fallback") else {
        c.push(None, "missing [fallback] table (the answer for keys this file does not hold)");
        return None;
    };
    let Some(table) = table.as_table() else {
        c.push(here, "`fallback` must be a table");
        return None;
    };
    unknown_fields(c, here, table, FALLBACK_FIELDS);
    let category = enum_field(c, here, table, "category", true);
    let retry = enum_field(c, here, table, "retry", true);
    let actor = enum_field(c, here, table, "actor", true);
    let user_message = string_field(c, here, table, "user_message", true);
    let developer_hint = string_field(c, here, table, "developer_hint", true);
    if let Some(m) = &user_message {
        check_user_message(c, here, m);
    }
    if let Some(h) = &developer_hint {
        check_hint(c, here, h);
    }
    Some(FallbackRecord {
        category: category?,
        retry: retry?,
        actor: actor?,
        user_message: user_message?,
        developer_hint: developer_hint?,
    })
}

/// The `[sources]` table: key → where a reader can check the facts. `None` when it is broken.
fn check_sources(c: &mut Collector<'_>, root: &Table, at: &Positions) -> Option<BTreeMap<String, SourceRecord>> {
    c.at = at.table("sources");
    let Some(value) = root.get("sources") else {
        c.push(None, "missing table [sources]: every provider file lists where its facts come from, as [sources.KEY]");
        return None;
    };
    let Some(table) = value.as_table() else {
        c.push(None, "`sources` must be a table of tables: write each one as [sources.KEY]");
        return None;
    };
    let before = c.out.len();
    let mut out = BTreeMap::new();
    for (key, value) in table {
        c.at = at.table(&format!("sources.{key}"));
        let label = format!("[sources.{key}]");
        let here = Some(label.as_str());
        if !is_source_key(key) {
            c.push(
                here,
                format!("source key {key:?} must be letters, digits, `.`, `_` or `-` (at most {SOURCE_KEY_MAX})"),
            );
        }
        let Some(t) = value.as_table() else {
            c.push(here, "each source must be a table (what, url or package and path, read)");
            continue;
        };
        unknown_fields(c, here, t, SOURCE_FIELDS);
        let what = string_field(c, here, t, "what", true);
        let url = string_field(c, here, t, "url", false);
        let package = string_field(c, here, t, "package", false);
        let path = string_field(c, here, t, "path", false);
        let read = string_field(c, here, t, "read", true);
        match (&url, &package, &path) {
            (Some(u), None, None) => {
                if !u.starts_with("https://") || u.contains(char::is_whitespace) {
                    c.push_field(here, "url", format!("url {u:?} must be one https:// address"));
                }
            }
            (None, Some(p), Some(_)) => {
                if !is_versioned_package(p) {
                    c.push_field(here, "package", format!("package {p:?} must be name@exact-version"));
                }
            }
            (Some(_), _, _) => c.push(here, "give either `url` or `package` and `path`, not both"),
            _ => c.push(here, "a source needs `url`, or `package` (name@version) and `path` inside it"),
        }
        if let Some(r) = &read {
            if !is_date(r) {
                c.push_field(here, "read", format!("read {r:?} must be a date, YYYY-MM-DD"));
            }
        }
        let (Some(what), Some(read)) = (what, read) else { continue };
        out.insert(key.clone(), SourceRecord { key: key.clone(), what, url, package, path, read });
    }
    (c.out.len() == before).then_some(out)
}

fn is_source_key(key: &str) -> bool {
    let mut chars = key.chars();
    key.len() <= SOURCE_KEY_MAX
        && chars.next().is_some_and(|ch| ch.is_ascii_alphanumeric())
        && chars.all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '-'))
}

/// `name@1.2.3` or `@scope/name@1.2.3`: a name, then an exact version starting with a digit.
fn is_versioned_package(package: &str) -> bool {
    let (name, version) = match package.rsplit_once('@') {
        Some((name, version)) => (name, version),
        None => return false,
    };
    !name.trim_start_matches('@').is_empty()
        && !package.contains(char::is_whitespace)
        && version.starts_with(|ch: char| ch.is_ascii_digit())
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, ch)| if i == 4 || i == 7 { *ch == b'-' } else { ch.is_ascii_digit() })
        && matches!(text[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(text[8..10].parse::<u8>(), Ok(1..=31))
}

/// Every entry's source keys are defined, and every defined key is used.
fn check_source_use(
    out: &mut Vec<Diagnostic>,
    file: &str,
    at: &Positions,
    sources: &BTreeMap<String, SourceRecord>,
    records: &[(Place, EntryRecord)],
) {
    for (place, r) in records {
        let cited = r.source.iter().map(|k| (String::new(), k));
        let by_causes = r
            .causes
            .iter()
            .enumerate()
            .flat_map(|(n, c)| c.source.iter().map(move |k| (format!("cause {}: ", n + 1), k)));
        let by_policy = r.retry_policy.iter().flat_map(|p| p.source.iter().map(|k| ("retry_policy: ".to_string(), k)));
        for (whose, key) in cited.chain(by_causes).chain(by_policy) {
            if !sources.contains_key(key) {
                out.push(
                    place.diagnostic(format!("{whose}source {key:?} is not defined in the [sources] table of {file}")),
                );
            }
        }
    }
    for key in sources.keys() {
        if !records.iter().any(|(_, r)| r.all_source_keys().any(|k| k == key)) {
            let line = at.table(&format!("sources.{key}")).header;
            out.push(Diagnostic {
                file: file.to_string(),
                line,
                entry: Some(format!("[sources.{key}]")),
                message: "no entry cites this source; remove it or cite it".into(),
            });
        }
    }
}

/// A short label for an entry: its position and whatever keys could be read.
fn entry_label(index: usize, implied: Option<Platform>, table: Option<&Table>) -> String {
    let mut parts: Vec<String> = implied.iter().map(Platform::to_string).collect();
    if let Some(t) = table {
        for field in ["platform", "domain"].into_iter().filter(|f| implied.is_none() || *f != "platform") {
            if let Some(Value::String(s)) = t.get(field) {
                parts.push(s.clone());
            }
        }
        if let Some(Value::Integer(n)) = t.get("code") {
            parts.push(n.to_string());
        }
        if let Some(Value::String(s)) = t.get("name") {
            parts.push(format!("{s:?}"));
        }
    }
    if parts.is_empty() {
        format!("entry {}", index + 1)
    } else {
        format!("entry {} ({})", index + 1, parts.join(" "))
    }
}

/// Check the `[[entry]]` tables of one file into `records`; `platform` is the one a platform file implies.
/// Returns whether every entry was read.
fn check_entries(
    c: &mut Collector<'_>,
    provider: Provider,
    platform: Option<Platform>,
    items: &[Value],
    at: &Positions,
    records: &mut Vec<(Place, EntryRecord)>,
) -> bool {
    let mut complete = true;
    for (i, item) in items.iter().enumerate() {
        c.at = at.entries.get(i).cloned().unwrap_or_default();
        let Some(table) = item.as_table() else {
            c.push(Some(&entry_label(i, platform, None)), "each [[entry]] must be a table");
            complete = false;
            continue;
        };
        let label = entry_label(i, platform, Some(table));
        match check_entry(c, provider, platform, &label, table) {
            Some(record) => records.push((Place { file: c.file.to_string(), line: c.at.header, label }, record)),
            None => complete = false,
        }
    }
    complete
}

fn check_entry(
    c: &mut Collector<'_>,
    provider: Provider,
    implied: Option<Platform>,
    label: &str,
    t: &Table,
) -> Option<EntryRecord> {
    let here = Some(label);
    let before = c.out.len();
    unknown_fields(c, here, t, ENTRY_FIELDS);

    let mut platform: Option<Platform> = enum_field(c, here, t, "platform", false);
    let allowed = Platform::of(provider);
    match (platform, implied) {
        (_, Some(file)) if t.contains_key("platform") => c.push_field(
            here,
            "platform",
            format!("remove `platform`: {}.toml holds only {file} entries", stem(c.file)),
        ),
        (_, Some(file)) => platform = Some(file),
        (Some(p), None) if !allowed.contains(&p) => {
            if allowed.is_empty() {
                c.push_field(here, "platform", format!("{provider} entries have no platform; remove `platform`"));
            } else {
                c.push_field(
                    here,
                    "platform",
                    format!("platform `{p}` is not a {provider} platform; expected one of {}", join(allowed)),
                );
            }
        }
        (None, None) if !allowed.is_empty() && !t.contains_key("platform") => {
            c.push(here, format!("missing field `platform`; {provider} entries need one of {}", join(allowed)));
        }
        _ => {}
    }
    let domain: Option<Domain> = enum_field(c, here, t, "domain", false);
    if let Some(d) = domain {
        let allowed = Domain::of(provider);
        if !allowed.contains(&d) {
            c.push_field(
                here,
                "domain",
                format!("domain `{d}` is not used by {provider}; expected one of {}", join(allowed)),
            );
        }
    }

    let code = int_field(c, here, t, "code");
    let name = string_field(c, here, t, "name", false);
    if !t.contains_key("code") && !t.contains_key("name") {
        c.push(here, "an entry needs a `code`, a `name`, or both: they are its lookup keys");
    }
    if let Some(n) = &name {
        check_key_string(c, here, "name", n);
    }
    let aliases = string_list(c, here, t, "aliases");
    for a in &aliases {
        check_key_string(c, here, "aliases", a);
    }
    let with_codes = int_list(c, here, t, "with_codes");
    let with_names = string_list(c, here, t, "with_names");
    let when_message = string_list(c, here, t, "when_message");
    for w in &when_message {
        if w.chars().count() < WHEN_MESSAGE_MIN {
            c.push_field(here, "when_message", format!("when_message {w:?} is shorter than {WHEN_MESSAGE_MIN} characters: it would match unrelated messages"));
        }
    }
    if !when_message.is_empty() && !aliases.is_empty() {
        c.push_field(
            here,
            "aliases",
            "a refined reading (when_message) takes the keys of the entry it refines; remove `aliases`",
        );
    }
    let readings = string_list(c, here, t, "readings");
    let messages = string_list(c, here, t, "messages");
    for m in &messages {
        if m.chars().count() < MESSAGE_MIN {
            c.push_field(
                here,
                "messages",
                format!("messages {m:?} is shorter than {MESSAGE_MIN} characters: too vague to name one error"),
            );
        }
    }

    let raised_by = string_field(c, here, t, "raised_by", true);
    let category: Option<Category> = enum_field(c, here, t, "category", true);
    let retry: Option<Retry> = enum_field(c, here, t, "retry", true);
    let actor: Option<Actor> = enum_field(c, here, t, "actor", true);
    let severity: Option<Severity> = enum_field(c, here, t, "severity", false);
    let expected = optional_bool_field(c, here, t, "expected");
    if let (Some(category), Some(retry), Some(actor)) = (category, retry, actor) {
        let rule = format!("category {category}, retry {retry}, actor {actor}");
        if severity == Some(Severity::by_rule(category, retry, actor)) {
            c.push_field(
                here,
                "severity",
                format!("severity = {:?} is what the rules give ({rule}); remove it", severity.unwrap().to_string()),
            );
        }
        if expected == Some(expected_by_rule(category, retry, actor)) {
            c.push_field(
                here,
                "expected",
                format!("expected = {} is what the rules give ({rule}); remove it", expected.unwrap()),
            );
        }
    }
    let user_message = string_field(c, here, t, "user_message", true);
    if let Some(m) = &user_message {
        check_user_message(c, here, m);
    }
    let developer_hint = string_field(c, here, t, "developer_hint", true);
    if let Some(h) = &developer_hint {
        check_hint(c, here, h);
    }
    let source = if let Some(Value::String(text)) = t.get("source") {
        c.push_field(
            here,
            "source",
            format!("`source` must list keys of the [sources] table, as source = [\"KEY\"], not the text {text:?}"),
        );
        Vec::new()
    } else {
        source_keys(c, here, t)
    };
    let doc_url = string_field(c, here, t, "doc_url", false);
    if let Some(u) = &doc_url {
        if !u.starts_with("https://") || u.contains(char::is_whitespace) {
            c.push_field(here, "doc_url", format!("doc_url {u:?} must be one https:// address"));
        }
    }
    let versions = string_field(c, here, t, "versions", false);
    let note = string_field(c, here, t, "note", false);
    let broad = bool_field(c, here, t, "broad");
    let legacy = bool_field(c, here, t, "legacy");
    if legacy && note.is_none() && !t.contains_key("note") {
        c.push_field(here, "legacy", "legacy = true needs a `note` saying why the entry is kept");
    }

    let causes = check_causes(c, here, t);
    let retry_policy = check_retry_policy(c, here, t, retry);

    if c.out.len() != before {
        return None;
    }
    Some(EntryRecord {
        provider,
        platform,
        domain,
        code,
        name,
        aliases,
        with_codes,
        with_names,
        when_message,
        messages,
        readings,
        broad,
        raised_by: raised_by?,
        category: category?,
        retry: retry?,
        actor: actor?,
        severity,
        expected,
        user_message: user_message?,
        developer_hint: developer_hint?,
        source,
        doc_url,
        versions,
        legacy,
        note,
        causes,
        retry_policy,
        file: c.file.to_string(),
        line: c.at.header,
    })
}

/// `causes`: an array of tables, each with a cause, a check, an actor and source keys.
fn check_causes(c: &mut Collector<'_>, here: Option<&str>, t: &Table) -> Vec<CauseRecord> {
    let Some(value) = t.get("causes") else { return Vec::new() };
    let Some(items) = value.as_array() else {
        c.push_field(here, "causes", "`causes` must be an array of tables: write each one as [[entry.causes]]");
        return Vec::new();
    };
    if items.is_empty() {
        c.push_field(here, "causes", "`causes` is empty: leave it out, or list at least one cause");
    }
    let mut out = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let path = format!("causes.{n}");
        let label = here.map(|h| format!("{h}: cause {}", n + 1));
        let at = label.as_deref();
        let Some(table) = item.as_table() else {
            c.push_field(here, "causes", format!("cause {} must be a table (cause, check, actor, source)", n + 1));
            continue;
        };
        let saved = c.at.clone();
        c.at = sub_lines(&saved, &path);
        unknown_fields(c, at, table, CAUSE_FIELDS);
        let cause = string_field(c, at, table, "cause", true);
        let check = string_field(c, at, table, "check", true);
        let actor: Option<Actor> = enum_field(c, at, table, "actor", true);
        for (field, text, max) in [("cause", &cause, CAUSE_MAX), ("check", &check, CHECK_MAX)] {
            let len = text.as_deref().map_or(0, |t| t.chars().count());
            if len > max {
                c.push_field(at, field, format!("`{field}` is {len} characters; the limit is {max}"));
            }
        }
        let source = source_keys(c, at, table);
        c.at = saved;
        if let (Some(cause), Some(check), Some(actor)) = (cause, check, actor) {
            out.push(CauseRecord { cause, check, actor, source });
        }
    }
    for (n, a) in out.iter().enumerate() {
        if out[..n].iter().any(|b| b.cause == a.cause) {
            c.push_field(here, "causes", format!("cause {:?} is listed twice", a.cause));
        }
    }
    out
}

/// `retry_policy`: the numbers of a retry, for entries that advise one.
fn check_retry_policy(
    c: &mut Collector<'_>,
    here: Option<&str>,
    t: &Table,
    retry: Option<Retry>,
) -> Option<RetryPolicyRecord> {
    let value = t.get("retry_policy")?;
    let Some(table) = value.as_table() else {
        c.push_field(here, "retry_policy", "`retry_policy` must be a table: write it as [entry.retry_policy]");
        return None;
    };
    let label = here.map(|h| format!("{h}: retry_policy"));
    let at = label.as_deref();
    let saved = c.at.clone();
    c.at = sub_lines(&saved, "retry_policy");
    if let Some(r) = retry.filter(|r| !matches!(r, Retry::Backoff | Retry::Throttled | Retry::Automatic)) {
        c.push(
            at,
            format!(
                "retry = {:?} does not retry: retry_policy goes with backoff, throttled or automatic",
                r.to_string()
            ),
        );
    }
    unknown_fields(c, at, table, RETRY_POLICY_FIELDS);
    let number = |c: &mut Collector<'_>, field: &str, min: i64| -> Option<u32> {
        match table.get(field) {
            None => {
                c.push(at, format!("missing field `{field}`"));
                None
            }
            Some(Value::Integer(n)) if (min..=DELAY_MAX_MS).contains(n) => u32::try_from(*n).ok(),
            Some(Value::Integer(n)) => {
                c.push_field(at, field, format!("`{field}` {n} is out of range ({min}..={DELAY_MAX_MS})"));
                None
            }
            Some(other) => {
                c.push_field(at, field, format!("`{field}` must be an integer, found {}", other.type_str()));
                None
            }
        }
    };
    let initial_ms = number(c, "initial_ms", 0);
    let max_ms = number(c, "max_ms", 0);
    let max_attempts = number(c, "max_attempts", 1);
    if let (Some(i), Some(m)) = (initial_ms, max_ms) {
        if i > m {
            c.push_field(
                at,
                "initial_ms",
                format!("initial_ms {i} is above max_ms {m}: the first delay cannot exceed the longest"),
            );
        }
    }
    let sdk_retries = match table.get("sdk_retries") {
        None => {
            c.push(at, "missing field `sdk_retries`");
            None
        }
        Some(Value::String(s)) if s == "unlimited" => Some(SdkRetriesRecord::Unlimited),
        Some(Value::Integer(n)) if (0..=1000).contains(n) => Some(SdkRetriesRecord::Attempts(*n as u32)),
        Some(other) => {
            c.push_field(
                at,
                "sdk_retries",
                format!("`sdk_retries` must be 0 to 1000 or \"unlimited\", found {}", other.type_str()),
            );
            None
        }
    };
    if retry == Some(Retry::Automatic) && sdk_retries == Some(SdkRetriesRecord::Attempts(0)) {
        c.push_field(at, "sdk_retries", "retry = \"automatic\" says the SDK retries, but sdk_retries is 0");
    }
    let sdk_note = string_field(c, at, table, "sdk_note", true);
    if let Some(n) = &sdk_note {
        let len = n.chars().count();
        if len > SDK_NOTE_MAX {
            c.push_field(at, "sdk_note", format!("`sdk_note` is {len} characters; the limit is {SDK_NOTE_MAX}"));
        }
    }
    let source = source_keys(c, at, table);
    c.at = saved;
    Some(RetryPolicyRecord {
        initial_ms: initial_ms?,
        max_ms: max_ms?,
        max_attempts: max_attempts?,
        sdk_retries: sdk_retries?,
        sdk_note: sdk_note?,
        source,
    })
}

/// The lines of a nested table (`causes.0`, `retry_policy`) of the table at `at`, its fields by their own names.
fn sub_lines(at: &Lines, path: &str) -> Lines {
    let prefix = format!("{path}.");
    Lines {
        header: at.fields.get(path).copied().or(at.header),
        fields: at
            .fields
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix(&prefix).filter(|rest| !rest.contains('.')).map(|rest| (rest.to_string(), *v))
            })
            .collect(),
    }
}

/// A required, non-empty `source` list of keys without repeats.
fn source_keys(c: &mut Collector<'_>, here: Option<&str>, t: &Table) -> Vec<String> {
    let source = string_list(c, here, t, "source");
    if !t.contains_key("source") {
        c.push(here, "missing field `source`");
    } else if source.is_empty() && t.get("source").is_some_and(|v| v.as_array().is_some_and(|a| a.is_empty())) {
        c.push_field(here, "source", "`source` is empty: name at least one key of the [sources] table");
    }
    for (i, key) in source.iter().enumerate() {
        if source[..i].contains(key) {
            c.push_field(here, "source", format!("source {key:?} is listed twice"));
        }
    }
    source
}

/// Keys are unique per (platform, domain); `with_names` must name an entry of the same platform. References
/// between entries (refined readings, readings, with_names) are checked only when every entry was read
/// (`complete`): an entry dropped for its own problem would make its references look broken too.
fn check_keys(out: &mut Vec<Diagnostic>, records: &[(Place, EntryRecord)], complete: bool) {
    let mut codes: BTreeMap<(Option<Platform>, Option<Domain>, i64), &str> = BTreeMap::new();
    let mut names: BTreeMap<(Option<Platform>, Option<Domain>, &str), &str> = BTreeMap::new();
    let mut texts: BTreeMap<(Option<Platform>, String), &str> = BTreeMap::new();
    for (place, r) in records {
        for m in &r.messages {
            if let Some(first) = texts.insert((r.platform, m.to_lowercase()), &place.label) {
                out.push(
                    place.diagnostic(format!("message {m:?} in {} is already listed by {first}", scope_platform(r))),
                );
            }
        }
    }
    // Unique keys per platform and domain make the ids of plain entries unique; refined readings share their
    // base's keys and differ by their first message substring.
    let mut ids: BTreeMap<String, &str> = BTreeMap::new();
    for (place, r) in records.iter().filter(|(_, r)| r.is_refinement()) {
        if let Some(first) = ids.insert(r.id(), &place.label) {
            out.push(place.diagnostic(format!(
                "its id {:?} is already the id of {first}; ids are stable names and must be unique",
                r.id()
            )));
        }
    }
    let all: Vec<&EntryRecord> = records.iter().map(|(_, r)| r).collect();
    for (i, (place, r)) in records.iter().enumerate().filter(|_| complete) {
        for reference in &r.readings {
            let found = resolve_reading(&all, r, reference);
            match found.as_slice() {
                [] => out.push(
                    place.diagnostic(format!("readings names {reference:?}, but no {} entry has that key", r.provider)),
                ),
                [one] if *one == i => {
                    out.push(place.diagnostic(format!("readings names {reference:?}, which is this entry")))
                }
                [_] => {}
                _ => out.push(place.diagnostic(format!(
                    "readings names {reference:?}, which fits several entries; add platform: or domain:"
                ))),
            }
        }
        if !r.readings.is_empty() && r.is_refinement() {
            out.push(place.diagnostic("a refined reading (when_message) has no readings of its own"));
        }
    }
    for (place, r) in records.iter().filter(|(_, r)| complete && r.is_refinement()) {
        let base = records.iter().find(|(_, b)| {
            !b.is_refinement()
                && b.platform == r.platform
                && b.domain == r.domain
                && (r.code.is_none() || b.code == r.code)
                && r.name.as_deref().is_none_or(|n| b.string_keys().any(|k| k == n))
        });
        if base.is_none() {
            out.push(place.diagnostic(format!(
                "when_message refines an entry with the same code and name in {}, but there is none",
                scope(r)
            )));
        }
    }
    for (place, r) in records.iter().filter(|(_, r)| !r.is_refinement()) {
        if let Some(code) = r.code {
            if let Some(first) = codes.insert((r.platform, r.domain, code), &place.label) {
                out.push(place.diagnostic(format!("duplicate code {code} in {}: already used by {first}", scope(r))));
            }
        }
        let mut own = Vec::new();
        for key in r.string_keys() {
            if own.contains(&key) {
                out.push(place.diagnostic(format!("key {key:?} is listed twice in this entry")));
                continue;
            }
            own.push(key);
            if let Some(first) = names.insert((r.platform, r.domain, key), &place.label) {
                out.push(place.diagnostic(format!("duplicate key {key:?} in {}: already used by {first}", scope(r))));
            }
        }
    }
    for (place, r) in records.iter().filter(|_| complete) {
        for wanted in &r.with_names {
            let found = names.keys().any(|(p, _, k)| *p == r.platform && k == wanted);
            if !found {
                out.push(place.diagnostic(format!(
                    "with_names lists {wanted:?}, but no {} entry has that name or alias",
                    scope_platform(r)
                )));
            }
        }
    }
}

fn scope(r: &EntryRecord) -> String {
    match r.domain {
        Some(d) => format!("{} domain {d}", scope_platform(r)),
        None => scope_platform(r),
    }
}

fn scope_platform(r: &EntryRecord) -> String {
    match r.platform {
        Some(p) => format!("{} {p}", r.provider),
        None => r.provider.to_string(),
    }
}

fn join<T: fmt::Display>(items: &[T]) -> String {
    items.iter().map(T::to_string).collect::<Vec<_>>().join(", ")
}

fn unknown_fields(c: &mut Collector<'_>, here: Option<&str>, t: &Table, known: &[&str]) {
    for key in t.keys() {
        if !known.contains(&key.as_str()) {
            let hint = known
                .iter()
                .find(|k| edit_distance(k, key) <= 2)
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            c.push_field(here, key, format!("unknown field `{key}`{hint}"));
        }
    }
}

fn string_field(c: &mut Collector<'_>, here: Option<&str>, t: &Table, field: &str, required: bool) -> Option<String> {
    match t.get(field) {
        None => {
            if required {
                c.push(here, format!("missing field `{field}`"));
            }
            None
        }
        Some(Value::String(s)) => {
            if s.trim().is_empty() {
                c.push_field(here, field, format!("`{field}` is empty"));
                None
            } else if s.trim() != s {
                c.push_field(here, field, format!("`{field}` has leading or trailing whitespace"));
                None
            } else {
                Some(s.clone())
            }
        }
        Some(other) => {
            c.push_field(here, field, format!("`{field}` must be a string, found {}", other.type_str()));
            None
        }
    }
}

/// An optional `true`/`false` field, `false` when absent.
fn bool_field(c: &mut Collector<'_>, here: Option<&str>, t: &Table, field: &str) -> bool {
    match t.get(field) {
        None => false,
        Some(Value::Boolean(b)) => *b,
        Some(other) => {
            c.push_field(here, field, format!("`{field}` must be true or false, found {}", other.type_str()));
            false
        }
    }
}

/// An optional `true`/`false` field, `None` when absent.
fn optional_bool_field(c: &mut Collector<'_>, here: Option<&str>, t: &Table, field: &str) -> Option<bool> {
    match t.get(field) {
        None => None,
        Some(Value::Boolean(b)) => Some(*b),
        Some(other) => {
            c.push_field(here, field, format!("`{field}` must be true or false, found {}", other.type_str()));
            None
        }
    }
}

fn int_field(c: &mut Collector<'_>, here: Option<&str>, t: &Table, field: &str) -> Option<i64> {
    match t.get(field) {
        None => None,
        Some(Value::Integer(n)) => check_code(c, here, field, *n),
        Some(other) => {
            c.push_field(here, field, format!("`{field}` must be an integer, found {}", other.type_str()));
            None
        }
    }
}

fn check_code(c: &mut Collector<'_>, here: Option<&str>, field: &str, n: i64) -> Option<i64> {
    if CODE_RANGE.contains(&n) {
        Some(n)
    } else {
        c.push_field(
            here,
            field,
            format!("`{field}` {n} is out of range ({}..={})", CODE_RANGE.start(), CODE_RANGE.end()),
        );
        None
    }
}

/// The items of an optional array field; `item` checks one item and reports its own problems.
fn list_field<T>(
    c: &mut Collector<'_>,
    here: Option<&str>,
    t: &Table,
    field: &str,
    kind: &str,
    mut item: impl FnMut(&mut Collector<'_>, &Value) -> Option<T>,
) -> Vec<T> {
    let Some(value) = t.get(field) else { return Vec::new() };
    let Some(items) = value.as_array() else {
        c.push_field(here, field, format!("`{field}` must be an array of {kind}, found {}", value.type_str()));
        return Vec::new();
    };
    items.iter().filter_map(|v| item(c, v)).collect()
}

fn string_list(c: &mut Collector<'_>, here: Option<&str>, t: &Table, field: &str) -> Vec<String> {
    list_field(c, here, t, field, "strings", |c, item| match item {
        Value::String(s) if !s.trim().is_empty() && s.trim() == s => Some(s.clone()),
        Value::String(_) => {
            c.push_field(here, field, format!("`{field}` has an empty or padded string"));
            None
        }
        other => {
            c.push_field(here, field, format!("`{field}` must hold strings, found {}", other.type_str()));
            None
        }
    })
}

fn int_list(c: &mut Collector<'_>, here: Option<&str>, t: &Table, field: &str) -> Vec<i64> {
    list_field(c, here, t, field, "integers", |c, item| match item {
        Value::Integer(n) => check_code(c, here, field, *n),
        other => {
            c.push_field(here, field, format!("`{field}` must hold integers, found {}", other.type_str()));
            None
        }
    })
}

fn enum_field<E>(c: &mut Collector<'_>, here: Option<&str>, t: &Table, field: &str, required: bool) -> Option<E>
where
    E: FromStr + fmt::Display + strum::VariantArray,
{
    let raw = string_field(c, here, t, field, required)?;
    match raw.parse::<E>() {
        Ok(v) if v.to_string() == raw => Some(v),
        Ok(v) => {
            c.push_field(here, field, format!("`{field}` = {raw:?}: write it as {:?}", v.to_string()));
            None
        }
        Err(_) => {
            c.push_field(here, field, format!("unknown {field} {raw:?}; expected one of {}", join(E::VARIANTS)));
            None
        }
    }
}

fn check_key_string(c: &mut Collector<'_>, here: Option<&str>, field: &str, key: &str) {
    if key.chars().count() > KEY_MAX {
        c.push_field(here, field, format!("`{field}` key is longer than {KEY_MAX} characters"));
    }
    if key.parse::<i64>().is_ok() {
        c.push_field(here, field, format!("`{field}` {key:?} is a number: put numbers in `code` or `with_codes`"));
    }
}

fn check_user_message(c: &mut Collector<'_>, here: Option<&str>, message: &str) {
    let len = message.chars().count();
    if len > USER_MESSAGE_MAX {
        c.push_field(
            here,
            "user_message",
            format!("user_message is {len} characters; the limit is {USER_MESSAGE_MAX}"),
        );
    }
    if message.chars().any(|ch| ch.is_ascii_digit()) {
        c.push_field(
            here,
            "user_message",
            "user_message contains a digit; end users get no codes or numbers, write words",
        );
    }
    let found = jargon_in(message);
    if !found.is_empty() {
        c.push_field(
            here,
            "user_message",
            format!("user_message uses jargon an end user will not know: {}", found.join(", ")),
        );
    }
}

fn check_hint(c: &mut Collector<'_>, here: Option<&str>, hint: &str) {
    let len = hint.chars().count();
    if len > DEVELOPER_HINT_MAX {
        c.push_field(
            here,
            "developer_hint",
            format!("developer_hint is {len} characters; the limit is {DEVELOPER_HINT_MAX}"),
        );
    }
}

/// The jargon words found in `message`, matched case-insensitively on word boundaries.
pub fn jargon_in(message: &str) -> Vec<&'static str> {
    let words: Vec<String> =
        message.split(|ch: char| !ch.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    JARGON
        .iter()
        .copied()
        .filter(|jargon| {
            let parts: Vec<&str> = jargon.split(' ').collect();
            words.windows(parts.len()).any(|w| w.iter().zip(&parts).all(|(a, b)| a == b))
        })
        .collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
