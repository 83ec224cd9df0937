//! One answer as a dict: the same record `errcat --stdin` prints (without `line`), built by the core's
//! `VerdictReport` and converted with pythonize.

use errcat::{Entry, Key, Observation, Platform, Provider, Query, Report, Scope, VerdictReport};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyInt, PyList, PyString};
use serde::Serialize;

/// The stream's record: `input` (`"text"` when read as an error text), the entry's `id`, then the verdict.
#[derive(Serialize)]
struct Record<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<&'static str>,
    id: Option<&'static str>,
    #[serde(flatten)]
    report: VerdictReport<'a>,
}

/// A bad payload, as the stream reports it.
#[derive(Serialize)]
struct BadRecord {
    error: String,
    known: bool,
}

/// An entry as `errcat list --json` prints it.
#[derive(Serialize)]
struct EntryRecord {
    id: &'static str,
    #[serde(flatten)]
    report: Report<'static>,
}

fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The scope the keyword arguments give, checked.
pub(crate) fn scope_of(provider: Option<&str>, platform: Option<&str>) -> PyResult<Scope> {
    let provider = provider
        .map(|p| {
            p.parse::<Provider>().map_err(|_| {
                PyValueError::new_err(format!("unknown provider `{p}`; expected vonage, socketio or cobrowse"))
            })
        })
        .transpose()?;
    let platform = platform
        .map(|p| p.parse::<Platform>().map_err(|_| PyValueError::new_err(format!("unknown platform `{p}`"))))
        .transpose()?;
    Scope::new(provider, platform, None).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The observation with the caller's scope laid over what the payload said (the caller's scope wins).
fn scoped<'a>(mut o: Observation<'a>, scope: Scope) -> Observation<'a> {
    if scope.provider.is_some() {
        o.provider = scope.provider;
    }
    if scope.platform.is_some() {
        o.platform = scope.platform;
    }
    o
}

fn verdict_record<'py>(py: Python<'py>, o: &Observation<'_>, scope: Scope, text: bool) -> PyResult<Bound<'py, PyAny>> {
    let o = scoped(*o, scope);
    let v = o.classify();
    let report = VerdictReport::new(&v, &o);
    match v.classification.entry {
        // The usual case, a known entry: its fields come from a cached dict (pythonize would rebuild ~30 keys
        // and the sources on every call); the verdict's own fields are added in the record's order.
        Some(e) if !text => {
            let d = fresh(templates(py)?[crate::batch::entry_index(e) as usize].bind(py))?;
            d.set_item(pyo3::intern!(py, "matched_by"), report.matched_by.to_string())?;
            d.set_item(pyo3::intern!(py, "confidence"), report.confidence.to_string())?;
            d.set_item(pyo3::intern!(py, "fingerprint"), report.fingerprint.to_string())?;
            d.set_item(pyo3::intern!(py, "ambiguous"), report.ambiguous)?;
            if report.candidates.is_empty() {
                d.set_item(pyo3::intern!(py, "candidates"), PyList::empty(py))?;
            } else {
                d.set_item(pyo3::intern!(py, "candidates"), to_py(py, &report.candidates)?)?;
            }
            d.set_item(pyo3::intern!(py, "operation"), report.operation)?;
            // `observed` by hand with interned keys (pythonize makes new key strings every call); the parity
            // tests compare it with the CLI's.
            let observed = PyDict::new(py);
            observed.set_item(pyo3::intern!(py, "code"), report.observed.code)?;
            observed.set_item(pyo3::intern!(py, "name"), report.observed.name)?;
            observed.set_item(pyo3::intern!(py, "message"), report.observed.message)?;
            observed.set_item(pyo3::intern!(py, "reason"), report.observed.reason)?;
            d.set_item(pyo3::intern!(py, "observed"), observed)?;
            Ok(d.into_any())
        }
        entry => {
            // The candidates (one per reading of an ambiguous key) come from cached dicts too.
            let mut report = report;
            let candidates = std::mem::take(&mut report.candidates);
            let d = to_py(py, &Record { input: text.then_some("text"), id: entry.map(Entry::id), report })?;
            if !candidates.is_empty() {
                let cached = candidate_templates(py)?;
                let items = v
                    .candidates
                    .iter()
                    .map(|e| cached[crate::batch::entry_index(e) as usize].bind(py).copy())
                    .collect::<PyResult<Vec<_>>>()?;
                d.set_item(pyo3::intern!(py, "candidates"), PyList::new(py, items)?)?;
            }
            Ok(d)
        }
    }
}

/// Every entry as a candidate of an ambiguous answer, converted once.
static CANDIDATES: PyOnceLock<Vec<Py<PyDict>>> = PyOnceLock::new();

fn candidate_templates(py: Python<'_>) -> PyResult<&'static Vec<Py<PyDict>>> {
    CANDIDATES.get_or_try_init(py, || {
        errcat::entries()
            .iter()
            .map(|e| Ok(to_py(py, &errcat::Candidate::from(e))?.cast_into::<PyDict>()?.unbind()))
            .collect()
    })
}

/// Every entry's record (`id` and the report), converted once.
static TEMPLATES: PyOnceLock<Vec<Py<PyDict>>> = PyOnceLock::new();

fn templates(py: Python<'_>) -> PyResult<&'static Vec<Py<PyDict>>> {
    TEMPLATES.get_or_try_init(py, || {
        errcat::entries().iter().map(|e| Ok(entry_dict(py, e)?.cast_into::<PyDict>()?.unbind())).collect()
    })
}

/// The list fields of an entry record: lists of strings or numbers, and `sources`, a list of flat dicts.
const SCALAR_LISTS: [&str; 6] = ["aliases", "with_codes", "with_names", "when_message", "messages", "readings"];

static SCALAR_LIST_KEYS: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();

fn scalar_list_keys(py: Python<'_>) -> &'static [Py<PyString>] {
    SCALAR_LIST_KEYS.get_or_init(py, || SCALAR_LISTS.iter().map(|k| PyString::intern(py, k).unbind()).collect())
}

/// A copy of a cached entry record that shares no list or dict with the cache (strings and numbers are
/// immutable, so they are shared).
fn fresh<'py>(template: &Bound<'py, PyDict>) -> PyResult<Bound<'py, PyDict>> {
    let py = template.py();
    let copy = template.copy()?;
    for key in scalar_list_keys(py) {
        let key = key.bind(py);
        if let Some(list) = template.get_item(key)? {
            let list = list.cast_into::<PyList>()?;
            copy.set_item(key, list.get_slice(0, list.len()))?;
        }
    }
    let key = pyo3::intern!(py, "sources");
    if let Some(list) = template.get_item(key)? {
        let list = list.cast_into::<PyList>()?;
        let items = list.iter().map(|d| d.cast_into::<PyDict>()?.copy()).collect::<PyResult<Vec<_>>>()?;
        copy.set_item(key, PyList::new(py, items)?)?;
    }
    Ok(copy)
}

/// The observation of a bare key: a code, or a name the catalogue holds in the query's scope.
fn key_observation(scope: Scope, key: Key<'_>) -> Observation<'_> {
    let mut o = Observation::new();
    o.provider = scope.provider;
    o.platform = scope.platform;
    o.domain = scope.domain;
    match key {
        Key::Code(n) => o.code(n),
        Key::Name(s) => o.name(s),
    }
}

/// Merge the query's own prefix (`vonage:web:1006`) with the keyword arguments; the arguments win.
fn merged(query: Scope, given: Scope) -> Option<Scope> {
    Scope::new(given.provider.or(query.provider), given.platform.or(query.platform), query.domain).ok()
}

fn classify_str<'py>(py: Python<'py>, text: &str, scope: Scope) -> PyResult<Bound<'py, PyAny>> {
    let trimmed = text.trim();
    if !trimmed.starts_with(['{', '[']) {
        if let Ok(q) = Query::parse(trimmed) {
            if let Some(s) = merged(q.scope, scope) {
                if errcat::lookup(s, q.key).next().is_some() {
                    return verdict_record(py, &key_observation(s, q.key), Scope::ANY, false);
                }
            }
        }
    }
    errcat::observe_line(text, |answer| match answer {
        Ok((o, is_text)) => verdict_record(py, &o, scope, is_text),
        Err(e) => to_py(py, &BadRecord { error: e.to_string(), known: false }),
    })
}

/// Classify one error: a code (int), a name or query (`"OT_NOT_CONNECTED"`, `"socketio:transport close"`),
/// an error text, a JSON payload (str) or a payload dict. Returns the record `errcat --stdin` prints.
#[pyfunction]
#[pyo3(signature = (x, provider=None, platform=None))]
pub fn classify<'py>(
    py: Python<'py>,
    x: &Bound<'py, PyAny>,
    provider: Option<&str>,
    platform: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let scope = scope_of(provider, platform)?;
    if let Ok(s) = x.cast::<PyString>() {
        return classify_str(py, &s.to_cow()?, scope);
    }
    if x.is_instance_of::<PyInt>() && !x.is_instance_of::<pyo3::types::PyBool>() {
        let n: i64 = x.extract().map_err(|_| PyValueError::new_err("code out of range for a 64-bit integer"))?;
        return verdict_record(py, &key_observation(scope, Key::Code(n)), Scope::ANY, false);
    }
    if x.is_instance_of::<PyDict>() {
        let value: serde_json::Value =
            pythonize::depythonize(x).map_err(|e| PyValueError::new_err(format!("payload is not JSON-like: {e}")))?;
        return match errcat::observe(&value) {
            Ok(o) => verdict_record(py, &o, scope, false),
            Err(e) => to_py(py, &BadRecord { error: e.to_string(), known: false }),
        };
    }
    Err(PyTypeError::new_err(format!(
        "classify() takes an int code, a str (name, text or JSON) or a dict payload, not {}",
        x.get_type().name()?
    )))
}

/// Every catalogue entry matching a key (a code or name, optionally `provider:platform:` prefixed), as dicts.
#[pyfunction]
#[pyo3(signature = (key, provider=None, platform=None))]
pub fn lookup<'py>(
    py: Python<'py>,
    key: &Bound<'py, PyAny>,
    provider: Option<&str>,
    platform: Option<&str>,
) -> PyResult<Bound<'py, PyList>> {
    let scope = scope_of(provider, platform)?;
    let text = if key.is_instance_of::<PyInt>() { key.str()?.to_string() } else { key.extract::<String>()? };
    let q = Query::parse(&text).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let list = PyList::empty(py);
    if let Some(s) = merged(q.scope, scope) {
        for e in errcat::lookup(s, q.key) {
            list.append(fresh(templates(py)?[crate::batch::entry_index(e) as usize].bind(py))?)?;
        }
    }
    Ok(list)
}

fn entry_dict<'py>(py: Python<'py>, e: &'static Entry) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &EntryRecord { id: e.id(), report: Report::from_entry(e) })
}

/// Every catalogue entry, as the dicts `errcat list --json` prints.
#[pyfunction]
pub fn entries(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for t in templates(py)? {
        list.append(fresh(t.bind(py))?)?;
    }
    Ok(list)
}
