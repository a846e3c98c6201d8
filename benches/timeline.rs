//! Time travel, natively on one core: how long the timeline takes to show an
//! instant of an order, by re-running a copy of it from its start (see
//! `engine::timeline`). Targets: one frame (16.7 ms) at n = 100 and 100 ms at
//! n = 1000, both with OM(1). Prints a table; asserts nothing. Run with
//! `cargo bench --bench timeline`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use byzantine_generals::engine::limits::HOP_TICKS;
use byzantine_generals::engine::{Session, SessionOptions};

fn main() {
    // `cargo test --all-targets` runs this as a one-iteration smoke run.
    let measuring = std::env::args().any(|a| a == "--bench");
    if !measuring {
        println!("smoke run (one jump each, test profile); `cargo bench` prints the figures");
    }
    println!(
        "{:<8} {:>6} {:>8} {:>22} {:>12} {:>12} {:>10}",
        "protocol", "n", "faulty", "instant", "median", "worst", "target"
    );
    for (n, target) in [(100usize, "16.7 ms"), (1000, "100 ms")] {
        for faulty in [0u32, 1] {
            let mut session = Session::new(SessionOptions {
                generals: n,
                seed: Some(42),
                primary: Some(1),
                depth: 1,
            })
            .expect("valid options");
            if faulty == 1 {
                session.submit(&format!("g-state {} faulty", n / 2));
            }
            session.submit("actual-order attack");
            session.finish();
            let record = session.orders().back().expect("one order").clone();
            let end = record.end();
            let instants = [
                ("start (tick 0)", 0),
                ("round 2 mid-flight", HOP_TICKS + HOP_TICKS / 2),
                ("just before the end", end - 1),
                ("the end (decided)", end),
            ];
            for (name, tick) in instants {
                let runs = if measuring { 15 } else { 1 };
                let mut times: Vec<Duration> = (0..runs)
                    .map(|_| {
                        let start = Instant::now();
                        black_box(session.viewing(&record, tick));
                        start.elapsed()
                    })
                    .collect();
                times.sort();
                println!(
                    "{:<8} {n:>6} {faulty:>8} {name:>22} {:>9.3} ms {:>9.3} ms {target:>10}",
                    "OM(1)",
                    times[runs / 2].as_secs_f64() * 1e3,
                    times[runs - 1].as_secs_f64() * 1e3,
                );
            }
        }
    }
}
