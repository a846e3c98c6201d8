//! The timeline's model: where the scrubber's keys move it, the marks at
//! round boundaries, what its label says, and how the list of earlier orders
//! reads. The instants themselves come from `engine::timeline` (re-runs).

use crate::engine::check;
use crate::engine::limits::HOP_TICKS;
use crate::engine::output::{counted, thousands, verdict_line};
use crate::engine::timeline::OrderRecord;

/// Half a hop: messages mid-flight, or landed and the next round sent.
pub const HALF_HOP: u64 = HOP_TICKS / 2;

/// A key's move along the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    BackHalf,
    ForwardHalf,
    BackRound,
    ForwardRound,
    Start,
    End,
}

impl Move {
    /// `,` and `.` by half a hop, with Shift (`<` and `>` on most layouts)
    /// by a round, Home and End to the ends.
    pub fn from_key(key: &str, shift: bool) -> Option<Move> {
        Some(match (key, shift) {
            (",", false) => Move::BackHalf,
            (".", false) => Move::ForwardHalf,
            ("<", _) | (",", true) => Move::BackRound,
            (">", _) | (".", true) => Move::ForwardRound,
            ("Home", _) => Move::Start,
            ("End", _) => Move::End,
            _ => return None,
        })
    }

    /// Where the move lands from `tick` in an order that ends at `end`:
    /// the previous or next multiple of its step, within 0..=end.
    pub fn target(self, tick: u64, end: u64) -> u64 {
        let back = |step: u64| tick.saturating_sub(1) / step * step;
        let forward = |step: u64| (tick / step + 1) * step;
        match self {
            Move::BackHalf => back(HALF_HOP),
            Move::BackRound => back(HOP_TICKS),
            Move::ForwardHalf => forward(HALF_HOP),
            Move::ForwardRound => forward(HOP_TICKS),
            Move::Start => 0,
            Move::End => end,
        }
        .min(end)
    }
}

/// The scrubber's marks: every round boundary from the start to the end.
pub fn marks(end: u64) -> Vec<u64> {
    (0..=end / HOP_TICKS)
        .map(|round| round * HOP_TICKS)
        .collect()
}

/// What the label beside the scrubber says (and screen readers read).
pub fn label(record: &OrderRecord, tick: u64, past: bool) -> String {
    let end = record.end();
    let when = if tick >= end {
        "decided".to_string()
    } else {
        format!("round {} of {}", tick / HOP_TICKS + 1, record.rounds())
    };
    let mut text = format!(
        "Order {}: {} under {}, {when}, tick {} of {}",
        record.number,
        record.order,
        record.protocol.reached(record.roster.len()),
        thousands(tick.min(end)),
        thousands(end)
    );
    if past {
        text += " (an earlier instant: Present returns)";
    }
    text
}

/// One entry of the list of the session's orders: number and order, then
/// the verdict and the check line once it has completed.
pub fn order_entry(record: &OrderRecord) -> (String, Vec<String>) {
    let title = format!(
        "#{} actual-order {} ({}, {})",
        record.number,
        record.order,
        record.protocol.reached(record.roster.len()),
        counted(record.roster.len() as u64, "general")
    );
    let details = match &record.outcome {
        Some((verdict, checked)) => vec![verdict_line(verdict), check::describe(checked)],
        None => vec!["in flight".to_string()],
    };
    (title, details)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Session, SessionOptions};

    #[test]
    fn keys_move_by_half_hops_rounds_and_to_the_ends() {
        assert_eq!(Move::from_key(",", false), Some(Move::BackHalf));
        assert_eq!(Move::from_key("<", true), Some(Move::BackRound));
        assert_eq!(Move::from_key(".", true), Some(Move::ForwardRound));
        assert_eq!(Move::from_key("x", false), None);
        let end = 2 * HOP_TICKS;
        assert_eq!(Move::ForwardHalf.target(0, end), 600);
        assert_eq!(Move::ForwardHalf.target(650, end), 1200);
        assert_eq!(Move::ForwardHalf.target(2300, end), end);
        assert_eq!(Move::BackHalf.target(1200, end), 600);
        assert_eq!(Move::BackHalf.target(1250, end), 1200);
        assert_eq!(Move::BackHalf.target(0, end), 0);
        assert_eq!(Move::BackRound.target(2400, end), 1200);
        assert_eq!(Move::BackRound.target(1199, end), 0);
        assert_eq!(Move::ForwardRound.target(1, end), 1200);
        assert_eq!(Move::ForwardRound.target(2400, end), end);
        assert_eq!(Move::Start.target(1234, end), 0);
        assert_eq!(Move::End.target(0, end), end);
    }

    #[test]
    fn label_marks_and_list_entry() {
        let mut s = Session::new(SessionOptions {
            generals: 4,
            seed: Some(1),
            primary: Some(1),
            depth: 1,
        })
        .unwrap();
        s.submit("g-state 3 faulty");
        s.submit("actual-order attack");
        let record = s.orders().back().unwrap().clone();
        assert_eq!(marks(record.end()), [0, 1200, 2400]);
        assert_eq!(
            label(&record, 1800, true),
            "Order 1: attack under OM(1), round 2 of 2, tick 1,800 of 2,400 \
             (an earlier instant: Present returns)"
        );
        assert_eq!(
            label(&record, 2400, false),
            "Order 1: attack under OM(1), decided, tick 2,400 of 2,400"
        );
        assert_eq!(
            order_entry(&record),
            (
                "#1 actual-order attack (OM(1), 4 generals)".to_string(),
                vec!["in flight".to_string()]
            )
        );
        s.finish();
        // One general: counted in the singular.
        let mut one = Session::new(SessionOptions {
            generals: 1,
            seed: Some(1),
            primary: None,
            depth: 1,
        })
        .unwrap();
        one.submit("actual-order attack");
        one.finish();
        assert_eq!(
            order_entry(one.orders().back().unwrap()).0,
            "#1 actual-order attack (OM(0), 1 general)"
        );
        let (_, details) = order_entry(s.orders().back().unwrap());
        assert_eq!(
            details,
            [
                "Execute order: attack! 1 faulty node in the system \u{2013} 3 out of 4 quorum suggest attack",
                "check: IC1 holds; IC2 holds"
            ]
        );
    }
}
