//! The stream's output record: which fields it holds ([`RecordFields`]), and how one line's record is written.
//!
//! The fields an entry fixes (its id, texts, sources...) are rendered to JSON once per entry, on first use,
//! and copied into every record that names the entry; only the per-line fields are serialized per line.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use thiserror::Error;

use crate::catalogue;
use crate::entry::Entry;
use crate::fingerprint::Fingerprint;
use crate::observation::{Observation, Verdict};
use crate::report::{Candidate, Observed, Report};

/// `NAMES`, every field of the full record in output order (`observed.*` are the parts of the `observed`
/// object), and `KEYS`, each as written before its value: `"name":`.
macro_rules! fields {
    ($($name:literal),* $(,)?) => {
        const NAMES: [&str; COUNT] = [$($name),*];
        const KEYS: [&str; COUNT] = [$(concat!("\"", $name, "\":")),*];
    };
}

fields!(
    "line",
    "input",
    "id",
    "provider",
    "platform",
    "domain",
    "code",
    "name",
    "category",
    "retry",
    "actor",
    "severity",
    "expected",
    "user_message",
    "developer_hint",
    "known",
    "sources",
    "doc_url",
    "raised_by",
    "aliases",
    "with_codes",
    "with_names",
    "when_message",
    "messages",
    "readings",
    "versions",
    "legacy",
    "note",
    "causes",
    "retry_policy",
    "matched_by",
    "confidence",
    "fingerprint",
    "ambiguous",
    "candidates",
    "operation",
    "observed.code",
    "observed.name",
    "observed.message",
    "observed.reason",
);
const COUNT: usize = 40;

// Positions in `NAMES`, looked up at compile time.
const LINE: usize = index("line");
const INPUT: usize = index("input");
/// `id` to `retry_policy`: the fields a known entry fixes.
const ID: usize = index("id");
const LAST_FIXED: usize = index("retry_policy");
const MATCHED_BY: usize = index("matched_by");
const CONFIDENCE: usize = index("confidence");
const FINGERPRINT: usize = index("fingerprint");
const AMBIGUOUS: usize = index("ambiguous");
const CANDIDATES: usize = index("candidates");
const OPERATION: usize = index("operation");
/// `observed.code`; the object's other parts follow it.
const OBSERVED: usize = index("observed.code");
const ENTRY_FIELDS: usize = LAST_FIXED - ID + 1;

/// The position of the field `name` in `NAMES` (a compile error when there is none).
const fn index(name: &str) -> usize {
    let mut i = 0;
    while i < COUNT {
        if const_eq(NAMES[i], name) {
            return i;
        }
        i += 1;
    }
    panic!("not a record field")
}

const fn bit(name: &str) -> u64 {
    1 << index(name)
}

const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Which fields a stream record holds. Records keep the full record's field order whatever the order asked.
///
/// A bad line's record is always `{"line":N,"error":"...","known":false}`.
///
/// ```
/// use errcat::RecordFields;
///
/// let fields: RecordFields = "category,line,observed.code".parse().unwrap();
/// assert_eq!(fields.to_string(), "line,category,observed.code");
/// assert!("line,colour".parse::<RecordFields>().is_err());
/// assert_eq!("compact".parse::<RecordFields>(), Ok(RecordFields::COMPACT));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RecordFields(u64);

impl RecordFields {
    /// Every field (the default): the entry's texts and sources, the verdict, the observed input.
    pub const FULL: RecordFields = RecordFields((1 << COUNT) - 1);

    /// The telemetry columns: `line`, `id`, `provider`, `platform`, `category`, `retry`, `actor`, `severity`,
    /// `expected`, `known`, `confidence`, `fingerprint`, `ambiguous` and `observed.code`.
    pub const COMPACT: RecordFields = RecordFields(
        bit("line")
            | bit("id")
            | bit("provider")
            | bit("platform")
            | bit("category")
            | bit("retry")
            | bit("actor")
            | bit("severity")
            | bit("expected")
            | bit("known")
            | bit("confidence")
            | bit("fingerprint")
            | bit("ambiguous")
            | bit("observed.code"),
    );

    /// The names a field list may hold, in record order; `observed` stands for its four parts.
    pub const NAMES: &'static [&'static str] = &NAMES;

    /// Whether the record holds the field named `name`.
    ///
    /// ```
    /// assert!(errcat::RecordFields::COMPACT.contains("fingerprint"));
    /// assert!(!errcat::RecordFields::COMPACT.contains("developer_hint"));
    /// ```
    pub fn contains(self, name: &str) -> bool {
        NAMES.iter().position(|n| *n == name).is_some_and(|i| self.has(i))
    }

    const fn has(self, i: usize) -> bool {
        self.0 & (1 << i) != 0
    }

    const fn any_in(self, from: usize, to: usize) -> bool {
        let mask = ((1u64 << (to + 1)) - 1) & !((1u64 << from) - 1);
        self.0 & mask != 0
    }
}

impl Default for RecordFields {
    fn default() -> Self {
        RecordFields::FULL
    }
}

impl fmt::Display for RecordFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (_, name) in NAMES.iter().enumerate().filter(|(i, _)| self.has(*i)) {
            if !first {
                f.write_str(",")?;
            }
            first = false;
            f.write_str(name)?;
        }
        Ok(())
    }
}

/// A field list naming no record field.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("unknown record field `{field}`; expected `full`, `compact` or a comma-separated list of: {}, observed", NAMES.join(", "))]
pub struct UnknownFieldError {
    /// The name that is no field (empty for an empty list).
    pub field: String,
}

impl FromStr for RecordFields {
    type Err = UnknownFieldError;

    /// `full`, `compact`, or field names separated by commas (spaces around them ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "full" => return Ok(RecordFields::FULL),
            "compact" => return Ok(RecordFields::COMPACT),
            _ => {}
        }
        let mut bits = 0u64;
        for name in s.split(',').map(str::trim) {
            bits |= match name {
                "observed" => {
                    bit("observed.code") | bit("observed.name") | bit("observed.message") | bit("observed.reason")
                }
                _ => match NAMES.iter().position(|n| *n == name) {
                    Some(i) => 1 << i,
                    None => return Err(UnknownFieldError { field: name.to_string() }),
                },
            };
        }
        Ok(RecordFields(bits))
    }
}

/// An entry's fixed fields as JSON: each value alone, and the full `"id":...,"retry_policy":...` run.
struct EntryJson {
    values: [Box<str>; ENTRY_FIELDS],
    run: Box<str>,
}

fn entry_json(e: &'static Entry) -> &'static EntryJson {
    static CACHE: OnceLock<Box<[OnceLock<EntryJson>]>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| catalogue::entries().iter().map(|_| OnceLock::new()).collect());
    cache[catalogue::index_of(e)].get_or_init(|| {
        let report = Report::from_entry(e);
        let values: [Box<str>; ENTRY_FIELDS] = std::array::from_fn(|k| {
            let mut v = Vec::new();
            fixed_value(ID + k, Some(e.id()), &report, &mut v);
            String::from_utf8(v).unwrap_or_default().into_boxed_str()
        });
        let mut run = String::new();
        for (k, value) in values.iter().enumerate() {
            if k > 0 {
                run.push(',');
            }
            run.push_str(KEYS[ID + k]);
            run.push_str(value);
        }
        EntryJson { values, run: run.into_boxed_str() }
    })
}

/// Serialize `value` as JSON into `out`. Writing to a `Vec` cannot fail, and these types always serialize.
fn json(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    let _ = serde_json::to_writer(out, value);
}

/// A string that needs no escaping (an enum's name), in quotes.
fn quoted(out: &mut Vec<u8>, s: &'static str) {
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// One of the fields `id` to `retry_policy`, from the report.
fn fixed_value(i: usize, id: Option<&str>, r: &Report<'_>, out: &mut Vec<u8>) {
    match i - ID {
        0 => json(out, &id),
        1 => json(out, &r.provider),
        2 => json(out, &r.platform),
        3 => json(out, &r.domain),
        4 => json(out, &r.code),
        5 => json(out, &r.name),
        6 => json(out, &r.category),
        7 => json(out, &r.retry),
        8 => json(out, &r.actor),
        9 => json(out, &r.severity),
        10 => json(out, &r.expected),
        11 => json(out, &r.user_message),
        12 => json(out, &r.developer_hint),
        13 => json(out, &r.known),
        14 => json(out, &r.sources),
        15 => json(out, &r.doc_url),
        16 => json(out, &r.raised_by),
        17 => json(out, &r.aliases),
        18 => json(out, &r.with_codes),
        19 => json(out, &r.with_names),
        20 => json(out, &r.when_message),
        21 => json(out, &r.messages),
        22 => json(out, &r.readings),
        23 => json(out, &r.versions),
        24 => json(out, &r.legacy),
        25 => json(out, &r.note),
        26 => json(out, &r.causes),
        _ => json(out, &r.retry_policy),
    }
}

/// Writes `"name":` with a comma before every field but the first.
struct Fields<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl Fields<'_> {
    /// A comma, unless this is the first field.
    fn sep(&mut self) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out
    }

    /// `key` (`"name":`), after a comma when needed.
    fn name(&mut self, key: &str) -> &mut Vec<u8> {
        let out = self.sep();
        out.extend_from_slice(key.as_bytes());
        out
    }

    fn key(&mut self, i: usize) -> &mut Vec<u8> {
        self.name(KEYS[i])
    }
}

/// Append the record of one classified line (without the line end) to `out`.
pub(crate) fn write(
    out: &mut Vec<u8>,
    fields: RecordFields,
    line: u64,
    text: bool,
    verdict: &Verdict,
    observation: &Observation<'_>,
    fingerprint: Fingerprint,
) {
    out.push(b'{');
    let mut w = Fields { out, first: true };
    if fields.has(LINE) {
        let line = i64::try_from(line).unwrap_or(i64::MAX);
        w.key(LINE).extend_from_slice(crate::fingerprint::itoa(line, &mut [0; 20]).as_bytes());
    }
    if fields.has(INPUT) && text {
        w.key(INPUT).extend_from_slice(b"\"text\"");
    }
    if fields.any_in(ID, LAST_FIXED) {
        match verdict.classification.entry {
            Some(e) => {
                let cached = entry_json(e);
                if fields.0 & FULL_ENTRY_RUN == FULL_ENTRY_RUN {
                    // The whole run at once: `"id":...` to `"retry_policy":...`.
                    w.sep().extend_from_slice(cached.run.as_bytes());
                } else {
                    for i in (ID..=LAST_FIXED).filter(|&i| fields.has(i)) {
                        w.key(i).extend_from_slice(cached.values[i - ID].as_bytes());
                    }
                }
            }
            None => {
                let report = Report::of_verdict(verdict, observation);
                for i in (ID..=LAST_FIXED).filter(|&i| fields.has(i)) {
                    fixed_value(i, None, &report, w.key(i));
                }
            }
        }
    }
    if fields.has(MATCHED_BY) {
        quoted(w.key(MATCHED_BY), verdict.matched_by.into());
    }
    if fields.has(CONFIDENCE) {
        quoted(w.key(CONFIDENCE), verdict.confidence.into());
    }
    if fields.has(FINGERPRINT) {
        let mut hex = [0u8; 18];
        hex[0] = b'"';
        hex[17] = b'"';
        let value = fingerprint.as_u64();
        for (k, slot) in hex[1..17].iter_mut().enumerate() {
            *slot = b"0123456789abcdef"[((value >> (60 - 4 * k)) & 0xF) as usize];
        }
        w.key(FINGERPRINT).extend_from_slice(&hex);
    }
    if fields.has(AMBIGUOUS) {
        json(w.key(AMBIGUOUS), &verdict.ambiguous);
    }
    if fields.has(CANDIDATES) {
        let out = w.key(CANDIDATES);
        out.push(b'[');
        for (k, e) in verdict.candidates.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            json(out, &Candidate::from(*e));
        }
        out.push(b']');
    }
    if fields.has(OPERATION) {
        json(w.key(OPERATION), &observation.operation);
    }
    if fields.any_in(OBSERVED, OBSERVED + 3) {
        let observed = Observed::of(observation);
        let mut inner = Fields { out: w.name("\"observed\":"), first: true };
        write_observed(&mut inner, fields, &observed);
    }
    w.out.push(b'}');
}

/// Bits `id` to `retry_policy`.
const FULL_ENTRY_RUN: u64 = ((1u64 << (LAST_FIXED + 1)) - 1) & !((1u64 << ID) - 1);

/// The `observed` object with the parts `fields` asks for.
fn write_observed(w: &mut Fields<'_>, fields: RecordFields, o: &Observed<'_>) {
    w.out.push(b'{');
    for (k, key) in ["\"code\":", "\"name\":", "\"message\":", "\"reason\":"].into_iter().enumerate() {
        if !fields.has(OBSERVED + k) {
            continue;
        }
        let out = w.name(key);
        match k {
            0 => json(out, &o.code),
            1 => json(out, &o.name),
            2 => json(out, &o.message),
            _ => json(out, &o.reason),
        }
    }
    w.out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookup::Classification;
    use crate::observation::{Confidence, MatchedBy};
    use crate::report::VerdictReport;

    /// The full record as serde writes it: the reference the hand-written writer must equal byte for byte.
    #[derive(serde::Serialize)]
    struct Reference<'a> {
        line: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        input: Option<&'static str>,
        id: Option<&'static str>,
        #[serde(flatten)]
        report: VerdictReport<'a>,
    }

    fn reference(line: u64, text: bool, v: &Verdict, o: &Observation<'_>) -> String {
        let r = Reference {
            line,
            input: text.then_some("text"),
            id: v.classification.entry.map(Entry::id),
            report: VerdictReport::new(v, o),
        };
        serde_json::to_string(&r).unwrap()
    }

    fn written(fields: RecordFields, line: u64, text: bool, v: &Verdict, o: &Observation<'_>) -> String {
        let mut out = Vec::new();
        write(&mut out, fields, line, text, v, o, v.fingerprint(o));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_full_record_is_what_serde_writes_for_every_entry() {
        for (n, e) in catalogue::entries().iter().enumerate() {
            let v = Verdict {
                classification: Classification::from_entry(e),
                matched_by: MatchedBy::Name,
                confidence: Confidence::Exact,
                ambiguous: false,
                candidates: Vec::new(),
            };
            let o = Observation::new().name("a \"quoted\"\nname").code(7).message("m\u{7f}").operation("op");
            // Twice: the second record comes from the cache the first one filled.
            for _ in 0..2 {
                assert_eq!(
                    written(RecordFields::FULL, n as u64, n % 2 == 0, &v, &o),
                    reference(n as u64, n % 2 == 0, &v, &o)
                );
            }
        }
    }

    #[test]
    fn the_full_record_is_what_serde_writes_for_unknown_and_ambiguous_answers() {
        let long = "long ".repeat(100);
        let inputs = [
            Observation::new().code(1011),
            Observation::new().name("xhr poll error"),
            Observation::new().provider(crate::Provider::Vonage).code(424_242).message("Weird 1234 thing"),
            Observation::new().text("something odd happened"),
            Observation::new().message(&long),
        ];
        for o in inputs {
            let v = o.classify();
            assert_eq!(written(RecordFields::FULL, 9, false, &v, &o), reference(9, false, &v, &o));
        }
    }

    /// `matched_by` and `confidence` are written from their static names: the same text serde writes.
    #[test]
    fn static_names_are_what_serde_writes() {
        for v in MatchedBy::ALL {
            assert_eq!(serde_json::to_string(v).unwrap(), format!("\"{}\"", <&str>::from(*v)));
        }
        for v in Confidence::ALL {
            assert_eq!(serde_json::to_string(v).unwrap(), format!("\"{}\"", <&str>::from(*v)));
        }
    }

    #[test]
    fn every_field_list_writes_exactly_the_fields_asked() {
        let o = Observation::new().name("OT_NOT_CONNECTED").code(1501);
        let v = o.classify();
        for (i, name) in NAMES.iter().enumerate() {
            let fields = RecordFields(1 << i);
            let record: serde_json::Value = serde_json::from_str(&written(fields, 3, true, &v, &o)).unwrap();
            let keys: Vec<&String> = record.as_object().unwrap().keys().collect();
            let expected = name.split('.').next().unwrap();
            assert_eq!(keys, [expected], "--fields {name}");
            if let Some(part) = name.strip_prefix("observed.") {
                assert_eq!(record["observed"].as_object().unwrap().keys().collect::<Vec<_>>(), [part]);
            }
        }
    }

    #[test]
    fn field_lists_parse_and_print_in_record_order() {
        assert_eq!("full".parse::<RecordFields>(), Ok(RecordFields::FULL));
        assert_eq!(RecordFields::FULL.to_string().parse::<RecordFields>(), Ok(RecordFields::FULL));
        assert_eq!(RecordFields::COMPACT.to_string().parse::<RecordFields>(), Ok(RecordFields::COMPACT));
        assert_eq!(" id , line ".parse::<RecordFields>().map(|f| f.to_string()), Ok("line,id".to_string()));
        assert_eq!(
            "observed".parse::<RecordFields>().map(|f| f.to_string()),
            Ok("observed.code,observed.name,observed.message,observed.reason".to_string())
        );
        for bad in ["", "line,", "Line", "observed.colour", "id;line"] {
            assert!(bad.parse::<RecordFields>().is_err(), "{bad:?}");
        }
    }
}
