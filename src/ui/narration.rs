//! The caption near the canvas: what the current step of an order does, in
//! words ("Round 2 of 2: each lieutenant tells the other 2 what G1 told it (6
//! messages). G3 is faulty (two-faced): it tells G2 attack and G4 retreat."),
//! and, after the order, the outcome and the check line in plain words.
//!
//! Built from an exchange as it stands, so a caption for the exchange at an
//! earlier tick narrates that moment. The page announces it politely to
//! screen readers, so it changes only when the round or the outcome does.

use crate::engine::check::{Agreement, Validity};
use crate::engine::limits::MAX_NAMED_IN_CAPTION;
use crate::engine::output::{counted, thousands};
use crate::engine::{Check, Exchange, GeneralId, Kind, Order, Outcome, Roster, Session, Verdict};
use crate::ui::message_table::oral_round_count;

/// `G2, G3 and 4 more`: at most `MAX_NAMED_IN_CAPTION` names, then a count.
pub fn names(ids: &[GeneralId]) -> String {
    let shown: Vec<String> = ids
        .iter()
        .take(MAX_NAMED_IN_CAPTION)
        .map(ToString::to_string)
        .collect();
    let rest = ids.len().saturating_sub(MAX_NAMED_IN_CAPTION);
    match (shown.split_last(), rest) {
        (None, _) => String::new(),
        (Some((last, [])), 0) => last.clone(),
        (Some((last, first)), 0) => format!("{} and {last}", first.join(", ")),
        (Some(_), rest) => format!("{} and {rest} more", shown.join(", ")),
    }
}

fn plural(count: u64, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", thousands(count))
    }
}

/// What the caption says for the current moment of `session`: the step of
/// the order in flight, else the last order's outcome, else how to start.
pub fn caption(session: &Session) -> String {
    if let Some(exchange) = session.exchange() {
        return step(session.roster(), exchange);
    }
    if let Some(done) = session.last_order() {
        return outcome(&done.verdict, &done.check);
    }
    if session.is_ended() {
        return "The session has ended. Type start <N> to begin a new one.".into();
    }
    "No order yet. Press Attack or Retreat (or type actual-order attack) to send the commander's order."
        .into()
}

/// The step an exchange is at: the round on the wire, what it does, how many
/// messages it carries, and what each faulty sender of the round is doing.
pub fn step(roster: &Roster, exchange: &Exchange) -> String {
    let rounds = exchange.rounds();
    let Some(round) = exchange.round() else {
        return format!(
            "All {} done: every lieutenant has decided.",
            plural(rounds as u64, "round", "rounds")
        );
    };
    let round = usize::from(round);
    let n = exchange.generals();
    let commander = exchange.id_of(exchange.paths().commander());
    // Counted per batch, not per message: a round of OM(1) at n = 1000
    // has a million in flight.
    let on_wire = exchange.in_flight_of_round(round as u8);
    let mut text = format!("Round {round} of {rounds}: ");
    match (exchange.protocol().kind, round) {
        (Kind::Oral, 1) => {
            text += &format!(
                "{commander}, the commander, sends its order ({}) to the other {}",
                exchange.order(),
                plural(n as u64 - 1, "general", "generals")
            )
        }
        (Kind::Oral, 2) => {
            text += &format!(
                "each lieutenant tells the other {} what {commander} told it",
                thousands(n as u64 - 2)
            )
        }
        (Kind::Oral, _) => {
            text += &format!(
            "each lieutenant passes on what it heard in round {} to the {} not yet on that chain",
            round - 1,
            plural((n - round) as u64, "general", "generals")
        )
        }
        (Kind::Signed, 1) => {
            text += &format!(
                "{commander}, the commander, signs its order ({}) and sends it to the other {}",
                exchange.order(),
                plural(n as u64 - 1, "general", "generals")
            )
        }
        (Kind::Signed, _) => {
            text += "each lieutenant that received a value new to it signs it too \
                     and passes it on to those not yet on its chain"
        }
    }
    let formula = match exchange.protocol().kind {
        Kind::Oral => oral_round_count(n, round),
        Kind::Signed => on_wire,
    };
    text += &format!(" ({}", plural(formula, "message", "messages"));
    if on_wire < formula {
        text += &format!("; {} withheld", thousands(formula - on_wire));
    }
    text += ").";
    for sentence in traitors(roster, exchange, round) {
        text += " ";
        text += &sentence;
    }
    text
}

/// One sentence per faulty general sending in this round (the commander in
/// round 1, lieutenants after), saying what it tells whom.
fn traitors(roster: &Roster, exchange: &Exchange, round: usize) -> Vec<String> {
    let commander = exchange.id_of(exchange.paths().commander());
    let senders: Vec<_> = roster
        .members()
        .iter()
        .filter(|m| m.loyalty.is_faulty() && (m.id == commander) == (round == 1))
        .collect();
    let mut sentences = Vec::new();
    for member in senders.iter().take(MAX_NAMED_IN_CAPTION) {
        // Ascending, each id once (sorted lists, not `BTreeSet`s, whose
        // code the page would carry for this one caption).
        let mut told: [Vec<GeneralId>; 2] = Default::default();
        let Some(index) = exchange.index_of(member.id) else {
            continue;
        };
        for flight in exchange.flights_from(round as u8, index) {
            let ids = &mut told[usize::from(flight.order == Order::Retreat)];
            if let Err(at) = ids.binary_search(&flight.to) {
                ids.insert(at, flight.to);
            }
        }
        let behaviour = match exchange.is_scripted(member.id) {
            true => "following the search's script".to_string(),
            false => member.strategy.to_string(),
        };
        let mut text = format!("{} is faulty ({behaviour}): ", member.id);
        let parts: Vec<String> = [Order::Attack, Order::Retreat]
            .into_iter()
            .zip(&told)
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(order, ids)| format!("{} {order}", names(ids)))
            .collect();
        if parts.is_empty() {
            text += match exchange.protocol().kind {
                Kind::Oral => "it sends nothing, so each receiver takes retreat at the deadline.",
                Kind::Signed => "it passes nothing on.",
            };
        } else {
            let verb = match (exchange.protocol().kind, round) {
                (Kind::Signed, 1) => "it signs",
                (Kind::Signed, _) => "it passes on only",
                (Kind::Oral, _) => "it tells",
            };
            text += &format!("{verb} {}.", parts.join(" and "));
        }
        sentences.push(text);
    }
    if senders.len() > MAX_NAMED_IN_CAPTION {
        sentences.push(format!(
            "And {} more faulty generals.",
            thousands((senders.len() - MAX_NAMED_IN_CAPTION) as u64)
        ));
    }
    sentences
}

/// The outcome and the check line in plain words.
pub fn outcome(verdict: &Verdict, check: &Check) -> String {
    let (q, n, k) = (verdict.quorum, verdict.live, verdict.faulty);
    let mut text = match verdict.outcome {
        Outcome::Decided(order) => format!(
            "Outcome: at least {q} of the {}, a quorum, decided {order}, so the army will {order}.",
            counted(n as u64, "general")
        ),
        Outcome::NoQuorum => format!(
            "Outcome: no order was decided by a quorum of {q} of the {}, so the order cannot be determined.",
            counted(n as u64, "general")
        ),
        Outcome::NotEnoughGenerals => format!(
            "Outcome: {} among {n} is more than the protocol can tolerate, so the order cannot be determined.",
            plural(k as u64, "traitor", "traitors")
        ),
    };
    text += " ";
    text += &match &check.ic1 {
        Agreement::Holds => {
            "Agreement (IC1) held: every loyal lieutenant decided the same.".to_string()
        }
        Agreement::Broken(groups) => format!(
            "Agreement (IC1) broke: loyal lieutenants decided differently ({}).",
            groups
                .iter()
                .map(|(value, ids)| format!("{} {value}", names(ids)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    };
    text += " ";
    text += &match &check.ic2 {
        Validity::Holds => {
            "Validity (IC2) held: the loyal lieutenants obeyed the loyal commander.".to_string()
        }
        Validity::NotApplicable => {
            "Validity (IC2) does not apply: the commander is a traitor.".to_string()
        }
        Validity::Broken {
            commander,
            order,
            disobeyed,
        } => {
            let ids: Vec<_> = disobeyed.iter().map(|(id, _)| *id).collect();
            format!(
                "Validity (IC2) broke: the loyal commander {commander} ordered {order}, but {} decided otherwise.",
                names(&ids)
            )
        }
    };
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::limits::HOP_TICKS;
    use crate::ui::fixture::session;

    #[test]
    fn the_issues_example_round() {
        let mut s = session(4, 1);
        assert!(caption(&s).starts_with("No order yet."));
        s.submit("g-state 3 faulty two-faced");
        s.submit("actual-order attack");
        assert_eq!(
            caption(&s),
            "Round 1 of 2: G1, the commander, sends its order (attack) to the other 3 generals (3 messages)."
        );
        s.advance(HOP_TICKS);
        assert_eq!(
            caption(&s),
            "Round 2 of 2: each lieutenant tells the other 2 what G1 told it (6 messages). \
             G3 is faulty (two-faced): it tells G2 attack and G4 retreat."
        );
        s.advance(HOP_TICKS);
        assert_eq!(
            caption(&s),
            "Outcome: at least 3 of the 4 generals, a quorum, decided attack, so the army will attack. \
             Agreement (IC1) held: every loyal lieutenant decided the same. \
             Validity (IC2) held: the loyal lieutenants obeyed the loyal commander."
        );
    }

    #[test]
    fn a_search_replay_names_the_script() {
        let mut s = session(3, 1);
        s.submit("g-state 2 faulty liar");
        s.submit("g-search");
        s.advance(HOP_TICKS);
        let text = caption(&s);
        assert!(
            text.contains("G2 is faulty (following the search's script): it tells G3 retreat."),
            "{text}"
        );
    }

    #[test]
    fn deeper_rounds_silence_and_a_faulty_commander() {
        let mut s = session(7, 2);
        s.submit("g-state 1 faulty liar");
        s.submit("g-state 5 faulty silent");
        s.submit("actual-order retreat");
        assert_eq!(
            caption(&s),
            "Round 1 of 3: G1, the commander, sends its order (retreat) to the other 6 generals \
             (6 messages). G1 is faulty (liar): it tells G2, G3, G4, G5, G6 and G7 attack."
        );
        s.advance(HOP_TICKS);
        assert_eq!(
            caption(&s),
            "Round 2 of 3: each lieutenant tells the other 5 what G1 told it (30 messages; 5 withheld). \
             G5 is faulty (silent): it sends nothing, so each receiver takes retreat at the deadline."
        );
        s.advance(HOP_TICKS);
        assert_eq!(
            caption(&s),
            "Round 3 of 3: each lieutenant passes on what it heard in round 2 to the 4 generals \
             not yet on that chain (120 messages; 20 withheld). \
             G5 is faulty (silent): it sends nothing, so each receiver takes retreat at the deadline."
        );
        s.advance(HOP_TICKS);
        let text = caption(&s);
        assert!(
            text.ends_with("Validity (IC2) does not apply: the commander is a traitor."),
            "{text}"
        );
        assert!(text.contains("Agreement (IC1) held"), "{text}");
    }

    #[test]
    fn one_general_is_counted_in_the_singular() {
        let mut s = session(1, 1);
        s.submit("actual-order attack");
        s.finish();
        let done = s.last_order().unwrap();
        assert!(
            outcome(&done.verdict, &done.check)
                .starts_with("Outcome: at least 1 of the 1 general, a quorum, decided attack,"),
            "{}",
            outcome(&done.verdict, &done.check)
        );
    }

    #[test]
    fn broken_conditions_are_named() {
        let mut s = session(4, 1);
        s.submit("g-state 2 faulty liar");
        s.submit("g-state 3 faulty liar");
        s.submit("actual-order attack");
        s.finish();
        let done = s.last_order().unwrap();
        assert_eq!(
            outcome(&done.verdict, &done.check),
            "Outcome: 2 traitors among 4 is more than the protocol can tolerate, so the order cannot be determined. \
             Agreement (IC1) held: every loyal lieutenant decided the same. \
             Validity (IC2) broke: the loyal commander G1 ordered attack, but G4 decided otherwise."
        );
    }

    #[test]
    fn signed_rounds() {
        let mut s = session(3, 1);
        s.submit("g-protocol sm 1");
        s.submit("g-state 1 faulty two-faced");
        s.submit("actual-order attack");
        assert_eq!(
            caption(&s),
            "Round 1 of 2: G1, the commander, signs its order (attack) and sends it to the other 2 generals \
             (2 messages). G1 is faulty (two-faced): it signs G2 attack and G3 retreat."
        );
        s.advance(HOP_TICKS);
        assert_eq!(
            caption(&s),
            "Round 2 of 2: each lieutenant that received a value new to it signs it too and passes it on \
             to those not yet on its chain (2 messages)."
        );
    }

    #[test]
    fn a_view_of_an_earlier_tick_narrates_that_moment() {
        let mut s = session(4, 1);
        s.submit("g-state 3 faulty two-faced");
        s.submit("actual-order attack");
        s.finish();
        let record = s.orders().back().unwrap();
        let then = s.viewing(record, HOP_TICKS + 600).unwrap();
        assert!(caption(&then).starts_with("Round 2 of 2: each lieutenant tells the other 2"));
        assert!(caption(&s).starts_with("Outcome: "));
    }

    #[test]
    fn long_lists_are_cut() {
        let ids: Vec<_> = (1..=9).map(GeneralId).collect();
        assert_eq!(names(&ids), "G1, G2, G3, G4, G5, G6 and 3 more");
        assert_eq!(names(&ids[..2]), "G1 and G2");
        assert_eq!(names(&ids[..1]), "G1");
    }
}
