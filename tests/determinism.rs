//! Same seed and commands, same lines: twice in a row, in stepped mode as in
//! run-to-completion mode, and against the recorded transcript that the wasm
//! build is checked against too (`tests/engine_wasm.rs`), which proves native
//! and browser agree.

mod common;

use byzantine_generals::engine::limits::HOP_TICKS;
use byzantine_generals::engine::{LineKind, Session, SessionOptions};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const COMMANDS: &str = include_str!("vectors/seeded_scenario.cmds");
const RECORDED: &str = "tests/vectors/seeded_scenario.out";

fn options() -> SessionOptions {
    SessionOptions {
        generals: 7,
        seed: Some(2026),
        primary: None,
        depth: 1,
    }
}

fn commands() -> Vec<&'static str> {
    COMMANDS.lines().collect()
}

/// Drives the session as the page does: small, uneven slices of logical time.
fn stepped_transcript(
    session: &mut Session,
    commands: &[&str],
    slices: &mut ChaCha8Rng,
) -> Vec<String> {
    let mut lines = Vec::new();
    for command in commands {
        let mut out = session.submit(command);
        while session.is_busy() {
            out.extend(session.advance(u64::from(slices.random_range(1..=400u32))));
        }
        lines.extend(
            out.into_iter()
                .filter(|l| l.kind != LineKind::Note)
                .map(|l| l.text),
        );
    }
    lines
}

#[test]
fn the_same_seed_and_commands_give_the_same_lines() {
    let first = common::transcript(&mut Session::new(options()).unwrap(), &commands());
    let second = common::transcript(&mut Session::new(options()).unwrap(), &commands());
    assert_eq!(first, second);
    assert!(
        first.iter().any(|l| l.contains("state=F")),
        "the scenario has faulty generals"
    );
}

#[test]
fn stepped_mode_gives_the_same_lines_as_running_to_completion() {
    let whole = common::transcript(&mut Session::new(options()).unwrap(), &commands());
    for slicing_seed in 0..20 {
        let mut slices = ChaCha8Rng::seed_from_u64(slicing_seed);
        let stepped = stepped_transcript(
            &mut Session::new(options()).unwrap(),
            &commands(),
            &mut slices,
        );
        assert_eq!(stepped, whole, "slicing seed {slicing_seed}");
    }
}

#[test]
fn the_transcript_matches_the_recording_shared_with_the_wasm_tests() {
    let lines = common::transcript(&mut Session::new(options()).unwrap(), &commands());
    let text = lines.join("\n") + "\n";
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(RECORDED, &text).unwrap();
    }
    let recorded = std::fs::read_to_string(RECORDED)
        .expect("run once with BLESS=1 to record tests/vectors/seeded_scenario.out");
    assert_eq!(text, recorded);
}

#[test]
fn different_seeds_give_different_faulty_runs() {
    let run = |seed| {
        let mut s = Session::new(SessionOptions {
            seed: Some(seed),
            ..options()
        })
        .unwrap();
        common::transcript(
            &mut s,
            &[
                "g-state 2 faulty",
                "g-state 3 faulty",
                "actual-order attack",
                "g-state",
            ],
        )
    };
    let distinct: std::collections::HashSet<_> = (0..20).map(run).collect();
    assert!(distinct.len() > 1, "the seed must matter");
}

#[test]
fn changing_commands_wait_for_the_order_in_flight() {
    let mut s = Session::new(SessionOptions {
        seed: Some(9),
        primary: Some(1),
        generals: 4,
        depth: 1,
    })
    .unwrap();
    assert!(s.submit("actual-order attack").is_empty());
    assert!(s.is_busy());
    // A reading command answers at once...
    let status = s.submit("g-state");
    assert_eq!(status.len(), 4);
    // ...a changing one is queued, and so is any reading one behind it.
    for command in ["g-kill 4", "g-state"] {
        let lines = s.submit(command);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].kind, LineKind::Note);
        assert!(lines[0]
            .text
            .starts_with("queued until the order in flight completes"));
    }
    assert_eq!(s.roster().len(), 4, "nothing changed mid-order");
    let lines: Vec<String> = s.finish().into_iter().map(|l| l.text).collect();
    assert_eq!(
        lines,
        [
            "G1, primary, majority=attack, state=NF",
            "G2, secondary, majority=attack, state=NF",
            "G3, secondary, majority=attack, state=NF",
            "G4, secondary, majority=attack, state=NF",
            "Execute order: attack! Non-faulty nodes in the system \u{2013} 3 out of 4 quorum suggest attack",
            "tally: 4 attack, 0 retreat, 0 undefined",
            "check: IC1 holds; IC2 holds",
            "G1, state=NF",
            "G2, state=NF",
            "G3, state=NF",
            "G1, primary, state=NF",
            "G2, secondary, state=NF",
            "G3, secondary, state=NF",
        ]
    );
}

#[test]
fn a_typo_typed_during_an_order_keeps_its_place() {
    let commands = [
        "actual-order attack",
        "g-kill 3",
        "bogus",
        "g-kill 99",
        "g-stat",
    ];
    let options = SessionOptions {
        seed: Some(4),
        primary: Some(1),
        generals: 5,
        depth: 1,
    };
    let cli = common::transcript(&mut Session::new(options).unwrap(), &commands);
    // The page: everything typed at once while the order flies.
    let mut page = Session::new(options).unwrap();
    let mut lines = Vec::new();
    for command in commands {
        lines.extend(page.submit(command));
    }
    assert!(
        lines.iter().all(|l| l.kind == LineKind::Note),
        "nothing is answered before the verdict: {lines:?}"
    );
    while page.is_busy() {
        lines.extend(page.advance(HOP_TICKS / 2));
    }
    let page: Vec<String> = lines
        .into_iter()
        .filter(|l| l.kind != LineKind::Note)
        .map(|l| l.text)
        .collect();
    assert_eq!(page, cli);
    assert_eq!(
        page[page.len() - 7..],
        [
            "G1, state=NF",
            "G2, state=NF",
            "G4, state=NF",
            "G5, state=NF",
            "error: unknown command 'bogus'; type help to list the commands",
            "error: there is no live general G99; g-state lists them",
            "error: unknown command 'g-stat'; type help to list the commands",
        ]
    );
}
