//! The control bar (pause, step, speed, restart) and the always-visible
//! status line. Buttons only call back into the app; the status is redrawn
//! from `ui::status`, touching the DOM only when its text changes, so the
//! phase (`#status-round`, a polite live region) is announced when the round
//! changes, when an order completes or pauses, and never once per frame.
//! Pause and Step are marked `aria-disabled` rather than `disabled` when they
//! can do nothing, so a keyboard user's focus stays on them.

use wasm_bindgen::prelude::*;

use crate::engine::Session;
use crate::ui::status::{status, TERMS};

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
        // The explanation of n, k and m shown on hover and focus.
        dom::set_text(&dom::by_id::<web_sys::Element>("status-terms")?, TERMS);
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
        dom::set_attribute(
            &self.pause,
            "aria-pressed",
            if paused { "true" } else { "false" },
        );
    }

    /// Pause works until the session ends; Step only with messages in flight.
    pub fn show_enabled(&self, session: &Session) {
        let live = !session.is_ended();
        dom::set_attribute(
            &self.pause,
            "aria-disabled",
            if live { "false" } else { "true" },
        );
        let can_step = session.is_busy();
        dom::set_attribute(
            &self.step,
            "aria-disabled",
            if can_step { "false" } else { "true" },
        );
        dom::set_attribute(
            &self.step,
            "title",
            if can_step {
                "Advance half a hop: messages to mid-flight, or landed and the next round sent; pauses first (.)"
            } else if live {
                "Step: nothing in flight; give an order (Pause first to step it from its start)"
            } else {
                "Step: the session has ended"
            },
        );
    }

    /// The status of `session`; `replaying`, while a link is replayed over
    /// several frames, says how far in place of the phase.
    pub fn show_status(&self, session: &Session, paused: bool, replaying: Option<&str>) {
        let s = status(session, paused);
        dom::set_text(&self.round, replaying.unwrap_or(&s.round));
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
