//! Loads the Experiments module (modules/experiments: the panel, its chart
//! and the sweep's cells) the first time the Experiments panel is opened, so
//! the page's own download carries none of it. trunk writes that module's
//! files, unhashed, next to the page (`generals-experiments.js` and its
//! `_bg.wasm`); once loaded, its `mount_experiments` takes over the panel and
//! is handed the function that opens a failing run in the main view.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;

/// The module's files, relative to the page.
const MODULE: &str = "generals-experiments.js";
const WASM: &str = "generals-experiments_bg.wasm";

/// Imports the module, initialises it and mounts the panel. A dynamic
/// `import()` has no Rust spelling: this is the one line of it. The module's
/// exports become `window.wasmExperiments`, as trunk makes the page's
/// `window.wasmBindings` (tests and scripts reach the chart through it).
const LOAD: &str = r#"
return import(module).then(async (m) => {
  await m.default({ module_or_path: wasm });
  m.mount_experiments(open, module, wasm);
  window.wasmExperiments = m;
});
"#;

/// Starts loading the module when `#experiments` is first opened; `open`
/// then receives the replay links the panel's cells open.
pub fn on_first_open(open: impl Fn(&str) + 'static) -> Result<(), JsValue> {
    let details: web_sys::Element = dom::by_id("experiments")?;
    let status: web_sys::Element = dom::by_id("exp-status")?;
    let open: Closure<dyn Fn(String)> = Closure::new(move |link: String| open(&link));
    let open: JsValue = open.into_js_value();
    let started = Rc::new(Cell::new(false));
    let target: web_sys::EventTarget = details.clone().into();
    dom::listen(&target, "toggle", move |_: web_sys::Event| {
        let is_open =
            js_sys::Reflect::get(&details, &JsValue::from_str("open")).is_ok_and(|v| v.is_truthy());
        if !is_open || started.replace(true) {
            return;
        }
        dom::set_text(&status, "Loading the experiments module...");
        if let Err(problem) = load(&open) {
            let text = format!("error: could not load the experiments module: {problem:?}");
            dom::set_text(&status, &text);
        }
    })
}

/// The module's JS and wasm as whole URLs (a worker's script, a Blob, has
/// no base of its own to resolve them against).
pub fn urls() -> Result<(String, String), JsValue> {
    let base = dom::document().base_uri()?.unwrap_or_default();
    let url = |file: &str| web_sys::Url::new_with_base(file, &base).map(|u| u.href());
    Ok((url(MODULE)?, url(WASM)?))
}

fn load(open: &JsValue) -> Result<(), JsValue> {
    let (module, wasm) = urls()?;
    let load = js_sys::Function::new_with_args("module, wasm, open", LOAD);
    let args = js_sys::Array::of3(&module.into(), &wasm.into(), open);
    let promise: js_sys::Promise = load.apply(&JsValue::NULL, &args)?.dyn_into()?;
    // Loaded once: the handler lives as long as the page.
    let failed = Closure::<dyn FnMut(JsValue)>::new(|problem: JsValue| {
        if let Ok(status) = dom::by_id::<web_sys::Element>("exp-status") {
            let why = problem
                .as_string()
                .unwrap_or_else(|| format!("{problem:?}"));
            dom::set_text(
                &status,
                &format!("error: could not load the experiments module: {why}"),
            );
        }
    });
    let _ = promise.catch(&failed);
    failed.forget();
    Ok(())
}
