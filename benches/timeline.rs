//! Time travel, natively on one core: how long the timeline takes to show an
//! instant of an order, by re-running a copy of it from its start (see
//! `engine::timeline`). Targets: one frame (16.7 ms) at n = 100 and 100 ms at
//! n = 1000, both with OM(1). Prints a table; asserts nothing. Run with
//! `cargo bench --bench timeline`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use byzantine_generals::engine::limits::HOP_TICKS;
use byzantine_generals::engine::{Session, SessionOptions};
use byzantine_generals::ui::{message_table, narration};

fn main() {
    // `cargo test --all-targets` runs this as a one-iteration smoke run.
    let measuring = std::env::args().any(|a| a == "--bench");
    if !measuring {
        println!("smoke run (one jump each, test profile); `cargo bench` prints the figures");
    }
    println!(
        "{:<8} {:>6} {:>8} {:>22} {:>12} {:>12} {:>14} {:>14} {:>10}",
        "protocol",
        "n",
        "faulty",
        "instant",
        "re-run",
        "worst",
        "+caption",
        "+table page",
        "target"
    );
    let cases = [
        ("om", 100usize, "16.7 ms"),
        ("om", 1000, "100 ms"),
        ("sm", 1000, "100 ms"),
    ];
    for (protocol, n, target) in cases {
        for faulty in [0u32, 1] {
            let mut session = Session::new(SessionOptions {
                generals: n,
                seed: Some(42),
                primary: Some(1),
                depth: 1,
            })
            .expect("valid options");
            session.submit(&format!("g-protocol {protocol} 1"));
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
                let mut times: Vec<Duration> = Vec::new();
                let mut captions: Vec<Duration> = Vec::new();
                let mut tables: Vec<Duration> = Vec::new();
                for _ in 0..runs {
                    let start = Instant::now();
                    let view = session.viewing(&record, tick).expect("a recorded order");
                    times.push(start.elapsed());
                    let start = Instant::now();
                    black_box(narration::caption(&view));
                    captions.push(start.elapsed());
                    let start = Instant::now();
                    let exchange = view.latest_exchange().expect("an order");
                    let round = message_table::rounds_begun(exchange);
                    black_box(message_table::page(exchange, round, 0));
                    tables.push(start.elapsed());
                }
                let ms = |times: &mut Vec<Duration>| {
                    times.sort();
                    times[runs / 2].as_secs_f64() * 1e3
                };
                let worst = times.iter().max().expect("a run").as_secs_f64() * 1e3;
                println!(
                    "{:<8} {n:>6} {faulty:>8} {name:>22} {:>9.3} ms {:>9.3} ms {:>11.3} ms {:>11.3} ms {target:>10}",
                    format!("{}(1)", protocol.to_uppercase()),
                    ms(&mut times),
                    worst,
                    ms(&mut captions),
                    ms(&mut tables),
                );
            }
        }
    }
}
