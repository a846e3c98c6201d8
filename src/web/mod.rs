//! The browser layer: the WebAssembly entry point that wires the page up.
//!
//! It owns the page's stable test contract: the element ids below, and the
//! `data-ready="true"` flag set on `<body>` once the page is running.

pub mod canvas;
pub mod console;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlCanvasElement, HtmlInputElement};

/// Id of the `<canvas>` that shows the generals.
pub const VIEW_ID: &str = "view";
/// Id of the `<input>` where commands are typed.
pub const CONSOLE_INPUT_ID: &str = "console-input";
/// Id of the element that receives the console's lines, one child per line.
pub const CONSOLE_OUTPUT_ID: &str = "console-output";
/// Attribute set to `"true"` on `<body>` once the page is running.
pub const READY_ATTRIBUTE: &str = "data-ready";

/// Runs when the module is instantiated. Does nothing without a `window`
/// (Node, workers), so the module can be loaded anywhere.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    let Some(window) = web_sys::window() else {
        return Ok(());
    };
    console_error_panic_hook::set_once();
    if let Some(document) = window.document() {
        mount(&document)?;
    }
    Ok(())
}

/// Wires up the page in `document`: draws the view, attaches the console and
/// sets the ready flag. Returns `Ok(false)` and changes nothing when the
/// page's elements are missing (for example in wasm-bindgen-test's page).
pub fn mount(document: &Document) -> Result<bool, JsValue> {
    let (Some(view), Some(input), Some(output), Some(body)) = (
        document.get_element_by_id(VIEW_ID),
        document.get_element_by_id(CONSOLE_INPUT_ID),
        document.get_element_by_id(CONSOLE_OUTPUT_ID),
        document.body(),
    ) else {
        return Ok(false);
    };
    let view: HtmlCanvasElement = view.dyn_into()?;
    let input: HtmlInputElement = input.dyn_into()?;

    canvas::show(&view)?;
    console::attach(&input, &output)?;
    body.set_attribute(READY_ATTRIBUTE, "true")?;
    Ok(true)
}
