//! The timeline under the canvas (a range input with marks at round
//! boundaries, its label, and the Present button) and the list of the
//! session's orders. It only shows `ui::timeline`'s model and reports the
//! user's choices back to the app, which decides what is shown.

use wasm_bindgen::prelude::*;

use crate::engine::timeline::OrderRecord;
use crate::engine::Session;
use crate::ui::timeline::{label, marks, order_entry};

use super::dom;

pub struct TimelinePanel {
    pub range: web_sys::HtmlInputElement,
    marks: web_sys::Element,
    label: web_sys::Element,
    pub present: web_sys::HtmlButtonElement,
    pub orders: web_sys::Element,
    /// The marks' order end and the list's state, to touch the DOM only on change.
    shown_end: Option<u64>,
    shown_orders: Option<(u64, usize, Option<u64>)>,
}

impl TimelinePanel {
    pub fn mount() -> Result<TimelinePanel, JsValue> {
        Ok(TimelinePanel {
            range: dom::by_id("timeline")?,
            marks: dom::by_id("timeline-marks")?,
            label: dom::by_id("timeline-label")?,
            present: dom::by_id("btn-present")?,
            orders: dom::by_id("orders")?,
            shown_end: None,
            shown_orders: None,
        })
    }

    /// Shows `record` at `tick` (`past`: an earlier instant than the
    /// present), or an empty, disabled timeline before the first order.
    pub fn show(&mut self, record: Option<&OrderRecord>, tick: u64, past: bool) {
        self.present.set_disabled(!past);
        let Some(record) = record else {
            self.range.set_disabled(true);
            dom::set_text(
                &self.label,
                "No order yet: the timeline spans the order in flight or the last one.",
            );
            return;
        };
        let end = record.end();
        self.range.set_disabled(false);
        if self.shown_end != Some(end) {
            self.shown_end = Some(end);
            self.range.set_max(&end.to_string());
            self.marks.set_text_content(None);
            for mark in marks(end) {
                if let Ok(option) = dom::document().create_element("option") {
                    let _ = option.set_attribute("value", &mark.to_string());
                    let _ = self.marks.append_child(&option);
                }
            }
        }
        let value = tick.min(end).to_string();
        if self.range.value() != value {
            self.range.set_value(&value);
        }
        let text = label(record, tick, past);
        if self.label.text_content().as_deref() != Some(text.as_str()) {
            dom::set_text(&self.label, &text);
            let _ = self.range.set_attribute("aria-valuetext", &text);
        }
    }

    /// The list of the session's orders, newest first, rebuilt when an order
    /// starts or completes. `viewing` marks the one on the timeline.
    pub fn show_orders(&mut self, session: &Session, viewing: Option<u64>) {
        let orders = session.orders();
        let completed = orders.iter().filter(|o| o.outcome.is_some()).count();
        let state = (orders.back().map_or(0, |o| o.number), completed, viewing);
        if self.shown_orders == Some(state) {
            return;
        }
        self.shown_orders = Some(state);
        self.orders.set_text_content(None);
        let document = dom::document();
        for record in orders.iter().rev() {
            let (title, details) = order_entry(record);
            let (Ok(item), Ok(button)) = (
                document.create_element("li"),
                document.create_element("button"),
            ) else {
                continue;
            };
            let _ = button.set_attribute("type", "button");
            let _ = button.set_attribute("data-order", &record.number.to_string());
            if viewing == Some(record.number) {
                let _ = button.set_attribute("aria-current", "true");
            }
            for (class, text) in std::iter::once(("order-title", title.as_str()))
                .chain(details.iter().map(|d| ("order-detail", d.as_str())))
            {
                if let Ok(span) = document.create_element("span") {
                    span.set_class_name(class);
                    span.set_text_content(Some(text));
                    let _ = button.append_child(&span);
                }
            }
            let _ = item.append_child(&button);
            let _ = self.orders.append_child(&item);
        }
    }
}
