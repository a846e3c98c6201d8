//! Sharing a run: keeping the address set to the session's replay link,
//! copying it, and saving text files (transcript, trace) the way a browser
//! downloads them. What the files hold is decided elsewhere; this only hands
//! them to the browser.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;

pub struct ShareBar {
    pub copy_link: web_sys::HtmlButtonElement,
    pub transcript: web_sys::HtmlButtonElement,
    pub trace: web_sys::HtmlButtonElement,
    /// Says when the session has outgrown its link.
    pub note: web_sys::Element,
}

impl ShareBar {
    pub fn mount() -> Result<ShareBar, JsValue> {
        Ok(ShareBar {
            copy_link: dom::by_id("btn-copy-link")?,
            transcript: dom::by_id("btn-transcript")?,
            trace: dom::by_id("btn-trace")?,
            note: dom::by_id("share-note")?,
        })
    }
}

/// The address's fragment without `#` (empty if none).
pub fn fragment(window: &web_sys::Window) -> String {
    let hash = window.location().hash().unwrap_or_default();
    hash.strip_prefix('#').unwrap_or(&hash).to_string()
}

/// This page's address with `fragment` as its hash. The query is dropped:
/// the fragment holds every start option.
pub fn address_with(fragment: &str) -> String {
    let location = web_sys::window().map(|w| w.location());
    let origin = location
        .as_ref()
        .and_then(|l| l.origin().ok())
        .unwrap_or_default();
    let path = location.and_then(|l| l.pathname().ok()).unwrap_or_default();
    format!("{origin}{path}#{fragment}")
}

/// Sets the address to `address_with(fragment)`, replacing the history entry
/// (no new Back step per command).
pub fn set_address(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = address_with(fragment);
    if window.location().href().ok().as_deref() == Some(url.as_str()) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Copies `text` to the clipboard; `done(true)` once written, `done(false)`
/// if the browser refused.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = window.navigator().clipboard().write_text(text);
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let (ok, failed) = (done.clone(), done);
    let on_ok = Closure::once(move |_: JsValue| {
        if let Some(done) = ok.take() {
            done(true);
        }
    });
    let on_failed = Closure::once(move |_: JsValue| {
        if let Some(done) = failed.take() {
            done(false);
        }
    });
    let _ = promise.then2(&on_ok, &on_failed);
    // Each closure runs at most once, when the promise settles.
    on_ok.forget();
    on_failed.forget();
}

/// Offers `text` as a file named `name` (a download, as a link with the
/// `download` attribute does).
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = dom::document().create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // The browser reads the blob after this returns: release it a little later.
    let release = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        window.set_timeout_with_callback_and_timeout_and_arguments_0(
            release.unchecked_ref(),
            RELEASE_AFTER_MS,
        )?;
    }
    Ok(())
}

/// How long a downloaded file's blob is kept for the browser to read it.
const RELEASE_AFTER_MS: i32 = 60_000;
