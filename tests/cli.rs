//! The command-line twin, run as a user runs it: the real binary, commands on
//! standard input, exact bytes on standard output, exit codes.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn generals(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_generals"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the generals binary runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

#[test]
fn the_spec_vectors_t1_to_t10_are_reproduced_byte_for_byte() {
    let (commands, expected) = common::parse_vectors(common::SPEC_VECTORS);
    assert_eq!(commands.len(), 10, "T1..T10");
    let input = commands.join("\n") + "\n";
    let out = generals(&["4", "--primary", "1"], input.as_bytes());
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), expected.join("\n") + "\n");
}

#[test]
fn strategies_and_the_check_note_keep_standard_output_exact() {
    let input = b"g-state 3 faulty liar\ng-faulty\nactual-order attack\n";
    let out = generals(&["3", "--primary", "1", "--seed", "5"], input);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "G1, state=NF\nG2, state=NF\nG3, state=F\n\
         G3, secondary, strategy=liar\n\
         G1, primary, majority=attack, state=NF\n\
         G2, secondary, majority=undefined, state=NF\n\
         G3, secondary, majority=undefined, state=F\n\
         Execute order: cannot be determined \u{2013} not enough generals in the system! \
         1 faulty node in the system - 2 out of 3 quorum not consistent\n"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.lines().any(|l| l
            == "check: IC1 holds; IC2 broken (loyal commander G1 ordered attack; \
                G2 decided undefined)"),
        "{stderr}"
    );
}

#[test]
fn the_banner_names_the_seed_and_help_on_standard_error_only() {
    let out = generals(&["4", "--seed", "123456789"], b"");
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("seed 123456789"), "{stderr}");
    assert!(stderr.contains("help"), "{stderr}");
    assert!(
        !stderr.contains("> "),
        "no prompt when standard input is not a terminal"
    );
}

#[test]
fn a_random_seed_is_printed_so_the_run_can_be_replayed() {
    let commands = b"g-state 2 faulty\ng-state 3 faulty\nactual-order attack\ng-state\n";
    let first = generals(&["7"], commands);
    let stderr = text(&first.stderr);
    let seed = stderr
        .split("seed ")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .expect("the banner names the seed");
    let replay = generals(&["7", "--seed", seed], commands);
    assert_eq!(text(&first.stdout), text(&replay.stdout));
}

#[test]
fn exit_ends_the_session_with_status_zero_and_reads_no_further() {
    let out = generals(&["4", "--seed", "1", "--primary", "2"], b"exit\ng-state\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "");
    // Nothing about `start <N>`: the command line does not read on.
    assert_eq!(
        text(&out.stderr),
        "Byzantine generals: 4 generals, G2 primary, OM(1), seed 1. Type help for the commands.\n\
         Session ended: the generals stop.\n"
    );
}

#[test]
fn the_tally_follows_each_verdict_on_standard_error() {
    let out = generals(
        &["4", "--seed", "3", "--primary", "1"],
        b"actual-order attack\ng-state 2 faulty\ng-state 3 faulty\nactual-order retreat\n",
    );
    let stderr = text(&out.stderr);
    let notes: Vec<&str> = stderr.lines().skip(1).collect();
    // Each tally comes first after its verdict, before any other note.
    assert!(
        notes[0].starts_with("tally: ") && notes[2].starts_with("tally: "),
        "{notes:?}"
    );
    let tallies: Vec<&str> = notes
        .into_iter()
        .filter(|n| n.starts_with("tally: "))
        .collect();
    assert_eq!(
        tallies,
        [
            "tally: 4 attack, 0 retreat, 0 undefined",
            "tally: 0 attack, 1 retreat, 3 undefined"
        ]
    );
}

#[test]
fn end_of_input_exits_zero() {
    let out = generals(&["3", "--seed", "1", "--primary", "2"], b"g-state");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "G1, secondary, state=NF\nG2, primary, state=NF\nG3, secondary, state=NF\n"
    );
}

#[test]
fn bad_arguments_exit_two_with_a_usage_line() {
    for args in [
        &[][..],
        &["0"],
        &["1001"],
        &["four"],
        &["4", "--seed"],
        &["4", "--seed", "-1"],
        &["4", "--primary", "5"],
        &["4", "--primary", "0"],
        &["4", "--colour", "red"],
        &["4", "5"],
        &["+4"],
        &["4", "--seed", "1", "--seed", "2"],
        &["4", "--seed", "--help"],
        &["4", "--primary", "1", "--primary", "1"],
        &["4", "--seed", "+7"],
    ] {
        let out = generals(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&out.stdout), "", "{args:?}");
        let stderr = text(&out.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 4, "{args:?}: {stderr}");
        assert!(lines[0].starts_with("generals: "), "{args:?}: {stderr}");
        assert_eq!(lines[1], "Usage: generals [OPTIONS] [N]", "{args:?}");
        assert_eq!(lines[2], "       generals experiment [OPTIONS]", "{args:?}");
        assert_eq!(lines[3], "For more, try 'generals --help'.", "{args:?}");
    }
}

#[test]
fn argument_errors_say_what_is_wrong() {
    let first_line = |args: &[&str]| {
        text(&generals(args, b"").stderr)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        first_line(&["+4"]),
        "generals: invalid value '+4' for '[N]': the number of generals is a whole number from 1 to 1000"
    );
    assert_eq!(
        first_line(&["4", "--seed", "1", "--seed", "2"]),
        "generals: the argument '--seed <S>' cannot be used multiple times"
    );
    assert_eq!(
        first_line(&["4", "--seed", "--help"]),
        "generals: a value is required for '--seed <S>' but none was supplied"
    );
    // A negative number is a wrong value, not an unknown option.
    assert_eq!(
        first_line(&["4", "--seed", "-1"]),
        "generals: invalid value '-1' for '--seed <S>': a seed is a whole number from 0 to 18446744073709551615"
    );
    assert_eq!(
        first_line(&["-4"]),
        "generals: invalid value '-4' for '[N]': the number of generals is a whole number from 1 to 1000"
    );
    assert_eq!(
        first_line(&["4", "--primary", "-2"]),
        "generals: invalid value '-2' for '--primary <ID>': a general id is a whole number from 1, written 2 or G2"
    );
    assert_eq!(
        first_line(&["4", "--primary", "5"]),
        "generals: the primary must be one of the generals, 1 to 4, not 5"
    );
    // A second word is not a subcommand to a reader who typed two numbers.
    assert_eq!(
        first_line(&["4", "5"]),
        "generals: unexpected argument '5' found: a session takes one N, the number of generals (a seed goes in --seed S)"
    );
    assert_eq!(
        first_line(&["4", "experiment"]),
        "generals: the subcommand 'experiment' cannot be used with '[N]'"
    );
}

#[test]
fn help_is_printed_on_standard_output_with_status_zero() {
    for flag in ["--help", "-h"] {
        let out = generals(&[flag], b"");
        assert_eq!(out.status.code(), Some(0));
        let stdout = text(&out.stdout);
        assert!(stdout.contains("Usage: generals [OPTIONS] [N]"), "{stdout}");
        for option in ["--seed <S>", "--primary <ID>"] {
            assert!(stdout.contains(option), "{stdout}");
        }
        // Both algorithms the console runs (g-protocol om|sm), not OM alone.
        assert!(
            stdout.starts_with("The Byzantine generals, OM(m) and SM(m), as a console"),
            "{stdout}"
        );
    }
}

#[test]
fn the_primary_may_be_written_as_printed() {
    let out = generals(&["3", "--seed", "1", "--primary", "G3"], b"g-state\n");
    assert_eq!(
        text(&out.stdout),
        "G1, secondary, state=NF\nG2, secondary, state=NF\nG3, primary, state=NF\n"
    );
}

/// Runs the binary with standard error open on `stderr` instead of a pipe.
#[cfg(target_os = "linux")]
fn generals_with_stderr(args: &[&str], stdin: &[u8], stderr: Stdio) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_generals"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("the generals binary runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

const SCENARIO: &[u8] = b"g-state\nactual-order attack\nexit\n";
const SCENARIO_OUT: &str = "G1, primary, state=NF\nG2, secondary, state=NF\n\
    G3, secondary, state=NF\nG4, secondary, state=NF\n\
    G1, primary, majority=attack, state=NF\nG2, secondary, majority=attack, state=NF\n\
    G3, secondary, majority=attack, state=NF\nG4, secondary, majority=attack, state=NF\n\
    Execute order: attack! Non-faulty nodes in the system \u{2013} 3 out of 4 quorum suggest attack\n";

#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_error_loses_the_notes_not_the_transcript() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full on Linux");
    let out = generals_with_stderr(
        &["4", "--seed", "7", "--primary", "1"],
        SCENARIO,
        full.into(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), SCENARIO_OUT);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = generals_with_stderr(&["0"], b"", full.into());
    assert_eq!(
        out.status.code(),
        Some(2),
        "bad arguments still say so by status"
    );
}

#[test]
fn a_closed_standard_error_loses_the_notes_not_the_transcript() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_generals"))
        .args(["4", "--seed", "7", "--primary", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the generals binary runs");
    // The reader of standard error goes away before the first note.
    child.stderr = None;
    child.stdin.take().unwrap().write_all(SCENARIO).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), SCENARIO_OUT);
}

#[test]
fn errors_go_to_standard_output_in_transcript_order() {
    let out = generals(
        &["2", "--seed", "5", "--primary", "1"],
        b"g-kill 9\ng-state\n",
    );
    assert_eq!(
        text(&out.stdout),
        "error: there is no live general G9; g-state lists them\n\
         G1, primary, state=NF\nG2, secondary, state=NF\n"
    );
}

#[test]
fn invalid_utf8_and_hostile_lines_are_errors_not_crashes() {
    let mut input = b"\xff\xfe g-state\n".to_vec();
    input.extend(b"x".repeat(10_000));
    input.extend(b"\n\x1b[2Jg-kill 1\ng-state\n");
    let out = generals(&["2", "--seed", "5", "--primary", "1"], &input);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<String> = text(&out.stdout).lines().map(String::from).collect();
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert!(
        lines[..3].iter().all(|l| l.starts_with("error: ")),
        "{lines:?}"
    );
    assert!(
        lines.iter().all(|l| !l.contains('\u{1b}')),
        "escape sequences are neutralised"
    );
    assert!(
        lines.iter().all(|l| l.len() < 200),
        "long input is not echoed whole"
    );
    assert_eq!(
        lines[3..],
        ["G1, primary, state=NF", "G2, secondary, state=NF"]
    );
}

#[test]
fn inspect_prints_what_the_inspector_shows_as_notes_on_standard_error() {
    let out = generals(
        &["4", "--seed", "1", "--primary", "1"],
        b"actual-order attack\ninspect 3\ninspect 7\n",
    );
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("heard"), "notes stay off the transcript");
    assert!(
        stdout.ends_with("error: there is no live general G7; g-state lists them\n"),
        "{stdout}"
    );
    let stderr = text(&out.stderr);
    // After the banner and the order's own notes (tally, check).
    let notes: Vec<&str> = stderr.lines().filter(|l| l.starts_with("G3")).collect();
    assert_eq!(
        notes,
        [
            "G3: secondary, non-faulty (NF); majority: attack",
            "G3 heard: G1 said attack",
            "G3 heard: G2 says G1 said attack",
            "G3 heard: G4 says G1 said attack",
        ]
    );
}

#[test]
fn help_lists_every_command() {
    let out = generals(&["4", "--seed", "1"], b"help\n");
    let stdout = text(&out.stdout);
    for command in [
        "g-state",
        "g-state <ID> faulty|non-faulty",
        "g-state <ID> faulty <strategy>",
        "g-faulty",
        "g-kill <ID>",
        "g-add <K>",
        "actual-order attack|retreat",
        "g-protocol [om|sm <M>]",
        "inspect <ID>",
        "start <N>",
        "help",
        "exit",
    ] {
        assert!(
            stdout.lines().any(|l| l.starts_with(command)),
            "help lacks {command}:\n{stdout}"
        );
    }
}

#[test]
fn an_overlong_line_is_one_error_and_reading_goes_on() {
    let mut input = b"g-state 2 faulty\n".to_vec();
    input.extend(b"x ".repeat(1_000_000));
    input.extend(b"\ng-kill 2\n");
    let out = generals(&["2", "--seed", "5", "--primary", "1"], &input);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "G1, state=NF\nG2, state=F\n\
         error: the line is too long (2,000,000 bytes); a command is at most 1,024 bytes\n\
         G1, state=NF\n"
    );
}

/// The most memory the process has held so far (VmHWM), in KiB.
#[cfg(target_os = "linux")]
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/<pid>/status");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn memory_stays_flat_on_a_huge_line() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_generals"))
        .args(["4", "--seed", "1", "--primary", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the generals binary runs");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    // A known answer shows the binary is up and idle: its peak so far.
    stdin.write_all(b"g-state\n").unwrap();
    for _ in 0..4 {
        stdout.read_line(&mut line).unwrap();
    }
    let idle = peak_kib(child.id());
    // 64 MiB of `x x x ...` on one line, then a command.
    let chunk = b"x ".repeat(1 << 20);
    for _ in 0..32 {
        stdin.write_all(&chunk).unwrap();
    }
    stdin.write_all(b"\ng-kill 4\n").unwrap();
    line.clear();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(
        line,
        "error: the line is too long (67,108,864 bytes); a command is at most 1,024 bytes\n"
    );
    for _ in 0..3 {
        stdout.read_line(&mut line).unwrap();
    }
    let peak = peak_kib(child.id());
    drop(stdin);
    assert!(child.wait().unwrap().success());
    assert!(
        peak < idle + 4 * 1024,
        "peak {peak} KiB against {idle} KiB idle: a long line must not be held"
    );
}
