//! One round of OM(m) on the wire as a whole level of the path tree.
//!
//! When no general withholds a message (loyal, coin, liar and two-faced
//! generals), every path of the round's length is relayed, in an order that
//! follows from the tree alone (`PathSpace::composed`), to every general not
//! on it. So the round is one byte per path, in tree order: what its sender
//! heard and so sends honestly. A faulty sender's paths add one byte per
//! receiver for what it chose. Nothing is stored per message or per relay;
//! the messages themselves are spelled out only where someone looks at them
//! (the drawn sample of flights and an observer's trace), in the order they
//! were composed, receivers ascending. A level whose paths all hold one
//! value (every level of a loyal army) is that byte once (`values`).
//! Armies that may withhold keep their messages by relay instead (`relays`).

use super::message::Message;
use super::order::Order;
use super::paths::{Node, Path, PathSpace};
use super::release::release;
use super::values::Values;

/// The relays of one round whose paths are all of one length.
#[derive(Clone, Debug, Default)]
pub struct Level {
    /// The tree the paths belong to; `None` for an empty level.
    shape: Option<PathSpace>,
    /// Length of the paths this round carries (round r carries length r).
    length: usize,
    /// Per path of that length, in tree order: `Order::to_byte` of the value
    /// its sender heard, which an honest sender sends to everyone.
    honest: Values,
    /// Paths whose sender is faulty, ascending by their place in `honest`,
    /// with the start of their bytes in `choices`.
    faulty: Vec<(u32, u32)>,
    /// A faulty sender's choice (`Order::to_byte`) per receiver, ascending.
    choices: Vec<u8>,
}

impl Level {
    /// A round of paths of length `length` of `shape`: `honest` holds one
    /// value per path, `faulty` the faulty senders' paths (any order).
    pub fn new(
        shape: &PathSpace,
        length: usize,
        honest: Values,
        mut faulty: Vec<(u32, u32)>,
        choices: Vec<u8>,
    ) -> Level {
        debug_assert_eq!(honest.len(), shape.level_size(length));
        faulty.sort_unstable_by_key(|&(path, _)| path);
        Level {
            shape: Some(shape.clone()),
            length,
            honest,
            faulty,
            choices,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.honest.is_empty()
    }

    /// Drops it once consumed, cheaply where it holds nothing (see `release`).
    pub fn release(self) {
        let Level {
            honest,
            faulty,
            choices,
            ..
        } = self;
        release(faulty);
        release(choices);
        if let Values::Bytes(bytes) = honest {
            release(bytes);
        }
    }

    /// Length of the paths it carries.
    pub fn length(&self) -> usize {
        self.length
    }

    /// What each path's sender heard, in tree order.
    pub fn honest(&self) -> &Values {
        &self.honest
    }

    /// Faulty senders' paths (place in `honest`, start in `choices`), ascending.
    pub fn faulty(&self) -> &[(u32, u32)] {
        &self.faulty
    }

    pub fn choices(&self) -> &[u8] {
        &self.choices
    }

    /// Receivers of each path: the generals not on it.
    fn receivers(&self) -> usize {
        self.shape
            .as_ref()
            .map_or(0, |shape| shape.generals() - self.length)
    }

    /// Messages sent: every path to every general not on it.
    pub fn sent(&self) -> u64 {
        (self.honest.len() * self.receivers()) as u64
    }

    /// Every message sent, in the order composed.
    pub fn sent_messages(&self) -> impl Iterator<Item = Message> + '_ {
        let receivers = self.receivers();
        (0..self.honest.len()).flat_map(move |position| {
            let relay = self.relay_at(position);
            (0..receivers).map(move |rank| relay.message(self, rank))
        })
    }

    /// The sent messages at positions 0, `stride`, 2 `stride`, ... of the
    /// order composed, without producing the others: what the page draws.
    pub fn sampled(&self, stride: usize) -> impl Iterator<Item = Message> + '_ {
        let receivers = self.receivers().max(1);
        let mut cached: Option<(usize, Relay)> = None;
        (0..self.sent() as usize)
            .step_by(stride.max(1))
            .map(move |at| {
                let position = at / receivers;
                let relay = match cached {
                    Some((p, relay)) if p == position => relay,
                    _ => {
                        let relay = self.relay_at(position);
                        cached = Some((position, relay));
                        relay
                    }
                };
                relay.message(self, at % receivers)
            })
    }

    /// Every message sent by the general at index `from`, in the order
    /// composed: its own relays' messages only (a caption's traitor).
    pub fn sent_by(&self, from: usize) -> impl Iterator<Item = Message> + '_ {
        let receivers = self.receivers();
        (0..self.honest.len())
            .map(move |position| self.relay_at(position))
            .filter(move |relay| {
                relay.path.as_slice().last().map(|&m| usize::from(m)) == Some(from)
            })
            .flat_map(move |relay| (0..receivers).map(move |rank| relay.message(self, rank)))
    }

    /// The message sent along path `node` to the general at index `to`, if
    /// this level carries that path and `to` is not on it (a table row).
    pub fn sent_to(&self, node: Node, to: usize) -> Option<Message> {
        let shape = self.shape.as_ref()?;
        let start = shape.level_start(self.length);
        let place = node.checked_sub(start)? as usize;
        if place >= self.honest.len() || to >= shape.generals() {
            return None;
        }
        let path = shape.path(node);
        if path.contains(to) {
            return None;
        }
        let below = path
            .as_slice()
            .iter()
            .filter(|&&m| usize::from(m) < to)
            .count();
        let choices = self
            .faulty
            .binary_search_by_key(&(place as u32), |&(p, _)| p)
            .ok()
            .map(|i| self.faulty[i].1);
        let relay = Relay {
            node,
            path,
            honest: self.honest.at(place),
            choices,
            generals: shape.generals(),
        };
        Some(relay.message(self, to - below))
    }

    /// The relay composed `position`-th.
    fn relay_at(&self, position: usize) -> Relay {
        let shape = self.shape.as_ref().expect("a level with paths has a shape");
        let (node, path) = shape.composed(self.length, position);
        let place = (node - shape.level_start(self.length)) as usize;
        let choices = self
            .faulty
            .binary_search_by_key(&(place as u32), |&(p, _)| p)
            .ok()
            .map(|i| self.faulty[i].1);
        Relay {
            node,
            path,
            honest: self.honest.at(place),
            choices,
            generals: shape.generals(),
        }
    }
}

/// One relay of a level, decoded for spelling out its messages.
#[derive(Clone, Copy, Debug)]
struct Relay {
    node: Node,
    path: Path,
    honest: u8,
    /// Start of a faulty sender's bytes in `Level::choices`.
    choices: Option<u32>,
    generals: usize,
}

impl Relay {
    /// Its message to its `rank`-th receiver (the generals not on its path,
    /// ascending).
    fn message(&self, level: &Level, rank: usize) -> Message {
        let members = self.path.as_slice();
        let from = *members.last().expect("a path has its commander");
        let to = nth_outside(members, rank, self.generals);
        let honest = order_of(self.honest);
        let order = match self.choices {
            Some(start) => order_of(level.choices[start as usize + rank]),
            None => honest,
        };
        Message {
            node: self.node,
            from,
            to: to as u16,
            order,
            altered: order != honest,
        }
    }
}

fn order_of(byte: u8) -> Order {
    if byte == Order::Attack.to_byte() {
        Order::Attack
    } else {
        Order::Retreat
    }
}

/// The `rank`-th general (ascending, from 0) not among `members`.
fn nth_outside(members: &[u16], rank: usize, generals: usize) -> usize {
    let mut sorted = [0u16; super::paths::MAX_PATH_LEN];
    let sorted = &mut sorted[..members.len()];
    sorted.copy_from_slice(members);
    sorted.sort_unstable();
    let mut to = rank;
    for &member in sorted.iter() {
        if usize::from(member) <= to {
            to += 1;
        }
    }
    debug_assert!(to < generals);
    to
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_come_relay_by_relay_in_composition_order() {
        // Five generals, commander 0, paths of length 2: G1..G4 each relay
        // the commander's order to the three others; G3 is faulty and lies
        // to all.
        let shape = PathSpace::new(5, 0, 2);
        let honest = Values::uniform(Order::Attack.to_byte(), 4);
        let lie = Order::Retreat.to_byte();
        let level = Level::new(&shape, 2, honest, vec![(2, 0)], vec![lie; 3]);
        assert_eq!(level.sent(), 12);
        let all: Vec<(u16, u16, Order, bool)> = level
            .sent_messages()
            .map(|m| (m.from, m.to, m.order, m.altered))
            .collect();
        assert_eq!(all.len(), 12);
        assert_eq!(all[0], (1, 2, Order::Attack, false));
        assert_eq!(all[2], (1, 4, Order::Attack, false));
        assert_eq!(all[6], (3, 1, Order::Retreat, true));
        assert_eq!(all[11], (4, 3, Order::Attack, false));
        let by_three: Vec<Message> = level.sent_by(3).collect();
        let every_by_three: Vec<Message> = level.sent_messages().filter(|m| m.from == 3).collect();
        assert_eq!((by_three.len(), &by_three), (3, &every_by_three));
        for m in level.sent_messages() {
            assert_eq!(level.sent_to(m.node, usize::from(m.to)), Some(m));
        }
        assert_eq!(level.sent_to(1, 1), None, "its sender");
        assert_eq!(level.sent_to(0, 1), None, "not a path of this level");
        for stride in 1..14 {
            let every: Vec<Message> = level.sent_messages().step_by(stride).collect();
            let sampled: Vec<Message> = level.sampled(stride).collect();
            assert_eq!(sampled, every, "stride {stride}");
        }
    }
}
