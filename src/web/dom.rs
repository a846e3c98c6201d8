//! Small helpers for finding and filling page elements by id.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("the page has a document")
}

/// The element with this id, as the type the page's markup promises.
pub fn by_id<T: JsCast>(id: &str) -> Result<T, JsValue> {
    document()
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("the page lacks #{id}")))?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(&format!("#{id} is not the expected kind of element")))
}

/// A new `tag` element with `class` (none if empty) and `text` (none if
/// `None`), not yet in the document.
pub fn element(tag: &str, class: &str, text: Option<&str>) -> web_sys::Element {
    let element = document()
        .create_element(tag)
        .expect("the document creates elements");
    if !class.is_empty() {
        element.set_class_name(class);
    }
    if text.is_some() {
        element.set_text_content(text);
    }
    element
}

/// The events that start and end marking what a pointer is over or the
/// keyboard is on, each with whether it starts (`true`) or ends it.
pub const HOVER_AND_FOCUS: [(&str, bool); 4] = [
    ("mouseover", true),
    ("focusin", true),
    ("mouseout", false),
    ("focusout", false),
];

/// Sets text only when it changed, so a frame does not dirty the layout.
pub fn set_text(element: &web_sys::Element, text: &str) {
    if element.text_content().as_deref() != Some(text) {
        element.set_text_content(Some(text));
    }
}

/// The page's clock in milliseconds (`performance.now()`), 0 without one:
/// how long the page's own work has taken this frame.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The element with the keyboard focus, if any.
pub fn active_element() -> Option<web_sys::HtmlElement> {
    document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// The element an event happened in, or its nearest ancestor matching `selector`.
pub fn closest(event: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()?
}

/// Sets an attribute only when it changed.
pub fn set_attribute(element: &web_sys::Element, name: &str, value: &str) {
    if element.get_attribute(name).as_deref() != Some(value) {
        let _ = element.set_attribute(name, value);
    }
}

/// Adds a listener that lives as long as the page.
pub fn listen<E: wasm_bindgen::convert::FromWasmAbi + 'static>(
    target: &web_sys::EventTarget,
    event: &str,
    handler: impl FnMut(E) + 'static,
) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(E)>::new(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    closure.forget();
    Ok(())
}

/// A new module worker running `script` (held as a Blob URL, so trunk needs
/// no extra file).
pub fn module_worker(script: &str) -> Result<web_sys::Worker, JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(script));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let worker_options = web_sys::WorkerOptions::new();
    worker_options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&url, &worker_options);
    // The worker has fetched its script once it exists; the URL can go.
    let _ = web_sys::Url::revoke_object_url(&url);
    worker
}
