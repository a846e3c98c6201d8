//! The animation loop: calls `on_frame` from every `requestAnimationFrame`,
//! as in wasm-bindgen's request-animation-frame example. The closure
//! re-registers itself, so it lives as long as the page.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

/// The frame callback, shared between the loop and its own re-registration.
type FrameCallback = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

pub fn run(
    window: web_sys::Window,
    mut on_frame: impl FnMut(f64) + 'static,
) -> Result<(), JsValue> {
    let next: FrameCallback = Rc::new(RefCell::new(None));
    let again = next.clone();
    let w = window.clone();
    *again.borrow_mut() = Some(Closure::new(move |now_ms: f64| {
        on_frame(now_ms);
        if let Some(callback) = next.borrow().as_ref() {
            // A failed registration only stops the animation; the console keeps working.
            let _ = w.request_animation_frame(callback.as_ref().unchecked_ref());
        }
    }));
    let first = again.borrow();
    window.request_animation_frame(first.as_ref().expect("set above").as_ref().unchecked_ref())?;
    Ok(())
}
