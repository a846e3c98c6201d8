//! A budgeted advance (`Exchange::advance_within`, `Session::advance_within`:
//! the page's frame, which spreads a round's landing over frames) changes
//! nothing but when the work is done. Over seeded scenarios (OM(m) and
//! SM(m), traitors of every strategy, the commander among them) and every
//! budget from one unit up, cut into random steps of the clock: the same
//! messages in the same order (the trace), the same states at every instant
//! where the budgeted run has caught up, the same decisions, the same random
//! draws afterwards, and the same console lines.

use byzantine_generals::engine::exchange::{Exchange, Observer};
use byzantine_generals::engine::limits::HOP_TICKS;
use byzantine_generals::engine::message::Message;
use byzantine_generals::engine::{
    Line, Loyalty, Order, Protocol, Roster, Session, SessionOptions, Strategy,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Budgets tried, in units of work (about one message each): from one unit
/// (every relay or general a call of its own) to unbounded.
const BUDGETS: [u64; 8] = [1, 2, 3, 7, 40, 333, 5_000, u64::MAX];

const STRATEGIES: [Strategy; 4] = [
    Strategy::Coin,
    Strategy::Liar,
    Strategy::TwoFaced,
    Strategy::Silent,
];

/// Every message the exchange put on the wire or withheld, as it said so.
#[derive(Default)]
struct Trace(Vec<(bool, u8, u64, Message)>);

impl Observer for Trace {
    fn sent(&mut self, round: u8, at: u64, _arrives: u64, messages: &[Message]) {
        self.0
            .extend(messages.iter().map(|&m| (true, round, at, m)));
    }
    fn withheld(&mut self, round: u8, at: u64, messages: &[Message]) {
        self.0
            .extend(messages.iter().map(|&m| (false, round, at, m)));
    }
}

#[derive(Debug)]
struct Scenario {
    seed: u64,
    protocol: Protocol,
    n: usize,
    primary: u32,
    traitors: Vec<(u32, Strategy)>,
    order: Order,
}

fn scenario(seed: u64) -> Scenario {
    let mut draw = ChaCha8Rng::seed_from_u64(seed);
    let n = draw.random_range(2..=11u32) as usize;
    let depth = draw.random_range(1..=3u32);
    let protocol = if draw.random_bool(0.5) {
        Protocol::oral(depth)
    } else {
        Protocol::signed(depth)
    };
    let primary = draw.random_range(1..=n as u32);
    let faulty = draw.random_range(0..=(n as u32 / 2));
    let mut traitors = Vec::new();
    for _ in 0..faulty {
        let id = draw.random_range(1..=n as u32);
        let strategy = STRATEGIES[draw.random_range(0..STRATEGIES.len() as u32) as usize];
        if traitors.iter().all(|&(t, _)| t != id) {
            traitors.push((id, strategy));
        }
    }
    let order = if draw.random_bool(0.5) {
        Order::Attack
    } else {
        Order::Retreat
    };
    Scenario {
        seed,
        protocol,
        n,
        primary,
        traitors,
        order,
    }
}

fn roster(s: &Scenario) -> Roster {
    let mut roster = Roster::new(s.n, s.primary);
    for &(id, strategy) in &s.traitors {
        roster.set_state(id, Loyalty::Faulty, strategy).unwrap();
    }
    roster
}

/// What can be seen of an exchange at an instant.
fn state(exchange: &Exchange, roster: &Roster) -> String {
    let generals: Vec<_> = roster
        .members()
        .iter()
        .map(|m| {
            (
                exchange.heard_count(m.id),
                exchange.decision(m.id),
                exchange.heard_by(m.id, usize::MAX),
            )
        })
        .collect();
    let flights: Vec<_> = exchange.flights().collect();
    format!(
        "now {} round {:?} sent {} withheld {} in flight {} complete {} {generals:?} {flights:?}",
        exchange.now(),
        exchange.round(),
        exchange.sent(),
        exchange.withheld(),
        exchange.in_flight(),
        exchange.is_complete(),
    )
}

#[test]
fn every_budget_gives_the_same_run() {
    for seed in 0..60 {
        let s = scenario(seed);
        let roster = roster(&s);
        let conducts = || roster.members().iter().map(|m| m.conduct()).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
        let mut trace = Trace::default();
        let mut whole = Exchange::start_with(
            &roster,
            s.order,
            s.protocol,
            conducts(),
            &mut rng,
            &mut trace,
        )
        .expect("small armies fit the cap");
        whole.run_to_completion_observed(&mut rng, &mut trace);
        let after: u64 = rng.random();
        for budget in BUDGETS {
            let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
            let mut cut = Trace::default();
            let mut exchange =
                Exchange::start_with(&roster, s.order, s.protocol, conducts(), &mut rng, &mut cut)
                    .unwrap();
            // The same order, run in one go up to each instant the budgeted
            // run catches up with, for comparing states there.
            let mut reference_rng = ChaCha8Rng::seed_from_u64(s.seed);
            let mut reference =
                Exchange::start(&roster, s.order, s.protocol, &mut reference_rng).unwrap();
            let mut steps = ChaCha8Rng::seed_from_u64(s.seed ^ budget);
            let mut calls = 0;
            while !exchange.is_complete() {
                calls += 1;
                assert!(calls < 1_000_000, "{s:?} budget {budget}: no progress");
                let ticks = steps.random_range(0..=2 * HOP_TICKS);
                let caught_up = exchange.advance_within_observed(ticks, budget, &mut rng, &mut cut);
                if caught_up {
                    reference.advance(exchange.now() - reference.now(), &mut reference_rng);
                    assert_eq!(
                        state(&exchange, &roster),
                        state(&reference, &roster),
                        "{s:?} budget {budget}"
                    );
                }
            }
            assert_eq!(cut.0, trace.0, "{s:?} budget {budget}: the trace");
            assert_eq!(
                state(&exchange, &roster).split_once(" round").unwrap().1,
                state(&whole, &roster).split_once(" round").unwrap().1,
                "{s:?} budget {budget}: the end"
            );
            assert_eq!(rng.random::<u64>(), after, "{s:?} budget {budget}: draws");
        }
    }
}

#[test]
fn a_small_budget_spreads_a_landing_over_calls() {
    // OM(1) among 40: the last round lands 39 * 38 = 1,482 messages.
    let roster = Roster::new(40, 1);
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut exchange = Exchange::start(&roster, Order::Attack, 1, &mut rng).unwrap();
    assert!(exchange.advance_within(HOP_TICKS, u64::MAX, &mut rng));
    let mut calls = 0;
    while !exchange.advance_within(HOP_TICKS, 100, &mut rng) {
        calls += 1;
        assert_eq!(
            exchange.now(),
            2 * HOP_TICKS,
            "the clock waits at the deadline"
        );
        assert!(!exchange.is_complete());
    }
    // The landing (a loyal army keeps one memory for all: the level's 39
    // bytes once, then a unit per lieutenant), then 39 decisions of 40
    // values each, at 100 a call.
    assert!((10..=40).contains(&calls), "{calls} calls");
    assert!(exchange.is_complete());
}

/// The console lines of a session given `commands`, each order run to its
/// end at once (`finish`), or frame by frame under `budget`.
fn lines(commands: &[&str], budget: Option<u64>) -> Vec<Line> {
    let mut session = Session::new(SessionOptions {
        generals: 7,
        seed: Some(2026),
        primary: None,
        depth: 1,
    })
    .unwrap();
    let mut frames = ChaCha8Rng::seed_from_u64(9);
    let mut lines = Vec::new();
    for command in commands {
        lines.extend(session.submit(command));
        match budget {
            None => lines.extend(session.finish()),
            Some(budget) => {
                while session.is_busy() {
                    let ticks = frames.random_range(0..=HOP_TICKS);
                    lines.extend(session.advance_within(ticks, budget));
                }
            }
        }
    }
    lines
}

#[test]
fn the_console_lines_do_not_depend_on_the_budget() {
    let commands = [
        "g-state 2 faulty",
        "g-state 5 faulty two-faced",
        "actual-order attack",
        "g-protocol om 2",
        "actual-order retreat",
        "g-protocol sm 2",
        "g-state 1 faulty",
        "actual-order attack",
        "g-protocol om 1",
        "g-add 3",
        "actual-order retreat",
    ];
    let whole = lines(&commands, None);
    assert!(whole.iter().any(|l| l.text.starts_with("Execute order")));
    for budget in [1, 13, 500, u64::MAX] {
        assert_eq!(lines(&commands, Some(budget)), whole, "budget {budget}");
    }
}
