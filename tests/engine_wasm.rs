//! The engine compiled to wasm32 prints exactly what it prints natively: the
//! recorded transcript (checked natively by `tests/determinism.rs`) and the
//! spec's T1-T10, replayed inside the browser. Random draws, integer widths
//! and formatting are where 32-bit wasm could drift from 64-bit native.
#![cfg(target_arch = "wasm32")]

mod common;

use byzantine_generals::engine::{Session, SessionOptions};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_recorded_native_transcript_replays_identically_in_wasm() {
    let commands: Vec<&str> = include_str!("vectors/seeded_scenario.cmds")
        .lines()
        .collect();
    let mut session = Session::new(SessionOptions {
        generals: 7,
        seed: Some(2026),
        primary: None,
        depth: 1,
    })
    .unwrap();
    let lines = common::transcript(&mut session, &commands);
    assert_eq!(
        lines.join("\n") + "\n",
        include_str!("vectors/seeded_scenario.out")
    );
}

#[wasm_bindgen_test]
fn the_spec_vectors_hold_in_wasm() {
    let (commands, expected) = common::parse_vectors(common::SPEC_VECTORS);
    let commands: Vec<&str> = commands.iter().map(String::as_str).collect();
    let lines = common::transcript(&mut common::session(4, 1, Some(1)), &commands);
    assert_eq!(lines, expected);
}

#[wasm_bindgen_test]
fn a_thousand_generals_decide_in_wasm() {
    let mut session = common::session(1000, 5, Some(1));
    session.submit("g-state 500 faulty");
    let lines = common::transcript(&mut session, &["actual-order retreat"]);
    assert_eq!(lines.len(), 1001);
    assert_eq!(
        lines[1000],
        "Execute order: retreat! 1 faulty node in the system \u{2013} 501 out of 1000 quorum suggest retreat"
    );
}

/// A small experiment, run in the browser build, gives the CSV recorded
/// natively (`tests/experiments.rs` checks the same file natively).
#[wasm_bindgen_test]
fn the_small_experiment_gives_the_native_csv_in_wasm() {
    use byzantine_generals::engine::experiment::{report, run_cell, Mix, Span, Sweep};
    let sweep = Sweep {
        n: Span::new(3, 7),
        k: Span::new(0, 2),
        m: Span::new(1, 1),
        mix: Mix::all(),
        trials: 40,
        ..Sweep::default_with_seed(7)
    };
    let results: Vec<_> = sweep
        .cells()
        .iter()
        .map(|cell| run_cell(cell, sweep.seed).unwrap())
        .collect();
    assert_eq!(
        report::csv(sweep.seed, &results),
        include_str!("vectors/experiment_small.csv")
    );
}

/// The nested majority's counting loop (`engine::protocol::lanes`) runs on
/// wasm's 128-bit SIMD in this build (`.cargo/config.toml` turns simd128 on
/// for wasm32; a RUSTFLAGS variable would silently replace that) and counts
/// what a byte at a time counts: every length from empty to past the point
/// where its byte lanes are added up, random values 0 to 3, and runs of one
/// value, where every lane counts at its most.
#[wasm_bindgen_test]
// The simd128 assertion is constant for a build: the build is what it checks.
#[allow(clippy::assertions_on_constants)]
fn the_simd_count_counts_what_one_byte_at_a_time_counts() {
    use byzantine_generals::engine::protocol::lanes::count_orders;
    use rand::{RngExt, SeedableRng};
    assert!(
        cfg!(target_feature = "simd128"),
        "the wasm build lacks simd128 (see .cargo/config.toml)"
    );
    let one_by_one = |run: &[u8]| {
        let attack = run.iter().filter(|&&b| b == 1).count() as u32;
        let retreat = run.iter().filter(|&&b| b >= 2).count() as u32;
        (attack, retreat)
    };
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    for len in (0..300).chain([999, 4079, 4080, 4081, 4096, 5000, 10_000]) {
        let run: Vec<u8> = (0..len).map(|_| rng.random_range(0..4u32) as u8).collect();
        assert_eq!(count_orders(&run), one_by_one(&run), "len {len}");
        // At every offset: no alignment is assumed.
        if len == 999 {
            for start in 1..16 {
                let run = &run[start..];
                assert_eq!(count_orders(run), one_by_one(run), "offset {start}");
            }
        }
    }
    for byte in [0u8, 1, 2, 3] {
        let run = vec![byte; 4096 * 3 + 17];
        assert_eq!(count_orders(&run), one_by_one(&run), "all {byte}");
    }
}
