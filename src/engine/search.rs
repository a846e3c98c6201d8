//! The adversary search behind `g-search`: looks for a behaviour of the
//! faulty generals that breaks IC1 or IC2 for the current army, protocol and
//! order, so that the n > 3m bound can be seen to bite.
//!
//! A behaviour is one script per faulty general (`Conduct::Scripted`): its
//! k-th composed message follows the script's k-th move. Each move is chosen
//! from a small alphabet, fixed per general:
//!
//! - under OM(m), `attack` or `retreat` for every message (withholding is not
//!   a third choice: by assumption A3 the receiver takes `retreat` and relays
//!   it, so it decides exactly as if `retreat` had been sent);
//! - under SM(m), the commander signs `attack`, `retreat` or nothing for each
//!   lieutenant; a lieutenant relays or withholds each relay it is due to
//!   send (it can neither forge nor alter a signed order).
//!
//! Under OM(m) a general composes the same number of messages whatever the
//! values, so scripts are exactly as long as a probe run says. Under SM(m) a
//! lieutenant composes one relay per receiver for each value new to it, so
//! with a faulty commander (two values) its script is twice the probe's.
//!
//! The behaviours are numbered in mixed radix over all moves. While there are
//! at most `MAX_EXHAUSTIVE_BEHAVIOURS` and the work fits `SEARCH_MESSAGE_BUDGET`
//! every one is run, in order; otherwise the search tries the structured
//! strategies (liar, two-faced and silent for every traitor, then mixes of
//! them) and then random behaviours, each move a fair draw among its choices
//! (the `coin` strategy, in script form), up to `SEARCH_MAX_TRIES` tries and the
//! same work budget. Evaluating a behaviour runs the exchange to completion
//! natively and checks IC1/IC2 on the decisions.
//!
//! Randomness: an exhaustive search draws nothing. A randomised one draws one
//! u64 from the session's generator and seeds its own ChaCha8 generator with
//! it, so its many draws leave the session's stream as one draw, and a seeded
//! session repeats the same search. The behaviour found is replayed with
//! scripts or deterministic strategies only, which draw nothing either.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::adversary::{Conduct, Move, Strategy};
use super::exchange::{Exchange, Observer, Refusal};
use super::limits::{
    MAX_EXHAUSTIVE_BEHAVIOURS, MAX_LIES_NAMED, MAX_MIXED_SEED_TRAITORS, SEARCH_MAX_TRIES,
    SEARCH_MESSAGE_BUDGET, SEARCH_TRY_OVERHEAD,
};
use super::message::Message;
use super::order::{Majority, Order};
use super::output::thousands;
use super::protocol::{Kind, Protocol};
use super::roster::{GeneralId, Roster};

/// A move each message of an OM(m) traitor may take.
const ORAL_MOVES: &[Move] = &[Move::Send(Order::Attack), Move::Send(Order::Retreat)];
/// A move a commander may take under SM(m): sign either order, or nothing.
const SIGNING_MOVES: &[Move] = &[
    Move::Send(Order::Attack),
    Move::Send(Order::Retreat),
    Move::Withhold,
];
/// A move a lieutenant may take under SM(m): relay (the signed value, whatever
/// the move names) or withhold.
const RELAY_MOVES: &[Move] = &[Move::Send(Order::Attack), Move::Withhold];

/// The structured strategies that draw nothing, tried first by a randomised
/// search. `coin` is what the random tries themselves are.
const SEED_STRATEGIES: [Strategy; 3] = [Strategy::Liar, Strategy::TwoFaced, Strategy::Silent];

/// How the behaviour that broke a condition was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// The `index`-th (from 1) of all `of` behaviours, run in order.
    Exhaustive { index: u64, of: u64 },
    /// A structured strategy per faulty general, the `index`-th try.
    Strategies {
        index: u64,
        strategies: Vec<(GeneralId, Strategy)>,
    },
    /// A random behaviour, the `index`-th try.
    Random { index: u64 },
}

/// What the search concluded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Report {
    /// Every general is loyal: there is nothing to search.
    NoTraitors,
    /// An order would be refused (too many messages or chains).
    Refused(Refusal),
    /// A behaviour that breaks IC1 or IC2 (or both).
    Broken {
        found: Found,
        ic1: bool,
        ic2: bool,
        /// Who lied to whom, already phrased and bounded.
        lies: String,
        /// One conduct per roster member, to replay the behaviour.
        conducts: Vec<Conduct>,
    },
    /// Every behaviour was run and none breaks IC1 or IC2.
    NoneExists { tried: u64 },
    /// The randomised search found nothing; `bounded` when the work budget,
    /// not `SEARCH_MAX_TRIES`, stopped it (`per_try` messages a try).
    NoneFound {
        tried: u64,
        bounded: bool,
        per_try: u64,
    },
}

impl Report {
    /// The conducts to replay as an order, when a behaviour broke something.
    pub fn replay(self) -> Option<Vec<Conduct>> {
        match self {
            Report::Broken { conducts, .. } => Some(conducts),
            _ => None,
        }
    }
}

/// The faulty generals and the moves their scripts choose among.
struct Space {
    /// Roster index of each faulty general, ascending.
    traitors: Vec<usize>,
    /// Per traitor: its script's length and the moves each entry chooses from.
    scripts: Vec<(usize, &'static [Move])>,
}

impl Space {
    /// How many behaviours there are, saturating.
    fn size(&self) -> u128 {
        self.scripts.iter().fold(1u128, |acc, &(len, moves)| {
            (0..len).fold(acc, |a, _| a.saturating_mul(moves.len() as u128))
        })
    }
}

/// The fast evaluator: the army, the order and which decisions to check.
struct Judge<'a> {
    roster: &'a Roster,
    protocol: Protocol,
    order: Order,
    /// Loyal lieutenants, whose decisions IC1 and IC2 are about.
    loyal: Vec<GeneralId>,
    commander_loyal: bool,
    /// Loyal everywhere but where a behaviour is put in.
    base: Vec<Conduct>,
    /// Never drawn from (scripts and deterministic strategies draw nothing),
    /// but the exchange asks for one.
    idle: ChaCha8Rng,
}

impl Judge<'_> {
    /// Runs one behaviour to completion and says which conditions broke.
    fn run(&mut self, conducts: Vec<Conduct>) -> (bool, bool) {
        let mut exchange = Exchange::start_with(
            self.roster,
            self.order,
            self.protocol,
            conducts,
            &mut self.idle,
            &mut (),
        )
        .expect("the size was checked before the search");
        exchange.run_to_completion(&mut self.idle);
        let decided = |id: GeneralId| exchange.decision(id).unwrap_or(Majority::Undefined);
        let mut ic1 = false;
        let mut ic2 = false;
        let mut first = None;
        for &id in &self.loyal {
            let d = decided(id);
            match first {
                None => first = Some(d),
                Some(f) if f != d => ic1 = true,
                _ => {}
            }
            if self.commander_loyal && d != Majority::Order(self.order) {
                ic2 = true;
            }
        }
        (ic1, ic2)
    }

    fn scripted(&self, traitors: &[usize], scripts: &[Vec<Move>]) -> Vec<Conduct> {
        let mut conducts = self.base.clone();
        for (&index, script) in traitors.iter().zip(scripts) {
            conducts[index] = Conduct::Scripted(script.clone());
        }
        conducts
    }
}

/// Looks for a behaviour of the faulty generals in `roster` that breaks IC1
/// or IC2 when the commander is told `order` under `protocol`. Draws from
/// `session_rng` only for a randomised search (one u64).
pub fn search(
    roster: &Roster,
    protocol: Protocol,
    order: Order,
    session_rng: &mut ChaCha8Rng,
) -> Report {
    let members = roster.members();
    let traitors: Vec<usize> = (0..members.len())
        .filter(|&i| members[i].loyalty.is_faulty())
        .collect();
    if traitors.is_empty() {
        return Report::NoTraitors;
    }
    let primary = roster.primary();
    let commander_loyal = roster.get(primary).is_some_and(|m| !m.loyalty.is_faulty());
    let mut judge = Judge {
        roster,
        protocol,
        order,
        loyal: members
            .iter()
            .filter(|m| m.id != primary && !m.loyalty.is_faulty())
            .map(|m| m.id)
            .collect(),
        commander_loyal,
        base: vec![Conduct::Loyal; members.len()],
        idle: ChaCha8Rng::seed_from_u64(0),
    };
    // A probe: every traitor honest, to learn how long each script must be.
    let probe = judge.scripted(&traitors, &vec![Vec::new(); traitors.len()]);
    let mut exchange =
        match Exchange::start_with(roster, order, protocol, probe, &mut judge.idle, &mut ()) {
            Ok(exchange) => exchange,
            Err(refused) => return Report::Refused(refused),
        };
    exchange.run_to_completion(&mut judge.idle);
    let space = Space {
        scripts: traitors
            .iter()
            .map(|&i| {
                let composed = exchange.composed(members[i].id) as usize;
                match protocol.kind {
                    Kind::Oral => (composed, ORAL_MOVES),
                    Kind::Signed if members[i].id == primary => (composed, SIGNING_MOVES),
                    Kind::Signed if commander_loyal => (composed, RELAY_MOVES),
                    // Both orders may reach it: one relay per receiver for each.
                    Kind::Signed => (2 * composed, RELAY_MOVES),
                }
            })
            .collect(),
        traitors,
    };
    // Past u64 is past any budget: the search then affords one try.
    let per_try = protocol
        .message_bound(members.len())
        .to_u64()
        .unwrap_or(u64::MAX);
    let work = per_try.saturating_add(SEARCH_TRY_OVERHEAD);
    let affordable = (SEARCH_MESSAGE_BUDGET / work).max(1);
    let size = space.size();
    if size <= u128::from(MAX_EXHAUSTIVE_BEHAVIOURS) && size as u64 <= affordable {
        exhaustive(&mut judge, &space, size as u64)
    } else {
        let seed = session_rng.random::<u64>();
        randomised(
            &mut judge,
            &space,
            SEARCH_MAX_TRIES.min(affordable),
            ChaCha8Rng::seed_from_u64(seed),
            per_try,
        )
    }
}

/// Runs every behaviour, in mixed-radix order (the first traitor's first
/// move varies fastest).
fn exhaustive(judge: &mut Judge, space: &Space, size: u64) -> Report {
    let mut digits: Vec<Vec<usize>> = space.scripts.iter().map(|&(len, _)| vec![0; len]).collect();
    let mut scripts: Vec<Vec<Move>> = space
        .scripts
        .iter()
        .map(|&(len, moves)| vec![moves[0]; len])
        .collect();
    for index in 0..size {
        let conducts = judge.scripted(&space.traitors, &scripts);
        let (ic1, ic2) = judge.run(conducts);
        if ic1 || ic2 {
            let conducts = judge.scripted(&space.traitors, &scripts);
            return broken(
                judge,
                Found::Exhaustive {
                    index: index + 1,
                    of: size,
                },
                ic1,
                ic2,
                conducts,
            );
        }
        // The next behaviour: add one, carrying through every move.
        'carry: for ((digits, script), &(_, moves)) in
            digits.iter_mut().zip(&mut scripts).zip(&space.scripts)
        {
            for (digit, slot) in digits.iter_mut().zip(script.iter_mut()) {
                *digit += 1;
                if *digit < moves.len() {
                    *slot = moves[*digit];
                    break 'carry;
                }
                *digit = 0;
                *slot = moves[0];
            }
        }
    }
    Report::NoneExists { tried: size }
}

/// The structured strategies first, then random behaviours, `budget` tries in all.
fn randomised(
    judge: &mut Judge,
    space: &Space,
    budget: u64,
    mut rng: ChaCha8Rng,
    per_try: u64,
) -> Report {
    let mut tried = 0;
    for strategies in seed_strategies(space.traitors.len()) {
        if tried == budget {
            break;
        }
        tried += 1;
        let mut conducts = judge.base.clone();
        for (&index, &strategy) in space.traitors.iter().zip(&strategies) {
            conducts[index] = Conduct::Faulty(strategy);
        }
        let (ic1, ic2) = judge.run(conducts.clone());
        if ic1 || ic2 {
            let members = judge.roster.members();
            let named = space
                .traitors
                .iter()
                .zip(&strategies)
                .map(|(&i, &s)| (members[i].id, s))
                .collect();
            return broken(
                judge,
                Found::Strategies {
                    index: tried,
                    strategies: named,
                },
                ic1,
                ic2,
                conducts,
            );
        }
    }
    let mut scripts: Vec<Vec<Move>> = space
        .scripts
        .iter()
        .map(|&(len, _)| Vec::with_capacity(len))
        .collect();
    while tried < budget {
        tried += 1;
        for (script, &(len, moves)) in scripts.iter_mut().zip(&space.scripts) {
            script.clear();
            // Drawn as u32 (never usize), so native and wasm draw alike.
            script
                .extend((0..len).map(|_| moves[rng.random_range(0..moves.len() as u32) as usize]));
        }
        let conducts = judge.scripted(&space.traitors, &scripts);
        let (ic1, ic2) = judge.run(conducts);
        if ic1 || ic2 {
            let conducts = judge.scripted(&space.traitors, &scripts);
            return broken(judge, Found::Random { index: tried }, ic1, ic2, conducts);
        }
    }
    Report::NoneFound {
        tried,
        bounded: budget < SEARCH_MAX_TRIES,
        per_try,
    }
}

/// Every traitor liar, then every traitor two-faced, then every traitor
/// silent; then, with at most `MAX_MIXED_SEED_TRAITORS` traitors, every mix
/// of those three (in mixed-radix order, the first traitor varying fastest).
fn seed_strategies(traitors: usize) -> Vec<Vec<Strategy>> {
    let mut seeds: Vec<Vec<Strategy>> =
        SEED_STRATEGIES.iter().map(|&s| vec![s; traitors]).collect();
    if traitors <= MAX_MIXED_SEED_TRAITORS {
        let count = SEED_STRATEGIES.len().pow(traitors as u32);
        for mut number in 0..count {
            let mix: Vec<Strategy> = (0..traitors)
                .map(|_| {
                    let s = SEED_STRATEGIES[number % SEED_STRATEGIES.len()];
                    number /= SEED_STRATEGIES.len();
                    s
                })
                .collect();
            if !mix.iter().all(|&s| s == mix[0]) {
                seeds.push(mix);
            }
        }
    }
    seeds
}

/// Records the messages the traitors sent other than honestly, or withheld.
#[derive(Default)]
struct Lies {
    /// (sender, receiver, what it was told: `None` for nothing), in order, without repeats.
    told: Vec<(u16, u16, Option<Order>)>,
    faulty: Vec<bool>,
}

impl Lies {
    fn note(&mut self, message: &Message, told: Option<Order>) {
        let entry = (message.from, message.to, told);
        if self.faulty[message.from as usize] && !self.told.contains(&entry) {
            self.told.push(entry);
        }
    }
}

impl Observer for Lies {
    fn sent(&mut self, _round: u8, _at: u64, _arrives: u64, messages: &[Message]) {
        for message in messages.iter().filter(|m| m.altered) {
            self.note(message, Some(message.order));
        }
    }

    fn withheld(&mut self, _round: u8, _at: u64, messages: &[Message]) {
        for message in messages {
            self.note(message, None);
        }
    }
}

/// Replays the behaviour once more, watching its messages, to say who lied
/// to whom.
fn broken(judge: &mut Judge, found: Found, ic1: bool, ic2: bool, conducts: Vec<Conduct>) -> Report {
    let members = judge.roster.members();
    let mut lies = Lies {
        told: Vec::new(),
        faulty: members.iter().map(|m| m.loyalty.is_faulty()).collect(),
    };
    let mut exchange = Exchange::start_with(
        judge.roster,
        judge.order,
        judge.protocol,
        conducts.clone(),
        &mut judge.idle,
        &mut lies,
    )
    .expect("it ran before");
    exchange.run_to_completion_observed(&mut judge.idle, &mut lies);
    Report::Broken {
        found,
        ic1,
        ic2,
        lies: describe_lies(&lies.told, |i| members[i as usize].id),
        conducts,
    }
}

/// `G2 told G3 retreat, G4 nothing; G5 told G3 retreat`: grouped by liar in
/// the order the lies were told, at most `MAX_LIES_NAMED` of them named.
fn describe_lies(told: &[(u16, u16, Option<Order>)], id: impl Fn(u16) -> GeneralId) -> String {
    if told.is_empty() {
        return "no traitor lied".into();
    }
    let shown = &told[..told.len().min(MAX_LIES_NAMED)];
    let mut liars: Vec<u16> = Vec::new();
    for &(from, _, _) in shown {
        if !liars.contains(&from) {
            liars.push(from);
        }
    }
    let mut text = liars
        .iter()
        .map(|&liar| {
            let to: Vec<String> = shown
                .iter()
                .filter(|(from, _, _)| *from == liar)
                .map(|&(_, to, value)| {
                    format!("{} {}", id(to), value.map_or("nothing", Order::as_str))
                })
                .collect();
            format!("{} told {}", id(liar), to.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    if told.len() > shown.len() {
        let more = told.len() - shown.len();
        text += &format!("; {more} more {}", if more == 1 { "lie" } else { "lies" });
    }
    text
}

/// The one `search: ` note.
pub fn describe(report: &Report) -> String {
    match report {
        Report::NoTraitors => {
            "search: every general is loyal, so there is no behaviour to search; \
             make one faulty with g-state <ID> faulty"
                .into()
        }
        Report::Refused(_) => "search: the order would be refused, so nothing was searched".into(),
        Report::Broken {
            found,
            ic1,
            ic2,
            lies,
            ..
        } => {
            let which = match (ic1, ic2) {
                (true, true) => "IC1 broken, IC2 broken",
                (true, false) => "IC1 broken",
                _ => "IC2 broken",
            };
            let how = match found {
                Found::Exhaustive { index, of } => format!(
                    "behaviour {} of {}, exhaustive",
                    thousands(*index),
                    thousands(*of)
                ),
                Found::Strategies { index, strategies } => {
                    let first = strategies[0].1;
                    let named = if strategies.iter().all(|(_, s)| *s == first) {
                        format!("every traitor {first}")
                    } else {
                        strategies
                            .iter()
                            .map(|(id, s)| format!("{id} {s}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    format!("try {}: {named}", thousands(*index))
                }
                Found::Random { index } => format!("try {}, random", thousands(*index)),
            };
            format!("search: {which} ({how}): {lies}; replaying it as an order")
        }
        Report::NoneExists { tried } => format!(
            "search: no behaviour of the faulty generals breaks IC1 or IC2 ({} tried, all)",
            thousands(*tried)
        ),
        Report::NoneFound {
            tried,
            bounded,
            per_try,
        } => {
            let mut text = format!(
                "search: none found in {} tries (not a proof)",
                thousands(*tried)
            );
            if *bounded {
                text += &format!(
                    "; bounded: up to {} messages a try, {} in all",
                    thousands(*per_try),
                    thousands(SEARCH_MESSAGE_BUDGET)
                );
            }
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lies_past_those_named_are_counted_in_the_singular_too() {
        let lie = |to: u16| (1u16, to, Some(Order::Retreat));
        let named: Vec<_> = (2..2 + MAX_LIES_NAMED as u16).map(lie).collect();
        let id = |i: u16| GeneralId(u32::from(i) + 1);
        let one_more: Vec<_> = named.iter().copied().chain([lie(90)]).collect();
        assert!(describe_lies(&one_more, id).ends_with("G10 retreat; 1 more lie"));
        let two_more: Vec<_> = one_more.iter().copied().chain([lie(91)]).collect();
        assert!(describe_lies(&two_more, id).ends_with("; 2 more lies"));
        assert!(!describe_lies(&named, id).contains("more"));
    }
}
