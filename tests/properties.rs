//! The protocol's properties over many seeded runs (SPEC "Properties that must
//! hold"). Every scenario is drawn from a seeded generator; a failure prints
//! the scenario so it can be replayed.

use byzantine_generals::engine::exchange::Exchange;
use byzantine_generals::engine::paths::message_count;
use byzantine_generals::engine::{GeneralId, Loyalty, Majority, Order, Roster};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Debug)]
struct Scenario {
    seed: u64,
    n: usize,
    m: u32,
    primary: u32,
    faulty: Vec<u32>,
    order: Order,
}

struct Run {
    /// Each non-faulty secondary's nested majority.
    loyal_secondaries: Vec<Majority>,
    primary_faulty: bool,
    sent: u64,
}

fn run(s: &Scenario) -> Run {
    let mut roster = Roster::new(s.n, s.primary);
    for &id in &s.faulty {
        roster.set_loyalty(id, Loyalty::Faulty).unwrap();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
    let mut exchange = Exchange::start(&roster, s.order, s.m, &mut rng).unwrap();
    exchange.run_to_completion(&mut rng);
    let loyal_secondaries = roster
        .members()
        .iter()
        .filter(|m| m.id != roster.primary() && !m.loyalty.is_faulty())
        .map(|m| exchange.decision(m.id).expect("every secondary decides"))
        .collect();
    Run {
        loyal_secondaries,
        primary_faulty: s.faulty.contains(&s.primary),
        sent: exchange.sent(),
    }
}

/// A scenario with exactly `faults` faulty generals among `n`.
fn scenario(rng: &mut ChaCha8Rng, n: usize, m: u32, faults: usize) -> Scenario {
    let mut ids: Vec<u32> = (1..=n as u32).collect();
    for i in (1..ids.len()).rev() {
        ids.swap(i, rng.random_range(0..=i as u32) as usize);
    }
    Scenario {
        seed: rng.random(),
        n,
        m,
        primary: rng.random_range(1..=n as u32),
        faulty: ids[..faults].to_vec(),
        order: if rng.random() {
            Order::Attack
        } else {
            Order::Retreat
        },
    }
}

#[test]
fn without_faults_every_general_reports_the_order() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for _ in 0..3_000 {
        let n = rng.random_range(1..=12u32) as usize;
        let m = rng.random_range(0..=3u32);
        let s = scenario(&mut rng, n, m, 0);
        let run = run(&s);
        assert!(
            run.loyal_secondaries
                .iter()
                .all(|&v| v == Majority::Order(s.order)),
            "{s:?}"
        );
    }
}

#[test]
fn ic1_and_ic2_hold_when_n_exceeds_3m_and_at_most_m_are_faulty() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let mut faulty_primaries = 0;
    let mut runs = 0;
    for m in [1u32, 2] {
        let smallest = 3 * m as usize + 1;
        for i in 0..5_000 {
            // Mostly the tightest armies, where a lie matters most.
            let n = smallest
                + if i % 2 == 0 {
                    0
                } else {
                    rng.random_range(0..=3u32) as usize
                };
            let faults = rng.random_range(0..=m) as usize;
            let s = scenario(&mut rng, n, m, faults);
            let r = run(&s);
            runs += 1;
            let first = r.loyal_secondaries[0];
            assert!(
                r.loyal_secondaries.iter().all(|&v| v == first),
                "IC1 (agreement) broken: {s:?} gave {:?}",
                r.loyal_secondaries
            );
            if r.primary_faulty {
                faulty_primaries += 1;
            } else {
                assert_eq!(
                    first,
                    Majority::Order(s.order),
                    "IC2 (validity) broken: {s:?}"
                );
            }
        }
    }
    assert!(runs >= 10_000);
    assert!(
        faulty_primaries > 1_000,
        "the faulty-primary case was exercised ({faulty_primaries})"
    );
}

#[test]
fn with_three_generals_a_traitor_breaks_interactive_consistency() {
    // Lamport, Shostak and Pease, figure 1: a loyal commander and a traitorous
    // lieutenant leave the loyal lieutenant unable to follow the order.
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let broken = (0..1_000).find_map(|_| {
        let mut s = scenario(&mut rng, 3, 1, 0);
        let traitor = (1..=3).find(|&id| id != s.primary).unwrap();
        s.faulty = vec![traitor];
        let r = run(&s);
        (r.loyal_secondaries != [Majority::Order(s.order)]).then_some(s)
    });
    assert!(broken.is_some(), "no 3-general run broke validity");
}

#[test]
fn with_n_at_most_3m_some_run_breaks_agreement() {
    // Four generals cannot tolerate two traitors: a faulty primary and a
    // faulty secondary can split the two loyal secondaries.
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let mut split = None;
    for _ in 0..1_000 {
        let mut s = scenario(&mut rng, 4, 1, 1);
        let other = (1..=4)
            .find(|&id| id != s.primary && !s.faulty.contains(&id))
            .unwrap();
        s.faulty = vec![s.primary, other];
        let r = run(&s);
        if r.loyal_secondaries[0] != r.loyal_secondaries[1] {
            split = Some(s);
            break;
        }
    }
    assert!(
        split.is_some(),
        "no 4-general, 2-traitor run broke agreement"
    );
}

/// The spec's formula, written independently of the engine's.
fn formula(n: u64, m: u64) -> u64 {
    (1..=m + 1)
        .map(|r| (1..=r).map(|i| n.saturating_sub(i)).product::<u64>())
        .sum()
}

#[test]
fn message_counts_equal_the_formula() {
    assert_eq!(formula(4, 1), 9);
    assert_eq!(formula(7, 2), 156);
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    for n in 1..=12usize {
        for m in 0..=3u32 {
            for faults in [0, n / 3, n] {
                let s = scenario(&mut rng, n, m, faults);
                let r = run(&s);
                assert_eq!(r.sent, formula(n as u64, u64::from(m)), "{s:?}");
                assert_eq!(r.sent, message_count(n, m), "{s:?}");
            }
        }
    }
}

#[test]
fn a_faulty_primary_may_split_the_first_round() {
    // Sanity for the fault model: a lying primary tells different generals
    // different things, which is what the protocol must survive.
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let mut roster = Roster::new(10, 1);
    roster.set_loyalty(1, Loyalty::Faulty).unwrap();
    let exchange = Exchange::start(&roster, Order::Attack, 1, &mut rng).unwrap();
    let values: Vec<Order> = exchange.flights().map(|f| f.order).collect();
    assert_eq!(values.len(), 9);
    assert!(values.contains(&Order::Attack) && values.contains(&Order::Retreat));
    assert!(exchange
        .flights()
        .all(|f| f.altered == (f.order != Order::Attack) && f.from == GeneralId(1)));
}
