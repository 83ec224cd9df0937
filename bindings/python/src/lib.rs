//! errcat for Python: the core's answers converted at the edge, nothing decided here.
//!
//! `classify`, `lookup` and `entries` return the CLI's JSON records as dicts; `_classify_buffers` is the batch
//! path behind `errcat.classify_arrow` (the Python side hands over an Arrow string array's buffers).

mod batch;
mod record;

use pyo3::prelude::*;

#[pymodule]
fn _errcat(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("CATALOGUE_VERSION", errcat::CATALOGUE_VERSION)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(record::classify, m)?)?;
    m.add_function(wrap_pyfunction!(record::lookup, m)?)?;
    m.add_function(wrap_pyfunction!(record::entries, m)?)?;
    m.add_function(wrap_pyfunction!(batch::_classify_buffers, m)?)?;
    m.add_function(wrap_pyfunction!(batch::_dictionaries, m)?)?;
    Ok(())
}
