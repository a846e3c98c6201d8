//! The cell runner against the engine's own judges and the console session.

use super::*;
use crate::engine::check::{self, Check};
use crate::engine::session::Session;
use crate::engine::verdict::Verdict;

fn cell(n: u32, k: u32, protocol: Protocol, mix: Mix, trials: u32) -> Cell {
    Cell {
        n,
        k,
        protocol,
        mix,
        placement: Placement::Random,
        trials,
    }
}

#[test]
fn spans_read_ranges_and_single_numbers() {
    assert_eq!(Span::parse("3..13"), Ok(Span::new(3, 13)));
    assert_eq!(Span::parse("5"), Ok(Span::new(5, 5)));
    assert_eq!(Span::new(3, 13).to_string(), "3..13");
    assert_eq!(Span::new(5, 5).to_string(), "5");
    for bad in [
        "",
        "13..3",
        "3..",
        "..3",
        "-1",
        "3...5",
        "a..b",
        "+3",
        "99999999999",
    ] {
        assert_eq!(
            Span::parse(bad),
            Err(format!(
                "expected a number or a range A..B with A <= B (both included), not '{bad}'"
            )),
            "{bad}"
        );
    }
}

#[test]
fn mixes_read_and_print() {
    assert_eq!(Mix::parse("coin"), Ok(Mix::single(Strategy::Coin)));
    assert_eq!(Mix::parse("mix"), Ok(Mix::all()));
    assert_eq!(
        Mix::parse("silent,coin").unwrap().to_string(),
        "coin+silent"
    );
    assert_eq!(Mix::parse("coin+silent"), Mix::parse("silent,coin"));
    assert_eq!(Mix::all().to_string(), "coin+liar+two-faced+silent");
    assert_eq!(
        Mix::parse("coin,sneaky"),
        Err(
            "unknown strategy 'sneaky'; expected coin, liar, two-faced, silent, \
             several joined with + or ,, or mix for all"
                .to_string()
        )
    );
    // A stray joiner names what is missing, not an unknown strategy ''.
    for text in ["coin+", "+coin", "coin,,liar", ""] {
        assert_eq!(
            Mix::parse(text),
            Err(format!(
                "a strategy is missing in {}; expected coin, liar, two-faced, silent, \
                 several joined with + or ,, or mix for all",
                crate::engine::command::quote(text)
            ))
        );
    }
}

/// The fast judge in `judge` gives what `Check::judge` and `Verdict` give.
#[test]
fn the_counting_judge_agrees_with_the_check_and_the_verdict() {
    let mut seen_ic1 = false;
    for protocol in [Protocol::oral(1), Protocol::oral(2), Protocol::signed(1)] {
        for n in 1..=8 {
            for k in 0..=n {
                let cell = cell(n, k, protocol, Mix::all(), 20);
                let mut draw = Draw::new(&cell, 11);
                let mut trial = Trial {
                    seed: 0,
                    primary: 1,
                    faulty: Vec::new(),
                    order: Order::Attack,
                };
                for _ in 0..cell.trials {
                    draw.next(&cell, &mut trial);
                    let mut roster = Roster::new(n as usize, trial.primary);
                    for &(id, s) in &trial.faulty {
                        roster.set_state(id, Loyalty::Faulty, s).unwrap();
                    }
                    let mut rng = ChaCha8Rng::seed_from_u64(trial.seed);
                    let mut exchange =
                        Exchange::start(&roster, trial.order, protocol, &mut rng).unwrap();
                    exchange.run_to_completion(&mut rng);
                    let decided = |id| exchange.decision(id).unwrap_or(Majority::Undefined);
                    let check = Check::judge(&roster, trial.order, decided);
                    let verdict = Verdict::judge_under(protocol, &roster, trial.order, decided);
                    let found = judge(&cell, &roster, &exchange, trial.order);
                    assert_eq!(
                        found.ic1_broken,
                        check.ic1 != check::Agreement::Holds,
                        "{cell:?} {trial:?}"
                    );
                    let ic2 = match check.ic2 {
                        check::Validity::Holds => Some(false),
                        check::Validity::NotApplicable => None,
                        check::Validity::Broken { .. } => Some(true),
                    };
                    assert_eq!(found.ic2_broken, ic2, "{cell:?} {trial:?}");
                    assert_eq!(found.outcome, verdict.outcome, "{cell:?} {trial:?}");
                    seen_ic1 |= found.ic1_broken;
                }
            }
        }
    }
    assert!(
        seen_ic1,
        "some trial broke IC1, so both branches were compared"
    );
}

#[test]
fn a_trial_drawn_has_k_distinct_faulty_generals_with_strategies_from_the_mix() {
    let mix = Mix::parse("liar,silent").unwrap();
    let cell = cell(9, 4, Protocol::oral(1), mix, 200);
    let mut draw = Draw::new(&cell, 3);
    let mut trial = Trial {
        seed: 0,
        primary: 1,
        faulty: Vec::new(),
        order: Order::Attack,
    };
    let (mut primaries_faulty, mut orders_attack) = (0, 0);
    for _ in 0..cell.trials {
        draw.next(&cell, &mut trial);
        let ids: Vec<u32> = trial.faulty.iter().map(|f| f.0).collect();
        assert_eq!(ids.len(), 4);
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ascending, distinct");
        assert!(ids.iter().all(|id| (1..=9).contains(id)));
        assert!(trial
            .faulty
            .iter()
            .all(|f| matches!(f.1, Strategy::Liar | Strategy::Silent)));
        primaries_faulty += u32::from(ids.contains(&trial.primary));
        orders_attack += u32::from(trial.order == Order::Attack);
    }
    // k/n = 4/9 of 200 is about 89; a fair coin about 100.
    assert!((60..120).contains(&primaries_faulty), "{primaries_faulty}");
    assert!((70..130).contains(&orders_attack), "{orders_attack}");
}

#[test]
fn fixed_placement_keeps_g1_in_command_and_the_last_ids_faulty() {
    let mut cell = cell(6, 2, Protocol::oral(1), Mix::single(Strategy::Coin), 3);
    cell.placement = Placement::Fixed;
    let mut draw = Draw::new(&cell, 3);
    let mut trial = Trial {
        seed: 0,
        primary: 0,
        faulty: Vec::new(),
        order: Order::Attack,
    };
    draw.next(&cell, &mut trial);
    assert_eq!(trial.primary, 1);
    assert_eq!(trial.faulty, vec![(5, Strategy::Coin), (6, Strategy::Coin)]);
}

/// A failing trial, typed into a console session as `Trial::commands` says,
/// breaks the same way: the replay link shows the very run that was counted.
#[test]
fn a_failing_trial_replays_in_a_session() {
    for protocol in [Protocol::oral(1), Protocol::signed(1)] {
        let cell = cell(4, 2, protocol, Mix::all(), 200);
        let result = run_cell(&cell, 5).unwrap();
        let (_, trial) = result
            .first_failure
            .clone()
            .expect("two traitors in four break it");
        let mut session = Session::new(trial.options(cell.n, protocol)).unwrap();
        let mut lines = Vec::new();
        for command in trial.commands(protocol) {
            lines.extend(session.submit(&command));
        }
        lines.extend(session.finish());
        let check_line = &lines.last().unwrap().text;
        assert!(check_line.starts_with("check: "), "{check_line}");
        assert!(check_line.contains("broken"), "{protocol}: {check_line}");
        // The link carries the same session and lines, and reads back.
        let link = trial.link(cell.n, protocol);
        let (read, problem) = crate::engine::replay::Link::parse(&link.fragment());
        assert_eq!((read, problem), (link.clone(), None));
        assert!(
            link.fragment().contains("actual-order"),
            "{}",
            link.fragment()
        );
    }
}

#[test]
fn a_cell_is_a_function_of_the_cell_and_the_seed() {
    let c = cell(7, 2, Protocol::oral(1), Mix::single(Strategy::Coin), 300);
    assert_eq!(run_cell(&c, 9), run_cell(&c, 9));
    assert_ne!(run_cell(&c, 9), run_cell(&c, 10));
    // Fewer trials are the first trials of more.
    let short = run_cell(&Cell { trials: 30, ..c }, 9).unwrap();
    let long = run_cell(&c, 9).unwrap();
    if let Some((index, trial)) = &long.first_failure {
        if *index < 30 {
            assert_eq!(short.first_failure, Some((*index, trial.clone())));
        }
    }
    assert!(short.ic1_broken <= long.ic1_broken);
}

#[test]
fn messages_count_what_went_on_the_wire() {
    // No traitors: every order sends OM(2)'s formula, (n-1) + (n-1)(n-2) + ...
    let c = cell(7, 0, Protocol::oral(2), Mix::single(Strategy::Coin), 10);
    let result = run_cell(&c, 1).unwrap();
    assert_eq!(result.messages, 10 * 156);
    assert_eq!(result.verdict_order, 10);
    assert_eq!(result.loyal_commander, 10);
    // Silent traitors withhold: fewer messages than the formula.
    let c = cell(7, 2, Protocol::oral(2), Mix::single(Strategy::Silent), 10);
    assert!(run_cell(&c, 1).unwrap().messages < 10 * 156);
}

#[test]
fn the_default_sweep_has_its_cells_in_order() {
    let sweep = Sweep::default_with_seed(1);
    assert_eq!(sweep.validate(), Ok(()));
    let cells = sweep.cells();
    // k 0..5 at every n from 3 (k <= 3 at n = 3, k <= 4 at n = 4), two depths.
    assert_eq!(cells.len(), 2 * (4 + 5 + 12 * 6));
    assert_eq!((cells[0].n, cells[0].k, cells[0].protocol.depth), (3, 0, 1));
    assert_eq!((cells[4].n, cells[4].k), (4, 0));
    assert_eq!(cells.last().unwrap().protocol, Protocol::oral(2));
}

#[test]
fn sweeps_over_the_limits_are_refused_with_what_is_wrong_as_data() {
    let base = Sweep::default_with_seed(1);
    let refused = |sweep: Sweep| sweep.validate().unwrap_err();
    assert_eq!(
        refused(Sweep {
            n: Span::new(0, 5),
            ..base
        }),
        SweepProblem::OutOfRange {
            swept: Swept::Generals,
            allowed: Span::new(1, 100),
            given: Span::new(0, 5)
        }
    );
    assert_eq!(
        refused(Sweep {
            n: Span::new(3, 101),
            ..base
        }),
        SweepProblem::OutOfRange {
            swept: Swept::Generals,
            allowed: Span::new(1, 100),
            given: Span::new(3, 101)
        }
    );
    assert_eq!(
        refused(Sweep {
            k: Span::new(0, 101),
            ..base
        }),
        SweepProblem::OutOfRange {
            swept: Swept::Faulty,
            allowed: Span::new(0, 100),
            given: Span::new(0, 101)
        }
    );
    assert_eq!(
        refused(Sweep { trials: 0, ..base }),
        SweepProblem::Trials {
            most: 1_000_000,
            given: 0
        }
    );
    assert_eq!(
        refused(Sweep {
            k: Span::new(20, 30),
            ..base
        }),
        SweepProblem::NoCell {
            k: Span::new(20, 30),
            n: Span::new(3, 16)
        }
    );
    assert_eq!(
        refused(Sweep {
            m: Span::new(0, 17),
            ..base
        }),
        SweepProblem::OutOfRange {
            swept: Swept::Depths,
            allowed: Span::new(0, 16),
            given: Span::new(0, 17)
        }
    );
    assert_eq!(
        refused(Sweep {
            n: Span::new(1, 100),
            k: Span::new(0, 100),
            m: Span::new(0, 1),
            ..base
        }),
        SweepProblem::TooManyCells {
            cells: 20_200,
            m: Span::new(0, 1),
            n: Span::new(1, 100),
            k: Span::new(0, 100),
            most: 10_000
        }
    );
    assert_eq!(
        refused(Sweep {
            n: Span::new(3, 100),
            m: Span::new(4, 4),
            ..base
        }),
        SweepProblem::OrderTooBig {
            protocol: Protocol::oral(4),
            n: 100,
            bound: crate::engine::count::Count::from(8_674_073_199),
            most: 3_000_000
        }
    );
    assert_eq!(
        refused(Sweep {
            n: Span::new(3, 100),
            m: Span::new(2, 2),
            trials: 100_000,
            ..base
        }),
        SweepProblem::SweepTooBig {
            messages: 14_313_419_400_000,
            most: 20_000_000_000
        }
    );
    assert_eq!(
        run_cell(&cell(3, 4, Protocol::oral(1), Mix::all(), 1), 1),
        Err(SweepProblem::BadCell {
            n: 3,
            k: 4,
            most_generals: 100
        })
    );
}

#[test]
fn the_csv_has_one_row_per_cell_with_rates() {
    let sweep = Sweep {
        n: Span::new(3, 4),
        k: Span::new(1, 1),
        m: Span::new(1, 1),
        trials: 50,
        ..Sweep::default_with_seed(7)
    };
    let results: Vec<CellResult> = sweep
        .cells()
        .iter()
        .map(|c| run_cell(c, sweep.seed).unwrap())
        .collect();
    let text = report::csv(sweep.seed, &results);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], report::CSV_HEADER);
    let four: Vec<&str> = lines[2].split(',').collect();
    assert_eq!(four.len(), lines[0].split(',').count());
    assert_eq!(&four[..7], ["7", "OM(1)", "4", "1", "coin", "random", "50"]);
    // OM(1) with 4 generals tolerates one traitor: nothing breaks.
    assert_eq!((four[7], four[8]), ("0", "0"));
    assert_eq!(four[14], "9.00");
    assert_eq!((four[15], four[16], four[17]), ("1", "", ""));
    // A cell that broke names its first failing trial and links to it.
    let three: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(three.len(), four.len());
    let index: u32 = three[16].parse().unwrap();
    let (first, trial) = results[0].first_failure.clone().unwrap();
    assert_eq!(index, first);
    assert_eq!(three[17], trial.link(3, Protocol::oral(1)).fragment());
    assert!(three[17].starts_with("generals=3&seed="), "{}", three[17]);
}
