//! The engine's start-up warm-up, run once by each front end as it starts
//! (the page at load, the command-line twin before its first command): a
//! few OM(1) orders among the most generals a session holds, thrown away.
//!
//! Why: a loyal order at n = 1000 takes about 0.015 ms once warm, and the
//! first order of a fresh process or page paid about three times that for
//! running its code for the first time and for fresh heap (issue 11;
//! measured in `benches/per_message.rs`, which runs this same function).
//! One order with a faulty lieutenant (a liar), whose lieutenants each keep
//! their own memory, grows the heap to what the largest OM(1) order needs
//! (wasm's allocator keeps what is freed; glibc keeps its top pad); then
//! `WARM_UP_LOYAL_ORDERS` loyal ones, the common case, whose code the
//! browser moves to its optimising tier only after several runs. So the
//! visitor's first order costs what a later one does.
//!
//! A generator of its own, seeded here: no session's random draws are
//! touched, and nothing is printed. About a millisecond in the page, a
//! few tenths natively.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::limits::{MAX_GENERALS, WARM_UP_LOYAL_ORDERS};
use super::{Exchange, Loyalty, Order, Protocol, Roster, Strategy};

/// Runs the warm-up orders (see the module comment) and forgets them.
/// Returns how many orders ran to completion, for the tests.
pub fn warm_up() -> usize {
    let loyal = Roster::new(MAX_GENERALS, 1);
    let mut liar = loyal.clone();
    // G2 exists among MAX_GENERALS: this cannot fail.
    let _ = liar.set_state(2, Loyalty::Faulty, Strategy::Liar);
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let mut completed = 0;
    for roster in std::iter::once(&liar).chain(std::iter::repeat_n(&loyal, WARM_UP_LOYAL_ORDERS)) {
        if let Ok(mut exchange) =
            Exchange::start(roster, Order::Attack, Protocol::oral(1), &mut rng)
        {
            exchange.run_to_completion(&mut rng);
            completed += 1;
        }
    }
    completed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_warm_up_order_runs_to_completion() {
        assert_eq!(warm_up(), 1 + WARM_UP_LOYAL_ORDERS);
    }
}
