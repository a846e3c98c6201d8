//! The always-visible status, in words: what is happening (waiting, which
//! round is on the wire, paused, order complete), messages sent against the
//! formula's total (and how many traitors withheld), and whether the
//! protocol is guaranteed to agree with this army: OM(m) needs
//! n >= 3k + 1 and k <= m, SM(m) needs k <= m and n >= k + 2, said as
//! "agreement guaranteed" or what is missing, with the letters defined in
//! `TERMS`, which the page shows on hover and focus.

use crate::engine::exchange::Exchange;
use crate::engine::output::{counted, thousands};
use crate::engine::{Kind, Session};

/// What n, k and m mean, and the rules they obey: the status's explanation.
pub const TERMS: &str = "n = generals alive; k = faulty generals (traitors); \
m = depth of OM(m) or SM(m), the rounds of relaying after the order. \
OM(m) guarantees that the loyal generals agree when n \u{2265} 3k + 1 and k \u{2264} m; \
SM(m), with signed messages, when k \u{2264} m and n \u{2265} k + 2.";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// The phase: announced politely by the page whenever it changes.
    pub round: String,
    pub messages: String,
    pub tolerance: String,
    /// The protocol's theorem covers this army: OM(m) n >= 3k + 1 and
    /// k <= m; SM(m) k <= m and n >= k + 2.
    pub tolerant: bool,
}

/// The phase while a replay link is replayed over several frames: the
/// command being replayed, and the lines typed meanwhile, which run after.
pub fn replaying(replayed: usize, total: usize, waiting: usize) -> String {
    let mut text = match replayed < total {
        true => format!(
            "Replaying the link: command {} of {}",
            thousands(replayed as u64 + 1),
            thousands(total as u64)
        ),
        false => "Replaying the link: its last orders".to_string(),
    };
    if waiting > 0 {
        text += &format!(
            "; {} typed meanwhile {} after it",
            counted(waiting as u64, "command"),
            if waiting == 1 { "runs" } else { "run" }
        );
    }
    text
}

pub fn status(session: &Session, paused: bool) -> Status {
    let roster = session.roster();
    let (n, k) = (roster.len(), roster.faulty_count());
    let protocol = session.protocol();
    let m = protocol.depth;
    let (mut round, messages) = match session.exchange() {
        Some(exchange) => (
            match exchange.round() {
                Some(r) => format!("Round {r} of {}", exchange.rounds()),
                None => "Deciding".to_string(),
            },
            format!(
                "{} of {} sent{}",
                counted(exchange.sent(), "message"),
                thousands(exchange.total()),
                withheld(exchange)
            ),
        ),
        None if session.is_ended() => ("Session ended".into(), String::new()),
        None => {
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
                    // The page's search runs in a worker, out of the frame.
                    _ if session.is_searching() => "Searching (g-search)".to_string(),
                    Some(_) => "Order complete".to_string(),
                    None => "Waiting for an order".to_string(),
                },
                messages,
            )
        }
    };
    if paused && !session.is_ended() {
        round += ", paused";
    }
    let army = format!(
        "n = {}, k = {k} faulty, m = {m}",
        counted(n as u64, "general")
    );
    let deep_enough = k <= m as usize;
    // The least army the theorem covers: n >= 3k + 1 (OM) or n >= k + 2 (SM).
    let (rule, least) = match protocol.kind {
        Kind::Oral => ("3k + 1", 3 * k + 1),
        Kind::Signed => ("k + 2", k + 2),
    };
    let enough_generals = n >= least;
    let tolerance = match (enough_generals, deep_enough) {
        (true, true) => format!("{army}: agreement guaranteed"),
        (false, true) => format!(
            "{army}: too few generals, agreement needs n \u{2265} {rule} = {least}"
        ),
        (true, false) => format!("{army}: too shallow, agreement needs m \u{2265} k = {k}"),
        (false, false) => format!(
            "{army}: too few generals (n \u{2265} {least} needed) and too shallow (m \u{2265} {k} needed)"
        ),
    };
    Status {
        round,
        messages,
        tolerance,
        tolerant: enough_generals && deep_enough,
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
    fn reports_rounds_messages_and_tolerance_in_words_through_an_order() {
        let mut s = Session::new(SessionOptions {
            seed: Some(1),
            primary: Some(1),
            ..SessionOptions::default()
        })
        .unwrap();
        let idle = status(&s, false);
        assert_eq!(idle.round, "Waiting for an order");
        assert_eq!(idle.messages, "OM(1): 9 messages per order");
        assert_eq!(
            idle.tolerance,
            "n = 4 generals, k = 0 faulty, m = 1: agreement guaranteed"
        );
        assert_eq!(status(&s, true).round, "Waiting for an order, paused");
        s.submit("actual-order attack");
        let sending = status(&s, false);
        assert_eq!(sending.round, "Round 1 of 2");
        assert_eq!(sending.messages, "3 messages of 9 sent");
        assert_eq!(status(&s, true).round, "Round 1 of 2, paused");
        s.advance(crate::engine::limits::HOP_TICKS);
        assert_eq!(status(&s, false).round, "Round 2 of 2");
        assert_eq!(status(&s, false).messages, "9 messages of 9 sent");
        s.finish();
        assert_eq!(status(&s, false).round, "Order complete");
        s.submit("g-state 2 faulty");
        s.submit("g-state 3 faulty");
        let t = status(&s, false);
        assert!(!t.tolerant);
        assert_eq!(
            t.tolerance,
            "n = 4 generals, k = 2 faulty, m = 1: too few generals (n \u{2265} 7 needed) \
             and too shallow (m \u{2265} 2 needed)"
        );
        s.submit("g-add 3");
        let t = status(&s, false);
        assert_eq!(
            t.tolerance,
            "n = 7 generals, k = 2 faulty, m = 1: too shallow, agreement needs m \u{2265} k = 2"
        );
        s.submit("g-protocol om 2");
        let t = status(&s, false);
        assert!(t.tolerant);
        assert_eq!(
            t.tolerance,
            "n = 7 generals, k = 2 faulty, m = 2: agreement guaranteed"
        );
        s.submit("g-protocol om 1");
        s.submit("g-state 2 non-faulty");
        s.submit("g-kill 7");
        s.submit("g-kill 6");
        s.submit("g-kill 5");
        assert_eq!(
            status(&s, false).tolerance,
            "n = 4 generals, k = 1 faulty, m = 1: agreement guaranteed"
        );
        s.submit("g-state 1 faulty");
        assert_eq!(
            status(&s, false).tolerance,
            "n = 4 generals, k = 2 faulty, m = 1: too few generals (n \u{2265} 7 needed) \
             and too shallow (m \u{2265} 2 needed)"
        );
        s.submit("exit");
        assert_eq!(
            status(&s, true).round,
            "Session ended",
            "no pause on a dead session"
        );
        assert_eq!(status(&s, true).messages, "");
    }

    #[test]
    fn a_search_in_a_worker_says_so_until_its_answer() {
        let mut s = Session::new(SessionOptions {
            seed: Some(1),
            primary: Some(1),
            ..SessionOptions::default()
        })
        .unwrap();
        s.defer_searches();
        s.submit("g-state 2 faulty");
        s.submit("g-search");
        assert_eq!(status(&s, false).round, "Searching (g-search)");
        assert_eq!(status(&s, true).round, "Searching (g-search), paused");
        let request = s.take_search_request().unwrap();
        s.resume_search(crate::engine::search_job::answer(&request));
        assert_eq!(status(&s, false).round, "Waiting for an order");
    }

    #[test]
    fn a_lone_general_and_one_message_read_in_the_singular() {
        let mut s = Session::new(SessionOptions {
            generals: 2,
            seed: Some(1),
            primary: Some(1),
            depth: 0,
        })
        .unwrap();
        assert_eq!(status(&s, false).messages, "OM(0): 1 message per order");
        s.submit("g-kill 2");
        assert_eq!(
            status(&s, false).tolerance,
            "n = 1 general, k = 0 faulty, m = 0: agreement guaranteed"
        );
    }

    #[test]
    fn too_few_generals_with_enough_depth() {
        let mut s = Session::new(SessionOptions {
            generals: 3,
            seed: Some(1),
            primary: Some(1),
            depth: 1,
        })
        .unwrap();
        s.submit("g-state 2 faulty");
        assert_eq!(
            status(&s, false).tolerance,
            "n = 3 generals, k = 1 faulty, m = 1: too few generals, agreement needs \
             n \u{2265} 3k + 1 = 4"
        );
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
        let t = status(&s, false);
        assert!(t.tolerant);
        assert_eq!(
            t.tolerance,
            "n = 3 generals, k = 1 faulty, m = 1: agreement guaranteed"
        );
        assert_eq!(t.messages, "SM(1): 4 messages per order");
        s.submit("actual-order attack");
        s.finish();
        // G3 withheld its one relay.
        assert_eq!(
            status(&s, false).messages,
            "SM(1): 4 messages per order; last order sent 3 (1 withheld)"
        );
        s.submit("g-state 2 faulty");
        let t = status(&s, false);
        assert!(!t.tolerant);
        assert_eq!(
            t.tolerance,
            "n = 3 generals, k = 2 faulty, m = 1: too few generals (n \u{2265} 4 needed) \
             and too shallow (m \u{2265} 2 needed)"
        );
        s.submit("g-protocol sm 2");
        assert_eq!(
            status(&s, false).tolerance,
            "n = 3 generals, k = 2 faulty, m = 2: too few generals, agreement needs \
             n \u{2265} k + 2 = 4"
        );
    }
}
