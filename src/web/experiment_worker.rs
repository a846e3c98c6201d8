//! Experiments in Web Workers. A worker is a module worker made from a small
//! script held here (a Blob URL, so trunk needs no extra file) that imports
//! this very wasm-bindgen module (the Experiments module, whose URLs the page
//! handed to `mount_experiments`, so the worker loads the files the page just
//! did, from the cache), initialises it and runs one cell per message with
//! `experiment_cell`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::experiment::{report, run_cell};
use crate::ui::experiment_form::parse_spec;

/// Runs cell `index` of the sweep written as `spec` (`experiment_form::spec`)
/// and returns its CSV row. Called inside a worker; pure, like `run_cell`.
#[wasm_bindgen]
pub fn experiment_cell(spec: &str, index: u32) -> Result<String, JsValue> {
    let sweep = parse_spec(spec).map_err(|e| JsValue::from_str(&e))?;
    let cells = sweep.cells();
    let cell = cells
        .get(index as usize)
        .ok_or_else(|| JsValue::from_str("no such cell"))?;
    let result = run_cell(cell, sweep.seed)
        .map_err(|e| JsValue::from_str(&crate::ui::experiment_form::worded(&e)))?;
    Ok(report::csv_row(sweep.seed, &result))
}

/// The worker: on its first message it loads the module; each message
/// `{module, wasm, spec, index}` is answered with `{index, row}` or `{error}`.
const SCRIPT: &str = r#"
let loaded = null;
self.onmessage = async (event) => {
  const { module, wasm, spec, index } = event.data;
  try {
    if (!loaded) {
      loaded = import(module).then(async (m) => {
        await m.default({ module_or_path: wasm });
        return m;
      });
    }
    const m = await loaded;
    self.postMessage({ index, row: m.experiment_cell(spec, index) });
  } catch (e) {
    self.postMessage({ index, error: String(e) });
  }
};
"#;

/// A new module worker running `SCRIPT`.
pub fn spawn() -> Result<web_sys::Worker, JsValue> {
    super::dom::module_worker(SCRIPT)
}

/// Asks `worker` to run one cell.
pub fn send(
    worker: &web_sys::Worker,
    urls: &(String, String),
    spec: &str,
    index: usize,
) -> Result<(), JsValue> {
    let message = js_sys::Object::new();
    for (key, value) in [
        ("module", JsValue::from_str(&urls.0)),
        ("wasm", JsValue::from_str(&urls.1)),
        ("spec", JsValue::from_str(spec)),
        ("index", JsValue::from_f64(index as f64)),
    ] {
        js_sys::Reflect::set(&message, &JsValue::from_str(key), &value)?;
    }
    worker.post_message(&message)
}

/// A worker's answer: the cell's index and its CSV row, or what went wrong.
pub fn answer(event: &web_sys::MessageEvent) -> (Option<usize>, Result<String, String>) {
    let data = event.data();
    let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok();
    let index = get("index").and_then(|v| v.as_f64()).map(|v| v as usize);
    match get("row").and_then(|v| v.as_string()) {
        Some(row) => (index, Ok(row)),
        None => (
            index,
            Err(get("error")
                .and_then(|v| v.as_string())
                .unwrap_or_else(|| "the worker sent nothing".into())),
        ),
    }
}

/// How many workers to start: the cores the browser reports, 1 to 4.
pub fn worker_count() -> usize {
    web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .filter(|c| c.is_finite() && *c >= 1.0)
        .map_or(2, |c| (c as usize).clamp(1, 4))
}

/// Keeps a JS closure alive as long as its worker.
pub type OnMessage = Closure<dyn FnMut(web_sys::MessageEvent)>;

/// Sets `worker`'s message handler.
pub fn on_message(worker: &web_sys::Worker, handler: &OnMessage) {
    worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
}
