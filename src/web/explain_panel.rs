//! The explanation beside the canvas: the narration caption (announced
//! politely to screen readers, and only when it changes, at most once a
//! `CAPTION_REFRESH_MS`), the Attack / Retreat / Add a general buttons, and
//! the collapsible per-round message table, which is the canvas's text
//! alternative. Everything shown comes from `ui::narration` and
//! `ui::message_table`; the buttons' commands go through the console.

use wasm_bindgen::prelude::*;

use crate::engine::Session;
use crate::ui::message_table::{self, Fate};
use crate::ui::narration;

use super::dom;

/// Least wall time between two caption or table updates while an order
/// runs: a screen reader gets a sentence per change, never one per frame.
pub const CAPTION_REFRESH_MS: f64 = 1000.0;

pub struct ExplainPanel {
    caption: web_sys::Element,
    pub attack: web_sys::HtmlButtonElement,
    pub retreat: web_sys::HtmlButtonElement,
    pub add: web_sys::HtmlButtonElement,
    table: web_sys::HtmlElement,
    where_: web_sys::Element,
    rows: web_sys::Element,
    pub prev_round: web_sys::HtmlButtonElement,
    pub next_round: web_sys::HtmlButtonElement,
    pub prev_page: web_sys::HtmlButtonElement,
    pub next_page: web_sys::HtmlButtonElement,
    /// The round and page the reader chose; `None`: follow the round on the wire.
    round: Option<usize>,
    page: u64,
    shown_at: f64,
    /// The caption shown, and the table page shown (compared, not formatted
    /// with `{:?}`: Debug text as a key linked the types' Debug code into the page).
    shown: (String, Option<message_table::Page>),
    /// (order, round) last narrated: a new round is told at once.
    step: (u64, Option<u8>),
}

impl ExplainPanel {
    pub fn mount() -> Result<ExplainPanel, JsValue> {
        Ok(ExplainPanel {
            caption: dom::by_id("caption")?,
            attack: dom::by_id("btn-attack")?,
            retreat: dom::by_id("btn-retreat")?,
            add: dom::by_id("btn-add")?,
            table: dom::by_id("message-table")?,
            where_: dom::by_id("table-where")?,
            rows: dom::by_id("table-rows")?,
            prev_round: dom::by_id("table-prev-round")?,
            next_round: dom::by_id("table-next-round")?,
            prev_page: dom::by_id("table-prev-page")?,
            next_page: dom::by_id("table-next-page")?,
            round: None,
            page: 0,
            shown_at: f64::NEG_INFINITY,
            shown: Default::default(),
            step: (0, None),
        })
    }

    /// Moves the table by whole rounds or pages (the buttons).
    pub fn move_table(&mut self, session: &Session, rounds: i64, pages: i64) {
        if let Some(exchange) = session.latest_exchange() {
            let current = self
                .round
                .unwrap_or_else(|| message_table::rounds_begun(exchange));
            let begun = message_table::rounds_begun(exchange).max(1);
            let round = (current as i64 + rounds).clamp(1, begun as i64) as usize;
            if rounds != 0 {
                self.page = 0;
            }
            self.page = (self.page as i64 + pages).max(0) as u64;
            self.round = Some(round);
        }
        self.show(session, f64::INFINITY, true);
    }

    /// Forgets the reader's round when a new order starts.
    pub fn follow(&mut self) {
        self.round = None;
        self.page = 0;
    }

    /// Updates caption and table if due (`now_ms`) or `now` is forced.
    pub fn show(&mut self, session: &Session, now_ms: f64, now: bool) {
        // A caption changes only when the round does; while a round runs,
        // the table (messages landing) is refreshed at most once a period.
        let step = (
            session.orders_started(),
            session.exchange().and_then(|e| e.round()),
        );
        let new_step = step != self.step;
        self.step = step;
        if !now && !new_step && now_ms - self.shown_at < CAPTION_REFRESH_MS {
            return;
        }
        self.shown_at = if now_ms.is_finite() {
            now_ms
        } else {
            self.shown_at
        };
        let caption = narration::caption(session);
        if caption != self.shown.0 {
            dom::set_text(&self.caption, &caption);
            self.shown.0 = caption;
        }
        let busy = session.is_busy();
        self.attack.set_disabled(busy || session.is_ended());
        self.retreat.set_disabled(busy || session.is_ended());
        self.add.set_disabled(session.is_ended());
        if self.table.has_attribute("open") {
            self.table_rows(session);
        }
    }

    fn table_rows(&mut self, session: &Session) {
        let Some(exchange) = session.latest_exchange() else {
            dom::set_text(&self.where_, "No order yet.");
            self.rows.set_text_content(None);
            self.shown.1 = None;
            for b in [
                &self.prev_round,
                &self.next_round,
                &self.prev_page,
                &self.next_page,
            ] {
                b.set_disabled(true);
            }
            return;
        };
        let round = self
            .round
            .unwrap_or_else(|| message_table::rounds_begun(exchange));
        let page = message_table::page(exchange, round, self.page);
        self.page = page.page;
        let begun = message_table::rounds_begun(exchange);
        self.prev_round.set_disabled(page.round <= 1);
        self.next_round.set_disabled(page.round >= begun);
        self.prev_page.set_disabled(page.page == 0);
        self.next_page.set_disabled(page.page + 1 >= page.pages);
        dom::set_text(&self.where_, &page.place());
        if self.shown.1.as_ref() == Some(&page) {
            return;
        }
        self.shown.1 = Some(page.clone());
        let document = dom::document();
        self.rows.set_text_content(None);
        for row in &page.rows {
            let Ok(tr) = document.create_element("tr") else {
                return;
            };
            let chain: Vec<String> = row.chain.iter().map(ToString::to_string).collect();
            let (value, class) = match row.fate {
                Fate::Delivered(order) => (order.to_string(), order.as_str()),
                Fate::OnTheWire(order) => (format!("{order} (on the wire)"), order.as_str()),
                Fate::Withheld => ("nothing: retreat by default".to_string(), "retreat"),
                Fate::Pending => ("not yet known".to_string(), "pending"),
            };
            let note = if row.lie {
                format!("lie: {} changed it", row.from())
            } else if row.fate == Fate::Withheld {
                format!("{} withheld it", row.from())
            } else {
                String::new()
            };
            for (text, cell_class) in [
                (chain.join(" \u{2192} "), ""),
                (row.to.to_string(), ""),
                (value, class),
                (note, if row.lie { "lie" } else { "" }),
            ] {
                if let Ok(td) = document.create_element("td") {
                    td.set_text_content(Some(&text));
                    if !cell_class.is_empty() {
                        td.set_class_name(&format!("val {cell_class}"));
                    }
                    let _ = tr.append_child(&td);
                }
            }
            let _ = self.rows.append_child(&tr);
        }
    }
}
