//! `g-search`, the adversary search: every case issue 9 names (where a
//! behaviour of the faulty generals breaks IC1 or IC2, and where, exhaustively,
//! none does), the replay that follows a break, determinism for a seed, the
//! bounds, queueing behind an order in flight, and the notes it prints.

mod common;

use byzantine_generals::engine::limits::{SEARCH_MAX_TRIES, SEARCH_MESSAGE_BUDGET};
use byzantine_generals::engine::search::{search, Report};
use byzantine_generals::engine::{Check, Line, LineKind, Order, Protocol, Roster, Session};
use byzantine_generals::engine::{Exchange, GeneralId, Loyalty, Majority};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// A session of `n` generals, G1 primary, seed `seed`, after `setup`.
fn army(n: usize, seed: u64, setup: &[&str]) -> Session {
    let mut session = common::session(n, seed, Some(1));
    for line in setup {
        let lines = session.submit(line);
        assert!(
            lines.iter().all(|l| l.kind != LineKind::Error),
            "{line}: {lines:?}"
        );
        session.finish();
    }
    session
}

/// Runs `g-search` as the command line does: the search, then the replay to completion.
fn g_search(session: &mut Session) -> Vec<Line> {
    let mut lines = session.submit("g-search");
    lines.extend(session.finish());
    lines
}

fn texts(lines: &[Line]) -> Vec<&str> {
    lines.iter().map(|l| l.text.as_str()).collect()
}

/// The first line is the one `search: ` note, and no other line is one.
fn search_note(lines: &[Line]) -> &str {
    assert_eq!(lines[0].kind, LineKind::Note, "{lines:?}");
    assert!(lines[0].text.starts_with("search: "), "{lines:?}");
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.text.starts_with("search: "))
            .count(),
        1,
        "{lines:?}"
    );
    &lines[0].text
}

#[test]
fn three_generals_with_a_lying_lieutenant_break_om1() {
    let mut session = army(3, 1, &["g-state 2 faulty"]);
    let lines = g_search(&mut session);
    assert_eq!(
        texts(&lines),
        [
            "search: IC2 broken (behaviour 2 of 2, exhaustive): G2 told G3 retreat; \
             replaying it as an order",
            "G1, primary, majority=attack, state=NF",
            "G2, secondary, majority=undefined, state=F",
            "G3, secondary, majority=undefined, state=NF",
            "Execute order: cannot be determined – not enough generals in the system! \
             1 faulty node in the system - 2 out of 3 quorum not consistent",
            "tally: 1 attack, 0 retreat, 2 undefined",
            "check: IC1 holds; IC2 broken (loyal commander G1 ordered attack; G3 decided undefined)",
        ]
    );
    // The replay is an order like any other: the inspector and `g-protocol` see it.
    let last = session.last_order().expect("the replay completed");
    assert_eq!(last.exchange.order(), Order::Attack);
    assert!(!last.check.holds());
}

#[test]
fn three_generals_with_a_faulty_commander_cannot_be_broken_under_om1() {
    // The teaching point: only a lying lieutenant breaks the three.
    for primary in 1..=3 {
        let mut session = common::session(3, 5, Some(primary));
        session.submit(&format!("g-state {primary} faulty"));
        let lines = g_search(&mut session);
        assert_eq!(
            texts(&lines),
            ["search: no behaviour of the faulty generals breaks IC1 or IC2 (4 tried, all)"]
        );
        assert!(!session.is_busy() && session.last_order().is_none());
    }
}

#[test]
fn four_generals_with_two_faulty_break_om1() {
    let mut two_lieutenants = army(4, 1, &["g-state 2 faulty", "g-state 3 faulty"]);
    let lines = g_search(&mut two_lieutenants);
    assert_eq!(
        search_note(&lines),
        "search: IC2 broken (behaviour 11 of 16, exhaustive): G2 told G4 retreat; G3 told G4 retreat; \
         replaying it as an order"
    );
    assert_eq!(
        lines.last().unwrap().text,
        "check: IC1 holds; IC2 broken (loyal commander G1 ordered attack; G4 decided retreat)"
    );

    let mut with_commander = army(4, 1, &["g-state 1 faulty", "g-state 2 faulty"]);
    let lines = g_search(&mut with_commander);
    assert_eq!(
        search_note(&lines),
        "search: IC1 broken (behaviour 11 of 32, exhaustive): G1 told G3 retreat; G2 told G3 retreat; \
         replaying it as an order"
    );
    assert_eq!(
        lines.last().unwrap().text,
        "check: IC1 broken (loyal lieutenants disagree: G4 attack; G3 retreat); IC2 n/a (faulty commander)"
    );
}

#[test]
fn four_generals_with_one_faulty_cannot_be_broken_under_om1() {
    // The commander has 3 messages to choose, 2^3 behaviours; a lieutenant
    // relays to 2 others, 2^2. Every position, each as primary and not.
    for primary in 1..=4u32 {
        for faulty in 1..=4u32 {
            let mut session = common::session(4, 9, Some(primary));
            session.submit(&format!("g-state {faulty} faulty"));
            let tried = if faulty == primary { 8 } else { 4 };
            assert_eq!(
                texts(&g_search(&mut session)),
                [format!(
                    "search: no behaviour of the faulty generals breaks IC1 or IC2 ({tried} tried, all)"
                )],
                "primary G{primary}, faulty G{faulty}"
            );
        }
    }
}

#[test]
fn three_generals_with_one_faulty_cannot_be_broken_under_sm1() {
    // Where OM(1) fails, signatures save the three: the commander signs
    // attack, retreat or nothing for each of 2 lieutenants (3^2); a faulty
    // lieutenant relays the one signed order, or not (2).
    for faulty in 1..=3u32 {
        let mut session = army(3, 2, &["g-protocol sm 1"]);
        session.submit(&format!("g-state {faulty} faulty"));
        let tried = if faulty == 1 { 9 } else { 2 };
        assert_eq!(
            texts(&g_search(&mut session)),
            [format!(
                "search: no behaviour of the faulty generals breaks IC1 or IC2 ({tried} tried, all)"
            )]
        );
    }
    // OM(1) with the same army breaks: the lieutenant's lie.
    let mut oral = army(3, 2, &["g-state 2 faulty"]);
    assert!(search_note(&g_search(&mut oral)).starts_with("search: IC2 broken"));
}

#[test]
fn six_generals_with_two_faulty_lieutenants_break_om2() {
    // 2^32 behaviours: a randomised search, whose first try (every traitor a
    // liar) already leaves the loyal lieutenants undecided.
    let mut session = army(
        6,
        3,
        &["g-protocol om 2", "g-state 2 faulty", "g-state 5 faulty"],
    );
    let lines = g_search(&mut session);
    let note = search_note(&lines);
    assert!(
        note.starts_with("search: IC2 broken (try 1: every traitor liar): G2 told G3 retreat,"),
        "{note}"
    );
    assert!(
        note.ends_with("more lies; replaying it as an order"),
        "{note}"
    );
    assert_eq!(
        lines.last().unwrap().text,
        "check: IC1 holds; IC2 broken (loyal commander G1 ordered attack; G3, G4, G6 decided undefined)"
    );
}

#[test]
fn a_faulty_commander_and_lieutenant_among_six_under_om2_is_a_randomised_miss() {
    // 2^21 behaviours, more than the exhaustive bound. The theorem's lemma
    // says none breaks OM(2) here (each sub-exchange has a loyal majority),
    // and the note is careful not to claim a proof.
    let mut session = army(
        6,
        3,
        &["g-protocol om 2", "g-state 1 faulty", "g-state 4 faulty"],
    );
    assert_eq!(
        texts(&g_search(&mut session)),
        [format!(
            "search: none found in {} tries (not a proof)",
            "100,000"
        )]
    );
    assert_eq!(SEARCH_MAX_TRIES, 100_000);
}

#[test]
fn the_search_uses_the_last_orders_value_and_says_who_lied() {
    // After `actual-order retreat`, the search tells the commander retreat,
    // even after the army changed.
    let mut session = army(
        4,
        1,
        &[
            "actual-order retreat",
            "g-state 2 faulty",
            "g-state 3 faulty",
        ],
    );
    let lines = g_search(&mut session);
    assert_eq!(
        search_note(&lines),
        "search: IC2 broken (behaviour 1 of 16, exhaustive): G2 told G3 attack, G4 attack; \
         G3 told G2 attack, G4 attack; replaying it as an order"
    );
    assert_eq!(
        session.last_order().unwrap().exchange.order(),
        Order::Retreat
    );
    assert_eq!(
        lines.last().unwrap().text,
        "check: IC1 holds; IC2 broken (loyal commander G1 ordered retreat; G4 decided attack)"
    );
}

#[test]
fn a_found_behaviour_really_breaks_what_the_note_says() {
    // Judged again, slowly, by the check every order gets.
    let mut roster = Roster::new(7, 1);
    for id in [1, 2, 3] {
        roster.set_loyalty(id, Loyalty::Faulty).unwrap();
    }
    let protocol = Protocol::oral(2);
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let report = search(&roster, protocol, Order::Attack, &mut rng);
    let Report::Broken {
        ic1, ic2, conducts, ..
    } = report
    else {
        panic!("expected a break: {report:?}");
    };
    let mut idle = ChaCha8Rng::seed_from_u64(0);
    let mut exchange = Exchange::start_with(
        &roster,
        Order::Attack,
        protocol,
        conducts,
        &mut idle,
        &mut (),
    )
    .unwrap();
    exchange.run_to_completion(&mut idle);
    let check = Check::judge(&roster, Order::Attack, |id| exchange.decision(id).unwrap());
    assert_eq!(
        (
            check.ic1 != byzantine_generals::engine::check::Agreement::Holds,
            matches!(
                check.ic2,
                byzantine_generals::engine::check::Validity::Broken { .. }
            )
        ),
        (ic1, ic2)
    );
    assert!(!check.holds());
}

#[test]
fn a_randomised_search_is_deterministic_for_a_seed() {
    // Seven generals, three faulty under OM(2): no structured strategy breaks
    // it, random behaviours do. Same seed, same lines and the same state after.
    let setup = [
        "g-protocol om 2",
        "g-state 1 faulty",
        "g-state 2 faulty",
        "g-state 3 faulty",
    ];
    let run = |seed: u64| {
        let mut session = army(7, seed, &setup);
        let mut lines = texts(&g_search(&mut session))
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        // The generator continues the same way too: coins after the search.
        session.submit("g-state 1 faulty coin");
        lines.extend(common::transcript(&mut session, &["actual-order attack"]));
        lines
    };
    let first = run(21);
    assert_eq!(first, run(21));
    assert!(
        first[0].starts_with("search: IC1 broken (try ") && first[0].contains(", random)"),
        "{}",
        first[0]
    );
    // Another seed draws other behaviours.
    let others: Vec<String> = (22..26).map(|seed| run(seed)[0].clone()).collect();
    assert!(others.iter().any(|note| *note != first[0]), "{others:?}");
}

#[test]
fn an_exhaustive_search_draws_nothing_from_the_session() {
    let mut searched = army(4, 8, &["g-state 2 faulty"]);
    let mut untouched = army(4, 8, &["g-state 2 faulty"]);
    g_search(&mut searched);
    assert_eq!(
        common::transcript(&mut searched, &["g-state 2 faulty", "actual-order attack"]),
        common::transcript(&mut untouched, &["g-state 2 faulty", "actual-order attack"])
    );
}

#[test]
fn a_search_that_would_run_too_long_is_bounded_and_says_so() {
    // 200 generals under OM(1): 39,601 messages a try, so the work budget
    // allows far fewer than the usual 100,000 tries.
    let mut session = army(200, 4, &["g-state 7 faulty"]);
    let per_try: u64 = 199 + 199 * 198;
    let tries = SEARCH_MESSAGE_BUDGET / (per_try + 40);
    let lines = g_search(&mut session);
    assert_eq!(
        texts(&lines),
        [format!(
            "search: none found in {tries} tries (not a proof); bounded: up to 39,601 messages a try, \
             30,000,000 in all"
        )]
    );
    assert!(tries < SEARCH_MAX_TRIES);

    // Small enough to count, too long to run every one: 21 generals with a
    // faulty commander have 2^20 behaviours of 400 messages each.
    let mut session = army(21, 4, &["g-state 1 faulty"]);
    let note = texts(&g_search(&mut session))[0].to_string();
    assert!(
        note.starts_with("search: none found in ") && note.contains("(not a proof); bounded"),
        "{note}"
    );
}

#[test]
fn an_order_that_would_be_refused_is_not_searched() {
    let mut session = army(1000, 4, &["g-protocol om 2", "g-state 3 faulty"]);
    let lines = g_search(&mut session);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].kind, LineKind::Error);
    assert!(
        lines[0]
            .text
            .starts_with("error: OM(2) with 1000 generals would send"),
        "{:?}",
        lines[0]
    );
    assert!(!session.is_busy());
}

#[test]
fn with_no_faulty_general_there_is_nothing_to_search() {
    let mut session = army(4, 1, &[]);
    assert_eq!(
        texts(&g_search(&mut session)),
        [
            "search: every general is loyal, so there is no behaviour to search; \
          make one faulty with g-state <ID> faulty"
        ]
    );
    assert!(!session.is_busy());
}

#[test]
fn g_search_queues_behind_an_order_in_flight() {
    let mut session = army(3, 1, &["g-state 2 faulty"]);
    assert!(session.submit("actual-order attack").is_empty());
    assert!(session.is_busy());
    assert_eq!(
        texts(&session.submit("g-search")),
        ["queued until the order in flight completes (1 waiting)"]
    );
    let lines = session.finish();
    // The order's verdict and check, then the search's note and its replay.
    let note = lines
        .iter()
        .position(|l| l.text.starts_with("search: "))
        .expect("the search ran");
    assert!(lines[..note].iter().any(|l| l.text.starts_with("check: ")));
    assert!(lines[note].text.starts_with("search: IC2 broken"));
    assert!(lines
        .last()
        .unwrap()
        .text
        .starts_with("check: IC1 holds; IC2 broken"));
}

#[test]
fn g_search_takes_no_arguments() {
    let mut session = army(3, 1, &["g-state 2 faulty"]);
    assert_eq!(
        texts(&session.submit("g-search now")),
        ["error: wrong number of arguments for g-search; expected: g-search"]
    );
    assert!(!session.is_busy() && session.last_order().is_none());
}

#[test]
fn the_timeline_re_runs_the_replayed_behaviour_not_the_roster_strategies() {
    // G2 is a coin-flipping traitor in the roster; the search's replay must be
    // kept as the behaviour it found, so scrubbing shows the same lies.
    let mut session = army(3, 1, &["g-state 2 faulty"]);
    g_search(&mut session);
    let record = session.orders().back().expect("the replay is kept").clone();
    let (again, _) = record.at(u64::MAX).expect("re-runs");
    let last = session.last_order().unwrap();
    for id in [2, 3].map(GeneralId) {
        assert_eq!(again.decision(id), last.exchange.decision(id), "{id}");
    }
    assert_eq!(again.decision(GeneralId(3)), Some(Majority::Undefined));
    assert_eq!(record.number, session.orders_started());
}
