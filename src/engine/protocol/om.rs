//! OM(m), oral messages: a general as a cooperative state machine for one
//! exchange, and the army of them.
//!
//! A general acts only when stepped: a step consumes its inbox, records what
//! it heard, and emits its relays into an outbox (never sending directly), in
//! the style of an actor model. Its inbox is a view of the round that landed
//! (see `relays`): the relays whose path it is not on, in the order they were
//! composed. A message that was withheld is noticed at the round's deadline
//! and taken as `retreat` (the paper's assumption A3), and relayed further
//! down like any value heard. Once it holds every value OM(m) will bring it,
//! a general decides by the nested majority.

use rand_chacha::ChaCha8Rng;

use super::paths::{Node, PathSpace};
use super::Held;
use crate::engine::adversary::{position_among_others, Conduct, Move};
use crate::engine::order::{Majority, Order, Tally};
use crate::engine::relays::{members_below, Receipt, Relays, MAX_WORDS};

/// The value a general takes for a message that never came: retreat, marked
/// apart from a retreat it heard so the inspector can say which is which.
/// `Majority::from_byte` reads it as retreat.
const RETREAT_BY_DEFAULT: u8 = 3;

/// The generals of one OM(m) exchange, in roster order.
#[derive(Clone, Debug)]
pub struct Army {
    generals: Vec<General>,
    /// The round that landed at this deadline, until `step` consumes it: the
    /// length of the paths it carries, and its relays.
    landed: Option<(usize, Relays)>,
    /// Per general, the landed relays addressed to it, in the order they
    /// were composed: its inbox for a round that it relays further (indices
    /// into the landed relays, not copies of messages). Emptied at the end.
    inboxes: Vec<Vec<u32>>,
    /// Relays whose message a general found withheld, reused between steps.
    missing: Vec<u32>,
}

impl Army {
    pub fn new(conducts: Vec<Conduct>, paths: &PathSpace) -> Army {
        Army {
            generals: conducts
                .into_iter()
                .enumerate()
                .map(|(index, conduct)| General::new(index, conduct, paths))
                .collect(),
            landed: None,
            inboxes: Vec::new(),
            missing: Vec::new(),
        }
    }

    pub fn command(
        &mut self,
        order: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Relays,
    ) {
        outbox.prepare(paths.generals());
        self.generals[paths.commander()].command(order, paths, rng, outbox);
    }

    /// Round `round`'s relays arrive (round r carries paths of length r).
    pub fn land(&mut self, round: usize, relays: Relays) {
        self.landed = Some((round, relays));
    }

    /// Every general consumes what reached it, in index order. At the last
    /// round nobody relays, so each value goes straight to its receiver's
    /// memory, relay by relay, and then every lieutenant decides.
    pub fn step(&mut self, paths: &PathSpace, rng: &mut ChaCha8Rng, outbox: &mut Relays) {
        let Some((level, landed)) = self.landed.take() else {
            return;
        };
        if paths.is_leaf(level) {
            // A local slice, so the compiler need not reload the army after
            // every byte it stores.
            let generals = self.generals.as_mut_slice();
            for index in 0..landed.len() {
                let node = landed.relay(index).node;
                match landed.honest_value(index) {
                    // A loyal relay: one value for every receiver.
                    Some(order) => {
                        let byte = order.to_byte();
                        landed.each_receiver(index, |to| generals[to].hear(node, byte));
                    }
                    None => landed.each_receipt(index, |to, receipt| {
                        let byte = match receipt {
                            Receipt::Heard(order) => order.to_byte(),
                            Receipt::Withheld => RETREAT_BY_DEFAULT,
                        };
                        generals[to].hear(node, byte);
                    }),
                }
            }
            let commander = paths.commander();
            for general in generals {
                if general.index != commander {
                    general.decide_when_complete(paths);
                }
            }
            return;
        }
        outbox.prepare(paths.generals());
        self.inboxes.resize_with(self.generals.len(), Vec::new);
        for index in 0..landed.len() {
            let inboxes = self.inboxes.as_mut_slice();
            landed.each_receiver(index, |to| inboxes[to].push(index as u32));
        }
        for (general, inbox) in self.generals.iter_mut().zip(&mut self.inboxes) {
            if !inbox.is_empty() {
                general.step(&landed, inbox, level, paths, rng, outbox, &mut self.missing);
                inbox.clear();
            }
        }
        if level + 1 == paths.levels() {
            // The next round is the last: nobody relays again.
            self.inboxes = Vec::new();
        }
    }

    /// Every lieutenant has decided by now (it heard or defaulted every path);
    /// this only makes sure of it.
    pub fn conclude(&mut self, paths: &PathSpace) {
        for general in &mut self.generals {
            if general.index != paths.commander() && general.decision.is_none() {
                general.decide(paths);
            }
        }
    }

    pub fn decision(&self, index: usize) -> Option<Majority> {
        self.generals.get(index)?.decision()
    }

    pub fn heard_count(&self, index: usize) -> u64 {
        self.generals.get(index).map_or(0, General::heard_count)
    }

    /// Messages a faulty general has composed so far (0 for a loyal one).
    pub fn composed(&self, index: usize) -> u64 {
        self.generals
            .get(index)
            .and_then(|g| g.traitor.as_ref())
            .map_or(0, |t| t.composed)
    }

    /// What a general holds for one path so far, if anything.
    pub fn held_at(&self, index: usize, node: Node) -> Option<Held> {
        let byte = *self.generals.get(index)?.heard.get(node as usize)?;
        match Majority::from_byte(byte) {
            Majority::Order(order) => Some(Held {
                node,
                order,
                by_default: byte == RETREAT_BY_DEFAULT,
            }),
            Majority::Undefined => None,
        }
    }

    pub fn held(&self, index: usize, paths: &PathSpace, limit: usize) -> Vec<Held> {
        let Some(general) = self.generals.get(index) else {
            return Vec::new();
        };
        (0..paths.node_count() as Node)
            .filter_map(|node| {
                let byte = *general.heard.get(node as usize)?;
                match Majority::from_byte(byte) {
                    Majority::Order(order) => Some(Held {
                        node,
                        order,
                        by_default: byte == RETREAT_BY_DEFAULT,
                    }),
                    Majority::Undefined => None,
                }
            })
            .take(limit)
            .collect()
    }
}

/// What a faulty general carries besides the common state.
#[derive(Clone, Debug)]
struct Traitor {
    conduct: Conduct,
    /// Messages it composed so far (a script's move counter).
    composed: u64,
}

#[derive(Clone, Debug)]
pub struct General {
    index: usize,
    /// `None` for a loyal general: boxed so the common case stays small.
    traitor: Option<Box<Traitor>>,
    /// What it heard for each path: 0 nothing yet, else `Order::to_byte`.
    /// Empty for the commander, who hears nothing.
    heard: Vec<u8>,
    heard_count: u64,
    expected: u64,
    decision: Option<Majority>,
}

impl General {
    pub fn new(index: usize, conduct: Conduct, paths: &PathSpace) -> General {
        let is_commander = index == paths.commander();
        General {
            index,
            traitor: (!conduct.is_loyal()).then(|| {
                Box::new(Traitor {
                    conduct,
                    composed: 0,
                })
            }),
            heard: if is_commander {
                Vec::new()
            } else {
                vec![0; paths.node_count()]
            },
            heard_count: 0,
            expected: if is_commander {
                0
            } else {
                paths.expected_per_lieutenant()
            },
            decision: None,
        }
    }

    /// The nested majority, once everything it was owed has arrived.
    pub fn decision(&self) -> Option<Majority> {
        self.decision
    }

    /// How many values it has heard so far.
    pub fn heard_count(&self) -> u64 {
        self.heard_count
    }

    /// The commander's one move: send the order to every lieutenant.
    pub fn command(
        &mut self,
        order: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Relays,
    ) {
        debug_assert_eq!(self.index, paths.commander());
        let mut members = [0u64; MAX_WORDS];
        members[self.index / 64] |= 1 << (self.index % 64);
        let words = paths.generals().div_ceil(64);
        self.send(paths.root(), &members[..words], order, paths, rng, outbox);
    }

    /// Consumes its inbox, the relays of `landed` whose path it is not on
    /// (indices, in the order they were composed): records each value and relays it one
    /// level down; then takes retreat for each message that never came, and
    /// relays that.
    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        landed: &Relays,
        inbox: &[u32],
        level: usize,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Relays,
        missing: &mut Vec<u32>,
    ) {
        for &index in inbox {
            let index = index as usize;
            match landed.receipt_for(index, self.index) {
                Receipt::Heard(order) => self.relay(
                    landed,
                    index,
                    level,
                    order,
                    order.to_byte(),
                    paths,
                    rng,
                    outbox,
                ),
                Receipt::Withheld => missing.push(index as u32),
            }
        }
        for index in missing.drain(..) {
            let index = index as usize;
            let byte = RETREAT_BY_DEFAULT;
            self.relay(
                landed,
                index,
                level,
                Order::Retreat,
                byte,
                paths,
                rng,
                outbox,
            );
        }
        self.decide_when_complete(paths);
    }

    /// Records a value heard at the last level, where nothing is relayed.
    #[inline]
    fn hear(&mut self, node: Node, byte: u8) {
        let slot = &mut self.heard[node as usize];
        debug_assert_eq!(*slot, 0, "heard the same path twice");
        *slot = byte;
        self.heard_count += 1;
    }

    /// Records the value of relay `index` of `landed` and relays it along
    /// the path extended by this general.
    #[allow(clippy::too_many_arguments)]
    fn relay(
        &mut self,
        landed: &Relays,
        index: usize,
        level: usize,
        order: Order,
        byte: u8,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Relays,
    ) {
        let node = landed.relay(index).node;
        self.hear(node, byte);
        let members = landed.members(index);
        // Its place among the path's children: the generals not on the path,
        // ascending.
        let position = self.index - members_below(members, self.index);
        let child = paths.first_child(node, level) + position as Node;
        let mut longer = [0u64; MAX_WORDS];
        let longer = &mut longer[..members.len()];
        longer.copy_from_slice(members);
        longer[self.index / 64] |= 1 << (self.index % 64);
        self.send(child, longer, order, paths, rng, outbox);
    }

    fn decide_when_complete(&mut self, paths: &PathSpace) {
        if self.decision.is_none() && self.heard_count == self.expected {
            self.decide(paths);
        }
    }

    fn decide(&mut self, paths: &PathSpace) {
        // Among the commander's children (the lieutenants, ascending) its
        // own place is its rank among the lieutenants.
        let own = self.index - usize::from(paths.commander() < self.index);
        self.decision = Some(self.evaluate(paths.root(), 1, own, paths));
    }

    /// Sends `honest` along the path `members` stands for (which ends with
    /// this general) to everyone not on it. A faulty general chooses each
    /// message by its conduct (see `adversary`), so it may tell different
    /// generals different things, or nothing.
    fn send(
        &mut self,
        node: Node,
        members: &[u64],
        honest: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Relays,
    ) {
        let Some(traitor) = self.traitor.as_mut() else {
            outbox.push_loyal(node, self.index, honest, members);
            return;
        };
        let others = paths.generals() - 1;
        let from = self.index;
        outbox.push_chosen(node, from, honest, members, |to| {
            let position = position_among_others(from, to);
            let chosen = traitor
                .conduct
                .choose(honest, traitor.composed, position, others, rng);
            traitor.composed += 1;
            match chosen {
                Move::Send(order) => Some(order),
                Move::Withhold => None,
            }
        });
    }

    /// OM(m)'s nested majority, seen from this general: the value for a path is
    /// the majority of what it heard along that path directly and the values
    /// it computes for each one-longer path (each being what the next relay
    /// decided in its own sub-instance OM(m-1)). `own` is this general's place
    /// among the path's children (generals not on the path, ascending): its
    /// own relay is a path it sent, not heard, and is skipped.
    fn evaluate(&self, node: Node, level: usize, own: usize, paths: &PathSpace) -> Majority {
        let direct = Majority::from_byte(self.heard[node as usize]);
        if paths.is_leaf(level) {
            return direct;
        }
        let mut tally = Tally::default();
        tally.add(direct);
        let first = paths.first_child(node, level) as usize;
        let children = paths.branching(level) as usize;
        if paths.is_leaf(level + 1) {
            // The children are leaves: their values are one run of bytes. Its
            // own slot holds 0 (it never hears its own relay): leave it out.
            let (attack, retreat) = count_orders(&self.heard[first..first + children]);
            tally.add_counts(attack, retreat, children as u32 - 1);
            return tally.majority();
        }
        for child in 0..children {
            if child == own {
                continue;
            }
            // A child before its own place adds a general below it to the
            // path, which moves its own place one down.
            let below = own - usize::from(child < own);
            tally.add(self.evaluate((first + child) as Node, level + 1, below, paths));
        }
        tally.majority()
    }
}

/// How many bytes of `run` hold attack, and how many retreat (heard or by
/// default). Counts in byte lanes, 255 at a time, so it vectorises.
fn count_orders(run: &[u8]) -> (u32, u32) {
    let (mut attack, mut retreat) = (0u32, 0u32);
    if run.len() < 16 {
        // Deep trees end in short runs: no lanes to fill.
        for &byte in run {
            attack += u32::from(byte == 1);
            retreat += u32::from(byte >= 2);
        }
        return (attack, retreat);
    }
    for chunk in run.chunks(255) {
        let mut a = 0u8;
        let mut r = 0u8;
        for &byte in chunk {
            a += u8::from(byte == 1);
            r += u8::from(byte >= 2);
        }
        attack += u32::from(a);
        retreat += u32::from(r);
    }
    (attack, retreat)
}
