//! The simulated network: messages in flight between generals, in logical time.
//!
//! Every hop takes `HOP_TICKS`, so all messages sent at one tick arrive
//! together; they travel as one batch. A round's messages are sent at a
//! deadline, after the round before has landed, so at most one batch is
//! ever in flight, and it is kept in place (no queue to allocate an order). The network is reliable:
//! it loses, duplicates and reorders nothing, as OM(m) assumes. A message a
//! traitor withheld rides beside its batch without flying, so that its
//! receiver can notice its absence when the batch lands (the round's deadline).

use super::level::Level;
use super::limits::HOP_TICKS;
use super::message::Message;
use super::paths::Node;
use super::protocol::Outbox;
use super::relays::Relays;

/// The messages one round put on the wire at one tick.
#[derive(Clone, Debug)]
pub struct Batch {
    pub sent_at: u64,
    pub arrives_at: u64,
    /// 1 for the commander's order, 2 for the first relays, and so on.
    pub round: u8,
    pub messages: Vec<Message>,
    /// Messages of this round that were never sent: each receiver notices
    /// the gap at `arrives_at`. Not in flight, not drawn.
    pub withheld: Vec<Message>,
    /// OM(m)'s messages, by relay (sent and withheld ones alike); `messages`
    /// and `withheld` hold SM(m)'s.
    pub relays: Relays,
    /// OM(m)'s messages as one level of the path tree, when nobody may
    /// withhold (see `level`).
    pub level: Level,
}

impl Batch {
    /// How far along its flight the batch is at `now`, from 0 to 1.
    pub fn progress(&self, now: u64) -> f64 {
        let span = (self.arrives_at - self.sent_at) as f64;
        (now.saturating_sub(self.sent_at) as f64 / span).min(1.0)
    }

    /// Messages in flight in this batch.
    pub fn sent_count(&self) -> usize {
        self.messages.len() + self.relays.sent() as usize + self.level.sent() as usize
    }

    /// Every `stride`-th message in flight, from the first, in the order
    /// composed: what the page draws when there are too many.
    pub fn sampled(&self, stride: usize) -> impl Iterator<Item = Message> + '_ {
        // A batch holds one protocol's messages: either list or relays.
        self.messages
            .iter()
            .step_by(stride)
            .copied()
            .chain(self.relays.sampled(stride))
            .chain(self.level.sampled(stride))
    }

    /// This batch's messages in flight from the general at index `from`,
    /// in the order composed, without producing anyone else's.
    pub fn sent_by(&self, from: usize) -> impl Iterator<Item = Message> + '_ {
        self.messages
            .iter()
            .filter(move |m| usize::from(m.from) == from)
            .copied()
            .chain(self.relays.sent_by(from))
            .chain(self.level.sent_by(from))
    }

    /// The message in flight along path `node` to the general at index
    /// `to`, if this batch carries one.
    pub fn sent_to(&self, node: Node, to: usize) -> Option<Message> {
        self.messages
            .iter()
            .find(|m| m.node == node && usize::from(m.to) == to)
            .copied()
            .or_else(|| self.relays.sent_to(node, to))
            .or_else(|| self.level.sent_to(node, to))
    }
}

#[derive(Clone, Debug, Default)]
pub struct Network {
    in_flight: Option<Batch>,
}

impl Network {
    /// Puts an outbox on the wire at `now` (its withheld messages beside it),
    /// merging with others sent at the same tick, and empties it.
    pub fn send(&mut self, now: u64, round: u8, outbox: &mut Outbox) {
        if outbox.is_empty() {
            return;
        }
        match &mut self.in_flight {
            Some(batch) if batch.sent_at == now => {
                debug_assert_eq!(batch.round, round);
                batch.messages.append(&mut outbox.sent);
                batch.withheld.append(&mut outbox.withheld);
                batch.relays.append(&mut outbox.relays);
                // OM(m) flushes once a round: a level is never split.
                debug_assert!(batch.level.is_empty() || outbox.level.is_empty());
                if !outbox.level.is_empty() {
                    batch.level = std::mem::take(&mut outbox.level);
                }
            }
            in_flight => {
                assert!(in_flight.is_none(), "a round lands before the next is sent");
                *in_flight = Some(Batch {
                    sent_at: now,
                    arrives_at: now + HOP_TICKS,
                    round,
                    messages: std::mem::take(&mut outbox.sent),
                    withheld: std::mem::take(&mut outbox.withheld),
                    relays: std::mem::take(&mut outbox.relays),
                    level: std::mem::take(&mut outbox.level),
                });
            }
        }
    }

    /// When the next batch lands, if any is in flight.
    pub fn next_arrival(&self) -> Option<u64> {
        self.in_flight.as_ref().map(|b| b.arrives_at)
    }

    /// The next batch, if it has landed by `now`.
    pub fn take_arrived(&mut self, now: u64) -> Option<Batch> {
        match &self.in_flight {
            Some(batch) if batch.arrives_at <= now => self.in_flight.take(),
            _ => None,
        }
    }

    pub fn batches(&self) -> impl Iterator<Item = &Batch> {
        self.in_flight.iter()
    }

    /// No message in flight (withheld ones may still wait for their deadline).
    pub fn is_idle(&self) -> bool {
        self.in_flight.iter().all(|b| b.sent_count() == 0)
    }

    pub fn messages_in_flight(&self) -> usize {
        self.in_flight.iter().map(Batch::sent_count).sum()
    }
}
