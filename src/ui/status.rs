//! The always-visible status: which round is on the wire, messages sent
//! against the formula's total (and how many traitors withheld), whether
//! n >= 3k + 1 holds, and whether the depth m covers the k faults (OM(m)
//! guarantees agreement only for k <= m).

use crate::engine::exchange::Exchange;
use crate::engine::output::{counted, thousands};
use crate::engine::{Kind, Session};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub round: String,
    pub messages: String,
    pub tolerance: String,
    /// n >= 3k + 1 and k <= m: OM(m) is guaranteed to reach agreement
    /// (under SM(m): k <= m and n >= k + 2).
    pub tolerant: bool,
}

pub fn status(session: &Session) -> Status {
    let roster = session.roster();
    let (n, k) = (roster.len(), roster.faulty_count());
    let enough_generals = n > 3 * k;
    let deep_enough = k <= session.depth() as usize;
    let (round, messages) = match session.exchange() {
        Some(exchange) => (
            match exchange.round() {
                Some(r) => format!("Round {r} of {}", exchange.rounds()),
                None => "Deciding".to_string(),
            },
            format!(
                "Messages {} / {}{}",
                thousands(exchange.sent()),
                thousands(exchange.total()),
                withheld(exchange)
            ),
        ),
        None if session.is_ended() => ("Session ended".into(), String::new()),
        None => {
            let protocol = session.protocol();
            let mut messages = format!(
                "{protocol}: {} per order",
                counted(protocol.message_count(n), "message")
            );
            // The last order sent other than the formula says: show both.
            if let Some(done) = session.last_order() {
                let sent = done.exchange.sent();
                if sent != done.exchange.total() {
                    messages += &format!(
                        "; last order sent {}{}",
                        thousands(sent),
                        withheld(&done.exchange)
                    );
                }
            }
            (
                match session.last_verdict() {
                    Some(_) => "Order complete".to_string(),
                    None => "Waiting for an order".to_string(),
                },
                messages,
            )
        }
    };
    let protocol = session.protocol();
    if protocol.kind == Kind::Signed {
        let m = protocol.depth as usize;
        let tolerant = !protocol.too_few(n, k);
        let (km, nk) = (
            if k <= m { "\u{2264}" } else { ">" },
            if n >= k + 2 { "\u{2265}" } else { "<" },
        );
        let tolerance = format!(
            "k \u{2264} m, n \u{2265} k+2: {k} {km} {m}, {n} {nk} {} {}",
            k + 2,
            if tolerant {
                "\u{2713}".to_string()
            } else {
                format!("\u{2717} SM({m}) may not agree")
            }
        );
        return Status {
            round,
            messages,
            tolerance,
            tolerant,
        };
    }
    let mut tolerance = if enough_generals {
        format!("n \u{2265} 3k+1: {n} \u{2265} {} \u{2713}", 3 * k + 1)
    } else {
        format!(
            "n \u{2265} 3k+1: {n} < {} \u{2717} too few generals",
            3 * k + 1
        )
    };
    let m = session.depth();
    if !deep_enough {
        tolerance += &format!("; k = {k} > m = {m}: OM({m}) may not agree");
    }
    let tolerant = enough_generals && deep_enough;
    Status {
        round,
        messages,
        tolerance,
        tolerant,
    }
}

/// ` (3 withheld)` when traitors withheld messages, else nothing.
fn withheld(exchange: &Exchange) -> String {
    match exchange.withheld() {
        0 => String::new(),
        w => format!(" ({} withheld)", thousands(w)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SessionOptions;

    #[test]
    fn one_message_is_singular() {
        let mut s = Session::new(SessionOptions {
            generals: 2,
            seed: Some(1),
            primary: Some(1),
            depth: 0,
        })
        .unwrap();
        assert_eq!(status(&s).messages, "OM(0): 1 message per order");
        s.submit("g-add 1");
        assert_eq!(status(&s).messages, "OM(0): 2 messages per order");
    }

    #[test]
    fn reports_rounds_messages_and_tolerance_through_an_order() {
        let mut s = Session::new(SessionOptions {
            seed: Some(1),
            primary: Some(1),
            ..SessionOptions::default()
        })
        .unwrap();
        let idle = status(&s);
        assert_eq!(idle.round, "Waiting for an order");
        assert_eq!(idle.messages, "OM(1): 9 messages per order");
        assert_eq!(idle.tolerance, "n \u{2265} 3k+1: 4 \u{2265} 1 \u{2713}");
        s.submit("actual-order attack");
        let sending = status(&s);
        assert_eq!(sending.round, "Round 1 of 2");
        assert_eq!(sending.messages, "Messages 3 / 9");
        s.advance(crate::engine::limits::HOP_TICKS);
        assert_eq!(status(&s).round, "Round 2 of 2");
        assert_eq!(status(&s).messages, "Messages 9 / 9");
        s.finish();
        assert_eq!(status(&s).round, "Order complete");
        s.submit("g-state 2 faulty");
        s.submit("g-state 3 faulty");
        let t = status(&s);
        assert!(!t.tolerant);
        assert_eq!(
            t.tolerance,
            "n \u{2265} 3k+1: 4 < 7 \u{2717} too few generals; k = 2 > m = 1: OM(1) may not agree"
        );
        s.submit("g-add 3");
        s.submit("g-protocol om 2");
        let t = status(&s);
        assert!(t.tolerant);
        assert_eq!(t.tolerance, "n \u{2265} 3k+1: 7 \u{2265} 7 \u{2713}");
    }

    #[test]
    fn under_signed_messages_the_bound_is_k_at_most_m_and_n_at_least_k_plus_2() {
        let mut s = Session::new(SessionOptions {
            generals: 3,
            seed: Some(1),
            primary: Some(1),
            depth: 1,
        })
        .unwrap();
        s.submit("g-state 3 faulty silent");
        s.submit("g-protocol sm 1");
        let t = status(&s);
        assert!(t.tolerant);
        assert_eq!(
            t.tolerance,
            "k \u{2264} m, n \u{2265} k+2: 1 \u{2264} 1, 3 \u{2265} 3 \u{2713}"
        );
        assert_eq!(t.messages, "SM(1): 4 messages per order");
        s.submit("actual-order attack");
        s.finish();
        // G3 withheld its one relay.
        assert_eq!(
            status(&s).messages,
            "SM(1): 4 messages per order; last order sent 3 (1 withheld)"
        );
        s.submit("g-state 2 faulty");
        let t = status(&s);
        assert!(!t.tolerant);
        assert_eq!(
            t.tolerance,
            "k \u{2264} m, n \u{2265} k+2: 2 > 1, 3 < 4 \u{2717} SM(1) may not agree"
        );
    }
}
