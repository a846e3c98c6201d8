//! Experiments against the theory and against themselves: no broken IC1 or
//! IC2 where the theorems promise it, broken agreement where they do not,
//! the same table on one thread or two, and a recorded CSV that the wasm
//! build must reproduce too (`tests/engine_wasm.rs`). Native only: rayon is.
#![cfg(not(target_arch = "wasm32"))]

use byzantine_generals::engine::experiment::{report, run_cell, CellResult, Mix, Span, Sweep};
use byzantine_generals::engine::{Kind, Strategy};
use rayon::prelude::*;

fn run(sweep: &Sweep) -> Vec<CellResult> {
    sweep.validate().unwrap();
    sweep
        .cells()
        .iter()
        .map(|cell| run_cell(cell, sweep.seed).unwrap())
        .collect()
}

fn sweep(kind: Kind, m: u32, n: Span, k: Span, mix: Mix, trials: u32) -> Sweep {
    Sweep {
        kind,
        m: Span::new(m, m),
        n,
        k,
        mix,
        trials,
        ..Sweep::default_with_seed(2026)
    }
}

fn every_mix() -> Vec<Mix> {
    let mut mixes: Vec<Mix> = Strategy::ALL.into_iter().map(Mix::single).collect();
    mixes.push(Mix::all());
    mixes
}

/// OM(m) with n > 3m generals and at most m traitors: never a break, for
/// every strategy and a mix of them, faulty commanders included. The armies
/// run past the smallest ones, up to the default sweep's 16 generals: the
/// engine stores a level differently by army and traitors (shared memory,
/// level by level, relay records), and a slip once broke OM(2) only from
/// n = 11 (`#generals=12&seed=12091488207348778418&primary=6&om=2&...`).
#[test]
fn oral_messages_never_break_where_the_theorem_holds() {
    for (m, largest, trials) in [(1, 16, 100), (2, 16, 60), (3, 13, 40)] {
        for mix in every_mix() {
            let s = sweep(
                Kind::Oral,
                m,
                Span::new(3 * m + 1, largest),
                Span::new(0, m),
                mix,
                trials,
            );
            let mut faulty_commanders = 0;
            for result in run(&s) {
                let c = result.cell;
                assert_eq!(
                    (result.ic1_broken, result.ic2_broken),
                    (0, 0),
                    "OM({m}) n={} k={} {mix}",
                    c.n,
                    c.k
                );
                faulty_commanders += c.trials - result.loyal_commander;
            }
            // Faulty commanders were drawn too (k/n of the trials with k > 0),
            // so the sweep tried both halves of the theorem.
            assert!(faulty_commanders > 0, "OM({m}) {mix}");
        }
    }
}

/// SM(m) with at most m traitors and n >= k + 2: never a break either.
#[test]
fn signed_messages_never_break_within_their_bound() {
    for m in [1, 2] {
        for mix in every_mix() {
            let s = sweep(Kind::Signed, m, Span::new(3, 8), Span::new(0, m), mix, 100);
            for result in run(&s) {
                let c = result.cell;
                if c.n >= c.k + 2 {
                    assert_eq!(
                        (result.ic1_broken, result.ic2_broken),
                        (0, 0),
                        "SM({m}) n={} k={} {mix}",
                        c.n,
                        c.k
                    );
                }
            }
        }
    }
}

/// Two-faced traitors split the loyal lieutenants somewhere with n <= 3k,
/// and the table shows it as a positive IC1 rate.
#[test]
fn two_faced_traitors_break_agreement_without_enough_generals() {
    let s = sweep(
        Kind::Oral,
        1,
        Span::new(3, 9),
        Span::new(1, 3),
        Mix::single(Strategy::TwoFaced),
        200,
    );
    let results = run(&s);
    let broken: Vec<(u32, u32, u32)> = results
        .iter()
        .filter(|r| r.cell.n <= 3 * r.cell.k && r.ic1_broken > 0)
        .map(|r| (r.cell.n, r.cell.k, r.ic1_broken))
        .collect();
    assert!(!broken.is_empty(), "no IC1 break with n <= 3k");
    // Never where OM(1) is guaranteed (one traitor, n >= 4).
    for r in results.iter().filter(|r| r.cell.k == 1 && r.cell.n >= 4) {
        assert_eq!(r.ic1_broken, 0, "{:?}", r.cell);
    }
}

/// The same sweep on a pool of one thread and of two gives the same CSV.
#[test]
fn the_table_does_not_depend_on_the_number_of_threads() {
    let s = Sweep {
        n: Span::new(3, 9),
        k: Span::new(0, 3),
        m: Span::new(1, 2),
        mix: Mix::all(),
        trials: 60,
        ..Sweep::default_with_seed(99)
    };
    let cells = s.cells();
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let results: Vec<CellResult> = pool.install(|| {
            cells
                .par_iter()
                .map(|cell| run_cell(cell, s.seed).unwrap())
                .collect()
        });
        report::csv(s.seed, &results)
    };
    let one = on(1);
    assert_eq!(one, on(2));
    assert_eq!(one, report::csv(s.seed, &run(&s)));
}

/// The small sweep whose CSV is recorded in `tests/vectors/experiment_small.csv`;
/// `tests/engine_wasm.rs` runs it in the browser build against the same file.
pub fn small_sweep() -> Sweep {
    Sweep {
        n: Span::new(3, 7),
        k: Span::new(0, 2),
        m: Span::new(1, 1),
        mix: Mix::all(),
        trials: 40,
        ..Sweep::default_with_seed(7)
    }
}

#[test]
fn the_small_sweep_matches_its_recording() {
    let s = small_sweep();
    let csv = report::csv(s.seed, &run(&s));
    if std::env::var_os("RECORD_EXPERIMENT_CSV").is_some() {
        std::fs::write("tests/vectors/experiment_small.csv", &csv).unwrap();
    }
    assert_eq!(csv, include_str!("vectors/experiment_small.csv"));
}
