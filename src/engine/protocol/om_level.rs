//! OM(m) level by level, for an army in which nobody withholds a message.
//!
//! Then every path of a round's length is relayed to everyone not on it,
//! in an order that follows from the path tree alone, and a round is one
//! byte per path (`level`): what its sender heard. The generals' steps are
//! the same as relay by relay (`om`), moved in bulk:
//!
//! - Landing a level, every lieutenant's memory takes the level's bytes in
//!   one copy (the paths it is on included: the inspector leaves those out,
//!   the nested majority skips them as before), then a faulty sender's
//!   choices overwrite the bytes of their receivers.
//! - Relaying it, a loyal general sends along each path extended by itself
//!   what it heard: so the next level's bytes are, path by path, its byte
//!   repeated for every child (or, for a faulty sender's path, its
//!   receivers' bytes in order). A faulty general then chooses, message by
//!   message in the order it composes them, what it sends instead; that is
//!   where the random generator is drawn from, in the same order as relay by
//!   relay.
//!
//! So the work per message is a byte copied or counted, whatever the depth.

use std::ops::Range;

use rand_chacha::ChaCha8Rng;

use super::om::{traitor_of, uniform_majority, Army, Cursor, General, WORD};
use super::paths::PathSpace;
use crate::engine::adversary::{position_among_others, Move};
use crate::engine::level::Level;
use crate::engine::order::{Majority, Order};
use crate::engine::values::Values;

impl Army {
    /// The commander's one move: its order to every lieutenant.
    pub(super) fn command_level(
        &mut self,
        order: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Level,
    ) {
        let commander = paths.commander();
        let mut choices = Vec::new();
        let mut faulty = Vec::new();
        if let Some(traitor) = traitor_of(&mut self.traitors, commander) {
            let others = paths.generals() - 1;
            faulty.push((0, 0));
            for to in (0..paths.generals()).filter(|&to| to != commander) {
                let position = position_among_others(commander, to);
                choices.push(chosen_byte(traitor.conduct.choose(
                    order,
                    traitor.composed,
                    position,
                    others,
                    rng,
                )));
                traitor.composed += 1;
            }
        }
        *outbox = Level::new(
            paths,
            1,
            Values::uniform(order.to_byte(), 1),
            faulty,
            choices,
        );
    }

    /// Every lieutenant takes the level that landed; then, unless it was
    /// the last, every general relays it one level down (see the module
    /// comment), or every lieutenant decides. Stops once about `budget`
    /// units of work are done (a byte taken, or a value a decision reads;
    /// at least one general per call), between one lieutenant and the next,
    /// and returns the units done and whether the level is finished; a later
    /// call resumes it (`cursor`). Relaying runs in one go: a byte per
    /// message, filled or chosen, in the order the random draws require.
    pub(super) fn step_level_within(
        &mut self,
        landed: Level,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Level,
        budget: u64,
    ) -> (u64, bool) {
        let length = landed.length();
        let start = paths.level_start(length) as usize;
        let honest = landed.honest();
        // At most the node count, which fits a `Node` (see `General`).
        let heard = u32::try_from(paths.heard_at_level(length)).expect("fewer values than paths");
        let commander = paths.commander();
        let mut spent = 0u64;
        let over = |spent: u64| spent >= budget && spent > 0;
        let mut cursor = self.cursor;
        if let Some(shared) = self.shared.as_mut() {
            debug_assert!(landed.faulty().is_empty(), "a shared memory has no traitor");
            // Once, however often the landing is resumed.
            if shared.len() == length - 1 {
                shared.push(honest.clone());
                spent += honest.len() as u64;
            }
        }
        // Local slices: the page's build (for size) makes a call of every
        // index into a `Vec`, not of one into a slice.
        let generals = self.generals.as_mut_slice();
        let memories = self.memories.as_mut_slice();
        let shared = self.shared.is_some();
        if shared && !cursor.first_done {
            // A unit per lieutenant: its count of values heard grows, the
            // rest is the one shared memory. One run over the slice.
            let end = shared_run_end(generals.len(), cursor.next, commander, 1, spent, budget);
            let [before, after] = lieutenant_runs(cursor.next, end, commander);
            spent += (before.len() + after.len()) as u64;
            hear_all(&mut generals[before], heard);
            hear_all(&mut generals[after], heard);
            cursor.next = end;
            if end < generals.len() {
                return self.stop_level(landed, cursor, spent);
            }
        }
        // Each lieutenant appends the same level to its own memory: in the
        // page's build a uniform one is written out once for all of them
        // (`Values::written_out`). Natively the code is as it was: a detour
        // through it cost the deep faulty rows up to 0.03% of instructions.
        #[cfg(target_arch = "wasm32")]
        let written = match shared || cursor.first_done {
            true => Vec::new(),
            false => honest.written_out(),
        };
        while !cursor.first_done && cursor.next < generals.len() {
            if over(spent) {
                return self.stop_level(landed, cursor, spent);
            }
            let general = &mut generals[cursor.next];
            if cursor.next != commander {
                if shared {
                    spent += 1;
                } else {
                    let memory = &mut memories[cursor.next];
                    debug_assert_eq!(memory.len(), start, "levels land in order");
                    #[cfg(target_arch = "wasm32")]
                    honest.append_written(&written, memory);
                    #[cfg(not(target_arch = "wasm32"))]
                    honest.append_to(memory);
                    spent += honest.len() as u64;
                }
                general.heard_count += heard;
            }
            cursor.next += 1;
        }
        if !cursor.first_done {
            cursor = Cursor::SECOND;
            for &(place, at) in landed.faulty() {
                let node = start + place as usize;
                let path = paths.path(node as u32);
                let receivers = (0..paths.generals()).filter(|&to| !path.contains(to));
                for (rank, to) in receivers.enumerate() {
                    self.memories[to][node] = landed.choices()[at as usize + rank];
                }
            }
            spent += landed.choices().len() as u64;
        }
        if paths.is_leaf(length) {
            let reads = paths.node_count() as u64;
            // A shared memory all one value is everyone's decision: found
            // once, not once per general (its work is still counted per
            // general, so the budget spreads the landing as before).
            let uniform = self
                .shared
                .as_deref()
                .and_then(|shared| uniform_majority(shared, paths));
            let generals = self.generals.as_mut_slice();
            let memories = self.memories.as_mut_slice();
            if let (Some(_), Some(kind)) = (&self.shared, uniform) {
                // Everyone's decision is that value: one run over the slice.
                let end =
                    shared_run_end(generals.len(), cursor.next, commander, reads, spent, budget);
                let [before, after] = lieutenant_runs(cursor.next, end, commander);
                spent += (before.len() + after.len()) as u64 * reads;
                decide_all(&mut generals[before], kind);
                decide_all(&mut generals[after], kind);
                cursor.next = end;
                if end < generals.len() {
                    return self.stop_level(landed, cursor, spent);
                }
            }
            while cursor.next < generals.len() {
                if over(spent) {
                    return self.stop_level(landed, cursor, spent);
                }
                let general = &mut generals[cursor.next];
                if cursor.next != commander {
                    match (&self.shared, uniform) {
                        (Some(_), Some(kind)) => general.decision = Some(kind),
                        (Some(shared), None) => {
                            general.decide_shared(shared, paths, &mut self.scratch)
                        }
                        (None, _) => {
                            let memory = &mut memories[cursor.next];
                            memory.extend([0; WORD]);
                            general.decide_when_complete(
                                memory,
                                self.expected,
                                paths,
                                &mut self.scratch,
                            );
                        }
                    }
                    spent += reads;
                }
                cursor.next += 1;
            }
            // Each lieutenant's decision is taken from a shared memory
            // whatever it holds; its own memory might in principle lack a
            // value (then `conclude` looks again).
            self.all_decided = self.shared.is_some();
            self.cursor = Cursor::default();
            landed.release();
            return (spent, true);
        }
        self.cursor = Cursor::default();
        let children = paths.branching(length) as usize;
        spent += (honest.len() * children) as u64;
        self.relay_level(&landed, paths, rng, outbox);
        landed.release();
        (spent, true)
    }

    /// Puts the landed level back, to be resumed at `cursor`.
    fn stop_level(&mut self, landed: Level, cursor: Cursor, spent: u64) -> (u64, bool) {
        self.landed_level = Some(landed);
        self.cursor = cursor;
        (spent, false)
    }

    /// Every general relays the level that landed one level down.
    fn relay_level(
        &mut self,
        landed: &Level,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Level,
    ) {
        let length = landed.length();
        let honest = landed.honest();
        // What every general heard, relayed along the path extended by it:
        // a uniform level stays one byte unless a faulty sender's receivers
        // heard otherwise.
        let children = paths.branching(length) as usize;
        let mut next = honest.repeated(children);
        if !landed.faulty().is_empty() {
            let bytes = next.make_bytes();
            for &(place, start) in landed.faulty() {
                let (place, start) = (place as usize * children, start as usize);
                bytes[place..place + children]
                    .copy_from_slice(&landed.choices()[start..start + children]);
            }
        }

        // Faulty generals choose, in index order, each in the order it
        // composes: its inbox (the landed paths it is not on, in the order
        // they were composed), each to its receivers ascending.
        let next_start = paths.level_start(length + 1);
        // Sized once: each faulty lieutenant relays every path of this
        // length it is not on, each to the generals not on the longer path
        // (the commander is on every path: it relays none), so the lists
        // never grow by copying.
        let commander = paths.commander();
        let relaying = self
            .traitors
            .iter()
            .filter(|(from, _)| *from as usize != commander);
        let relayed = match relaying.count() {
            0 => 0,
            traitors => traitors * paths.heard_at_level(length) as usize,
        };
        let mut relays = Vec::with_capacity(relayed);
        let mut choices = Vec::with_capacity(relayed * (paths.generals() - length - 1));
        let others = paths.generals() - 1;
        for (from, traitor) in &mut self.traitors {
            let from = *from as usize;
            paths.each_composed_without(length, from, |node, path| {
                let below = path.as_slice().iter().filter(|&&m| usize::from(m) < from);
                let own = from - below.count();
                let place = paths.first_child(node, length) + own as u32 - next_start;
                let honest = order_of(next.at(place as usize));
                relays.push((place, choices.len() as u32));
                for to in (0..paths.generals()).filter(|&to| to != from && !path.contains(to)) {
                    let position = position_among_others(from, to);
                    choices.push(chosen_byte(traitor.conduct.choose(
                        honest,
                        traitor.composed,
                        position,
                        others,
                        rng,
                    )));
                    traitor.composed += 1;
                }
            });
        }
        *outbox = Level::new(paths, length + 1, next, relays, choices);
    }
}

/// Where a pass over the generals from `next` on stops when every
/// lieutenant's share of it is `cost` units of work (the commander's none),
/// `spent` units are done and the budget is `budget`: where the loop that
/// takes one general at a time would stop (before a general, once `spent`
/// reached the budget, but after at least one lieutenant). Lets a shared
/// memory's passes run over a slice of generals at once.
fn shared_run_end(
    generals: usize,
    next: usize,
    commander: usize,
    cost: u64,
    spent: u64,
    budget: u64,
) -> usize {
    let lieutenants = if spent < budget {
        (budget - spent).div_ceil(cost.max(1))
    } else {
        u64::from(spent == 0)
    };
    let mut end = next.saturating_add(usize::try_from(lieutenants).unwrap_or(usize::MAX));
    if (next..end).contains(&commander) {
        end = end.saturating_add(1);
    }
    end.min(generals)
}

/// The lieutenants among generals `from..to`: the runs either side of the
/// commander.
fn lieutenant_runs(from: usize, to: usize, commander: usize) -> [Range<usize>; 2] {
    if (from..to).contains(&commander) {
        [from..commander, commander + 1..to]
    } else {
        [from..to, to..to]
    }
}

/// Each of `generals` heard `heard` more values (a shared memory's level).
fn hear_all(generals: &mut [General], heard: u32) {
    for general in generals {
        general.heard_count += heard;
    }
}

/// Each of `generals` decides `kind` (a shared memory all one value).
fn decide_all(generals: &mut [General], kind: Majority) {
    for general in generals {
        general.decision = Some(kind);
    }
}

/// A message's byte: level by level nobody withholds (see `Army::new`).
fn chosen_byte(chosen: Move) -> u8 {
    match chosen {
        Move::Send(order) => order.to_byte(),
        Move::Withhold => unreachable!("an army that may withhold runs relay by relay"),
    }
}

fn order_of(byte: u8) -> Order {
    if byte == Order::Attack.to_byte() {
        Order::Attack
    } else {
        Order::Retreat
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::adversary::{Conduct, Strategy};
    use crate::engine::message::Message;
    use crate::engine::order::Majority;
    use crate::engine::protocol::{Held, Outbox};
    use rand::SeedableRng;

    /// Everything one run shows: each round's messages as composed, then
    /// every general's decision, count, moves and memory.
    type Transcript = (
        Vec<Vec<Message>>,
        Vec<(Option<Majority>, u64, u64, Vec<Held>)>,
    );

    fn run(
        conducts: &[Conduct],
        n: usize,
        commander: usize,
        m: u32,
        levelwise: bool,
    ) -> Transcript {
        let paths = PathSpace::new(n, commander, m);
        let faulty = conducts
            .iter()
            .enumerate()
            .filter(|(_, conduct)| !matches!(conduct, Conduct::Loyal))
            .map(|(index, conduct)| (index, conduct.clone()));
        let mut army = Army::running(n, faulty, &paths, Some(levelwise));
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut outbox = Outbox::default();
        army.command(Order::Retreat, &paths, &mut rng, &mut outbox);
        let mut rounds = Vec::new();
        for round in 1..=paths.levels() {
            rounds.push(outbox.sent_messages());
            let relays = std::mem::take(&mut outbox.relays);
            let level = std::mem::take(&mut outbox.level);
            army.land(round, relays, level);
            army.step(&paths, &mut rng, &mut outbox);
        }
        assert!(outbox.is_empty());
        army.conclude(&paths);
        let generals = (0..n)
            .map(|g| {
                let held = army.held(g, &paths, usize::MAX);
                for h in &held {
                    assert_eq!(army.held_at(g, h.node, &paths), Some(*h));
                }
                (
                    army.decision(g),
                    army.heard_count(g),
                    army.composed(g),
                    held,
                )
            })
            .collect();
        (rounds, generals)
    }

    /// A shared memory's pass over a run of generals stops where the loop
    /// that takes one general at a time stops, whatever the budget, the
    /// work done before, the cost per lieutenant and the commander's place.
    #[test]
    fn a_run_of_generals_stops_where_one_at_a_time_stops() {
        for generals in [1usize, 2, 5, 9] {
            for commander in 0..generals {
                for next in 0..=generals {
                    for cost in [1u64, 3, 7] {
                        for spent in [0u64, 1, 2, 5, 20] {
                            for budget in [0u64, 1, 2, 3, 6, 10, 25, u64::MAX] {
                                let (mut at, mut done) = (next, spent);
                                while at < generals && !(done >= budget && done > 0) {
                                    if at != commander {
                                        done += cost;
                                    }
                                    at += 1;
                                }
                                let end =
                                    shared_run_end(generals, next, commander, cost, spent, budget);
                                let taken: usize = lieutenant_runs(next, end, commander)
                                    .iter()
                                    .map(|run| run.len())
                                    .sum();
                                assert_eq!(
                                    (end, spent + taken as u64 * cost),
                                    (at, done),
                                    "n {generals} commander {commander} next {next} cost {cost} spent {spent} budget {budget}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// Level by level and relay by relay agree message for message, draw
    /// for draw, on armies with every strategy that never withholds, small
    /// ones and ones the size of the experiments' default sweep.
    #[test]
    fn levels_and_relays_agree() {
        let faulty = [
            Conduct::Faulty(Strategy::Coin),
            Conduct::Faulty(Strategy::Liar),
            Conduct::Faulty(Strategy::TwoFaced),
        ];
        for (n, m) in [
            (4, 1),
            (5, 2),
            (7, 2),
            (7, 3),
            (8, 4),
            (6, 5),
            (11, 2),
            (12, 2),
            (16, 2),
            (11, 3),
        ] {
            for commander in [0, n / 2] {
                for traitors in 0..3usize {
                    let mut conducts = vec![Conduct::Loyal; n];
                    for t in 0..traitors {
                        conducts[(commander + 2 * t) % n] = faulty[(t + n) % 3].clone();
                    }
                    let levels = run(&conducts, n, commander, m, true);
                    let relays = run(&conducts, n, commander, m, false);
                    assert_eq!(
                        levels, relays,
                        "n {n} m {m} commander {commander} traitors {traitors}"
                    );
                }
            }
        }
    }
}
