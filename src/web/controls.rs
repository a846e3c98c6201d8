//! The control bar (pause, step, speed, restart) and the always-visible
//! status line. Buttons only call back into the app; the status is redrawn
//! from `ui::status`, touching the DOM only when its text changes.

use wasm_bindgen::prelude::*;

use crate::engine::Session;
use crate::ui::status::status;

use super::dom;

pub struct Controls {
    pub pause: web_sys::HtmlButtonElement,
    pub step: web_sys::HtmlButtonElement,
    pub restart: web_sys::HtmlButtonElement,
    pub speed: web_sys::HtmlSelectElement,
    round: web_sys::Element,
    messages: web_sys::Element,
    tolerance: web_sys::Element,
}

impl Controls {
    pub fn mount() -> Result<Controls, JsValue> {
        Ok(Controls {
            pause: dom::by_id("btn-pause")?,
            step: dom::by_id("btn-step")?,
            restart: dom::by_id("btn-restart")?,
            speed: dom::by_id("speed")?,
            round: dom::by_id("status-round")?,
            messages: dom::by_id("status-messages")?,
            tolerance: dom::by_id("status-tolerance")?,
        })
    }

    pub fn show_paused(&self, paused: bool) {
        dom::set_text(&self.pause, if paused { "Resume" } else { "Pause" });
        let _ = self
            .pause
            .set_attribute("aria-pressed", if paused { "true" } else { "false" });
    }

    pub fn show_status(&self, session: &Session) {
        let s = status(session);
        dom::set_text(&self.round, &s.round);
        dom::set_text(&self.messages, &s.messages);
        dom::set_text(&self.tolerance, &s.tolerance);
        let class = if s.tolerant {
            "status-ok"
        } else {
            "status-bad"
        };
        if self.tolerance.class_name() != class {
            self.tolerance.set_class_name(class);
        }
    }
}
