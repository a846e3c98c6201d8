//! Traitor strategies under OM(m): the theorem holds for every strategy and
//! every mix of them (n > 3m, at most m faulty), each strategy sends exactly
//! the messages it should (a silent general none), rounds end at their
//! deadlines even when nothing is sent, and the `check:` note says exactly
//! what the decisions were. Scenarios come from seeded generators; a failure
//! prints the scenario so it can be replayed.

mod common;
mod scenario;

use scenario::{draw, run};

use byzantine_generals::engine::check::{describe, Agreement, Validity};
use byzantine_generals::engine::exchange::{Exchange, Observer};
use byzantine_generals::engine::limits::HOP_TICKS;
use byzantine_generals::engine::message::Message;
use byzantine_generals::engine::paths::message_count;
use byzantine_generals::engine::{
    Conduct, GeneralId, LineKind, Loyalty, Majority, Move, Order, Protocol, Roster, Session,
    Strategy,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[test]
fn ic1_and_ic2_hold_for_every_strategy_and_mix_when_n_exceeds_3m() {
    let mut rng = ChaCha8Rng::seed_from_u64(90);
    let mut faulty_commanders = 0;
    let mixes = [
        Some(Strategy::Coin),
        Some(Strategy::Liar),
        Some(Strategy::TwoFaced),
        Some(Strategy::Silent),
        None,
    ];
    for m in [1u32, 2] {
        for mix in mixes {
            for i in 0..600 {
                let n = 3 * m as usize + 1 + if i % 2 == 0 { 0 } else { i % 4 };
                // Mostly the most traitors the theorem allows.
                let faults = if i % 3 == 0 {
                    rng.random_range(0..=m)
                } else {
                    m
                } as usize;
                let s = draw(&mut rng, n, m, faults, mix);
                let (exchange, check) = run(&s, Protocol::oral);
                assert_eq!(check.ic1, Agreement::Holds, "IC1 broken: {s:?}");
                assert!(
                    !matches!(check.ic2, Validity::Broken { .. }),
                    "IC2 broken: {s:?}"
                );
                if check.ic2 == Validity::NotApplicable {
                    faulty_commanders += 1;
                }
                assert!(exchange.is_complete());
            }
        }
    }
    assert!(
        faulty_commanders > 500,
        "faulty commanders exercised ({faulty_commanders})"
    );
}

/// Messages a silent general would have sent in a whole OM(m) exchange among
/// n generals, counted independently of the engine: the commander's n - 1;
/// a lieutenant relays each path of length d <= m that misses it (there are
/// (n-2)(n-3)...(n-d) of them) to the n - 1 - d generals off the longer path.
fn silent_share(n: u64, m: u64, commander: bool) -> u64 {
    if commander {
        return n - 1;
    }
    let m = m.min(n.saturating_sub(2));
    (1..=m)
        .map(|d| (1..d).map(|i| n - 1 - i).product::<u64>() * (n - 1 - d))
        .sum()
}

#[test]
fn message_counts_per_strategy_are_exact() {
    assert_eq!(silent_share(4, 1, false), 2);
    assert_eq!(silent_share(4, 1, true), 3);
    let mut rng = ChaCha8Rng::seed_from_u64(91);
    for n in 1..=9usize {
        for m in 0..=3u32 {
            for strategy in Strategy::ALL {
                for faults in [0, 1, n / 2, n] {
                    let s = draw(&mut rng, n, m, faults, Some(strategy));
                    let (exchange, _) = run(&s, Protocol::oral);
                    let formula = message_count(n, m).to_u64().expect("small");
                    let expected = if strategy == Strategy::Silent {
                        formula
                            - s.faulty
                                .iter()
                                .map(|&(id, _)| {
                                    silent_share(n as u64, u64::from(m), id == s.primary)
                                })
                                .sum::<u64>()
                    } else {
                        formula
                    };
                    assert_eq!(exchange.sent(), expected, "{strategy}: {s:?}");
                    assert_eq!(exchange.sent() + exchange.withheld(), formula, "{s:?}");
                    assert_eq!(exchange.total(), formula);
                }
            }
        }
    }
}

#[test]
fn liar_and_two_faced_send_what_they_say() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut roster = Roster::new(5, 1);
    roster
        .set_state(1, Loyalty::Faulty, Strategy::TwoFaced)
        .unwrap();
    let exchange = Exchange::start(&roster, Order::Retreat, 1, &mut rng).unwrap();
    let sent: Vec<(u32, Order)> = exchange.flights().map(|f| (f.to.0, f.order)).collect();
    // The other four, in id order: the first half hears attack.
    assert_eq!(
        sent,
        [
            (2, Order::Attack),
            (3, Order::Attack),
            (4, Order::Retreat),
            (5, Order::Retreat)
        ]
    );
    assert!(exchange
        .flights()
        .all(|f| f.altered == (f.order == Order::Attack)));

    let mut roster = Roster::new(4, 1);
    roster
        .set_state(3, Loyalty::Faulty, Strategy::Liar)
        .unwrap();
    let mut exchange = Exchange::start(&roster, Order::Attack, 1, &mut rng).unwrap();
    exchange.advance(HOP_TICKS, &mut rng);
    let relays: Vec<(u32, u32, Order, bool)> = exchange
        .flights()
        .map(|f| (f.from.0, f.to.0, f.order, f.altered))
        .filter(|r| r.0 == 3)
        .collect();
    assert_eq!(
        relays,
        [(3, 2, Order::Retreat, true), (3, 4, Order::Retreat, true)]
    );
    assert!(exchange
        .flights()
        .all(|f| f.from.0 == 3 || f.order == Order::Attack));
}

#[test]
fn a_silent_commander_leaves_every_round_to_its_deadline() {
    let mut s = common::session(4, 1, Some(1));
    s.submit("g-state 1 faulty silent");
    assert!(s.submit("actual-order attack").is_empty());
    let exchange = s.exchange().expect("in flight although nothing was sent");
    assert_eq!((exchange.round(), exchange.in_flight()), (Some(1), 0));
    assert!(s.advance(HOP_TICKS - 1).is_empty());
    assert!(s.is_busy(), "the first deadline has not passed");
    assert!(s.advance(1).is_empty());
    let exchange = s.exchange().unwrap();
    // Every lieutenant took retreat by default and relays it.
    assert_eq!((exchange.round(), exchange.in_flight()), (Some(2), 6));
    assert!(exchange
        .flights()
        .all(|f| f.order == Order::Retreat && !f.altered));
    let heard = exchange.heard_by(GeneralId(2), 10);
    assert_eq!(heard.len(), 1);
    assert!(heard[0].by_default && heard[0].order == Order::Retreat);
    let lines: Vec<(LineKind, String)> = s
        .advance(HOP_TICKS)
        .into_iter()
        .map(|l| (l.kind, l.text))
        .collect();
    let text = |kind, t: &str| (kind, t.to_string());
    assert_eq!(
        lines,
        [
            text(LineKind::Output, "G1, primary, majority=attack, state=F"),
            text(LineKind::Output, "G2, secondary, majority=retreat, state=NF"),
            text(LineKind::Output, "G3, secondary, majority=retreat, state=NF"),
            text(LineKind::Output, "G4, secondary, majority=retreat, state=NF"),
            text(
                LineKind::Output,
                "Execute order: retreat! 1 faulty node in the system \u{2013} 3 out of 4 quorum suggest retreat"
            ),
            text(LineKind::Note, "tally: 1 attack, 3 retreat, 0 undefined"),
            text(LineKind::Note, "check: IC1 holds; IC2 n/a (faulty commander)"),
        ]
    );
    let protocol: Vec<String> = s.submit("g-protocol").into_iter().map(|l| l.text).collect();
    assert_eq!(
        protocol,
        [
            "Protocol: OM(1), 9 messages per order with 4 generals",
            "last order (OM(1)): 6 messages sent, 9 by the formula; traitors withheld 3",
        ]
    );
}

/// Counts of one in the note that compares an order with the formula.
#[test]
fn one_message_sent_is_counted_in_the_singular() {
    // Three generals, OM(1): the silent commander and G3 send nothing, so
    // only G2's relay of the default goes out of the formula's 4.
    let mut s = common::session(3, 1, Some(1));
    s.submit("g-state 1 faulty silent");
    s.submit("g-state 3 faulty silent");
    s.submit("actual-order attack");
    s.finish();
    let protocol: Vec<String> = s.submit("g-protocol").into_iter().map(|l| l.text).collect();
    assert_eq!(
        protocol[1],
        "last order (OM(1)): 1 message sent, 4 by the formula; traitors withheld 3"
    );
}

/// Every line an order prints, notes included.
fn order_lines(s: &mut Session, order: &str) -> Vec<String> {
    let mut lines = s.submit(order);
    lines.extend(s.finish());
    lines.into_iter().map(|l| l.text).collect()
}

#[test]
fn the_check_line_names_who_broke_what() {
    // Three generals, a lying lieutenant: the loyal one cannot tell.
    let mut s = common::session(3, 1, Some(1));
    s.submit("g-state 3 faulty liar");
    assert_eq!(
        order_lines(&mut s, "actual-order attack"),
        [
            "G1, primary, majority=attack, state=NF",
            "G2, secondary, majority=undefined, state=NF",
            "G3, secondary, majority=undefined, state=F",
            "Execute order: cannot be determined \u{2013} not enough generals in the system! \
             1 faulty node in the system - 2 out of 3 quorum not consistent",
            "tally: 1 attack, 0 retreat, 2 undefined",
            "check: IC1 holds; IC2 broken (loyal commander G1 ordered attack; G2 decided undefined)",
        ]
    );

    // Four generals, two-faced commander and two-faced lieutenant: the loyal
    // lieutenants split, although the verdict blanks them (case 1).
    let mut s = common::session(4, 1, Some(1));
    s.submit("g-state 1 faulty two-faced");
    s.submit("g-state 2 faulty two-faced");
    assert_eq!(
        order_lines(&mut s, "actual-order attack"),
        [
            "G1, primary, majority=attack, state=F",
            "G2, secondary, majority=undefined, state=F",
            "G3, secondary, majority=undefined, state=NF",
            "G4, secondary, majority=undefined, state=NF",
            "Execute order: cannot be determined \u{2013} not enough generals in the system! \
             2 faulty nodes in the system - 3 out of 4 quorum not consistent",
            "tally: 1 attack, 0 retreat, 3 undefined",
            "check: IC1 broken (loyal lieutenants disagree: G3 attack; G4 retreat); \
             IC2 n/a (faulty commander)",
        ]
    );
    let check = s.last_check().unwrap();
    assert_eq!(
        check.ic1,
        Agreement::Broken(vec![
            (Majority::Order(Order::Attack), vec![GeneralId(3)]),
            (Majority::Order(Order::Retreat), vec![GeneralId(4)]),
        ])
    );
    assert_eq!(
        describe(check),
        order_lines(&mut s, "actual-order attack")[6]
    );

    // Four generals, one two-faced commander: OM(1) holds.
    let mut s = common::session(4, 1, Some(1));
    s.submit("g-state 1 faulty two-faced");
    let lines = order_lines(&mut s, "actual-order retreat");
    assert_eq!(lines[5], "tally: 3 attack, 1 retreat, 0 undefined");
    assert_eq!(lines[6], "check: IC1 holds; IC2 n/a (faulty commander)");
    assert_eq!(
        lines[4],
        "Execute order: attack! 1 faulty node in the system \u{2013} 3 out of 4 quorum suggest attack"
    );
}

#[test]
fn g_faulty_lists_strategies_and_g_state_stays_exact() {
    let mut s = common::session(4, 1, Some(1));
    assert_eq!(
        common::transcript(&mut s, &["g-faulty"]),
        ["no faulty generals"]
    );
    let lines = common::transcript(
        &mut s,
        &[
            "g-state 3 faulty two-faced",
            "g-state 1 faulty",
            "g-state 4 faulty silent",
            "g-state 4 non-faulty",
            "g-state 2 FAULTY Liar",
            "g-faulty",
            "g-state",
        ],
    );
    assert_eq!(
        lines[..4],
        [
            "G1, state=NF",
            "G2, state=NF",
            "G3, state=F",
            "G4, state=NF"
        ]
    );
    assert_eq!(
        lines[20..],
        [
            "G1, primary, strategy=coin",
            "G2, secondary, strategy=liar",
            "G3, secondary, strategy=two-faced",
            "G1, primary, state=F",
            "G2, secondary, state=F",
            "G3, secondary, state=F",
            "G4, secondary, state=NF",
        ]
    );
}

#[test]
fn the_coin_strategy_is_the_seed_behaviour() {
    // `faulty` and `faulty coin` draw the same coins: same lines.
    let commands = |strategy: &str| {
        let mut s = common::session(7, 5, None);
        common::transcript(
            &mut s,
            &[
                &format!("g-state 2 faulty{strategy}"),
                &format!("g-state 5 faulty{strategy}"),
                "actual-order attack",
                "actual-order retreat",
            ],
        )
    };
    assert_eq!(commands(""), commands(" coin"));
}

/// Records what the exchange reports as sent and withheld, per round.
#[derive(Default)]
struct Tape {
    sent: Vec<(u8, u64, u64, usize)>,
    withheld: Vec<(u8, usize)>,
}

impl Observer for Tape {
    fn sent(&mut self, round: u8, at: u64, arrives: u64, messages: &[Message]) {
        self.sent.push((round, at, arrives, messages.len()));
    }
    fn withheld(&mut self, round: u8, _at: u64, messages: &[Message]) {
        self.withheld.push((round, messages.len()));
    }
}

#[test]
fn a_script_replays_a_behaviour_and_an_observer_sees_every_message() {
    // Four generals, OM(1): G3 scripted to withhold its relay to G2 and tell
    // G4 retreat; the commander G1 loyal.
    let roster = Roster::new(4, 1);
    let conducts = vec![
        Conduct::Loyal,
        Conduct::Loyal,
        Conduct::Scripted(vec![Move::Withhold, Move::Send(Order::Retreat)]),
        Conduct::Loyal,
    ];
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut tape = Tape::default();
    let protocol = Protocol::oral(1);
    let mut exchange = Exchange::start_with(
        &roster,
        Order::Attack,
        protocol,
        conducts,
        &mut rng,
        &mut tape,
    )
    .unwrap();
    exchange.run_to_completion_observed(&mut rng, &mut tape);
    assert_eq!(
        tape.sent,
        [(1, 0, HOP_TICKS, 3), (2, HOP_TICKS, 2 * HOP_TICKS, 5)]
    );
    assert_eq!(tape.withheld, [(2, 1)]);
    assert_eq!((exchange.sent(), exchange.withheld()), (8, 1));
    assert_eq!(exchange.composed(GeneralId(3)), 2);
    assert_eq!(
        exchange.composed(GeneralId(2)),
        0,
        "loyal generals are not counted"
    );
    // G2 holds attack (G1), retreat by default (G3), attack (G4): attack.
    let heard = exchange.heard_by(GeneralId(2), 10);
    let defaults: Vec<bool> = heard.iter().map(|h| h.by_default).collect();
    assert_eq!(
        defaults,
        [false, true, false],
        "in path order: G1, G1-G3, G1-G4"
    );
    assert_eq!(heard[1].chain, [GeneralId(1), GeneralId(3)]);
    assert_eq!(
        exchange.decision(GeneralId(2)),
        Some(Majority::Order(Order::Attack))
    );
    // G4: attack, attack (G2), retreat (G3): attack. Validity holds.
    assert_eq!(
        exchange.decision(GeneralId(4)),
        Some(Majority::Order(Order::Attack))
    );
}
