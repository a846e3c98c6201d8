//! The adversary search (`g-search`), natively on one core: how many
//! behaviours of the faulty generals it runs and judges per second, for an
//! exhaustive search and a randomised one, small armies and bigger. Each
//! behaviour is a whole exchange run to completion plus the IC1/IC2 check.
//! Times are this thread's CPU time where Linux reports it (so a busy,
//! shared machine does not count its waits), else wall time. Prints a
//! table; asserts nothing. Run with `cargo bench --bench search`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use byzantine_generals::engine::search::{search, Found, Report};
use byzantine_generals::engine::{Loyalty, Order, Protocol, Roster};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Time this thread has spent on a CPU, from Linux's schedstat: on a shared
/// machine wall time counts the waits for a core too. `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// Behaviours a finished search ran, and how it ended.
fn tried(report: &Report) -> (u64, &'static str) {
    match report {
        Report::NoneExists { tried } => (*tried, "none (all)"),
        Report::NoneFound { bounded: true, tried, .. } => (*tried, "none (bounded)"),
        Report::NoneFound { tried, .. } => (*tried, "none (random)"),
        Report::Broken { found, .. } => match found {
            Found::Exhaustive { index, .. } => (*index, "broken (all)"),
            Found::Strategies { index, .. } | Found::Random { index } => (*index, "broken (random)"),
        },
        Report::NoTraitors | Report::Refused(_) => (0, "not searched"),
    }
}

fn main() {
    // `cargo test --all-targets` runs this as a smoke run: one search each,
    // unoptimised, no figures worth reading.
    let measuring = std::env::args().any(|a| a == "--bench");
    if !measuring {
        println!("smoke run (one search each, test profile); `cargo bench` prints the figures");
    }
    println!(
        "{:<8} {:>5} {:>10} {:>16} {:>10} {:>12} {:>14}",
        "protocol", "n", "faulty", "outcome", "tried", "median CPU", "behaviours/s"
    );
    let cases: [(Protocol, usize, &[u32]); 7] = [
        (Protocol::oral(1), 4, &[1]),
        (Protocol::oral(1), 4, &[2, 3]),
        (Protocol::oral(1), 12, &[1]),
        (Protocol::oral(2), 6, &[1, 4]),
        (Protocol::signed(2), 4, &[1, 2]),
        (Protocol::signed(1), 8, &[1]),
        (Protocol::oral(1), 100, &[7]),
    ];
    for (protocol, n, faulty) in cases {
        let mut roster = Roster::new(n, 1);
        for &id in faulty {
            roster.set_loyalty(id, Loyalty::Faulty).unwrap();
        }
        let runs = if measuring { 5 } else { 1 };
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut outcome = (0, "");
        for _ in 0..runs {
            let mut rng = ChaCha8Rng::seed_from_u64(42);
            let (start, cpu) = (Instant::now(), cpu_time());
            let report = search(&roster, protocol, Order::Attack, &mut rng);
            // CPU time where the system reports it, else wall time.
            times.push(match (cpu, cpu_time()) {
                (Some(before), Some(after)) => after - before,
                _ => start.elapsed(),
            });
            outcome = tried(&report);
            black_box(report);
        }
        times.sort();
        let median = times[runs / 2];
        let ids: Vec<String> = faulty.iter().map(|id| format!("G{id}")).collect();
        println!(
            "{:<8} {n:>5} {:>10} {:>16} {:>10} {:>9.2} ms {:>14.0}",
            protocol.to_string(),
            ids.join(","),
            outcome.1,
            outcome.0,
            median.as_secs_f64() * 1e3,
            outcome.0 as f64 / median.as_secs_f64()
        );
    }
}
