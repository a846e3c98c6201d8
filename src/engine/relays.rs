//! OM(m)'s messages on the wire, stored by relay rather than one by one.
//!
//! Under OM(m) a general that relays a value sends it to every general not on
//! its path, in ascending index order. A loyal general sends the same value to
//! all of them, so one record (the path's node, the sender, the value and the
//! set of generals on the path) stands for the whole fan-out: a million
//! messages of OM(1) at n = 1000 take 999 records instead of 12 MB. A faulty
//! general's record adds one byte per receiver for what it chose (an order,
//! or nothing). The messages themselves are produced only where someone looks
//! at them: the drawn sample of flights and an observer's trace. Their order
//! is the order they were composed in, record by record, receivers ascending.

use super::limits::MAX_GENERALS;
use super::message::Message;
use super::order::Order;
use super::paths::Node;
use super::release::release;

/// Words of the largest member set: one bit per general.
pub const MAX_WORDS: usize = MAX_GENERALS.div_ceil(64);

/// A traitor's byte for a message it withheld (sent ones hold `Order::to_byte`).
const WITHHELD: u8 = 0;

/// `Relay::choices` for a loyal sender: no per-receiver bytes.
const LOYAL: u32 = u32::MAX;

/// One general's relay of one path to everyone not on it.
#[derive(Clone, Copy, Debug)]
pub struct Relay {
    /// The path ending with the sender (the node its messages carry).
    pub node: Node,
    pub from: u16,
    /// What an honest general sends: what the sender heard.
    pub honest: Order,
    /// Receivers the record stands for (generals not on the path).
    receivers: u32,
    /// Messages actually sent (all receivers unless a traitor withheld some).
    sent: u32,
    /// Start of this relay's bytes in `Relays::choices`, or `LOYAL`.
    choices: u32,
}

/// What a receiver gets from one relay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receipt {
    Heard(Order),
    Withheld,
}

/// The relays of one round, in the order they were composed.
#[derive(Clone, Debug, Default)]
pub struct Relays {
    generals: usize,
    /// 64-bit words per member set: `generals.div_ceil(64)`.
    words: usize,
    runs: Vec<Relay>,
    /// `words` words per relay: the generals on its path, sender included.
    members: Vec<u64>,
    /// Traitors' choices, one byte per receiver in ascending order.
    choices: Vec<u8>,
    sent: u64,
    withheld: u64,
}

impl Relays {
    /// Relays among `generals` generals. Cheap: allocates nothing.
    pub fn new(generals: usize) -> Relays {
        Relays {
            generals,
            words: generals.div_ceil(64),
            ..Relays::default()
        }
    }

    /// Drops it once consumed, cheaply where it holds nothing (see `release`).
    pub fn release(self) {
        let Relays {
            runs,
            members,
            choices,
            ..
        } = self;
        release(runs);
        release(members);
        release(choices);
    }

    /// Makes an empty outbox ready for relays among `generals` generals.
    pub fn prepare(&mut self, generals: usize) {
        if self.runs.is_empty() {
            self.generals = generals;
            self.words = generals.div_ceil(64);
        }
        debug_assert_eq!(self.generals, generals);
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    pub fn len(&self) -> usize {
        self.runs.len()
    }

    /// Messages sent, over every relay.
    pub fn sent(&self) -> u64 {
        self.sent
    }

    /// Messages traitors withheld, over every relay.
    pub fn withheld(&self) -> u64 {
        self.withheld
    }

    pub fn relay(&self, index: usize) -> &Relay {
        &self.runs[index]
    }

    /// The generals on relay `index`'s path, as a bit set.
    pub fn members(&self, index: usize) -> &[u64] {
        &self.members[index * self.words..(index + 1) * self.words]
    }

    /// What receiver `general` (not on the path) gets from relay `index`,
    /// where `rank` is its position among the relay's receivers.
    #[inline]
    pub fn receipt(&self, index: usize, rank: usize) -> Receipt {
        let relay = &self.runs[index];
        if relay.choices == LOYAL {
            return Receipt::Heard(relay.honest);
        }
        match self.choices[relay.choices as usize + rank] {
            WITHHELD => Receipt::Withheld,
            byte => Receipt::Heard(order_of(byte)),
        }
    }

    /// What `general` (not on the path) gets from relay `index`.
    #[inline]
    pub fn receipt_for(&self, index: usize, general: usize) -> Receipt {
        let relay = &self.runs[index];
        if relay.choices == LOYAL {
            return Receipt::Heard(relay.honest);
        }
        self.receipt(index, general - members_below(self.members(index), general))
    }

    /// The one value relay `index` sends everyone, if its sender is loyal.
    #[inline]
    pub fn honest_value(&self, index: usize) -> Option<Order> {
        let relay = &self.runs[index];
        (relay.choices == LOYAL).then_some(relay.honest)
    }

    /// Calls `visit(to)` for every receiver of relay `index`, ascending.
    #[inline]
    pub fn each_receiver(&self, index: usize, mut visit: impl FnMut(usize)) {
        for (w, &word) in self.members(index).iter().enumerate() {
            let mut free = !word & valid_bits(w, self.generals);
            while free != 0 {
                visit(w * 64 + free.trailing_zeros() as usize);
                free &= free - 1;
            }
        }
    }

    /// Calls `hear(to, receipt)` for every receiver of relay `index`,
    /// ascending.
    #[inline]
    pub fn each_receipt(&self, index: usize, mut hear: impl FnMut(usize, Receipt)) {
        let relay = &self.runs[index];
        let members = self.members(index);
        if relay.choices == LOYAL {
            let heard = Receipt::Heard(relay.honest);
            for to in receivers(members, self.generals) {
                hear(to, heard);
            }
        } else {
            for (rank, to) in receivers(members, self.generals).enumerate() {
                hear(to, self.receipt(index, rank));
            }
        }
    }

    /// Adds a loyal relay: `honest` to every general not in `members`.
    pub fn push_loyal(&mut self, node: Node, from: usize, honest: Order, members: &[u64]) {
        let receivers = self.receivers_of(members);
        self.runs.push(Relay {
            node,
            from: from as u16,
            honest,
            receivers,
            sent: receivers,
            choices: LOYAL,
        });
        self.push_members(members);
        self.sent += u64::from(receivers);
    }

    /// Adds a faulty general's relay: `choose` is asked, for each receiver
    /// in ascending order, what it gets (`None`: nothing).
    pub fn push_chosen(
        &mut self,
        node: Node,
        from: usize,
        honest: Order,
        members: &[u64],
        mut choose: impl FnMut(usize) -> Option<Order>,
    ) {
        let start = self.choices.len();
        let mut sent = 0u32;
        for to in receivers(members, self.generals) {
            let byte = match choose(to) {
                Some(order) => {
                    sent += 1;
                    order.to_byte()
                }
                None => WITHHELD,
            };
            self.choices.push(byte);
        }
        let receivers = (self.choices.len() - start) as u32;
        self.runs.push(Relay {
            node,
            from: from as u16,
            honest,
            receivers,
            sent,
            choices: start as u32,
        });
        self.push_members(members);
        self.sent += u64::from(sent);
        self.withheld += u64::from(receivers - sent);
    }

    /// Word by word: a set is mostly one or two words, too short to be
    /// worth a call to copy memory.
    #[inline]
    fn push_members(&mut self, members: &[u64]) {
        debug_assert_eq!(members.len(), self.words);
        for &word in members {
            self.members.push(word);
        }
    }

    fn receivers_of(&self, members: &[u64]) -> u32 {
        let on_path: u32 = members.iter().map(|w| w.count_ones()).sum();
        self.generals as u32 - on_path
    }

    /// Moves every relay of `other` (composed later) behind these.
    pub fn append(&mut self, other: &mut Relays) {
        if self.runs.is_empty() {
            std::mem::swap(self, other);
            return;
        }
        debug_assert_eq!(self.generals, other.generals);
        let base = self.choices.len() as u32;
        self.runs.extend(other.runs.drain(..).map(|mut relay| {
            if relay.choices != LOYAL {
                relay.choices += base;
            }
            relay
        }));
        self.members.append(&mut other.members);
        self.choices.append(&mut other.choices);
        self.sent += other.sent;
        self.withheld += other.withheld;
        other.sent = 0;
        other.withheld = 0;
    }

    /// Empties, keeping the capacity.
    pub fn clear(&mut self) {
        self.runs.clear();
        self.members.clear();
        self.choices.clear();
        self.sent = 0;
        self.withheld = 0;
    }

    /// Every message sent, in the order composed.
    pub fn sent_messages(&self) -> impl Iterator<Item = Message> + '_ {
        self.messages(true)
    }

    /// Every message withheld, in the order composed.
    pub fn withheld_messages(&self) -> impl Iterator<Item = Message> + '_ {
        self.messages(false)
    }

    fn messages(&self, sent: bool) -> impl Iterator<Item = Message> + '_ {
        (0..self.runs.len()).flat_map(move |index| self.messages_of(index, sent))
    }

    /// Relay `index`'s messages sent (or withheld), receivers ascending.
    fn messages_of(&self, index: usize, sent: bool) -> impl Iterator<Item = Message> + '_ {
        let relay = self.runs[index];
        receivers(self.members(index), self.generals)
            .enumerate()
            .filter_map(move |(rank, to)| {
                let (order, was_sent) = match self.receipt(index, rank) {
                    Receipt::Heard(order) => (order, true),
                    Receipt::Withheld => (relay.honest, false),
                };
                (was_sent == sent).then_some(Message {
                    node: relay.node,
                    from: relay.from,
                    to: to as u16,
                    order,
                    altered: order != relay.honest,
                })
            })
    }

    /// Every message sent by the general at index `from`, in the order
    /// composed, producing only its own: what a caption says a traitor told.
    pub fn sent_by(&self, from: usize) -> impl Iterator<Item = Message> + '_ {
        (0..self.runs.len())
            .filter(move |&index| usize::from(self.runs[index].from) == from)
            .flat_map(move |index| self.messages_of(index, true))
    }

    /// The message sent along path `node` to general `to`, if one was
    /// sent: one row of the message table, found without producing others.
    pub fn sent_to(&self, node: Node, to: usize) -> Option<Message> {
        let index = self.runs.iter().position(|relay| relay.node == node)?;
        let members = self.members(index);
        if to >= self.generals || members[to / 64] & (1 << (to % 64)) != 0 {
            return None;
        }
        let relay = &self.runs[index];
        match self.receipt_for(index, to) {
            Receipt::Heard(order) => Some(Message {
                node,
                from: relay.from,
                to: to as u16,
                order,
                altered: order != relay.honest,
            }),
            Receipt::Withheld => None,
        }
    }

    /// The message relay `index` sent its `rank`-th receiver `to`, if sent.
    fn message(&self, index: usize, rank: usize, to: usize) -> Option<Message> {
        let relay = &self.runs[index];
        match self.receipt(index, rank) {
            Receipt::Heard(order) => Some(Message {
                node: relay.node,
                from: relay.from,
                to: to as u16,
                order,
                altered: order != relay.honest,
            }),
            Receipt::Withheld => None,
        }
    }

    /// The sent messages at positions 0, `stride`, 2 `stride`, ... of the
    /// order composed, without producing the others: what the page draws.
    pub fn sampled(&self, stride: usize) -> Sampled<'_> {
        Sampled {
            relays: self,
            index: 0,
            offset: 0,
            stride: stride.max(1),
        }
    }

    /// The `k`-th sent message of relay `index`.
    fn kth_sent(&self, index: usize, k: usize) -> Message {
        let relay = &self.runs[index];
        let rank = if relay.choices == LOYAL {
            k
        } else {
            let bytes = &self.choices[relay.choices as usize..][..relay.receivers as usize];
            bytes
                .iter()
                .enumerate()
                .filter(|(_, &b)| b != WITHHELD)
                .nth(k)
                .expect("k is below the relay's sent count")
                .0
        };
        let to = nth_receiver(self.members(index), rank);
        self.message(index, rank, to)
            .expect("a sent message's receipt is heard")
    }
}

/// See `Relays::sampled`.
pub struct Sampled<'a> {
    relays: &'a Relays,
    index: usize,
    /// Position of the next sample within relay `index`'s sent messages.
    offset: usize,
    stride: usize,
}

impl Iterator for Sampled<'_> {
    type Item = Message;

    fn next(&mut self) -> Option<Message> {
        while self.index < self.relays.runs.len() {
            let sent = self.relays.runs[self.index].sent as usize;
            if self.offset < sent {
                let message = self.relays.kth_sent(self.index, self.offset);
                self.offset += self.stride;
                return Some(message);
            }
            self.offset -= sent;
            self.index += 1;
        }
        None
    }
}

fn order_of(byte: u8) -> Order {
    if byte == Order::Attack.to_byte() {
        Order::Attack
    } else {
        Order::Retreat
    }
}

/// The generals not in `members`, ascending: a relay's receivers.
#[inline]
pub fn receivers(members: &[u64], generals: usize) -> impl Iterator<Item = usize> + '_ {
    members.iter().enumerate().flat_map(move |(w, &word)| {
        let mut free = !word & valid_bits(w, generals);
        std::iter::from_fn(move || {
            (free != 0).then(|| {
                let bit = free.trailing_zeros() as usize;
                free &= free - 1;
                w * 64 + bit
            })
        })
    })
}

/// The bits of word `w` that stand for a general.
#[inline]
fn valid_bits(w: usize, generals: usize) -> u64 {
    let left = generals - w * 64;
    if left >= 64 {
        u64::MAX
    } else {
        (1u64 << left) - 1
    }
}

/// The `rank`-th general not in `members` (ascending, from 0).
fn nth_receiver(members: &[u64], mut rank: usize) -> usize {
    for (w, &word) in members.iter().enumerate() {
        let mut free = !word;
        let count = free.count_ones() as usize;
        if rank < count {
            for _ in 0..rank {
                free &= free - 1;
            }
            return w * 64 + free.trailing_zeros() as usize;
        }
        rank -= count;
    }
    unreachable!("rank beyond the receivers")
}

/// How many generals in `members` have an index below `general`.
#[inline]
pub fn members_below(members: &[u64], general: usize) -> usize {
    let (whole, bit) = (general / 64, general % 64);
    let mut count: u32 = members[..whole].iter().map(|w| w.count_ones()).sum();
    if bit > 0 {
        count += (members[whole] & ((1u64 << bit) - 1)).count_ones();
    }
    count as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(generals: usize, on: &[usize]) -> Vec<u64> {
        let mut words = vec![0u64; generals.div_ceil(64)];
        for &g in on {
            words[g / 64] |= 1 << (g % 64);
        }
        words
    }

    #[test]
    fn a_loyal_relay_stands_for_everyone_off_its_path() {
        let mut relays = Relays::new(70);
        relays.push_loyal(5, 3, Order::Attack, &set(70, &[0, 3, 65]));
        assert_eq!(relays.sent(), 67);
        let to: Vec<u16> = relays.sent_messages().map(|m| m.to).collect();
        let expected: Vec<u16> = (0..70).filter(|g| ![0, 3, 65].contains(g)).collect();
        assert_eq!(to, expected);
        assert_eq!(members_below(&set(70, &[0, 3, 65]), 66), 3);
        assert_eq!(members_below(&set(70, &[0, 3, 65]), 64), 2);
    }

    #[test]
    fn samples_and_withheld_messages_follow_the_composed_order() {
        let mut relays = Relays::new(5);
        relays.push_loyal(1, 1, Order::Attack, &set(5, &[0, 1]));
        let mut other = Relays::new(5);
        // Receivers 1, 3, 4: retreat, nothing, attack.
        let mut picks = [Some(Order::Retreat), None, Some(Order::Attack)].into_iter();
        other.push_chosen(2, 2, Order::Attack, &set(5, &[0, 2]), |_| {
            picks.next().unwrap()
        });
        relays.append(&mut other);
        let all: Vec<(u16, u16, Order, bool)> = relays
            .sent_messages()
            .map(|m| (m.from, m.to, m.order, m.altered))
            .collect();
        assert_eq!(
            all,
            [
                (1, 2, Order::Attack, false),
                (1, 3, Order::Attack, false),
                (1, 4, Order::Attack, false),
                (2, 1, Order::Retreat, true),
                (2, 4, Order::Attack, false),
            ]
        );
        let by_two: Vec<Message> = relays.sent_by(2).collect();
        let every_by_two: Vec<Message> = relays.sent_messages().filter(|m| m.from == 2).collect();
        assert_eq!(by_two, every_by_two);
        assert_eq!(by_two.len(), 2);
        for m in relays.sent_messages() {
            assert_eq!(relays.sent_to(m.node, usize::from(m.to)), Some(m));
        }
        assert_eq!(relays.sent_to(2, 3), None, "withheld");
        assert_eq!(relays.sent_to(2, 2), None, "its sender");
        assert_eq!(relays.sent_to(1, 0), None, "on the path");
        assert_eq!(relays.sent_to(9, 4), None, "no such relay");
        let withheld: Vec<u16> = relays.withheld_messages().map(|m| m.to).collect();
        assert_eq!(withheld, [3]);
        assert_eq!((relays.sent(), relays.withheld()), (5, 1));
        for stride in 1..7 {
            let sampled: Vec<Message> = relays.sampled(stride).collect();
            let every: Vec<Message> = relays.sent_messages().step_by(stride).collect();
            assert_eq!(sampled, every, "stride {stride}");
        }
    }
}
