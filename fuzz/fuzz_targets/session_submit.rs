//! Coverage-guided fuzzing of `Session::submit`, the one entry point of both
//! front ends. An input is a starting army and up to 64 lines of text. They
//! run twice: as the command line runs them (each to completion) and as the
//! page does (all typed while orders fly, time advancing in random slices).
//! After every line it checks the roster rules; that a refused line is one
//! `error:` line and changes nothing; that a completed OM(m) order sent the
//! formula's count (less what silent traitors withheld), an SM(m) order at
//! most its bound; and that the page's transcript is the command line's.
//!
//! Run: see README, "Fuzzing" (`cargo fuzz run session_submit`).

#![no_main]

use byzantine_generals::engine::limits::HOP_TICKS;
use byzantine_generals::engine::protocol::Kind;
use byzantine_generals::engine::{parse, Command, Line, LineKind, Session, SessionOptions};
use libfuzzer_sys::fuzz_target;

/// Lines per input, and the largest order run: enough for every path,
/// small enough for thousands of runs a second.
const MAX_LINES: usize = 64;
const MAX_MESSAGES: u64 = 5_000;

fuzz_target!(|data: &[u8]| {
    if data.len() < 11 {
        return;
    }
    let generals = 1 + usize::from(data[0] % 12);
    let options = SessionOptions {
        generals,
        seed: Some(u64::from_le_bytes(data[1..9].try_into().unwrap())),
        primary: (data[9] % 2 == 0).then(|| 1 + u32::from(data[9] / 2) % generals as u32),
        depth: u32::from(data[10] % 4),
    };
    let text = String::from_utf8_lossy(&data[11..]);
    let lines: Vec<&str> = text.split('\n').take(MAX_LINES).collect();

    let (cli, skipped) = command_line(options, &lines);
    let page = page(options, &lines, &skipped, options.seed.unwrap());
    // A reading command the page answered at once said what the command
    // line said for it; everything else came in the same order.
    let mut left_out = vec![false; lines.len()];
    for (i, answer) in &page.at_once {
        assert_eq!(answer, &cli[*i], "line {i}: {:?}", lines[*i]);
        left_out[*i] = true;
    }
    let in_order: Vec<String> = cli
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !left_out[*i])
        .flat_map(|(_, answer)| answer)
        .collect();
    assert_eq!(page.transcript, in_order, "the page's transcript is the command line's");
});

/// The transcript lines (outputs and errors) of `lines`.
fn transcript(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l.kind != LineKind::Note)
        .map(|l| l.text.clone())
        .collect()
}

/// Whether a line would start an order too big to fuzz quickly, or is
/// `g-search`, which runs thousands of orders by design (tests/search.rs
/// covers it).
fn too_big(session: &Session, line: &str) -> bool {
    let command = parse(line);
    matches!(command, Ok(Some(Command::Search)))
        || matches!(command, Ok(Some(Command::Order(_))))
            && session
            .protocol()
            .message_bound(session.roster().len())
            .to_u64()
            .is_none_or(|m| m > MAX_MESSAGES)
}

/// Runs each line to completion, as the command line does, checking the
/// invariants after each. Returns each line's transcript and the lines left
/// out for size.
fn command_line(options: SessionOptions, lines: &[&str]) -> (Vec<Vec<String>>, Vec<bool>) {
    let mut session = Session::new(options).unwrap();
    let mut answers = Vec::new();
    let mut skipped = Vec::new();
    for line in lines {
        let skip = too_big(&session, line);
        skipped.push(skip);
        if skip {
            answers.push(Vec::new());
            continue;
        }
        let roster = session.roster().clone();
        let protocol = session.protocol();
        let ended = session.is_ended();
        let mut out = session.submit(line);
        if out.iter().any(|l| l.kind == LineKind::Error) {
            assert_eq!(out.len(), 1, "a refused line is one line: {line:?} {out:?}");
            assert_eq!(session.roster(), &roster, "{line:?} was refused but changed the army");
            assert_eq!(session.protocol(), protocol, "{line:?} changed the protocol");
            assert_eq!(session.is_ended(), ended, "{line:?}");
            assert!(!session.is_busy(), "{line:?} was refused but started an order");
        }
        let ordered = session.is_busy();
        out.extend(session.finish());
        assert!(!session.is_busy());
        if let Err(problem) = session.roster().check_invariants() {
            panic!("after {line:?}: {problem}");
        }
        if ordered {
            check_count(&session);
        }
        answers.push(transcript(&out));
    }
    (answers, skipped)
}

/// A completed order sent what its protocol says.
fn check_count(session: &Session) {
    let done = session.last_order().expect("an order completed");
    let exchange = &done.exchange;
    let protocol = exchange.protocol();
    let n = session.roster().len();
    match protocol.kind {
        Kind::Oral => {
            let formula = protocol.message_count(n);
            assert_eq!(exchange.sent() + exchange.withheld(), formula, "{protocol} n={n}");
            assert_eq!(exchange.total(), formula);
        }
        Kind::Signed => assert!(exchange.sent() <= protocol.message_bound(n), "{protocol} n={n}"),
    }
}

/// A small generator for the page's time slices (the session's own one
/// must not be touched).
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// What the page printed: its transcript, less the answers of reading
/// commands it gave at once while an order flew (by design before the
/// verdict), which come separately with their line's index.
struct Page {
    transcript: Vec<String>,
    at_once: Vec<(usize, Vec<String>)>,
}

/// Types the lines as the page does: while an order flies, time moves on in
/// random slices between lines, and what would change the army waits.
fn page(options: SessionOptions, lines: &[&str], skipped: &[bool], seed: u64) -> Page {
    let mut session = Session::new(options).unwrap();
    let mut state = seed | 1;
    let mut page = Page {
        transcript: Vec::new(),
        at_once: Vec::new(),
    };
    for (i, line) in lines.iter().enumerate() {
        if skipped[i] {
            continue;
        }
        // `exit` and `start` act at once on the page, dropping the queue; a
        // user who waits for the order first gets the command line's lines.
        if matches!(parse(line), Ok(Some(Command::Exit | Command::Start { .. }))) {
            page.transcript.extend(transcript(&session.finish()));
        }
        let busy = session.is_busy();
        let answer = transcript(&session.submit(line));
        if busy && !answer.is_empty() {
            page.at_once.push((i, answer));
        } else {
            page.transcript.extend(answer);
        }
        if session.is_busy() && next(&mut state) % 3 == 0 {
            let ticks = next(&mut state) % (3 * HOP_TICKS);
            page.transcript.extend(transcript(&session.advance(ticks)));
        }
    }
    page.transcript.extend(transcript(&session.finish()));
    page
}
