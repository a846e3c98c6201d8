//! Replay links, natively: a session recorded as the page records it (commands
//! typed at random moments, some while an order is in flight) replays from
//! its link to the very same lines and army; any line survives the link's
//! encoding; hostile links never panic and give at most one problem.

mod common;

use byzantine_generals::engine::limits::{HOP_TICKS, MAX_LINK_CHARS};
use byzantine_generals::engine::replay::{self, decode_text, encode_text, Link};
use byzantine_generals::engine::{Line, LineKind, Session, SessionOptions};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const COMMANDS: &[&str] = &[
    "g-state",
    "g-state 2 faulty",
    "g-state 3 faulty",
    "g-state 2 non-faulty",
    "G-STATE  4   Faulty",
    "g-kill 1",
    "g-kill 3",
    "g-add 2",
    "actual-order attack",
    "actual-order retreat",
    "actual-order attack",
    "g-protocol",
    "g-protocol om 2",
    "g-protocol om 1",
    "help",
    "start 5",
    "exit",
    "nonsense here",
    "g-kill 99",
];

/// Plays a page session: between commands, logical time moves by a random
/// amount (often not enough to finish an order), as frames and pauses would.
/// Returns the link it recorded and every line it printed, in order, with
/// each command's echo in place.
fn play(seed: u64) -> (Link, Vec<String>, Session) {
    let mut dice = ChaCha8Rng::seed_from_u64(seed);
    let options = SessionOptions {
        generals: dice.random_range(1..=9u32) as usize,
        seed: Some(seed),
        primary: None,
        depth: dice.random_range(0..=2),
    };
    let mut session = Session::new(options).unwrap();
    let mut link = Link::new(options);
    let mut lines = Vec::new();
    for _ in 0..dice.random_range(1..=25u32) {
        let text = COMMANDS[dice.random_range(0..COMMANDS.len() as u32) as usize];
        link.record(&session, text).unwrap();
        lines.push(format!("> {text}"));
        lines.extend(texts(session.submit(text)));
        let wait = match dice.random_range(0..4u32) {
            0 => 0,
            1 => dice.random_range(1..=HOP_TICKS as u32) as u64,
            2 => HOP_TICKS * dice.random_range(1..=3u32) as u64,
            _ => u64::MAX / 4,
        };
        lines.extend(texts(session.advance(wait)));
    }
    (link, lines, session)
}

fn texts(lines: Vec<Line>) -> Vec<String> {
    lines.into_iter().map(|l| l.text).collect()
}

/// Replays a link as the page does on load: reach each command's moment,
/// echo it, submit it; a moment that cannot be reached gives its error line
/// and leaves out that command and the rest.
fn replay_link(link: &Link) -> (Vec<String>, Session) {
    let mut session = Session::new(link.options).unwrap();
    let mut lines = Vec::new();
    for (index, entry) in link.entries.iter().enumerate() {
        lines.extend(texts(replay::bring(&mut session, entry)));
        if let Some(problem) = replay::missed(&session, index + 1, entry) {
            lines.push(format!("error: {problem}"));
            break;
        }
        lines.push(format!("> {}", entry.text));
        lines.extend(texts(replay::submit(&mut session, entry)));
    }
    (lines, session)
}

#[test]
fn a_recorded_session_replays_to_the_same_lines_and_army() {
    let mut with_moments = 0;
    for seed in 0..400 {
        let (link, mut lines, mut played) = play(seed);
        with_moments += link.entries.iter().filter(|e| e.during.is_some()).count();
        let (parsed, problem) = Link::parse(&format!("https://x.test/#{}", link.fragment()));
        assert_eq!(problem, None);
        assert_eq!(parsed, link, "seed {seed}");
        let (mut replayed, mut session) = replay_link(&parsed);
        // Both run what is still in flight to its end, then compare.
        lines.extend(texts(played.finish()));
        replayed.extend(texts(session.finish()));
        assert_eq!(replayed, lines, "seed {seed}: {}", link.fragment());
        assert_eq!(session.roster(), played.roster(), "seed {seed}");
        assert_eq!(session.seed(), played.seed());
        assert_eq!(session.depth(), played.depth());
        assert_eq!(session.is_ended(), played.is_ended());
        assert_eq!(session.last_verdict(), played.last_verdict());
    }
    assert!(
        with_moments > 300,
        "many commands were typed mid-order: {with_moments}"
    );
}

#[test]
fn the_command_line_twin_prints_a_replayed_session_like_its_own() {
    // Typed without moments, a link replays exactly as stdin does.
    let commands = [
        "g-state 3 faulty",
        "actual-order attack",
        "g-kill 1",
        "actual-order retreat",
    ];
    let mut direct = common::session(4, 7, Some(1));
    let expected = common::transcript(&mut direct, &commands);
    let fragment = format!(
        "generals=4&seed=7&primary=1&c={}",
        commands.map(encode_text).join("~")
    );
    assert_eq!(
        fragment,
        "generals=4&seed=7&primary=1&c=g-state_3_faulty~actual-order_attack~g-kill_1~actual-order_retreat"
    );
    let (link, problem) = Link::parse(&fragment);
    assert_eq!(problem, None);
    // The twin's standard output: outputs and errors, no echoes, no notes.
    let mut session = Session::new(link.options).unwrap();
    let mut lines = Vec::new();
    for entry in &link.entries {
        let (before, after) = replay::replay(&mut session, entry);
        lines.extend(before);
        lines.extend(after);
    }
    lines.extend(session.finish());
    let transcript: Vec<String> = lines
        .into_iter()
        .filter(|l| l.kind != LineKind::Note)
        .map(|l| l.text)
        .collect();
    assert_eq!(transcript, expected);
}

#[test]
fn any_line_round_trips_through_the_link() {
    let mut dice = ChaCha8Rng::seed_from_u64(10);
    let alphabet: Vec<char> = "aZ09 -._~@&=#%+?/\t\u{7f}\u{202e}é𝔾\u{0}".chars().collect();
    for _ in 0..20_000 {
        let length = dice.random_range(1..=40u32);
        let text: String = (0..length)
            .map(|_| alphabet[dice.random_range(0..alphabet.len() as u32) as usize])
            .collect();
        let encoded = encode_text(&text);
        assert!(
            !encoded.contains(['~', '&', '=', '@', '#', ' ']),
            "{encoded}"
        );
        assert_eq!(decode_text(&encoded).as_deref(), Ok(text.as_str()));
        if text.trim().is_empty() {
            continue;
        }
        let mut link = Link::new(SessionOptions::default());
        link.record(&Session::new(SessionOptions::default()).unwrap(), &text)
            .unwrap();
        assert_eq!(Link::parse(&link.fragment()), (link, None));
    }
}

#[test]
fn hostile_links_never_panic_and_report_one_problem() {
    let mut dice = ChaCha8Rng::seed_from_u64(11);
    let pieces = [
        "generals=",
        "seed=",
        "primary=",
        "om=",
        "c=",
        "&",
        "~",
        "@",
        ".",
        "%",
        "%4",
        "%e2%82",
        "%FF",
        "=",
        "#",
        "?",
        "g-state_3_faulty",
        "actual-order_attack",
        "1",
        "0",
        "999999999999",
        "18446744073709551616",
        "-3",
        "é",
        "\u{202e}",
        "@1.600",
        "@0.1",
        "_",
        "start_3",
    ];
    for _ in 0..20_000 {
        let text: String = (0..dice.random_range(0..30u32))
            .map(|_| pieces[dice.random_range(0..pieces.len() as u32) as usize])
            .collect();
        let (link, problem) = Link::parse(&text);
        assert!(link.options.validate().is_ok(), "{text}");
        if let Some(problem) = problem {
            assert!(!problem.contains('\n'), "{problem}");
            assert!(problem.starts_with("replay link: "), "{problem}");
        }
        // Whatever was read replays without panicking, and bounded.
        let (mut session, entries) = (Session::new(link.options).unwrap(), link.entries);
        for entry in entries.iter().take(8) {
            replay::replay(&mut session, entry);
        }
        session.finish();
    }
}

#[test]
fn a_link_writes_numbers_and_ids_as_the_command_line_does() {
    // `generals --primary G2` is taken, `generals +4` refused: a link the same.
    let (link, problem) = Link::parse("#generals=5&seed=3&primary=G2");
    assert_eq!(problem, None);
    assert_eq!(link.options.primary, Some(2));
    let (link, problem) = Link::parse("#generals=+5&seed=+3&primary=+2&om=+2");
    assert_eq!(link.options, SessionOptions::default());
    assert_eq!(
        problem.as_deref(),
        Some(
            "replay link: generals='+5' must be a whole number from 1 to 1000, so 4 are used \
             (and 3 more problems); starting with what could be read"
        )
    );
}

#[test]
fn a_made_up_moment_is_one_error_line_and_the_orders_still_end() {
    // Order 99 never starts: the order in flight is run to its end, then
    // one error line says the moment asked for and the moments the link's
    // orders allow; that command and the ones after it are left out.
    let (link, problem) =
        Link::parse("generals=4&seed=2&c=actual-order_attack~g-state@99.18446744073709551615~g-state@1.18446744073709551615");
    assert_eq!(problem, None);
    let (mut lines, mut session) = replay_link(&link);
    lines.extend(texts(session.finish()));
    assert!(!session.is_busy());
    let verdict = lines
        .iter()
        .position(|l| l.starts_with("G1, primary"))
        .unwrap();
    assert_eq!(
        lines[verdict + 7..],
        [
            "error: replay link: command 2 'g-state' is at moment @99.18446744073709551615, \
             past the link's orders: the last before it, order 1, which takes moments @1.0 to \
             @1.2399; it and the commands after it are left out"
        ]
    );
    assert!(!lines.iter().any(|l| l == "> g-state"), "{lines:?}");
}

#[test]
fn the_last_moment_of_an_order_replays_silently_and_one_past_it_is_an_error() {
    let link = |tick: u64| {
        format!("#generals=4&seed=2&primary=1&c=actual-order_attack~g-state@1.{tick}~g-kill_2")
    };
    // OM(1) among 4: two rounds of 1,200 ticks, so the order ends at 2,400.
    let (read, problem) = Link::parse(&link(2399));
    assert_eq!(problem, None);
    let (mut lines, mut session) = replay_link(&read);
    lines.extend(texts(session.finish()));
    assert!(!lines.iter().any(|l| l.starts_with("error")), "{lines:?}");
    // g-state answered mid-order, before the verdict; g-kill 2 waited for it.
    let asked = lines.iter().position(|l| l == "> g-state").unwrap();
    let verdict = lines
        .iter()
        .position(|l| l.starts_with("G1, primary"))
        .unwrap();
    assert!(asked < verdict);
    assert_eq!(session.roster().len(), 3);

    let (read, problem) = Link::parse(&link(2400));
    assert_eq!(problem, None);
    let (mut lines, mut session) = replay_link(&read);
    lines.extend(texts(session.finish()));
    let error = "error: replay link: command 2 'g-state' is at moment @1.2400, past the end of \
                 order 1, which takes moments @1.0 to @1.2399; it and the commands after it are \
                 left out";
    assert_eq!(lines.last().map(String::as_str), Some(error));
    assert!(!lines.iter().any(|l| l == "> g-state" || l == "> g-kill 2"));
    assert_eq!(session.roster().len(), 4, "g-kill 2 was left out");

    // The twin prints the same words, after the same verdict, and goes on
    // with standard input; its own link ends before the command left out.
    let (stdout, stderr, status) = twin(&["--replay", &link(2400), "--print-link"], "g-kill 3\n");
    assert_eq!(status, 0);
    let at = stdout.iter().position(|l| l == error).unwrap();
    assert_eq!(
        stdout[..at],
        lines[1..at + 1],
        "the verdict of order 1 comes first"
    );
    assert!(stdout[at - 1].starts_with("Execute order: attack!"));
    assert_eq!(stdout.iter().filter(|l| l.starts_with("error")).count(), 1);
    assert_eq!(
        stderr.last().unwrap(),
        "#generals=4&seed=2&primary=1&om=1&c=actual-order_attack~g-kill_3"
    );
    let (stdout, _, _) = twin(&["--replay", &link(2399)], "");
    assert!(!stdout.iter().any(|l| l.starts_with("error")), "{stdout:?}");
}

#[test]
fn a_made_up_search_in_a_link_is_one_error_line() {
    // `@s1` on a command typed when no search was under way: the link was
    // edited or made up. The command and the ones after it are left out,
    // with the same words as for a moment the replay never reaches.
    let error = "error: replay link: command 1 'g-state' was typed during search 1 (@s1), but no \
                 search is under way there; it and the commands after it are left out";
    let (stdout, _, status) = twin(
        &["--replay", "#generals=4&seed=2&c=g-state@s1~g-kill_2"],
        "",
    );
    assert_eq!(status, 0);
    assert_eq!(
        stdout
            .iter()
            .filter(|l| l.starts_with("error"))
            .collect::<Vec<_>>(),
        [error]
    );
    assert!(
        !stdout.iter().any(|l| l.starts_with("G2, state")),
        "{stdout:?}"
    );
    let (read, problem) = Link::parse("#generals=4&seed=2&c=g-state@s1~g-kill_2");
    assert_eq!(problem, None);
    let (lines, session) = replay_link(&read);
    assert_eq!(lines.last().map(String::as_str), Some(error));
    assert_eq!(session.roster().len(), 4, "g-kill 2 was left out");
}

#[test]
fn oversized_and_truncated_links() {
    let long = format!("seed=1&c={}", "help~".repeat(MAX_LINK_CHARS));
    let (link, problem) = Link::parse(&long);
    assert!(problem.unwrap().starts_with(&format!(
        "replay link: it is {} characters long, over the limit of 16,384",
        "81,929"
    )));
    assert_eq!(link.entries.len(), (MAX_LINK_CHARS - 9) / 5);
    // Cut in the middle of an escape: the commands before it still replay.
    let (link, problem) = Link::parse("#seed=1&c=g-state~g-state_3_faul%E");
    assert_eq!(link.entries.len(), 1);
    assert!(problem.unwrap().contains("'%E' is not an escape"));
}

#[test]
fn a_line_too_long_to_read_keeps_its_length_not_the_link() {
    // A pasted page of text is refused unread; the link keeps its length
    // (`!`), so the commands after it still fit and replay.
    let options = SessionOptions {
        generals: 4,
        seed: Some(5),
        primary: Some(1),
        depth: 1,
    };
    let mut session = Session::new(options).unwrap();
    let mut link = Link::new(options);
    let pasted = "\u{e9}".repeat(9_000);
    let mut lines = Vec::new();
    for text in [pasted.as_str(), "actual-order attack", "g-kill 2"] {
        link.record(&session, text).unwrap();
        lines.extend(texts(session.submit(text)));
    }
    lines.extend(texts(session.finish()));
    assert_eq!(
        lines[0],
        "error: the line is too long (18,000 bytes); a command is at most 1,024 bytes"
    );
    let fragment = link.fragment();
    assert_eq!(
        fragment,
        "generals=4&seed=5&primary=1&om=1&c=!18000~actual-order_attack~g-kill_2@1.0"
    );
    let (read, problem) = Link::parse(&fragment);
    assert_eq!((&read, problem), (&link, None));
    let mut replayed = Session::new(read.options).unwrap();
    let mut again = Vec::new();
    for entry in &read.entries {
        let (before, own) = replay::replay(&mut replayed, entry);
        again.extend(texts(before).into_iter().chain(texts(own)));
    }
    again.extend(texts(replayed.finish()));
    assert_eq!(again, lines);
    // Typed during an order, it keeps its moment too.
    let (read, problem) = Link::parse("seed=1&c=actual-order_attack~!1025@1.600");
    assert_eq!(problem, None);
    assert_eq!(read.entries[1].unread, Some(1025));
    // Only a length a line could not be read at.
    for bad in ["!1024", "!0", "!99999999999999999999"] {
        let (read, problem) = Link::parse(&format!("seed=1&c=g-state~{bad}~g-state"));
        assert_eq!(read.entries.len(), 1, "{bad}");
        assert!(
            problem
                .as_deref()
                .unwrap()
                .contains("is not a line too long to read (! and more than 1,024 bytes)"),
            "{bad}: {problem:?}"
        );
    }
}

/// Runs the real `generals` binary with `args` and `stdin`: (stdout lines,
/// stderr lines, exit status).
fn twin(args: &[&str], stdin: &str) -> (Vec<String>, Vec<String>, i32) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_generals"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the generals binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .lines()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    (
        lines(&out.stdout),
        lines(&out.stderr),
        out.status.code().unwrap(),
    )
}

#[test]
fn the_twin_replays_a_page_link_and_prints_its_own() {
    for seed in [3, 17, 40, 77, 123] {
        let (link, _, _) = play(seed);
        // What the page shows for the link, less echoes and notes: the twin's stdout.
        let mut session = Session::new(link.options).unwrap();
        let mut expected = Vec::new();
        for entry in &link.entries {
            let (before, after) = replay::replay(&mut session, entry);
            expected.extend(before.into_iter().chain(after));
        }
        expected.extend(session.finish());
        let expected: Vec<String> = expected
            .into_iter()
            .filter(|l| l.kind != LineKind::Note)
            .map(|l| l.text)
            .collect();
        let address = format!("http://127.0.0.1:8080/#{}", link.fragment());
        let (stdout, stderr, status) = twin(&["--replay", &address, "--print-link"], "");
        assert_eq!(status, 0);
        assert_eq!(stdout, expected, "seed {seed}: {address}");
        assert_eq!(stderr.last(), Some(&format!("#{}", link.fragment())));
    }
}

#[test]
fn the_twin_goes_on_with_standard_input_and_links_it_too() {
    let (stdout, stderr, status) = twin(
        &[
            "--replay",
            "#generals=4&seed=7&primary=1&c=g-state_3_faulty",
            "--print-link",
        ],
        "actual-order attack\r\n\n  g-kill 2\n",
    );
    assert_eq!(status, 0);
    assert_eq!(
        stdout[..4],
        [
            "G1, state=NF",
            "G2, state=NF",
            "G3, state=F",
            "G4, state=NF"
        ]
    );
    assert_eq!(stdout.last().unwrap(), "G4, state=NF");
    assert_eq!(
        stderr.last().unwrap(),
        "#generals=4&seed=7&primary=1&om=1&c=g-state_3_faulty~actual-order_attack~__g-kill_2"
    );
    // Its own link, replayed, prints the same transcript.
    let (again, _, _) = twin(&["--replay", stderr.last().unwrap()], "");
    assert_eq!(again, stdout);
}

#[test]
fn the_twin_links_a_line_too_long_to_read_by_its_length() {
    let pasted = "x".repeat(20_000);
    let input = format!("g-state 3 faulty\n{pasted}\nactual-order attack\ng-kill 2\n");
    let (stdout, stderr, status) = twin(&["4", "--seed", "7", "--print-link"], &input);
    assert_eq!(status, 0);
    let link = stderr.last().unwrap();
    assert_eq!(
        link,
        "#generals=4&seed=7&om=1&c=g-state_3_faulty~!20000~actual-order_attack~g-kill_2"
    );
    assert!(stdout.contains(
        &"error: the line is too long (20,000 bytes); a command is at most 1,024 bytes".to_string()
    ));
    let (again, stderr, status) = twin(&["--replay", link, "--print-link"], "");
    assert_eq!(status, 0);
    assert_eq!(again, stdout);
    assert_eq!(stderr.last().unwrap(), link);
}

#[test]
fn the_twin_reports_a_bad_link_in_one_line_and_runs_what_it_read() {
    let (stdout, stderr, status) = twin(
        &[
            "--replay",
            "#generals=3&seed=x&c=g-state~%G0~help",
            "--print-link",
        ],
        "",
    );
    assert_eq!(status, 0);
    assert_eq!(
        stdout[0],
        "error: replay link: seed='x' must be a whole number from 0 to 18446744073709551615, so a \
         random seed is used (and 1 more problem); starting with what could be read"
    );
    // g-state with a drawn primary: three generals, all non-faulty.
    for (line, id) in stdout[1..].iter().zip(1..) {
        assert!(
            line.starts_with(&format!("G{id}, ")) && line.ends_with(", state=NF"),
            "{line}"
        );
    }
    assert_eq!(
        stdout.len(),
        4,
        "g-state's three lines, nothing after the bad command"
    );
    assert!(stderr.last().unwrap().ends_with("&om=1&c=g-state"));
    // A seed was drawn and is in the link the twin prints.
    assert!(stderr.last().unwrap().starts_with("#generals=3&seed="));
}

/// The page searches in a worker, so commands can be typed while a
/// `g-search` is under way: they queue behind it, and `start` or `exit`
/// abandon it. Such a session, recorded as the page records it, replays to
/// the same lines (notes included) in the replay the page and the tests use
/// and in the twin (`--replay`), and the twin's own link is the same link.
#[test]
fn commands_typed_during_a_pages_search_replay_as_they_were_typed() {
    // Each script: (command, how many searches the worker answers before
    // the next one: one, or every search there is to answer).
    const ALL: u32 = u32::MAX;
    let scripts: [&[(&str, u32)]; 4] = [
        &[
            ("g-state 2 faulty", ALL),
            ("g-state 3 faulty", ALL),
            ("g-search", 0),
            ("g-faulty", 0),
            ("start 5", ALL),
            ("g-state 2 faulty", ALL),
            ("g-search", ALL),
        ],
        &[
            ("g-state 2 faulty", ALL),
            ("g-state 3 faulty", ALL),
            ("g-protocol om 2", ALL),
            ("g-search", 0),
            ("exit", ALL),
            ("start 4", ALL),
            ("g-state", ALL),
        ],
        &[
            ("g-state 1 faulty", ALL),
            ("g-state 3 faulty", ALL),
            ("g-search", 0),
            ("g-kill 4", 0),
            ("g-search", 0),
            ("g-faulty", ALL),
            ("actual-order retreat", ALL),
        ],
        // Typed during the second search, which the first one's queue
        // started: the link says which search (`@s2`), so the replay lets
        // the first one end before typing it.
        &[
            ("g-state 1 faulty", ALL),
            ("g-state 2 faulty", ALL),
            ("g-search", 0),
            ("g-search", 0),
            ("g-add 1", 1),
            ("g-protocol", 0),
            ("start 3", ALL),
            ("g-search", ALL),
        ],
    ];
    for script in scripts {
        let options = SessionOptions {
            generals: 7,
            seed: Some(11),
            primary: Some(1),
            depth: 1,
        };
        let mut played = Session::new(options).unwrap();
        played.defer_searches();
        let mut link = Link::new(options);
        let mut lines = Vec::new();
        for &(text, answered) in script {
            link.record(&played, text).unwrap();
            lines.push(format!("> {text}"));
            lines.extend(texts(played.submit(text)));
            // The worker answers; the orders run to their ends.
            for _ in 0..answered {
                lines.extend(texts(played.finish()));
                let Some(request) = played.take_search_request() else {
                    break;
                };
                let answer = byzantine_generals::engine::search_job::answer(&request);
                lines.extend(texts(played.resume_search(answer)));
            }
            if answered > 0 {
                lines.extend(texts(played.finish()));
            }
        }
        if script == scripts[3] {
            let fragment = link.fragment();
            assert!(
                fragment
                    .ends_with("g-search~g-search@s1~g-add_1@s1~g-protocol@s2~start_3@s2~g-search"),
                "{fragment}"
            );
        }
        let (parsed, problem) = Link::parse(&link.fragment());
        assert_eq!(problem, None);
        assert_eq!(parsed, link);
        let (mut replayed, mut session) = replay_link(&parsed);
        // What the page's worker still had to answer, answered.
        replayed.extend(texts(replay::finish(&mut session)));
        assert_eq!(replayed, lines, "{}", link.fragment());
        assert_eq!(session.seed(), played.seed());
        assert_eq!(session.roster(), played.roster());

        // The twin: standard output the transcript, standard error the
        // banner, the notes and, last, its own link.
        let (stdout, stderr, status) = twin(
            &["--replay", &format!("#{}", link.fragment()), "--print-link"],
            "",
        );
        assert_eq!(status, 0);
        let mut session = Session::new(options).unwrap();
        let banner = session.banner().text;
        let (mut outputs, mut notes) = (Vec::new(), vec![banner]);
        for entry in &parsed.entries {
            let (before, after) = replay::replay(&mut session, entry);
            for line in before.into_iter().chain(after) {
                match line.kind {
                    LineKind::Note => notes.push(line.text),
                    _ => outputs.push(line.text),
                }
            }
        }
        for line in replay::finish(&mut session) {
            match line.kind {
                LineKind::Note => notes.push(line.text),
                _ => outputs.push(line.text),
            }
        }
        assert_eq!(stdout, outputs, "{}", link.fragment());
        notes.push(format!("#{}", link.fragment()));
        assert_eq!(stderr, notes, "{}", link.fragment());
    }
}

/// Replays a link a budget of engine work at a time, as the page spreads a
/// long link over frames (`replay::Stride`): the lines, as `replay_link`
/// gives them, and how many calls it took.
fn replay_in_strides(link: &Link, budget: u64) -> (Vec<String>, Session, u32) {
    let mut session = Session::new(link.options).unwrap();
    let mut stride = replay::Stride::default();
    let mut lines = Vec::new();
    let mut calls = 0;
    let mut reach = |session: &mut Session, during, lines: &mut Vec<String>| loop {
        let strode = stride.reach(session, during, budget);
        calls += 1;
        assert!(
            strode.spent <= budget + budget / 2 + 2_000_000,
            "{}",
            strode.spent
        );
        lines.extend(texts(strode.lines));
        if strode.reached {
            break;
        }
    };
    for (index, entry) in link.entries.iter().enumerate() {
        reach(&mut session, entry.during, &mut lines);
        if let Some(problem) = replay::missed(&session, index + 1, entry) {
            lines.push(format!("error: {problem}"));
            break;
        }
        lines.push(format!("> {}", entry.text));
        lines.extend(texts(replay::submit(&mut session, entry)));
    }
    reach(&mut session, None, &mut lines);
    (lines, session, calls)
}

#[test]
fn a_replay_cut_into_strides_prints_the_same_lines_and_ends_in_the_same_state() {
    for seed in 0..150 {
        let (link, _, _) = play(seed);
        let (mut whole, mut at_once) = replay_link(&link);
        whole.extend(texts(at_once.finish()));
        for budget in [1, 97, 5_000] {
            let (cut, session, _) = replay_in_strides(&link, budget);
            assert_eq!(
                cut,
                whole,
                "seed {seed}, budget {budget}: {}",
                link.fragment()
            );
            assert_eq!(session.roster(), at_once.roster(), "seed {seed}");
            assert_eq!(session.orders_started(), at_once.orders_started());
            assert_eq!(session.is_ended(), at_once.is_ended());
            // Even the last order's clock ends where a replay in one go leaves it.
            assert_eq!(
                session.last_order().map(|o| o.exchange.now()),
                at_once.last_order().map(|o| o.exchange.now()),
                "seed {seed}, budget {budget}"
            );
        }
    }
    // A long link among a thousand generals, a liar among them, with moments
    // mid-order: a frame's budget at a time, it takes many steps, with the
    // same lines.
    let fragment = format!(
        "generals=1000&seed=4&primary=1&c=g-state_7_faulty_liar~{}~g-state@3.1300~{}",
        ["actual-order_attack"; 3].join("~"),
        ["actual-order_retreat"; 2].join("~")
    );
    let (link, problem) = Link::parse(&fragment);
    assert_eq!(problem, None);
    let (mut whole, mut at_once) = replay_link(&link);
    whole.extend(texts(at_once.finish()));
    let errors: Vec<&String> = whole.iter().filter(|l| l.starts_with("error")).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let (cut, session, calls) =
        replay_in_strides(&link, byzantine_generals::engine::limits::FRAME_WORK_BUDGET);
    assert_eq!(cut, whole);
    assert_eq!(session.last_verdict(), at_once.last_verdict());
    assert!(calls > 10, "{calls} steps");
}
