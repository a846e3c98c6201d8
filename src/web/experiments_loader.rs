//! Loads the Experiments module (modules/experiments: the Experiments panel,
//! its chart and the sweep's cells, and the Lessons panel) the first time
//! either panel is opened, so the page's own download carries none of it.
//! trunk writes that module's files, unhashed, next to the page
//! (`generals-experiments.js` and its `_bg.wasm`). The module is imported
//! and initialised once for both panels; then its `mount_experiments` takes
//! over the Experiments panel (and is handed the function that opens a
//! failing run in the main view), its `mount_lessons` the Lessons panel
//! (handed the page's `lesson_worlds`, which draws a lesson's two worlds),
//! and its `trace_of` writes the trace that Download trace saves.
//! Each panel says it is loading, and if the module cannot be loaded, says
//! so in one `error:` line; the page goes on either way.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;

/// The module's files, relative to the page.
const MODULE: &str = "generals-experiments.js";
const WASM: &str = "generals-experiments_bg.wasm";

/// Imports and initialises the module. A dynamic `import()` has no Rust
/// spelling: this is the one line of it. The module's exports become
/// `window.wasmExperiments`, as trunk makes the page's `window.wasmBindings`
/// (tests and scripts reach the chart through it).
const IMPORT: &str = r#"
return import(module).then(async (m) => {
  await m.default({ module_or_path: wasm });
  window.wasmExperiments = m;
  return m;
});
"#;

thread_local! {
    /// The module's import, shared by both panels (a failed one is
    /// forgotten, so the other panel tries again).
    static LOADING: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

/// Starts loading the module when `#experiments` is first opened; `open`
/// then receives the replay links the panel's cells open.
pub fn on_first_open(open: impl Fn(&str) + 'static) -> Result<(), JsValue> {
    let status: web_sys::Element = dom::by_id("exp-status")?;
    let open: Closure<dyn Fn(String)> = Closure::new(move |link: String| open(&link));
    let open: JsValue = open.into_js_value();
    first_open("experiments", move || {
        dom::set_text(&status, "Loading the experiments module...");
        let (module, wasm) = urls()?;
        let mount = js_sys::Function::new_with_args(
            "module, wasm, open",
            "return (m) => m.mount_experiments(open, module, wasm);",
        )
        .apply(
            &JsValue::NULL,
            &js_sys::Array::of3(&module.into(), &wasm.into(), &open),
        )?;
        let status = status.clone();
        when_loaded(
            &mount,
            |_| {},
            move |why| {
                let text = format!("error: could not load the experiments module: {why}");
                dom::set_text(&status, &text);
            },
        )
    })
}

/// Loads the module when `#lessons` is first opened and has it fill the
/// list; `#lessons-status` says it is loading, then is hidden, or says why
/// the lessons could not be loaded.
pub fn lessons_on_first_open() -> Result<(), JsValue> {
    let status: web_sys::HtmlElement = dom::by_id("lessons-status")?;
    first_open("lessons", move || {
        dom::set_text(&status, "Loading the lessons...");
        status.set_hidden(false);
        let mount =
            js_sys::Function::new_with_args("worlds", "return (m) => m.mount_lessons(worlds);")
                .call1(&JsValue::NULL, &super::lesson_worlds::function())?;
        let (shown, failed) = (status.clone(), status.clone());
        when_loaded(
            &mount,
            move |_| {
                shown.set_hidden(true);
                dom::set_text(&shown, "");
            },
            move |why| {
                let text = format!("error: could not load the lessons: {why}");
                dom::set_text(&failed, &text);
            },
        )
    })
}

/// Calls `start` the first time the `<details>` with this id is opened; if
/// `start` fails at once, the same message as a failed load follows from it.
fn first_open(id: &str, start: impl Fn() -> Result<(), JsValue> + 'static) -> Result<(), JsValue> {
    let details: web_sys::Element = dom::by_id(id)?;
    let started = Cell::new(false);
    let target: web_sys::EventTarget = details.clone().into();
    dom::listen(&target, "toggle", move |_: web_sys::Event| {
        if !details.has_attribute("open") || started.replace(true) {
            return;
        }
        if let Err(problem) = start() {
            web_sys::console::error_1(&problem);
        }
    })
}

/// Has the module write the trace of `records` (`engine::trace_job`'s
/// text): `written(lines)`, or `failed(why)` if the module could not be
/// loaded or refused them.
pub fn write_trace(
    records: &str,
    written: impl FnOnce(String) + 'static,
    failed: impl FnOnce(String) + 'static,
) {
    let write = js_sys::Function::new_with_args("records", "return (m) => m.trace_of(records);")
        .call1(&JsValue::NULL, &JsValue::from_str(records));
    let result = write.and_then(|write| {
        when_loaded(
            &write,
            move |lines| written(lines.as_string().unwrap_or_default()),
            failed,
        )
    });
    if let Err(problem) = result {
        web_sys::console::error_1(&problem);
    }
}

/// The module's JS and wasm as whole URLs (a worker's script, a Blob, has
/// no base of its own to resolve them against).
pub fn urls() -> Result<(String, String), JsValue> {
    let base = dom::document().base_uri()?.unwrap_or_default();
    let url = |file: &str| web_sys::Url::new_with_base(file, &base).map(|u| u.href());
    Ok((url(MODULE)?, url(WASM)?))
}

/// The module's import: started by the first panel that needs it.
fn module() -> Result<js_sys::Promise, JsValue> {
    if let Some(loading) = LOADING.with(|slot| slot.borrow().clone()) {
        return Ok(loading);
    }
    let (module, wasm) = urls()?;
    let import = js_sys::Function::new_with_args("module, wasm", IMPORT);
    let loading: js_sys::Promise = import
        .apply(
            &JsValue::NULL,
            &js_sys::Array::of2(&module.into(), &wasm.into()),
        )?
        .dyn_into()?;
    let forget = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {
        LOADING.with(|slot| *slot.borrow_mut() = None);
    });
    let _ = loading.catch(&forget);
    forget.forget();
    LOADING.with(|slot| *slot.borrow_mut() = Some(loading.clone()));
    Ok(loading)
}

/// Chains a panel's mount (or another use of the module) after the
/// module's import: `mount(module)`, then `done(what it returned)`, or
/// `failed(why)` if either failed.
const THEN: &str =
    "loading.then(mount).then((value) => done(value), (why) => failed(String(why)));";

/// Once the module is loaded, `mount(module)`; then `done(what it
/// returned)`, or `failed(why)` if the module could not be loaded or mounted.
fn when_loaded(
    mount: &JsValue,
    done: impl FnOnce(JsValue) + 'static,
    failed: impl FnOnce(String) + 'static,
) -> Result<(), JsValue> {
    let loading = match module() {
        Ok(loading) => loading,
        Err(problem) => {
            failed(describe(&problem));
            return Ok(());
        }
    };
    let done = Closure::once_into_js(done);
    let failed = Closure::once_into_js(failed);
    let then = js_sys::Function::new_with_args("loading, mount, done, failed", THEN);
    let args = js_sys::Array::of4(&loading, mount, &done, &failed);
    then.apply(&JsValue::NULL, &args)?;
    Ok(())
}

/// A JavaScript error or rejection in words.
fn describe(problem: &JsValue) -> String {
    problem
        .as_string()
        .unwrap_or_else(|| format!("{problem:?}"))
}
