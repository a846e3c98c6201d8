//! The engine's start-up warm-up, run once by each front end as it starts
//! (the page at load, the command-line twin before its first command): OM(1)
//! orders among the most generals a session holds, thrown away; and
//! `whole_order`, the one function both the warm-up and the page's
//! benchmark hook (`web::time_orders`) run an order through.
//!
//! Why (issue 11): a loyal order at n = 1000 takes a few microseconds once
//! warm, and the first order of a fresh process or page paid many times
//! that. In the page, measured with V8's own compile trace and per-phase
//! timestamps: (1) V8 compiles each wasm function on its first call, and
//! the timed order's first `Exchange::decision` (with `index_of` and its
//! binary search, which the warm-up never called) took 30 to 40 µs of
//! that; (2) V8 moves a function to its optimising tier only once it has
//! run a while, and the nine orders the warm-up ran then reached it for two
//! functions only; the order's other hot functions reached it during the
//! visitor's first few orders, one of which paid a 0.1 to 3.6 ms pause for
//! it. So the warm-up runs `whole_order`, the very function later orders
//! run, decision and count included, and enough loyal orders
//! (`WARM_UP_LOYAL_ORDERS`) for the loyal order's hot functions (its loops
//! over the generals) to reach the optimising tier at load. The functions
//! an order calls once (its start, each round's bookkeeping, its drop) get
//! there only after some 10,000 orders: not worth the load's time, as they
//! cost about 0.6 µs an order more until then (the page benchmark's warm
//! wasm figure is taken after them). One order with a faulty lieutenant (a liar),
//! whose lieutenants each keep their own memory, first grows the heap to
//! what the largest OM(1) order needs (wasm's allocator keeps what is
//! freed; glibc keeps its top pad). Last, one order in a console session of
//! its own, run as the page runs a visitor's (`Session::advance_within`
//! frame by frame): the command, the start with each general's conduct, the
//! judging and the verdict's lines are other compiled code, which the
//! visitor's first order would otherwise compile (during a first
//! `actual-order attack` at n = 1000 V8 compiled 47 functions; now 27, the
//! page's own).
//!
//! A generator of its own, seeded here: no session's random draws are
//! touched, and nothing is printed. About 10 ms of the page's load, most
//! of it compiling the engine's functions on their first call; about
//! 1.1 ms natively (README, "Benchmarks").

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::limits::{
    FRAME_WORK_BUDGET, HOP_TICKS, MAX_GENERALS, WARM_UP_LOYAL_ORDERS, WARM_UP_SESSION_GENERALS,
};
use super::{
    Exchange, GeneralId, Loyalty, Majority, Order, Protocol, Roster, Session, SessionOptions,
    Strategy,
};

/// Runs the warm-up orders (see the module comment) and forgets them.
/// Returns how many orders ran to completion, for the tests.
pub fn warm_up() -> usize {
    let loyal = Roster::new(MAX_GENERALS, 1);
    let mut liar = loyal.clone();
    // G2 exists among MAX_GENERALS: this cannot fail.
    let _ = liar.set_state(2, Loyalty::Faulty, Strategy::Liar);
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let orders = std::iter::once(&liar)
        .chain(std::iter::repeat_n(&loyal, WARM_UP_LOYAL_ORDERS))
        .filter(|roster| whole_order(roster, Protocol::oral(1), &mut rng).is_some())
        .count();
    orders + usize::from(session_order())
}

/// One `actual-order attack` in a console session of its own, run as the
/// page runs a visitor's order (a round's time at a time, at most a frame's
/// work per step) to its verdict, whose lines are dropped: the session's
/// own code (the command, the order's start with each general's conduct,
/// the judging and the verdict's lines) is then compiled before the
/// visitor's first order. A small army: compiling is the same at any size,
/// and a verdict of a thousand lines would add milliseconds to the load.
/// True if it was decided.
fn session_order() -> bool {
    let options = SessionOptions {
        generals: WARM_UP_SESSION_GENERALS,
        seed: Some(0),
        primary: Some(1),
        depth: 1,
    };
    let Ok(mut session) = Session::new(options) else {
        return false;
    };
    session.submit("actual-order attack");
    // Each step moves the clock or does a frame's work: the order ends.
    while session.is_busy() {
        session.advance_within(HOP_TICKS, FRAME_WORK_BUDGET);
    }
    session.last_verdict().is_some()
}

/// One whole order of attack by `roster`'s primary under `protocol`, from
/// its start to every decision, read as the page's benchmark reads it (G2's
/// decision and the messages sent), then dropped; None if the order cannot
/// start (over the message cap). Never inlined: the warm-up and the
/// benchmark run the same compiled function, so a page's first timed order
/// runs code the warm-up has already run.
#[inline(never)]
pub fn whole_order(
    roster: &Roster,
    protocol: Protocol,
    rng: &mut ChaCha8Rng,
) -> Option<(Option<Majority>, u64)> {
    let mut exchange = Exchange::start(roster, Order::Attack, protocol, rng).ok()?;
    exchange.run_to_completion(rng);
    Some((exchange.decision(GeneralId(2)), exchange.sent()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::paths::message_count;

    #[test]
    fn every_warm_up_order_runs_to_completion() {
        // The liar, the loyal orders and the session's order.
        assert_eq!(warm_up(), 1 + WARM_UP_LOYAL_ORDERS + 1);
    }

    #[test]
    fn a_whole_order_decides_and_counts_every_message() {
        let roster = Roster::new(7, 1);
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        let (decision, sent) = whole_order(&roster, Protocol::oral(1), &mut rng).expect("starts");
        assert_eq!(decision, Some(Majority::Order(Order::Attack)));
        assert_eq!(Some(sent), message_count(7, 1).to_u64());
    }
}
