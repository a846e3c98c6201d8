//! The in-page console: appends output lines (one element per line, as text,
//! never as HTML) and hands each line typed into the input to the console.
//!
//! For now a typed line is echoed; the engine's command interpreter takes
//! its place later.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, KeyboardEvent};

/// Class of every line element in the console output.
pub const LINE_CLASS: &str = "console-line";

/// Appends `text` to `output` as one new line element and scrolls it into
/// view. The text is set as text content, so markup in it stays inert.
pub fn append_line(output: &Element, text: &str) -> Result<Element, JsValue> {
    let document = output
        .owner_document()
        .ok_or_else(|| JsValue::from_str("the console output is not in a document"))?;
    let line = document.create_element("div")?;
    line.set_class_name(LINE_CLASS);
    line.set_text_content(Some(text));
    output.append_child(&line)?;
    output.set_scroll_top(output.scroll_height());
    Ok(line)
}

/// Takes the line typed into `input`: appends it to `output` and clears the
/// input. Returns the new line element, or `None` when the input was blank
/// (nothing is appended then).
pub fn submit(input: &HtmlInputElement, output: &Element) -> Result<Option<Element>, JsValue> {
    let text = input.value();
    if text.trim().is_empty() {
        return Ok(None);
    }
    let line = append_line(output, &text)?;
    input.set_value("");
    Ok(Some(line))
}

/// Makes Enter in `input` submit the typed line to `output`. The listener
/// lives as long as the page.
pub fn attach(input: &HtmlInputElement, output: &Element) -> Result<(), JsValue> {
    let target = input.clone();
    let output = output.clone();
    let on_keydown = Closure::<dyn FnMut(KeyboardEvent)>::new(move |event: KeyboardEvent| {
        if event.key() != "Enter" || event.is_composing() {
            return;
        }
        event.prevent_default();
        if let Err(error) = submit(&target, &output) {
            web_sys::console::error_1(&error);
        }
    });
    input.add_event_listener_with_callback("keydown", on_keydown.as_ref().unchecked_ref())?;
    on_keydown.forget();
    Ok(())
}
