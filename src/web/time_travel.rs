//! Time travel in the page: which session the picture shows (the present,
//! or an order re-run to an earlier instant by `Session::viewing`), the
//! timeline's scrubbing and keys, and the list of earlier orders. The engine
//! re-runs; this only chooses the instant. While an earlier instant is shown
//! the present waits; playing on from there catches up with it, and typing a
//! command returns to it.

use wasm_bindgen::JsCast;

use crate::engine::timeline::OrderRecord;
use crate::engine::Session;
use crate::ui::timeline::Move;

use super::app::App;

/// An order shown at an earlier instant than the present.
pub struct Past {
    /// The order's number (K).
    pub number: u64,
    /// A copy of the session re-run to the instant shown; it plays on with
    /// the clock, its lines unprinted (they are history).
    pub view: Session,
}

impl App {
    /// The session the picture, the status line and the inspector show.
    pub fn shown(&self) -> &Session {
        self.past.as_ref().map_or(&self.session, |past| &past.view)
    }

    /// The order the timeline spans: the one shown from the past, else the
    /// one in flight, else the last one.
    pub fn timeline_record(&self) -> Option<&OrderRecord> {
        let orders = self.session.orders();
        match &self.past {
            Some(past) => orders.iter().find(|o| o.number == past.number),
            None => orders.back(),
        }
    }

    /// The instant the timeline stands at (past the end once decided).
    pub fn timeline_tick(&self) -> u64 {
        self.shown().exchange().map_or(u64::MAX, |e| e.now())
    }

    /// Whether `number` is the order in flight in the present.
    fn in_flight(&self, number: u64) -> bool {
        self.session.is_busy()
            && self
                .session
                .orders()
                .back()
                .is_some_and(|o| o.number == number)
    }

    /// Shows order `number` at `tick`. For the order in flight, an instant
    /// not before the present moves the present on (as Step does); an
    /// earlier one, or any instant of a completed order, is re-run.
    pub fn seek(&mut self, number: u64, tick: u64) {
        if self.in_flight(number) {
            let now = self.session.exchange().map_or(0, |e| e.now());
            if tick >= now {
                self.past = None;
                let lines = self.session.advance(tick - now);
                self.console.print_lines(&lines);
                self.refresh();
                return;
            }
        }
        let Some(record) = self
            .session
            .orders()
            .iter()
            .find(|o| o.number == number)
            .cloned()
        else {
            return;
        };
        self.past = self
            .session
            .viewing(&record, tick)
            .map(|view| Past { number, view });
        self.refresh();
    }

    /// A timeline key: pauses, then moves the instant shown.
    pub fn timeline_move(&mut self, step: Move) {
        let Some(record) = self.timeline_record() else {
            return;
        };
        let (number, end) = (record.number, record.end());
        let tick = self.timeline_tick().min(end);
        self.pause();
        self.seek(number, step.target(tick, end));
    }

    /// The scrubber was dragged to `tick`.
    pub fn scrub(&mut self, tick: u64) {
        if let Some(number) = self.timeline_record().map(|r| r.number) {
            self.pause();
            self.seek(number, tick);
        }
    }

    /// Shows order `number` from the list, as the army was when it ended.
    pub fn view_order(&mut self, number: u64) {
        self.pause();
        self.seek(number, u64::MAX);
    }

    /// Back to the present.
    pub fn present(&mut self) {
        if self.past.take().is_some() {
            self.refresh();
        }
    }

    fn pause(&mut self) {
        if !self.clock.paused {
            self.toggle_pause();
        }
    }

    /// Plays the past view on by `ticks`; returns whether the present must
    /// wait this frame. Once the view of the order in flight reaches the
    /// present's instant, the present takes over from exactly there.
    pub fn travel_frame(&mut self, ticks: u64) -> bool {
        let Some(past) = self.past.as_mut() else {
            return false;
        };
        let landing = past.view.exchange().is_some_and(|e| e.is_landing());
        if ticks > 0 || landing {
            past.view
                .advance_within(ticks, crate::engine::limits::FRAME_WORK_BUDGET);
        }
        let number = past.number;
        let view_now = past.view.exchange().map_or(u64::MAX, |e| e.now());
        if self.in_flight(number) {
            let now = self.session.exchange().map_or(0, |e| e.now());
            if view_now >= now {
                self.seek(number, view_now);
                return false;
            }
        }
        true
    }

    /// Brings the timeline and the list of orders up to date.
    pub fn show_timeline(&mut self) {
        let past = self.past.as_ref().map(|p| p.number);
        let tick = self.timeline_tick();
        let orders = self.session.orders();
        let record = match past {
            Some(number) => orders.iter().find(|o| o.number == number),
            None => orders.back(),
        };
        self.timeline.show(record, tick, past.is_some());
        self.timeline.show_orders(&self.session, past);
    }
}

/// The order number on a clicked entry of the list (its button's
/// `data-order`), wherever inside it the click landed.
pub fn clicked_order(event: &web_sys::Event) -> Option<u64> {
    event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("button[data-order]")
        .ok()??
        .get_attribute("data-order")?
        .parse()
        .ok()
}
