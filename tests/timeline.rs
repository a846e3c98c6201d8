//! Time travel, natively: the exchange re-run to any tick of an order (what
//! the page's timeline shows) equals the forward run at that instant, in
//! every observable respect, under OM and SM with every traitor strategy; and
//! watching never changes an outcome: a view started anywhere and played on
//! reaches the verdict the order reached, and the session's lines are the
//! same however its orders were watched.

use byzantine_generals::engine::exchange::Exchange;
use byzantine_generals::engine::limits::HOP_TICKS;
use byzantine_generals::engine::{Line, Session, SessionOptions};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Everything the page can show of an exchange: clock, round, counts,
/// messages in flight (with where they are), and what each general has heard
/// and decided.
fn fingerprint(exchange: &Exchange, session: &Session) -> String {
    let mut text = format!(
        "now {} round {:?} sent {} withheld {} in flight {} complete {}\n",
        exchange.now(),
        exchange.round(),
        exchange.sent(),
        exchange.withheld(),
        exchange.in_flight(),
        exchange.is_complete()
    );
    for flight in exchange.flights() {
        text += &format!("{flight:?}\n");
    }
    for member in session.roster().members() {
        text += &format!(
            "{} decided {:?} heard {} {:?} V {:?}\n",
            member.id,
            exchange.decision(member.id),
            exchange.heard_count(member.id),
            exchange.heard_by(member.id, usize::MAX),
            exchange.signed_values(member.id),
        );
    }
    text
}

/// A random army and protocol for one order, set up by commands.
fn setup(dice: &mut ChaCha8Rng, seed: u64) -> Session {
    let generals = dice.random_range(1..=9u32) as usize;
    let mut session = Session::new(SessionOptions {
        generals,
        seed: Some(seed),
        primary: None,
        depth: 1,
    })
    .unwrap();
    let protocol = ["om", "sm"][dice.random_range(0..2u32) as usize];
    session.submit(&format!(
        "g-protocol {protocol} {}",
        dice.random_range(0..=2u32)
    ));
    for _ in 0..dice.random_range(0..=3u32) {
        let id = dice.random_range(1..=generals as u32);
        let strategy = ["coin", "liar", "two-faced", "silent"][dice.random_range(0..4u32) as usize];
        session.submit(&format!("g-state {id} faulty {strategy}"));
    }
    session
}

#[test]
fn every_instant_re_run_equals_the_forward_run() {
    let mut dice = ChaCha8Rng::seed_from_u64(2026);
    let mut instants = 0;
    for seed in 0..300 {
        let mut session = setup(&mut dice, seed);
        session.submit(["actual-order attack", "actual-order retreat"][seed as usize % 2]);
        let record = session.orders().back().unwrap().clone();
        while let Some(live) = session.exchange() {
            let (copy, _) = record.at(live.now()).unwrap();
            assert_eq!(
                fingerprint(&copy, &session),
                fingerprint(live, &session),
                "seed {seed} at tick {}",
                live.now()
            );
            assert_eq!(copy.rounds() as u64, record.rounds());
            instants += 1;
            session.advance(dice.random_range(1..=HOP_TICKS as u32) as u64);
        }
        // The end: the order as it completed.
        let done = &session.last_order().unwrap().exchange;
        let (copy, _) = record.at(record.end()).unwrap();
        assert!(copy.is_complete());
        assert_eq!(
            fingerprint(&copy, &session).lines().skip(1).collect::<Vec<_>>(),
            fingerprint(done, &session).lines().skip(1).collect::<Vec<_>>(),
            "seed {seed}: decisions and everything heard (the clocks differ: the page's frame overshoots)"
        );
        let (verdict, check) = session.orders().back().unwrap().outcome.clone().unwrap();
        assert_eq!(&verdict, session.last_verdict().unwrap());
        assert_eq!(&check, session.last_check().unwrap());
    }
    assert!(instants > 1000, "{instants}");
}

#[test]
fn a_view_played_on_from_any_instant_reaches_the_same_verdict() {
    let mut dice = ChaCha8Rng::seed_from_u64(7);
    for seed in 0..200 {
        let mut session = setup(&mut dice, seed);
        session.submit("actual-order attack");
        let lines: Vec<Line> = session.finish();
        let record = session.orders().back().unwrap().clone();
        let tick = dice.random_range(0..=record.end() as u32) as u64;
        let mut view = session.viewing(&record, tick).unwrap();
        let mut replayed = Vec::new();
        while view.is_busy() {
            replayed.extend(view.advance(dice.random_range(1..=HOP_TICKS as u32) as u64));
        }
        if tick < record.end() {
            assert_eq!(replayed, lines, "seed {seed}, played on from tick {tick}");
        } else {
            assert!(
                replayed.is_empty(),
                "a finished order shows its verdict at once"
            );
        }
        assert_eq!(view.last_verdict(), session.last_verdict());
        assert_eq!(view.roster(), session.roster());
    }
}

#[test]
fn watching_never_changes_the_lines() {
    // The same commands, once run straight through, once with every order
    // paused, stepped and scrubbed back and forth (views made and played).
    let commands = [
        "g-state 2 faulty",
        "actual-order attack",
        "g-state 3 faulty liar",
        "g-protocol sm 2",
        "actual-order retreat",
        "g-kill 1",
        "g-state 4 faulty silent",
        "g-protocol om 2",
        "actual-order attack",
    ];
    let options = SessionOptions {
        generals: 7,
        seed: Some(99),
        primary: None,
        depth: 1,
    };
    let mut straight = Session::new(options).unwrap();
    let mut expected = Vec::new();
    for command in commands {
        expected.extend(straight.submit(command));
        expected.extend(straight.finish());
    }
    let mut dice = ChaCha8Rng::seed_from_u64(1);
    let mut watched = Session::new(options).unwrap();
    let mut lines = Vec::new();
    for command in commands {
        lines.extend(watched.submit(command));
        while watched.is_busy() {
            let record = watched.orders().back().unwrap().clone();
            for _ in 0..3 {
                let tick = dice.random_range(0..=record.end() as u32) as u64;
                let mut view = watched.viewing(&record, tick).unwrap();
                view.advance(dice.random_range(0..=HOP_TICKS as u32) as u64);
            }
            lines.extend(watched.advance(HOP_TICKS / 2));
        }
    }
    assert_eq!(lines, expected);
    assert_eq!(watched.orders().len(), 3);
    let numbers: Vec<u64> = watched.orders().iter().map(|o| o.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
}
