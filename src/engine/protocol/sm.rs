//! SM(m), signed messages (Lamport, Shostak and Pease, section 4).
//!
//! The commander signs its order and sends it to every lieutenant. A
//! lieutenant that receives `v:0:j1...jk` with v new to it adds v to its set
//! V and, if k < m, relays it with its own signature appended to everyone not
//! on the chain. A value already in V is not relayed again. At the last
//! round's deadline every lieutenant obeys choice(V): the one order in V, or
//! retreat when V is empty or holds both.
//!
//! Signatures cannot be forged or altered, so a message's node (its path in
//! `paths`) is its chain of signers and its value is fixed from the
//! commander on. A faulty commander may sign different orders for different
//! lieutenants, or none; a faulty lieutenant may only withhold relays (see
//! `Conduct::signed_relay`). A withheld message is simply absent: SM(m) needs
//! no default for it.

use rand_chacha::ChaCha8Rng;

use super::paths::{effective_depth, Node, PathSpace};
use super::{Held, Outbox};
use crate::engine::adversary::{position_among_others, Conduct, Move};
use crate::engine::message::Message;
use crate::engine::order::{Majority, Order};

/// Messages SM(m) sends with `n` generals when every general is loyal (and,
/// as far as the count goes, whenever the commander is): the commander's
/// n - 1 orders, then each lieutenant relays the one value once to the n - 2
/// others. Deeper rounds carry nothing new, so nothing more is sent.
pub fn message_count(n: usize, m: u32) -> u64 {
    let lieutenants = (n as u64).saturating_sub(1);
    let relays = if effective_depth(n, m) >= 1 {
        lieutenants * lieutenants.saturating_sub(1)
    } else {
        0
    };
    lieutenants + relays
}

/// The most messages SM(m) can send with `n` generals: V holds at most two
/// values, and each lieutenant relays each value at most once, to at most
/// n - 2 others: (n - 1) + 2 (n - 1)(n - 2) for m >= 1.
pub fn message_bound(n: usize, m: u32) -> u64 {
    let lieutenants = (n as u64).saturating_sub(1);
    let relays = if effective_depth(n, m) >= 1 {
        2 * lieutenants * lieutenants.saturating_sub(1)
    } else {
        0
    };
    lieutenants + relays
}

/// A lieutenant's set V: which orders it has received with valid signatures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Values {
    pub attack: bool,
    pub retreat: bool,
}

impl Values {
    pub fn contains(self, order: Order) -> bool {
        match order {
            Order::Attack => self.attack,
            Order::Retreat => self.retreat,
        }
    }

    fn insert(&mut self, order: Order) {
        match order {
            Order::Attack => self.attack = true,
            Order::Retreat => self.retreat = true,
        }
    }

    /// The orders in V, attack first.
    pub fn orders(self) -> impl Iterator<Item = Order> {
        [Order::Attack, Order::Retreat]
            .into_iter()
            .filter(move |&o| self.contains(o))
    }

    /// choice(V): the one order in V, otherwise retreat.
    pub fn choice(self) -> Order {
        match (self.attack, self.retreat) {
            (true, false) => Order::Attack,
            _ => Order::Retreat,
        }
    }
}

/// The generals of one SM(m) exchange, in roster order.
#[derive(Clone, Debug, Default)]
pub struct Army {
    generals: Vec<General>,
    /// The round that landed at this deadline, until `step` has put every
    /// message in its receiver's inbox (`delivered` of them so far).
    landed: Vec<Message>,
    delivered: usize,
    /// The next general `step` takes, when a budget stopped it.
    next: usize,
}

#[derive(Clone, Debug)]
struct General {
    index: usize,
    conduct: Conduct,
    /// Messages it composed so far (a script's move counter).
    composed: u64,
    inbox: Vec<Message>,
    values: Values,
    /// Every signed order it received, in arrival order: (chain, value).
    received: Vec<(Node, Order)>,
    decision: Option<Majority>,
}

impl Army {
    /// `generals` generals, loyal but for `faulty` (index, conduct).
    pub fn new(
        generals: usize,
        faulty: impl IntoIterator<Item = (usize, Conduct)>,
        _paths: &PathSpace,
    ) -> Army {
        let mut generals: Vec<General> = (0..generals)
            .map(|index| General {
                index,
                conduct: Conduct::Loyal,
                composed: 0,
                inbox: Vec::new(),
                values: Values::default(),
                received: Vec::new(),
                decision: None,
            })
            .collect();
        for (index, conduct) in faulty {
            generals[index].conduct = conduct;
        }
        Army {
            generals,
            landed: Vec::new(),
            delivered: 0,
            next: 0,
        }
    }

    /// The commander signs an order for each lieutenant, in index order: the
    /// order itself if loyal, whatever its conduct chooses if not.
    pub fn command(
        &mut self,
        order: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Outbox,
    ) {
        let commander = &mut self.generals[paths.commander()];
        let others = paths.generals() - 1;
        for to in (0..paths.generals()).filter(|&i| i != commander.index) {
            let position = position_among_others(commander.index, to);
            let chosen = commander
                .conduct
                .choose(order, commander.composed, position, others, rng);
            commander.composed += 1;
            let (signed, queue) = match chosen {
                Move::Send(signed) => (signed, &mut outbox.sent),
                Move::Withhold => (order, &mut outbox.withheld),
            };
            queue.push(Message {
                node: paths.root(),
                from: commander.index as u16,
                to: to as u16,
                order: signed,
                altered: signed != order,
            });
        }
    }

    /// A round's messages land; `step` puts them in their receivers'
    /// inboxes, in the order sent, before any general steps.
    pub fn deliver(&mut self, messages: Vec<Message>) {
        debug_assert!(self.landed.is_empty(), "the last round was stepped");
        self.landed = messages;
        self.delivered = 0;
        self.next = 0;
    }

    /// A withheld signed message leaves no trace: V is what did arrive.
    pub fn notice_missing(&mut self, _withheld: &[Message]) {}

    pub fn step(&mut self, paths: &PathSpace, rng: &mut ChaCha8Rng, outbox: &mut Outbox) {
        self.step_within(paths, rng, outbox, u64::MAX);
    }

    /// `step`, stopping once about `budget` units of work are done (a unit
    /// is one message delivered, taken or composed; at least one message or
    /// general per call). Returns the units done and whether the landed
    /// round is finished; a later call resumes where this one stopped, so
    /// the work and every random draw happen in the same order.
    pub fn step_within(
        &mut self,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Outbox,
        budget: u64,
    ) -> (u64, bool) {
        let mut spent = 0u64;
        while self.delivered < self.landed.len() {
            if spent >= budget && spent > 0 {
                return (spent, false);
            }
            let message = self.landed[self.delivered];
            self.generals[message.to as usize].inbox.push(message);
            self.delivered += 1;
            spent += 1;
        }
        self.landed.clear();
        self.delivered = 0;
        while self.next < self.generals.len() {
            if spent >= budget && spent > 0 {
                return (spent, false);
            }
            let general = &mut self.generals[self.next];
            if !general.inbox.is_empty() {
                let (taken, composed) = (general.inbox.len() as u64, general.composed);
                general.step(paths, rng, outbox);
                spent += taken + (general.composed - composed);
            }
            self.next += 1;
        }
        self.next = 0;
        (spent, true)
    }

    pub fn conclude(&mut self, paths: &PathSpace) {
        for general in &mut self.generals {
            if general.index != paths.commander() {
                general.decision = Some(Majority::Order(general.values.choice()));
            }
        }
    }

    pub fn decision(&self, index: usize) -> Option<Majority> {
        self.generals.get(index)?.decision
    }

    pub fn heard_count(&self, index: usize) -> u64 {
        self.generals
            .get(index)
            .map_or(0, |g| g.received.len() as u64)
    }

    /// The signed orders a general received in round `round` (chains of
    /// that many signers), in arrival order. Rounds arrive in order, so
    /// they are one run of what it received: found by bisection.
    pub fn received_in_round(
        &self,
        index: usize,
        paths: &PathSpace,
        round: usize,
    ) -> &[(Node, Order)] {
        let Some(general) = self.generals.get(index) else {
            return &[];
        };
        let all = general.received.as_slice();
        let start = all.partition_point(|&(node, _)| paths.level_of(node) < round);
        let end = all.partition_point(|&(node, _)| paths.level_of(node) <= round);
        &all[start..end]
    }

    pub fn held(&self, index: usize, _paths: &PathSpace, limit: usize) -> Vec<Held> {
        self.generals.get(index).map_or_else(Vec::new, |g| {
            g.received
                .iter()
                .take(limit)
                .map(|&(node, order)| Held {
                    node,
                    order,
                    by_default: false,
                })
                .collect()
        })
    }

    /// The signed order a general received along one chain, if it came.
    pub fn held_at(&self, index: usize, node: Node) -> Option<Held> {
        let general = self.generals.get(index)?;
        let &(node, order) = general.received.iter().find(|(n, _)| *n == node)?;
        Some(Held {
            node,
            order,
            by_default: false,
        })
    }

    /// Messages a general has composed so far: orders it signed or relays
    /// it was due to send, sent or withheld.
    pub fn composed(&self, index: usize) -> u64 {
        self.generals.get(index).map_or(0, |g| g.composed)
    }

    pub fn values(&self, index: usize) -> Values {
        self.generals
            .get(index)
            .map_or_else(Values::default, |g| g.values)
    }
}

impl General {
    /// Takes each signed order in arrival order; a value new to V joins it
    /// and, while the chain has fewer than m lieutenant signatures (the path
    /// is not yet a leaf), is relayed with this general's signature.
    fn step(&mut self, paths: &PathSpace, rng: &mut ChaCha8Rng, outbox: &mut Outbox) {
        let inbox = std::mem::take(&mut self.inbox);
        for message in &inbox {
            self.received.push((message.node, message.order));
            if self.values.contains(message.order) {
                continue;
            }
            self.values.insert(message.order);
            let level = paths.level_of(message.node);
            if paths.is_leaf(level) {
                continue;
            }
            let path = paths.path(message.node);
            let child = paths.child(message.node, &path, self.index);
            let others = paths.generals() - 1;
            for to in (0..paths.generals()).filter(|&i| i != self.index && !path.contains(i)) {
                let position = position_among_others(self.index, to);
                let relay = self
                    .conduct
                    .signed_relay(self.composed, position, others, rng);
                self.composed += 1;
                let queue = if relay {
                    &mut outbox.sent
                } else {
                    &mut outbox.withheld
                };
                queue.push(Message {
                    node: child,
                    from: self.index as u16,
                    to: to as u16,
                    order: message.order,
                    altered: false,
                });
            }
        }
        self.inbox = inbox;
        self.inbox.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_is_the_one_order_else_retreat() {
        let mut v = Values::default();
        assert_eq!(v.choice(), Order::Retreat);
        v.insert(Order::Attack);
        assert_eq!(v.choice(), Order::Attack);
        v.insert(Order::Retreat);
        assert_eq!(v.choice(), Order::Retreat);
        assert_eq!(
            v.orders().collect::<Vec<_>>(),
            [Order::Attack, Order::Retreat]
        );
    }

    #[test]
    fn counts_follow_the_algorithm() {
        assert_eq!(message_count(4, 1), 9);
        assert_eq!(message_count(4, 2), 9);
        assert_eq!(message_count(4, 0), 3);
        assert_eq!(message_count(3, 1), 4);
        assert_eq!(message_count(2, 1), 1);
        assert_eq!(message_count(1, 1), 0);
        assert_eq!(message_bound(4, 1), 15);
        assert_eq!(message_bound(1000, 2), 999 + 2 * 999 * 998);
    }
}
