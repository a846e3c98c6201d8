//! OM(m), oral messages: a general as a cooperative state machine for one
//! exchange, and the army of them.
//!
//! A general acts only when stepped: a step consumes its inbox, records what
//! it heard, and emits its relays into an outbox (never sending directly), in
//! the style of an actor model. A message that was withheld is noticed at the
//! round's deadline and taken as `retreat` (the paper's assumption A3), and
//! relayed further down like any value heard. Once it holds every value
//! OM(m) will bring it, a general decides by the nested majority.

use rand_chacha::ChaCha8Rng;

use super::paths::{Node, Path, PathSpace};
use super::{Held, Outbox};
use crate::engine::adversary::{position_among_others, Conduct, Move};
use crate::engine::message::Message;
use crate::engine::order::{Majority, Order, Tally};

/// The value a general takes for a message that never came: retreat, marked
/// apart from a retreat it heard so the inspector can say which is which.
/// `Majority::from_byte` reads it as retreat.
const RETREAT_BY_DEFAULT: u8 = 3;

/// The generals of one OM(m) exchange, in roster order.
#[derive(Clone, Debug)]
pub struct Army {
    generals: Vec<General>,
    /// Per general, the paths whose message was withheld this round, noticed
    /// at the deadline. Kept out of `General` (and empty until a traitor
    /// withholds) so the generals stay small for the delivery loop.
    missing: Vec<Vec<Node>>,
}

impl Army {
    pub fn new(conducts: Vec<Conduct>, paths: &PathSpace) -> Army {
        Army {
            generals: conducts
                .into_iter()
                .enumerate()
                .map(|(index, conduct)| General::new(index, conduct, paths))
                .collect(),
            missing: Vec::new(),
        }
    }

    pub fn command(
        &mut self,
        order: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Outbox,
    ) {
        self.generals[paths.commander()].command(order, paths, rng, outbox);
    }

    pub fn deliver(&mut self, messages: Vec<Message>) {
        for message in messages {
            self.generals[message.to as usize].deliver(message);
        }
    }

    pub fn notice_missing(&mut self, withheld: &[Message]) {
        if withheld.is_empty() {
            return;
        }
        self.missing.resize_with(self.generals.len(), Vec::new);
        for message in withheld {
            self.missing[message.to as usize].push(message.node);
        }
    }

    /// Every general with mail consumes it; where messages were withheld,
    /// it then takes retreat for each missing one and relays that.
    pub fn step(&mut self, paths: &PathSpace, rng: &mut ChaCha8Rng, outbox: &mut Outbox) {
        if self.missing.is_empty() {
            for general in self.generals.iter_mut().filter(|g| g.has_mail()) {
                general.step(paths, rng, outbox);
            }
            return;
        }
        for (general, missing) in self.generals.iter_mut().zip(&mut self.missing) {
            if general.has_mail() || !missing.is_empty() {
                general.step(paths, rng, outbox);
                for node in missing.drain(..) {
                    general.record(node, Order::Retreat, RETREAT_BY_DEFAULT, paths, rng, outbox);
                }
                general.decide_when_complete(paths);
            }
        }
        self.missing.clear();
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
    inbox: Vec<Message>,
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
            inbox: Vec::new(),
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

    pub fn has_mail(&self) -> bool {
        !self.inbox.is_empty()
    }

    pub fn deliver(&mut self, message: Message) {
        self.inbox.push(message);
    }

    /// The commander's one move: send the order to every lieutenant.
    pub fn command(
        &mut self,
        order: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Outbox,
    ) {
        debug_assert_eq!(self.index, paths.commander());
        let root = paths.root();
        self.send(root, &paths.path(root), order, paths, rng, outbox);
    }

    /// Consumes the inbox: records each value and relays it one level down,
    /// unless it arrived at the last level.
    pub fn step(&mut self, paths: &PathSpace, rng: &mut ChaCha8Rng, outbox: &mut Outbox) {
        let inbox = std::mem::take(&mut self.inbox);
        for message in &inbox {
            self.record(
                message.node,
                message.order,
                message.order.to_byte(),
                paths,
                rng,
                outbox,
            );
        }
        // Hand the emptied buffer back so the next round reuses its capacity.
        self.inbox = inbox;
        self.inbox.clear();
        self.decide_when_complete(paths);
    }

    fn decide_when_complete(&mut self, paths: &PathSpace) {
        if self.decision.is_none() && self.heard_count == self.expected {
            self.decide(paths);
        }
    }

    #[inline]
    fn record(
        &mut self,
        node: Node,
        order: Order,
        byte: u8,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Outbox,
    ) {
        let slot = &mut self.heard[node as usize];
        debug_assert_eq!(*slot, 0, "heard the same path twice");
        *slot = byte;
        self.heard_count += 1;
        let level = paths.level_of(node);
        if !paths.is_leaf(level) {
            let path = paths.path(node);
            let child = paths.child(node, &path, self.index);
            let mut longer = path;
            longer.push(self.index);
            self.send(child, &longer, order, paths, rng, outbox);
        }
    }

    fn decide(&mut self, paths: &PathSpace) {
        let mut path = paths.path(paths.root());
        self.decision = Some(self.evaluate(paths.root(), 1, &mut path, paths));
    }

    /// Sends `honest` along `path` (which ends with this general) to everyone
    /// not on it. A faulty general chooses each message by its conduct (see
    /// `adversary`), so it may tell different generals different things, or
    /// nothing.
    fn send(
        &mut self,
        node: Node,
        path: &Path,
        honest: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Outbox,
    ) {
        let receivers = (0..paths.generals()).filter(|&i| !path.contains(i));
        let Some(traitor) = self.traitor.as_mut() else {
            for to in receivers {
                outbox.sent.push(Message {
                    node,
                    from: self.index as u16,
                    to: to as u16,
                    order: honest,
                    altered: false,
                });
            }
            return;
        };
        let others = paths.generals() - 1;
        for to in receivers {
            let position = position_among_others(self.index, to);
            let chosen = traitor
                .conduct
                .choose(honest, traitor.composed, position, others, rng);
            traitor.composed += 1;
            let (order, queue) = match chosen {
                Move::Send(order) => (order, &mut outbox.sent),
                Move::Withhold => (honest, &mut outbox.withheld),
            };
            queue.push(Message {
                node,
                from: self.index as u16,
                to: to as u16,
                order,
                altered: order != honest,
            });
        }
    }

    /// OM(m)'s nested majority, seen from this general: the value for a path is
    /// the majority of what it heard along that path directly and the values
    /// it computes for each one-longer path (each being what the next relay
    /// decided in its own sub-instance OM(m-1)).
    fn evaluate(&self, node: Node, level: usize, path: &mut Path, paths: &PathSpace) -> Majority {
        let direct = Majority::from_byte(self.heard[node as usize]);
        if paths.is_leaf(level) {
            return direct;
        }
        let mut tally = Tally::default();
        tally.add(direct);
        let first = paths.first_child(node, level);
        let mut child = first;
        for index in 0..paths.generals() {
            if path.contains(index) {
                continue;
            }
            // Its own relay is a path it sent, not heard: skip it but keep the
            // numbering of its siblings.
            if index != self.index {
                path.push(index);
                tally.add(self.evaluate(child, level + 1, path, paths));
                path.pop();
            }
            child += 1;
        }
        tally.majority()
    }
}
