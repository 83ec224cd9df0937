//! Parse and validate one data file, collecting every problem with its file and entry.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use toml::{Table, Value};

use super::schema::*;
use crate::taxonomy::{Actor, Category, Domain, Platform, Provider, Retry};

/// One problem in the data, located by file and (where there is one) entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as given to the validator (e.g. `data/vonage.toml`).
    pub file: String,
    /// The entry, e.g. `entry 12 (web OT_NOT_CONNECTED)`, or `[meta]`; `None` for the whole file.
    pub entry: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.entry {
            Some(entry) => write!(f, "{}: {}: {}", self.file, entry, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

struct Collector<'a> {
    file: &'a str,
    out: Vec<Diagnostic>,
}

impl Collector<'_> {
    fn push(&mut self, entry: Option<&str>, message: impl Into<String>) {
        self.out.push(Diagnostic {
            file: self.file.to_string(),
            entry: entry.map(str::to_string),
            message: message.into(),
        });
    }
}

/// Validate the bytes of one data file. `file` names it in diagnostics; its stem must be the provider.
pub fn validate_file(file: &str, bytes: &[u8]) -> Result<ProviderTable, Vec<Diagnostic>> {
    let mut c = Collector { file, out: Vec::new() };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            c.push(
                None,
                format!("not valid UTF-8 (first bad byte at offset {}); save the file as UTF-8", e.valid_up_to()),
            );
            return Err(c.out);
        }
    };
    if text.trim().is_empty() {
        c.push(None, "the file is empty; it needs a [meta] table, a [fallback] table and [[entry]] tables");
        return Err(c.out);
    }
    let root: Table = match text.parse() {
        Ok(root) => root,
        Err(e) => {
            let msg = e.message().trim().to_string();
            let line = e.span().map(|s| 1 + text[..s.start.min(text.len())].matches('\n').count());
            match line {
                Some(line) => c.push(None, format!("TOML syntax error at line {line}: {msg}")),
                None => c.push(None, format!("TOML syntax error: {msg}")),
            }
            return Err(c.out);
        }
    };
    for key in root.keys() {
        if !TOP_LEVEL.contains(&key.as_str()) {
            c.push(None, format!("unknown top-level key `{key}`; expected one of {}", TOP_LEVEL.join(", ")));
        }
    }

    let provider = check_meta(&mut c, &root);
    let fallback = check_fallback(&mut c, &root);
    // When [meta] is broken, the file name still says which provider's rules apply to the entries.
    let rules = provider.as_ref().map(|(p, _)| *p).or_else(|| stem(file).parse().ok());
    let entries = match (root.get("entry"), rules) {
        (None, _) => {
            c.push(None, "no [[entry]] tables; a provider file lists at least one entry");
            Vec::new()
        }
        (Some(Value::Array(items)), Some(rules)) => check_entries(&mut c, rules, items),
        (Some(Value::Array(_)), None) => Vec::new(),
        (Some(_), _) => {
            c.push(None, "`entry` must be an array of tables: write each one as [[entry]]");
            Vec::new()
        }
    };

    match (provider, fallback) {
        (Some((provider, sdk_versions)), Some(fallback)) if c.out.is_empty() => {
            Ok(ProviderTable { provider, sdk_versions, fallback, entries })
        }
        _ => Err(c.out),
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
        c.push(here, format!("provider `{provider}` does not match the file name; name the file `{provider}.toml`"));
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

/// A short label for an entry: its position and whatever keys could be read.
fn entry_label(index: usize, table: Option<&Table>) -> String {
    let mut parts = Vec::new();
    if let Some(t) = table {
        for field in ["platform", "domain"] {
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

fn check_entries(c: &mut Collector<'_>, provider: Provider, items: &[Value]) -> Vec<EntryRecord> {
    let mut records: Vec<(String, EntryRecord)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(table) = item.as_table() else {
            c.push(Some(&entry_label(i, None)), "each [[entry]] must be a table");
            continue;
        };
        let label = entry_label(i, Some(table));
        if let Some(record) = check_entry(c, provider, &label, table) {
            records.push((label, record));
        }
    }
    // References between entries (refined readings, readings, with_names) are checked only when every entry
    // was read: an entry dropped for its own problem would make its references look broken too.
    let complete = records.len() == items.len();
    check_keys(c, &records, complete);
    records.into_iter().map(|(_, r)| r).collect()
}

fn check_entry(c: &mut Collector<'_>, provider: Provider, label: &str, t: &Table) -> Option<EntryRecord> {
    let here = Some(label);
    let before = c.out.len();
    unknown_fields(c, here, t, ENTRY_FIELDS);

    let platform: Option<Platform> = enum_field(c, here, t, "platform", false);
    let allowed = Platform::of(provider);
    match platform {
        Some(p) if !allowed.contains(&p) => {
            if allowed.is_empty() {
                c.push(here, format!("{provider} entries have no platform; remove `platform`"));
            } else {
                c.push(here, format!("platform `{p}` is not a {provider} platform; expected one of {}", join(allowed)));
            }
        }
        None if !allowed.is_empty() && !t.contains_key("platform") => {
            c.push(here, format!("missing field `platform`; {provider} entries need one of {}", join(allowed)));
        }
        _ => {}
    }
    let domain: Option<Domain> = enum_field(c, here, t, "domain", false);
    if let Some(d) = domain {
        let allowed = Domain::of(provider);
        if !allowed.contains(&d) {
            c.push(here, format!("domain `{d}` is not used by {provider}; expected one of {}", join(allowed)));
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
            c.push(here, format!("when_message {w:?} is shorter than {WHEN_MESSAGE_MIN} characters: it would match unrelated messages"));
        }
    }
    if !when_message.is_empty() && !aliases.is_empty() {
        c.push(here, "a refined reading (when_message) takes the keys of the entry it refines; remove `aliases`");
    }
    let readings = string_list(c, here, t, "readings");
    let messages = string_list(c, here, t, "messages");
    for m in &messages {
        if m.chars().count() < MESSAGE_MIN {
            c.push(
                here,
                format!("messages {m:?} is shorter than {MESSAGE_MIN} characters: too vague to name one error"),
            );
        }
    }

    let raised_by = string_field(c, here, t, "raised_by", true);
    let category: Option<Category> = enum_field(c, here, t, "category", true);
    let retry: Option<Retry> = enum_field(c, here, t, "retry", true);
    let actor: Option<Actor> = enum_field(c, here, t, "actor", true);
    let user_message = string_field(c, here, t, "user_message", true);
    if let Some(m) = &user_message {
        check_user_message(c, here, m);
    }
    let developer_hint = string_field(c, here, t, "developer_hint", true);
    if let Some(h) = &developer_hint {
        check_hint(c, here, h);
    }
    let source = string_field(c, here, t, "source", true);
    let versions = string_field(c, here, t, "versions", false);
    let note = string_field(c, here, t, "note", false);
    let broad = bool_field(c, here, t, "broad");
    let legacy = bool_field(c, here, t, "legacy");
    if legacy && note.is_none() && !t.contains_key("note") {
        c.push(here, "legacy = true needs a `note` saying why the entry is kept");
    }

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
        user_message: user_message?,
        developer_hint: developer_hint?,
        source: source?,
        versions,
        legacy,
        note,
    })
}

/// Keys are unique per (platform, domain); `with_names` must name an entry of the same platform.
fn check_keys(c: &mut Collector<'_>, records: &[(String, EntryRecord)], complete: bool) {
    let mut codes: BTreeMap<(Option<Platform>, Option<Domain>, i64), &str> = BTreeMap::new();
    let mut names: BTreeMap<(Option<Platform>, Option<Domain>, &str), &str> = BTreeMap::new();
    let mut texts: BTreeMap<(Option<Platform>, String), &str> = BTreeMap::new();
    for (label, r) in records {
        for m in &r.messages {
            if let Some(first) = texts.insert((r.platform, m.to_lowercase()), label) {
                c.push(Some(label), format!("message {m:?} in {} is already listed by {first}", scope_platform(r)));
            }
        }
    }
    let all: Vec<&EntryRecord> = records.iter().map(|(_, r)| r).collect();
    for (i, (label, r)) in records.iter().enumerate().filter(|_| complete) {
        for reference in &r.readings {
            let found = resolve_reading(&all, r, reference);
            match found.as_slice() {
                [] => c.push(
                    Some(label),
                    format!("readings names {reference:?}, but no {} entry has that key", r.provider),
                ),
                [one] if *one == i => c.push(Some(label), format!("readings names {reference:?}, which is this entry")),
                [_] => {}
                _ => c.push(
                    Some(label),
                    format!("readings names {reference:?}, which fits several entries; add platform: or domain:"),
                ),
            }
        }
        if !r.readings.is_empty() && r.is_refinement() {
            c.push(Some(label), "a refined reading (when_message) has no readings of its own");
        }
    }
    for (label, r) in records.iter().filter(|(_, r)| complete && r.is_refinement()) {
        let base = records.iter().find(|(_, b)| {
            !b.is_refinement()
                && b.platform == r.platform
                && b.domain == r.domain
                && (r.code.is_none() || b.code == r.code)
                && r.name.as_deref().is_none_or(|n| b.string_keys().any(|k| k == n))
        });
        if base.is_none() {
            c.push(
                Some(label),
                format!("when_message refines an entry with the same code and name in {}, but there is none", scope(r)),
            );
        }
    }
    for (label, r) in records.iter().filter(|(_, r)| !r.is_refinement()) {
        if let Some(code) = r.code {
            if let Some(first) = codes.insert((r.platform, r.domain, code), label) {
                c.push(Some(label), format!("duplicate code {code} in {}: already used by {first}", scope(r)));
            }
        }
        let mut own = Vec::new();
        for key in r.string_keys() {
            if own.contains(&key) {
                c.push(Some(label), format!("key {key:?} is listed twice in this entry"));
                continue;
            }
            own.push(key);
            if let Some(first) = names.insert((r.platform, r.domain, key), label) {
                c.push(Some(label), format!("duplicate key {key:?} in {}: already used by {first}", scope(r)));
            }
        }
    }
    for (label, r) in records.iter().filter(|_| complete) {
        for wanted in &r.with_names {
            let found = names.keys().any(|(p, _, k)| *p == r.platform && k == wanted);
            if !found {
                c.push(
                    Some(label),
                    format!("with_names lists {wanted:?}, but no {} entry has that name or alias", scope_platform(r)),
                );
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
            c.push(here, format!("unknown field `{key}`{hint}"));
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
                c.push(here, format!("`{field}` is empty"));
                None
            } else if s.trim() != s {
                c.push(here, format!("`{field}` has leading or trailing whitespace"));
                None
            } else {
                Some(s.clone())
            }
        }
        Some(other) => {
            c.push(here, format!("`{field}` must be a string, found {}", other.type_str()));
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
            c.push(here, format!("`{field}` must be true or false, found {}", other.type_str()));
            false
        }
    }
}

fn int_field(c: &mut Collector<'_>, here: Option<&str>, t: &Table, field: &str) -> Option<i64> {
    match t.get(field) {
        None => None,
        Some(Value::Integer(n)) => check_code(c, here, field, *n),
        Some(other) => {
            c.push(here, format!("`{field}` must be an integer, found {}", other.type_str()));
            None
        }
    }
}

fn check_code(c: &mut Collector<'_>, here: Option<&str>, field: &str, n: i64) -> Option<i64> {
    if CODE_RANGE.contains(&n) {
        Some(n)
    } else {
        c.push(here, format!("`{field}` {n} is out of range ({}..={})", CODE_RANGE.start(), CODE_RANGE.end()));
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
        c.push(here, format!("`{field}` must be an array of {kind}, found {}", value.type_str()));
        return Vec::new();
    };
    items.iter().filter_map(|v| item(c, v)).collect()
}

fn string_list(c: &mut Collector<'_>, here: Option<&str>, t: &Table, field: &str) -> Vec<String> {
    list_field(c, here, t, field, "strings", |c, item| match item {
        Value::String(s) if !s.trim().is_empty() && s.trim() == s => Some(s.clone()),
        Value::String(_) => {
            c.push(here, format!("`{field}` has an empty or padded string"));
            None
        }
        other => {
            c.push(here, format!("`{field}` must hold strings, found {}", other.type_str()));
            None
        }
    })
}

fn int_list(c: &mut Collector<'_>, here: Option<&str>, t: &Table, field: &str) -> Vec<i64> {
    list_field(c, here, t, field, "integers", |c, item| match item {
        Value::Integer(n) => check_code(c, here, field, *n),
        other => {
            c.push(here, format!("`{field}` must hold integers, found {}", other.type_str()));
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
            c.push(here, format!("`{field}` = {raw:?}: write it as {:?}", v.to_string()));
            None
        }
        Err(_) => {
            c.push(here, format!("unknown {field} {raw:?}; expected one of {}", join(E::VARIANTS)));
            None
        }
    }
}

fn check_key_string(c: &mut Collector<'_>, here: Option<&str>, field: &str, key: &str) {
    if key.chars().count() > KEY_MAX {
        c.push(here, format!("`{field}` key is longer than {KEY_MAX} characters"));
    }
    if key.parse::<i64>().is_ok() {
        c.push(here, format!("`{field}` {key:?} is a number: put numbers in `code` or `with_codes`"));
    }
}

fn check_user_message(c: &mut Collector<'_>, here: Option<&str>, message: &str) {
    let len = message.chars().count();
    if len > USER_MESSAGE_MAX {
        c.push(here, format!("user_message is {len} characters; the limit is {USER_MESSAGE_MAX}"));
    }
    if message.chars().any(|ch| ch.is_ascii_digit()) {
        c.push(here, "user_message contains a digit; end users get no codes or numbers, write words");
    }
    let found = jargon_in(message);
    if !found.is_empty() {
        c.push(here, format!("user_message uses jargon an end user will not know: {}", found.join(", ")));
    }
}

fn check_hint(c: &mut Collector<'_>, here: Option<&str>, hint: &str) {
    let len = hint.chars().count();
    if len > DEVELOPER_HINT_MAX {
        c.push(here, format!("developer_hint is {len} characters; the limit is {DEVELOPER_HINT_MAX}"));
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
