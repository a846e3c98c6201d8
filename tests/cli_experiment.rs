//! `generals experiment`, the real binary: CSV on standard output and in a
//! file, the table, the same bytes on one thread and two, and bad options
//! refused with one problem line, the usage and status 2.

use std::process::{Command, Output, Stdio};

use byzantine_generals::engine::experiment::report::CSV_HEADER;

fn generals(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generals"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

const SMALL: [&str; 9] = [
    "experiment",
    "--n",
    "3..7",
    "--k",
    "0..2",
    "--strategy",
    "mix",
    "--trials",
    "40",
];

/// The recorded small sweep (`tests/experiments.rs`, `tests/engine_wasm.rs`)
/// comes out of the binary byte for byte, on one thread and on two.
#[test]
fn csv_to_standard_output_is_the_recorded_table_on_any_thread_count() {
    let recorded = include_str!("vectors/experiment_small.csv");
    for threads in ["1", "2"] {
        let mut args = SMALL.to_vec();
        args.extend(["--seed", "7", "--csv", "-", "--threads", threads]);
        let out = generals(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), recorded, "{threads} threads");
        let notes = text(&out.stderr);
        assert!(
            notes.starts_with(&format!(
                "experiment: 15 cells, 40 trials each, seed 7, {threads} thread{}\n",
                if threads == "1" { "" } else { "s" }
            )),
            "{notes}"
        );
        // No progress bar: standard error is not a terminal here.
        assert_eq!(notes.lines().count(), 2, "{notes}");
    }
}

#[test]
fn csv_goes_to_a_file_with_one_row_per_cell() {
    let path = std::env::temp_dir().join(format!("generals-exp-{}.csv", std::process::id()));
    let out = generals(&[
        "experiment",
        "--n",
        "4..6",
        "--k",
        "1",
        "--protocol",
        "sm",
        "--m",
        "1..2",
        "--trials",
        "30",
        "--seed",
        "3",
        "--csv",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "the CSV replaces the table");
    let csv = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], CSV_HEADER);
    let header: Vec<&str> = lines[0].split(',').collect();
    for column in [
        "n",
        "k",
        "trials",
        "ic1_broken",
        "ic2_broken",
        "messages_mean",
    ] {
        assert!(header.contains(&column), "{column}");
    }
    assert_eq!(lines.len(), 1 + 2 * 3, "SM(1), SM(2) x n 4..6 x k 1");
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for row in &lines[1..] {
        let fields: Vec<&str> = row.split(',').collect();
        assert_eq!(fields.len(), header.len(), "{row}");
        assert_eq!(fields[column("trials")], "30");
        for rate in ["ic1_broken", "ic2_broken"] {
            let value: f64 = fields[column(rate)].parse().unwrap();
            // One traitor is within SM(m)'s bound: nothing breaks.
            assert_eq!(value, 0.0, "{row}");
        }
        assert!(fields[column("protocol")].starts_with("SM("), "{row}");
    }
}

#[test]
fn the_table_marks_guaranteed_cells() {
    let out = generals(&[
        "experiment",
        "--n",
        "4",
        "--k",
        "1..2",
        "--trials",
        "50",
        "--seed",
        "1",
    ]);
    assert!(out.status.success());
    let table = text(&out.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(lines[0].starts_with("protocol    n    k   trials  IC1 broken  IC2 broken"));
    assert!(
        lines[1].starts_with("OM(1)       4   1*       50        0.0%        0.0%"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("OM(1)       4   2        50 "),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[3],
        "* the theorem guarantees IC1 and IC2 in this cell"
    );
}

#[test]
fn bad_options_are_refused_with_status_2() {
    let cases: [(&[&str], &str); 13] = [
        // A negative number is a wrong value, not an unknown option.
        (&["--trials", "-5"], "invalid value '-5' for '--trials <T>': the trials per cell are a whole number from 1 to 1,000,000"),
        (&["--k", "-1"], "invalid value '-1' for '--k <RANGE>': expected a number or a range A..B with A <= B (both included), not '-1'"),
        (&["--seed", "-1"], "invalid value '-1' for '--seed <S>': a seed is a whole number from 0 to 18446744073709551615"),
        (&["--threads", "-1"], "invalid value '-1' for '--threads <N>': the threads are a whole number from 1 to 1024"),
        (&["--n", "7..3"], "invalid value '7..3' for '--n <RANGE>': expected a number or a range A..B with A <= B (both included), not '7..3'"),
        (&["--n", "3..300"], "n must be within 1..100, not 3..300; expected for example --n 3..13"),
        (&["--k", "x"], "invalid value 'x' for '--k <RANGE>'"),
        (&["--k", "50..60", "--n", "3..5"], "no cell to run: every k (50..60) is more than every n (3..5); expected k <= n"),
        (&["--trials", "0"], "trials must be from 1 to 1,000,000, not 0"),
        (&["--trials", "2000000"], "trials must be from 1 to 1,000,000, not 2000000"),
        (&["--protocol", "xm"], "invalid value 'xm' for '--protocol <P>': expected om (oral messages), sm (signed messages)"),
        (&["--strategy", "sneaky"], "invalid value 'sneaky' for '--strategy <S>': unknown strategy 'sneaky'; expected coin, liar, two-faced, silent"),
        (&["--n", "3..100", "--m", "2", "--trials", "100000"], "this sweep could send up to 14,313,419,400,000 messages"),
    ];
    for (args, problem) in cases {
        let mut all = vec!["experiment"];
        all.extend_from_slice(args);
        let out = generals(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = text(&out.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert!(
            lines[0].starts_with(&format!("generals experiment: {problem}")),
            "{args:?}: {stderr}"
        );
        assert_eq!(lines[1], "Usage: generals experiment [OPTIONS]", "{stderr}");
        assert_eq!(lines[2], "For more, try 'generals experiment --help'.");
    }
}

#[test]
fn the_console_twin_keeps_its_arguments() {
    let out = Command::new(env!("CARGO_BIN_EXE_generals"))
        .args(["4", "--seed", "7", "--primary", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"g-state\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "G1, primary, state=NF\nG2, secondary, state=NF\nG3, secondary, state=NF\nG4, secondary, state=NF\n"
    );
    // A session size and the subcommand do not go together.
    let out = generals(&["4", "experiment"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Counts of one are singular in the notes, as everywhere else (issue 7).
#[test]
fn a_single_trial_is_counted_in_the_singular() {
    let out = generals(&[
        "experiment",
        "--n",
        "4",
        "--k",
        "0",
        "--trials",
        "1",
        "--seed",
        "1",
        "--threads",
        "1",
    ]);
    assert!(out.status.success());
    let notes = text(&out.stderr);
    assert!(
        notes.starts_with("experiment: 1 cell, 1 trial each, seed 1, 1 thread\n"),
        "{notes}"
    );
    assert!(notes.contains("\nexperiment: 1 trial in "), "{notes}");
}
