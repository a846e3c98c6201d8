//! The trace's JSON Lines written in the Experiments module, for the page's
//! Download trace: the page hands its orders as `engine::trace_job`'s text
//! and saves what comes back, so its own module carries no trace writer.

use wasm_bindgen::prelude::*;

use crate::engine::trace_job;

/// The trace of `records` (`trace_job::encode`'s text), or why not.
#[wasm_bindgen]
pub fn trace_of(records: &str) -> Result<String, JsValue> {
    trace_job::run(records).map_err(|why| JsValue::from_str(&why))
}
