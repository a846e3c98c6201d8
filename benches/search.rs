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

/// How long each case is measured for.
const MEASURE: Duration = Duration::from_millis(1500);

/// CPU time since `cpu` where it is known, else wall time since `wall`.
fn spent(wall: Instant, cpu: Option<Duration>) -> Duration {
    match (cpu, cpu_time()) {
        (Some(before), Some(now)) => now - before,
        _ => wall.elapsed(),
    }
}

/// Behaviours a finished search ran, and how it ended.
fn tried(report: &Report) -> (u64, &'static str) {
    match report {
        Report::NoneExists { tried } => (*tried, "none (all)"),
        Report::NoneFound {
            bounded: true,
            tried,
            ..
        } => (*tried, "none (bounded)"),
        Report::NoneFound { tried, .. } => (*tried, "none (random)"),
        Report::Broken { found, .. } => match found {
            Found::Exhaustive { index, .. } => (*index, "broken (all)"),
            Found::Strategies { index, .. } | Found::Random { index } => {
                (*index, "broken (random)")
            }
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
        "{:<8} {:>5} {:>10} {:>16} {:>10} {:>15} {:>14}",
        "protocol", "n", "faulty", "outcome", "tried", "CPU a search", "behaviours/s"
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
        // Whole searches, again and again until about MEASURE of CPU time
        // has passed (one in a smoke run); the rate is over all of them.
        let (wall, cpu) = (Instant::now(), cpu_time());
        let mut searches = 0u64;
        let mut behaviours = 0u64;
        let outcome = loop {
            let mut rng = ChaCha8Rng::seed_from_u64(42);
            let report = search(&roster, protocol, Order::Attack, &mut rng);
            let outcome = tried(&report);
            black_box(report);
            searches += 1;
            behaviours += outcome.0;
            if !measuring || spent(wall, cpu) >= MEASURE {
                break outcome;
            }
        };
        let elapsed = spent(wall, cpu);
        let ids: Vec<String> = faulty.iter().map(|id| format!("G{id}")).collect();
        println!(
            "{:<8} {n:>5} {:>10} {:>16} {:>10} {:>12.3} ms {:>14.0}",
            protocol.to_string(),
            ids.join(","),
            outcome.1,
            outcome.0,
            elapsed.as_secs_f64() * 1e3 / searches as f64,
            behaviours as f64 / elapsed.as_secs_f64()
        );
    }
}
