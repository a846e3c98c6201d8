//! Time to decide, natively on one core: how long an order takes from the
//! primary's first message to every general's verdict, and the messages per
//! second that makes. Prints a table; asserts nothing (speed targets live
//! here, not in timed tests). Run with `cargo bench`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use byzantine_generals::engine::exchange::Exchange;
use byzantine_generals::engine::verdict::Verdict;
use byzantine_generals::engine::{Kind, Loyalty, Majority, Order, Protocol, Roster, Strategy};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// One whole order: start, run to completion, judge.
fn decide(roster: &Roster, protocol: Protocol, rng: &mut ChaCha8Rng) -> (u64, Verdict) {
    let mut exchange =
        Exchange::start(roster, Order::Attack, protocol, rng).expect("under the cap");
    exchange.run_to_completion(rng);
    let verdict = Verdict::judge_under(protocol, roster, Order::Attack, |id| {
        exchange.decision(id).unwrap_or(Majority::Undefined)
    });
    (exchange.sent(), verdict)
}

/// The army for one row: `faulty` traitors. Under OM(m) they are coin-flipping
/// secondaries spread through the army, so lies are relayed. Under SM(m) the
/// first is a two-faced commander, who signs both orders and so makes the
/// lieutenants relay twice (SM's worst case for messages); the others are
/// coin-flipping secondaries, who withhold relays at random.
fn army(protocol: Protocol, n: usize, faulty: usize) -> Roster {
    let mut roster = Roster::new(n, 1);
    let signed = protocol.kind == Kind::Signed;
    let spread = |i: usize| 2 + (i * n / faulty.max(1)) as u32 % (n as u32 - 1);
    for i in 0..faulty {
        if signed && i == 0 {
            roster
                .set_state(1, Loyalty::Faulty, Strategy::TwoFaced)
                .unwrap();
        } else {
            roster.set_loyalty(spread(i), Loyalty::Faulty).unwrap();
        }
    }
    roster
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this too,
    // as a one-iteration smoke run of an unoptimised build: no figures then.
    let measuring = std::env::args().any(|a| a == "--bench");
    if !measuring {
        println!("smoke run (one order each, test profile); `cargo bench` prints the figures");
    }
    println!(
        "{:<8} {:>6} {:>8} {:>12} {:>12} {:>12} {:>14}",
        "protocol", "n", "faulty", "messages", "median", "best", "messages/s"
    );
    let rows = [
        (Protocol::oral(1), 10usize),
        (Protocol::oral(1), 100),
        (Protocol::oral(1), 1000),
        (Protocol::oral(2), 30),
        (Protocol::oral(3), 12),
        (Protocol::signed(1), 100),
        (Protocol::signed(1), 1000),
        (Protocol::signed(2), 100),
        (Protocol::signed(2), 1000),
    ];
    for (protocol, n) in rows {
        for faulty in [0, protocol.depth as usize] {
            let roster = army(protocol, n, faulty);
            let mut rng = ChaCha8Rng::seed_from_u64(42);
            let runs = match (measuring, n) {
                (false, _) => 1,
                (true, 1000..) => 15,
                (true, _) => 41,
            };
            let mut times: Vec<Duration> = Vec::with_capacity(runs);
            let mut messages = 0;
            for _ in 0..runs {
                let start = Instant::now();
                let (sent, verdict) = decide(&roster, protocol, &mut rng);
                times.push(start.elapsed());
                messages = sent;
                black_box(verdict);
            }
            times.sort();
            let median = times[runs / 2];
            println!(
                "{:<8} {n:>6} {:>8} {messages:>12} {:>9.3} ms {:>9.3} ms {:>14.0}",
                protocol.to_string(),
                roster.faulty_count(),
                median.as_secs_f64() * 1e3,
                times[0].as_secs_f64() * 1e3,
                messages as f64 / median.as_secs_f64()
            );
        }
    }
}
