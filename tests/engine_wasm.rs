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
