//! SM(m), signed messages: IC1 and IC2 hold whenever at most m generals are
//! faulty and n >= m + 2, for every strategy and mix (also with three
//! generals and one traitor, where OM(1) fails); message counts follow the
//! algorithm; the verdict's case 1 uses k > m or n < k + 2. Scenarios come
//! from seeded generators; a failure prints the scenario.

mod common;
mod scenario;

use scenario::{draw, run};

use byzantine_generals::engine::check::{Agreement, Validity};
use byzantine_generals::engine::exchange::Exchange;
use byzantine_generals::engine::limits::HOP_TICKS;
use byzantine_generals::engine::protocol::sm::Values;
use byzantine_generals::engine::{GeneralId, Loyalty, Majority, Order, Protocol, Roster, Strategy};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[test]
fn ic1_and_ic2_hold_whenever_at_most_m_are_faulty_and_n_is_at_least_m_plus_2() {
    let mut rng = ChaCha8Rng::seed_from_u64(70);
    let mut faulty_commanders = 0;
    let mut three_with_a_traitor = 0;
    let mixes = [
        Some(Strategy::Coin),
        Some(Strategy::Liar),
        Some(Strategy::TwoFaced),
        Some(Strategy::Silent),
        None,
    ];
    for m in 1..=3u32 {
        for mix in mixes {
            for i in 0..300 {
                let n = m as usize + 2 + i % 5;
                let faults = if i % 3 == 0 {
                    rng.random_range(0..=m)
                } else {
                    m
                } as usize;
                let s = draw(&mut rng, n, m, faults, mix);
                let (exchange, check) = run(&s, Protocol::signed);
                assert_eq!(check.ic1, Agreement::Holds, "IC1 broken: {s:?}");
                assert!(
                    !matches!(check.ic2, Validity::Broken { .. }),
                    "IC2 broken: {s:?}"
                );
                if check.ic2 == Validity::NotApplicable {
                    faulty_commanders += 1;
                }
                if n == 3 && faults == 1 {
                    three_with_a_traitor += 1;
                }
                assert!(
                    exchange.sent() <= Protocol::signed(m).message_bound(n),
                    "{s:?}"
                );
            }
        }
    }
    assert!(faulty_commanders > 500, "{faulty_commanders}");
    assert!(three_with_a_traitor > 50, "{three_with_a_traitor}");
}

#[test]
fn three_generals_with_a_lying_lieutenant_agree_under_sm1_but_not_om1() {
    for strategy in Strategy::ALL {
        let mut s = common::session(3, 1, Some(1));
        s.submit(&format!("g-state 3 faulty {strategy}"));
        let oral = common::transcript(&mut s, &["actual-order attack"]);
        s.submit("g-protocol sm 1");
        let mut signed = s.submit("actual-order attack");
        signed.extend(s.finish());
        let signed: Vec<String> = signed.into_iter().map(|l| l.text).collect();
        assert!(oral[3].contains("not enough generals"), "{oral:?}");
        assert_eq!(
            signed,
            [
                "G1, primary, majority=attack, state=NF",
                "G2, secondary, majority=attack, state=NF",
                "G3, secondary, majority=attack, state=F",
                "Execute order: attack! 1 faulty node in the system \u{2013} 2 out of 3 quorum suggest attack",
                "tally: 3 attack, 0 retreat, 0 undefined",
                "check: IC1 holds; IC2 holds",
            ],
            "{strategy}"
        );
    }
}

#[test]
fn a_two_faced_commander_is_caught_by_its_own_signatures() {
    // G1 signs attack for G2 and retreat for G3; each relays what it got, so
    // both end with V = {attack, retreat} and choose retreat.
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut roster = Roster::new(3, 1);
    roster
        .set_state(1, Loyalty::Faulty, Strategy::TwoFaced)
        .unwrap();
    let mut exchange =
        Exchange::start(&roster, Order::Attack, Protocol::signed(1), &mut rng).unwrap();
    let first: Vec<(u32, Order, bool)> = exchange
        .flights()
        .map(|f| (f.to.0, f.order, f.altered))
        .collect();
    assert_eq!(
        first,
        [(2, Order::Attack, false), (3, Order::Retreat, true)]
    );
    exchange.advance(HOP_TICKS, &mut rng);
    let relays: Vec<(Vec<GeneralId>, u32, Order)> = exchange
        .flights()
        .map(|f| (exchange.chain(f.node), f.to.0, f.order))
        .collect();
    assert_eq!(
        relays,
        [
            (vec![GeneralId(1), GeneralId(2)], 3, Order::Attack),
            (vec![GeneralId(1), GeneralId(3)], 2, Order::Retreat),
        ]
    );
    assert_eq!(
        exchange.signed_values(GeneralId(2)),
        Some(Values {
            attack: true,
            retreat: false
        })
    );
    exchange.run_to_completion(&mut rng);
    let both = Values {
        attack: true,
        retreat: true,
    };
    for id in [2, 3] {
        assert_eq!(exchange.signed_values(GeneralId(id)), Some(both));
        assert_eq!(
            exchange.decision(GeneralId(id)),
            Some(Majority::Order(Order::Retreat))
        );
    }
    let heard = exchange.heard_by(GeneralId(3), 10);
    assert_eq!(heard.len(), 2);
    assert_eq!(heard[1].chain, [GeneralId(1), GeneralId(2)]);
    assert_eq!(
        exchange.signed_values(GeneralId(1)),
        Some(Values::default())
    );
}

/// SM(m)'s messages, counted independently of the engine. `loyal_relayers`
/// lieutenants relay the commander's one value to the n - 2 others.
fn loyal_commander_count(n: u64, m: u32, relays: u64) -> u64 {
    if n < 3 || m == 0 {
        n.saturating_sub(1)
    } else {
        (n - 1) + relays
    }
}

#[test]
fn message_counts_follow_the_algorithm() {
    for n in 1..=9u64 {
        for m in 0..=3u32 {
            let roster = Roster::new(n as usize, 1);
            let mut rng = ChaCha8Rng::seed_from_u64(n);
            let mut e =
                Exchange::start(&roster, Order::Attack, Protocol::signed(m), &mut rng).unwrap();
            e.run_to_completion(&mut rng);
            let expected = loyal_commander_count(n, m, (n.max(2) - 1) * n.saturating_sub(2));
            assert_eq!(e.sent(), expected, "n={n} m={m}");
            assert_eq!(e.total(), expected);
            assert_eq!(e.withheld(), 0);
        }
    }
    // Seven generals, SM(2), loyal commander: lieutenants relay once each
    // (6 x 5); a silent or lying lieutenant withholds its 5 relays, a
    // two-faced one relays to the first half of its 6 others but not to the
    // commander (position 0): 2 relays.
    for (strategy, relays) in [
        (Strategy::Silent, 0),
        (Strategy::Liar, 0),
        (Strategy::TwoFaced, 2),
    ] {
        let mut roster = Roster::new(7, 1);
        roster.set_state(4, Loyalty::Faulty, strategy).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let mut e = Exchange::start(&roster, Order::Attack, Protocol::signed(2), &mut rng).unwrap();
        e.run_to_completion(&mut rng);
        assert_eq!(e.sent(), 6 + 5 * 5 + relays, "{strategy}");
        assert_eq!(e.sent() + e.withheld(), 36, "{strategy}");
    }
    // A two-faced commander: every lieutenant relays its own value (6 x 5)
    // and, under SM(2), the other value once more to the 4 off the chain.
    for (m, expected) in [(1, 6 + 30), (2, 6 + 30 + 24), (3, 6 + 30 + 24)] {
        let mut roster = Roster::new(7, 1);
        roster
            .set_state(1, Loyalty::Faulty, Strategy::TwoFaced)
            .unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut e = Exchange::start(&roster, Order::Attack, Protocol::signed(m), &mut rng).unwrap();
        e.run_to_completion(&mut rng);
        assert_eq!(e.sent(), expected, "SM({m})");
        assert!(e.sent() <= Protocol::signed(m).message_bound(7));
    }
    // A silent commander sends nothing, and every round still ends at its
    // deadline with everyone choosing retreat from an empty V.
    let mut roster = Roster::new(5, 2);
    roster
        .set_state(2, Loyalty::Faulty, Strategy::Silent)
        .unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let mut e = Exchange::start(&roster, Order::Attack, Protocol::signed(2), &mut rng).unwrap();
    assert_eq!((e.sent(), e.withheld(), e.round()), (0, 4, Some(1)));
    e.advance(2 * HOP_TICKS, &mut rng);
    assert_eq!(e.round(), Some(3));
    assert!(!e.is_complete());
    e.advance(HOP_TICKS, &mut rng);
    assert!(e.is_complete());
    for id in [1, 3, 4, 5] {
        assert_eq!(
            e.decision(GeneralId(id)),
            Some(Majority::Order(Order::Retreat))
        );
    }
}

#[test]
fn the_verdicts_case_one_uses_the_signed_bound() {
    let mut s = common::session(4, 1, Some(1));
    s.submit("g-state 3 faulty liar");
    s.submit("g-state 4 faulty silent");
    s.submit("g-protocol sm 1");
    let lines = common::transcript(&mut s, &["actual-order attack"]);
    assert_eq!(
        lines[4],
        "Execute order: cannot be determined \u{2013} not enough generals in the system! \
         2 faulty nodes in the system - 3 out of 4 quorum not consistent",
        "k = 2 > m = 1"
    );
    assert_eq!(lines[1], "G2, secondary, majority=undefined, state=NF");
    s.submit("g-protocol sm 2");
    let lines = common::transcript(&mut s, &["actual-order attack"]);
    assert_eq!(
        lines,
        [
            "G1, primary, majority=attack, state=NF",
            "G2, secondary, majority=attack, state=NF",
            "G3, secondary, majority=attack, state=F",
            "G4, secondary, majority=attack, state=F",
            "Execute order: attack! 2 faulty nodes in the system \u{2013} 3 out of 4 quorum suggest attack",
        ],
        "k = 2 <= m = 2 and n = 4 >= k + 2"
    );
}

#[test]
fn g_protocol_shows_the_signed_counts() {
    let mut s = common::session(4, 1, Some(1));
    assert_eq!(
        common::transcript(
            &mut s,
            &["g-protocol sm 1", "g-protocol sm 3", "g-protocol"]
        ),
        [
            "Protocol: SM(1), 9 messages per order with 4 generals \
             (with a loyal commander; at most 15 when it signs both orders)",
            "Protocol: SM(3), 9 messages per order with 4 generals \
             (with a loyal commander; at most 15 when it signs both orders) \
             (the recursion stops at SM(2): SM(m) needs m + 2 generals)",
            "Protocol: SM(3), 9 messages per order with 4 generals \
             (with a loyal commander; at most 15 when it signs both orders) \
             (the recursion stops at SM(2): SM(m) needs m + 2 generals)",
        ]
    );
    assert_eq!(
        common::transcript(&mut s, &["g-protocol om 1"]),
        ["Protocol: OM(1), 9 messages per order with 4 generals"]
    );
}
