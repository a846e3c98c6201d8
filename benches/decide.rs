//! Time to decide, natively on one core: how long an order takes from the
//! primary's first message to every general's verdict, and the messages per
//! second that makes. Prints a table; asserts nothing (speed targets live
//! here, not in timed tests). Run with `cargo bench`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use byzantine_generals::engine::exchange::Exchange;
use byzantine_generals::engine::verdict::Verdict;
use byzantine_generals::engine::{Loyalty, Majority, Order, Roster};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// One whole order: start, run to completion, judge.
fn decide(roster: &Roster, m: u32, rng: &mut ChaCha8Rng) -> (u64, Verdict) {
    let mut exchange = Exchange::start(roster, Order::Attack, m, rng).expect("under the cap");
    exchange.run_to_completion(rng);
    let verdict = Verdict::judge(roster, Order::Attack, |id| {
        exchange.decision(id).unwrap_or(Majority::Undefined)
    });
    (exchange.sent(), verdict)
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
    for (m, n) in [(1u32, 10usize), (1, 100), (1, 1000), (2, 30), (3, 12)] {
        for faulty in [0, m as usize] {
            let mut roster = Roster::new(n, 1);
            // Faulty secondaries spread through the army, so lies are relayed.
            for i in 0..faulty {
                roster
                    .set_loyalty(
                        2 + (i * n / faulty.max(1)) as u32 % (n as u32 - 1),
                        Loyalty::Faulty,
                    )
                    .unwrap();
            }
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
                let (sent, verdict) = decide(&roster, m, &mut rng);
                times.push(start.elapsed());
                messages = sent;
                black_box(verdict);
            }
            times.sort();
            let median = times[runs / 2];
            println!(
                "OM({m})    {n:>6} {:>8} {messages:>12} {:>9.3} ms {:>9.3} ms {:>14.0}",
                roster.faulty_count(),
                median.as_secs_f64() * 1e3,
                times[0].as_secs_f64() * 1e3,
                messages as f64 / median.as_secs_f64()
            );
        }
    }
}
