//! `g-search` handed to a worker (`engine::search_job`), as the page does it:
//! the session hands out its request, which goes through text and the
//! worker's own function (`search_job::run`), and resumes with the answer
//! read back from text. Every line, notes included, and the random stream
//! after it must be the ones of the session that searched in place.

mod common;

use byzantine_generals::engine::search_job::{self, SearchAnswer, SearchRequest};
use byzantine_generals::engine::{Line, LineKind, Session};

/// The page's path: every request through text to `run` and back.
fn through_worker(session: &mut Session) -> Vec<Line> {
    let mut lines = Vec::new();
    while let Some(request) = session.take_search_request() {
        let text = search_job::run(&request.encode()).expect("a well-formed request");
        let answer = SearchAnswer::decode(&text).expect("a well-formed answer");
        lines.extend(session.resume_search(answer));
        lines.extend(session.finish());
    }
    lines
}

/// Runs `commands` on two sessions alike, one searching in place and one
/// through the worker's path, each command to completion as the command
/// line does; returns both sessions' lines.
fn both(n: usize, seed: u64, commands: &[&str]) -> (Vec<Line>, Vec<Line>) {
    let mut direct = common::session(n, seed, Some(1));
    let mut deferred = common::session(n, seed, Some(1));
    deferred.defer_searches();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for command in commands {
        a.extend(direct.submit(command));
        a.extend(direct.finish());
        b.extend(deferred.submit(command));
        b.extend(deferred.finish());
        b.extend(through_worker(&mut deferred));
        assert!(
            !deferred.is_searching(),
            "{command}: the search was answered"
        );
    }
    (a, b)
}

fn texts(lines: &[Line]) -> Vec<&str> {
    lines.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn the_worker_path_prints_the_lines_of_the_search_in_place() {
    // Exhaustive, none, randomised (it draws from the session's generator,
    // which the coin-flipping orders after it then show), SM(m), a refused
    // order, no traitors, a search queued behind an order.
    let cases: [(usize, &[&str]); 6] = [
        (
            4,
            &[
                "g-search",
                "g-state 2 faulty",
                "g-state 3 faulty",
                "g-search",
                "g-state 1 faulty",
                "g-search",
            ],
        ),
        (
            6,
            &[
                "g-protocol om 2",
                "g-state 3 faulty",
                "g-state 5 faulty",
                "g-search",
                "g-state 3 faulty coin",
                "actual-order retreat",
                "g-search",
                "actual-order attack",
            ],
        ),
        (
            3,
            &[
                "g-protocol sm 1",
                "g-state 2 faulty",
                "g-search",
                "g-state 1 faulty",
                "g-state 2 non-faulty",
                "g-search",
            ],
        ),
        (
            1000,
            &["g-state 5 faulty", "g-protocol om 3", "g-search", "g-state"],
        ),
        (
            3,
            &[
                "g-state 2 faulty",
                "actual-order retreat",
                "g-search",
                "g-kill 3",
                "g-search",
            ],
        ),
        (
            20,
            &[
                "g-state 4 faulty",
                "g-state 9 faulty two-faced",
                "g-state 11 faulty",
                "g-protocol om 2",
                "g-search",
                "actual-order attack",
            ],
        ),
    ];
    for (n, commands) in cases {
        let (direct, deferred) = both(n, 7, commands);
        assert_eq!(deferred, direct, "{n} generals: {commands:?}");
        let notes = direct
            .iter()
            .filter(|l| l.text.starts_with("search: "))
            .count();
        let errors = direct.iter().filter(|l| l.kind == LineKind::Error).count();
        let searches = commands.iter().filter(|c| **c == "g-search").count();
        assert_eq!(
            notes + errors,
            searches,
            "{n}: each search printed its line"
        );
    }
}

#[test]
fn commands_typed_during_a_search_wait_for_it_and_its_replay() {
    let setup = ["g-state 2 faulty", "g-state 3 faulty"];
    let mut direct = common::session(4, 3, Some(1));
    let mut deferred = common::session(4, 3, Some(1));
    deferred.defer_searches();
    for session in [&mut direct, &mut deferred] {
        for line in setup {
            session.submit(line);
        }
    }
    let later = ["g-state", "bogus", "g-kill 2", "actual-order retreat"];
    let mut expected = direct.submit("g-search");
    expected.extend(direct.finish());
    for line in later {
        expected.extend(direct.submit(line));
        expected.extend(direct.finish());
    }

    assert!(
        deferred.submit("g-search").is_empty(),
        "nothing until the answer"
    );
    assert!(deferred.is_searching() && !deferred.is_busy());
    let mut got = Vec::new();
    for (waiting, line) in later.iter().enumerate() {
        assert_eq!(
            texts(&deferred.submit(line)),
            [format!(
                "queued until the search completes ({} waiting)",
                waiting + 1
            )],
            "{line} waits, a reading command and a typo too"
        );
    }
    got.extend(through_worker(&mut deferred));
    assert_eq!(got, expected);
}

#[test]
fn exit_abandons_a_search_and_a_failed_worker_changes_nothing() {
    let mut session = common::session(3, 1, Some(1));
    session.defer_searches();
    session.submit("g-state 2 faulty");
    session.submit("g-search");
    session.submit("g-kill 3");
    assert_eq!(
        texts(&session.submit("exit")),
        [
            "Session ended: the generals stop.",
            "The search in flight was abandoned; 1 command queued behind it was dropped."
        ]
    );
    assert!(!session.is_searching());
    let answer = search_job::answer(&SearchRequest::decode(&request_of(3)).unwrap());
    assert!(
        session.resume_search(answer).is_empty(),
        "an abandoned search's answer is dropped"
    );

    // `start` abandons it too, and says so before the new session's banner.
    let mut session = common::session(3, 1, Some(1));
    session.defer_searches();
    session.submit("g-state 2 faulty");
    session.submit("g-search");
    let started = session.submit("start 4");
    let lines = texts(&started);
    assert_eq!(
        lines[0],
        "The search in flight was abandoned; 0 commands queued behind it were dropped."
    );
    assert!(
        lines[1].starts_with("Byzantine generals: 4 generals"),
        "{lines:?}"
    );
    assert!(!session.is_searching());

    // The worker could not run: one error line, the army as it was, then
    // what waited behind the search.
    let mut session = common::session(3, 1, Some(1));
    session.defer_searches();
    session.submit("g-state 2 faulty");
    session.submit("g-search");
    session.submit("g-faulty");
    assert!(session.take_search_request().is_some());
    assert!(session.take_search_request().is_none(), "taken once");
    let lines = session.cancel_search("the experiments module did not load");
    assert_eq!(
        texts(&lines),
        [
            "error: g-search could not run, so nothing changed: the experiments module did not load",
            "G2, secondary, strategy=coin",
        ]
    );
    assert!(!session.is_searching() && !session.is_busy() && session.last_order().is_none());
}

/// A request for a fresh session of `n` generals with G2 faulty.
fn request_of(n: usize) -> String {
    let mut session = common::session(n, 1, Some(1));
    session.defer_searches();
    session.submit("g-state 2 faulty");
    session.submit("g-search");
    session.take_search_request().unwrap().encode()
}

#[test]
fn requests_and_answers_read_back_and_bad_ones_are_refused() {
    let text = request_of(5);
    assert!(text.starts_with("search1 om 1 attack 1 "), "{text}");
    assert!(text.ends_with(" 1 2:coin 3 4 5"), "{text}");
    let request = SearchRequest::decode(&text).unwrap();
    assert_eq!(request.encode(), text);
    let answer = search_job::answer(&request);
    assert_eq!(SearchAnswer::decode(&answer.encode()).unwrap(), answer);
    for bad in [
        "",
        "search0 om 1 attack 1",
        &text.replace(" om ", " xm "),
        &text.replace(" 2:coin", " 2:sneaky"),
        &text.replace(" 3 4 5", " 4 3 5"),
        &text.replace("attack 1 ", "attack 9 "),
        &text[..text.len() - 12],
    ] {
        assert!(SearchRequest::decode(bad).is_err(), "{bad:?}");
        assert!(search_job::run(bad).is_err(), "{bad:?}");
    }
    for bad in [
        "",
        "0.0",
        "0.0\nx\nnsearch: ?",
        "0.0\n-\nxsearch: ?",
        "1\n-\nn",
    ] {
        assert!(SearchAnswer::decode(bad).is_err(), "{bad:?}");
    }
}
