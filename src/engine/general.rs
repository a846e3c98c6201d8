//! A general as a cooperative state machine for one exchange.
//!
//! It acts only when stepped: a step consumes its inbox, records what it
//! heard, and emits its relays into an outbox (never sending directly), in the
//! style of an actor model. Once it has heard every value OM(m) will bring it,
//! it decides by the nested majority.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::message::Message;
use super::order::{Majority, Order, Tally};
use super::paths::{Node, Path, PathSpace};
use super::roster::Loyalty;

#[derive(Clone, Debug)]
pub struct General {
    index: usize,
    loyalty: Loyalty,
    inbox: Vec<Message>,
    /// What it heard for each path: 0 nothing yet, else `Order::to_byte`.
    /// Empty for the commander, who hears nothing.
    heard: Vec<u8>,
    heard_count: u64,
    expected: u64,
    decision: Option<Majority>,
}

impl General {
    pub fn new(index: usize, loyalty: Loyalty, paths: &PathSpace) -> General {
        let is_commander = index == paths.commander();
        General {
            index,
            loyalty,
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

    /// What it heard along `node`'s path, if anything yet.
    pub fn heard(&self, node: Node) -> Option<Order> {
        match Majority::from_byte(*self.heard.get(node as usize)?) {
            Majority::Order(order) => Some(order),
            Majority::Undefined => None,
        }
    }

    /// The commander's one move: send the order to every lieutenant.
    pub fn command(
        &mut self,
        order: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Vec<Message>,
    ) {
        debug_assert_eq!(self.index, paths.commander());
        let root = paths.root();
        self.send(root, &paths.path(root), order, paths, rng, outbox);
    }

    /// Consumes the inbox: records each value and relays it one level down,
    /// unless it arrived at the last level.
    pub fn step(&mut self, paths: &PathSpace, rng: &mut ChaCha8Rng, outbox: &mut Vec<Message>) {
        let inbox = std::mem::take(&mut self.inbox);
        for message in &inbox {
            let slot = &mut self.heard[message.node as usize];
            debug_assert_eq!(*slot, 0, "heard the same path twice");
            *slot = message.order.to_byte();
            self.heard_count += 1;
            let level = paths.level_of(message.node);
            if !paths.is_leaf(level) {
                let path = paths.path(message.node);
                let child = paths.child(message.node, &path, self.index);
                let mut longer = path;
                longer.push(self.index);
                self.send(child, &longer, message.order, paths, rng, outbox);
            }
        }
        // Hand the emptied buffer back so the next round reuses its capacity.
        self.inbox = inbox;
        self.inbox.clear();
        if self.decision.is_none() && self.heard_count == self.expected {
            let mut path = paths.path(paths.root());
            self.decision = Some(self.evaluate(paths.root(), 1, &mut path, paths));
        }
    }

    /// Sends `honest` along `path` (which ends with this general) to everyone
    /// not on it. A faulty general ignores what it heard and flips a fair coin
    /// for each message, so it may tell different generals different things.
    fn send(
        &self,
        node: Node,
        path: &Path,
        honest: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Vec<Message>,
    ) {
        for to in (0..paths.generals()).filter(|&i| !path.contains(i)) {
            let order = if self.loyalty.is_faulty() {
                if rng.random::<bool>() {
                    Order::Attack
                } else {
                    Order::Retreat
                }
            } else {
                honest
            };
            outbox.push(Message {
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
