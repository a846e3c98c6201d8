//! Browser tests of the web layer (wasm-bindgen-test in headless Chromium):
//! the console writes text, never HTML, and a mounted page answers Enter.
#![cfg(target_arch = "wasm32")]

use byzantine_generals::web::{self, console};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlCanvasElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const PAYLOAD: &str = "<img src=x onerror=alert(1)>";

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Creates `<tag id=id>` at the end of `<body>`.
fn add(tag: &str, id: &str) -> Element {
    let element = document().create_element(tag).unwrap();
    if !id.is_empty() {
        element.set_id(id);
    }
    document().body().unwrap().append_child(&element).unwrap();
    element
}

/// Dispatches a real `keydown` event for `key` on `target`.
fn press(target: &Element, key: &str) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"key".into(), &key.into()).unwrap();
    js_sys::Reflect::set(&init, &"bubbles".into(), &JsValue::TRUE).unwrap();
    let window: JsValue = web_sys::window().unwrap().into();
    let constructor: js_sys::Function = js_sys::Reflect::get(&window, &"KeyboardEvent".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let args = js_sys::Array::of2(&"keydown".into(), &init);
    let event: web_sys::Event = js_sys::Reflect::construct(&constructor, &args)
        .unwrap()
        .dyn_into()
        .unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
fn append_line_writes_text_not_html() {
    let output = add("div", "");
    let line = console::append_line(&output, PAYLOAD).unwrap();

    assert_eq!(output.child_element_count(), 1);
    assert_eq!(line.text_content().unwrap(), PAYLOAD);
    assert_eq!(output.text_content().unwrap(), PAYLOAD);
    assert!(output.query_selector("img").unwrap().is_none());
    assert_eq!(line.class_name(), console::LINE_CLASS);
    output.remove();
}

#[wasm_bindgen_test]
fn each_call_appends_exactly_one_line() {
    let output = add("div", "");
    for (i, text) in ["first", "second line", "  third  "].iter().enumerate() {
        console::append_line(&output, text).unwrap();
        assert_eq!(output.child_element_count(), i as u32 + 1);
        assert_eq!(
            output.last_element_child().unwrap().text_content().unwrap(),
            *text
        );
    }
    output.remove();
}

#[wasm_bindgen_test]
fn submit_takes_the_typed_line_and_clears_the_input() {
    let input: HtmlInputElement = add("input", "").dyn_into().unwrap();
    let output = add("div", "");

    input.set_value("   ");
    assert!(console::submit(&input, &output).unwrap().is_none());
    assert_eq!(output.child_element_count(), 0);

    input.set_value(PAYLOAD);
    let line = console::submit(&input, &output).unwrap().unwrap();
    assert_eq!(line.text_content().unwrap(), PAYLOAD);
    assert_eq!(input.value(), "");
    assert!(output.query_selector("img").unwrap().is_none());
    input.remove();
    output.remove();
}

#[wasm_bindgen_test]
fn mount_needs_the_page_elements() {
    // wasm-bindgen-test's own page has none of them: nothing happens.
    assert!(document().get_element_by_id(web::VIEW_ID).is_none());
    assert!(!web::mount(&document()).unwrap());
}

#[wasm_bindgen_test]
fn mounted_page_draws_echoes_on_enter_and_is_ready() {
    let view: HtmlCanvasElement = add("canvas", web::VIEW_ID).dyn_into().unwrap();
    view.set_width(400);
    view.set_height(240);
    let blank: HtmlCanvasElement = add("canvas", "").dyn_into().unwrap();
    let input: HtmlInputElement = add("input", web::CONSOLE_INPUT_ID).dyn_into().unwrap();
    let output = add("div", web::CONSOLE_OUTPUT_ID);
    let body = document().body().unwrap();

    assert!(web::mount(&document()).unwrap());
    assert_eq!(
        body.get_attribute(web::READY_ATTRIBUTE).as_deref(),
        Some("true")
    );
    // Something was drawn: the picture differs from an empty canvas's.
    blank.set_width(view.width());
    blank.set_height(view.height());
    assert_ne!(view.to_data_url().unwrap(), blank.to_data_url().unwrap());

    input.set_value(PAYLOAD);
    press(&input, "a");
    assert_eq!(output.child_element_count(), 0, "only Enter submits");
    press(&input, "Enter");
    assert_eq!(output.child_element_count(), 1);
    assert_eq!(output.text_content().unwrap(), PAYLOAD);
    assert_eq!(input.value(), "");
    assert!(document().query_selector("img").unwrap().is_none());

    for element in [
        view.unchecked_into::<Element>(),
        blank.into(),
        input.into(),
        output,
    ] {
        element.remove();
    }
    body.remove_attribute(web::READY_ATTRIBUTE).unwrap();
}
