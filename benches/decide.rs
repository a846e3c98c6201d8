//! Time to decide, natively on one core: how long an order takes from the
//! primary's first message to every general's verdict, and the messages per
//! second that makes. Prints a table; asserts nothing (speed targets live
//! here, not in timed tests). Run with `cargo bench`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use byzantine_generals::engine::exchange::Exchange;
use byzantine_generals::engine::verdict::Verdict;
use byzantine_generals::engine::{
    Kind, Loyalty, Majority, Order, Protocol, Roster, Session, SessionOptions, Strategy,
};
use rand::{RngExt, SeedableRng};
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
    mixed_stream(measuring);
}

/// One random console line of a mixed stream: every command, ids near the
/// army's, typos; `start` now and then, so armies grow and shrink (to about
/// 30 generals).
fn mixed_line(rng: &mut ChaCha8Rng, live: usize) -> (usize, String) {
    let id = rng.random_range(1..=live as u32 + 3);
    let kind = rng.random_range(0..12u32) as usize;
    let line = match kind {
        0 => "g-state".to_string(),
        1 => format!("g-state {id} faulty"),
        2 => format!("g-state {id} non-faulty"),
        3 => format!("g-kill {id}"),
        4 => format!("g-add {}", rng.random_range(1..=4u32)),
        5 | 6 => format!(
            "actual-order {}",
            if rng.random_range(0..2u32) == 0 {
                "attack"
            } else {
                "retreat"
            }
        ),
        7 => format!("g-protocol om {}", rng.random_range(0..=3u32)),
        8 => "g-protocol".to_string(),
        9 => "help".to_string(),
        10 => ["bogus", "g-kill", "g-add 0", "actual-order now"]
            [rng.random_range(0..4u32) as usize]
            .to_string(),
        _ => match rng.random_range(0..4u32) {
            0 => format!("start {}", rng.random_range(1..=12u32)),
            _ => "g-faulty".to_string(),
        },
    };
    (kind, line)
}

/// A mixed stream of 200,000 random commands, each run to completion as the
/// command line runs them: total time, and where it goes by kind of command
/// next to the work done (messages sent, lines printed), so time can be seen
/// to follow work.
fn mixed_stream(measuring: bool) {
    const KINDS: [&str; 12] = [
        "g-state",
        "g-state faulty",
        "g-state non-f.",
        "g-kill",
        "g-add",
        "actual-order",
        "actual-order",
        "g-protocol om",
        "g-protocol",
        "help",
        "typo",
        "start/g-faulty",
    ];
    let commands = if measuring { 200_000 } else { 2_000 };
    let mut session = Session::new(SessionOptions {
        generals: 7,
        seed: Some(8),
        primary: Some(1),
        depth: 1,
    })
    .expect("valid options");
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let mut time = [Duration::ZERO; 12];
    let mut count = [0u64; 12];
    let mut lines = [0u64; 12];
    let mut messages = 0u64;
    let start = Instant::now();
    for _ in 0..commands {
        let (kind, line) = mixed_line(&mut rng, session.roster().len());
        let began = Instant::now();
        let mut out = session.submit(&line);
        let ordered = session.is_busy();
        out.extend(session.finish());
        time[kind] += began.elapsed();
        count[kind] += 1;
        lines[kind] += out.len() as u64;
        if ordered {
            messages += session.last_order().map_or(0, |done| done.exchange.sent());
        }
        black_box(out);
    }
    let total = start.elapsed();
    println!();
    println!(
        "mixed stream: {commands} random commands in {:.3} s ({:.2} µs each), {messages} messages sent",
        total.as_secs_f64(),
        total.as_secs_f64() * 1e6 / commands as f64
    );
    println!(
        "{:<16} {:>8} {:>12} {:>12} {:>10}",
        "command", "count", "time", "lines", "µs each"
    );
    for kind in 0..KINDS.len() {
        if kind == 6 {
            continue;
        }
        let (t, c, l) = if kind == 5 {
            (time[5] + time[6], count[5] + count[6], lines[5] + lines[6])
        } else {
            (time[kind], count[kind], lines[kind])
        };
        println!(
            "{:<16} {c:>8} {:>9.3} s {l:>12} {:>10.2}",
            KINDS[kind],
            t.as_secs_f64(),
            t.as_secs_f64() * 1e6 / c.max(1) as f64
        );
    }
}
