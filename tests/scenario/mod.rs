//! Seeded scenarios shared by the strategy suites (OM in `strategies.rs`, SM
//! in `signed.rs`): an army with some faulty generals drawn from a generator,
//! and one order of it run to completion under a given protocol.

use byzantine_generals::engine::exchange::Exchange;
use byzantine_generals::engine::{Check, Loyalty, Order, Protocol, Roster, Strategy};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Debug)]
pub struct Scenario {
    pub seed: u64,
    pub n: usize,
    pub m: u32,
    pub primary: u32,
    pub faulty: Vec<(u32, Strategy)>,
    pub order: Order,
}

impl Scenario {
    pub fn roster(&self) -> Roster {
        let mut roster = Roster::new(self.n, self.primary);
        for &(id, strategy) in &self.faulty {
            roster.set_state(id, Loyalty::Faulty, strategy).unwrap();
        }
        roster
    }
}

pub fn draw(
    rng: &mut ChaCha8Rng,
    n: usize,
    m: u32,
    faults: usize,
    mix: Option<Strategy>,
) -> Scenario {
    let mut ids: Vec<u32> = (1..=n as u32).collect();
    for i in (1..ids.len()).rev() {
        ids.swap(i, rng.random_range(0..=i as u32) as usize);
    }
    let faulty = ids[..faults]
        .iter()
        .map(|&id| {
            let strategy = mix.unwrap_or_else(|| Strategy::ALL[rng.random_range(0..4u32) as usize]);
            (id, strategy)
        })
        .collect();
    Scenario {
        seed: rng.random(),
        n,
        m,
        primary: rng.random_range(1..=n as u32),
        faulty,
        order: if rng.random() {
            Order::Attack
        } else {
            Order::Retreat
        },
    }
}

/// Runs a scenario to completion under `protocol(m)`: the exchange and the
/// check of its decisions.
pub fn run(s: &Scenario, protocol: fn(u32) -> Protocol) -> (Exchange, Check) {
    let roster = s.roster();
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
    let mut exchange = Exchange::start(&roster, s.order, protocol(s.m), &mut rng).unwrap();
    exchange.run_to_completion(&mut rng);
    let check = Check::judge(&roster, s.order, |id| {
        exchange.decision(id).expect("every secondary decides")
    });
    (exchange, check)
}
