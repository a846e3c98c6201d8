//! One run of OM(m) for one order: the generals' state machines, the network
//! between them, and the logical clock that drives both.
//!
//! The same loop serves both modes. `advance` moves the clock by some ticks
//! and handles every arrival due by then: deliver the batch into inboxes, step
//! every general that has mail (in index order, so the one random generator is
//! drawn from in a fixed order), and put their outboxes on the wire. Running
//! to completion is advancing until the network is idle, so the animated page
//! and the command line cannot disagree.

use rand_chacha::ChaCha8Rng;

use super::general::General;
use super::limits::MESSAGE_CAP;
use super::message::Message;
use super::network::Network;
use super::order::{Majority, Order};
use super::paths::{effective_depth, message_count, PathSpace};
use super::roster::{GeneralId, Roster};

/// A message in flight, as the view draws it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flight {
    pub from: GeneralId,
    pub to: GeneralId,
    /// Positions in the roster, for placing the ends of the edge.
    pub from_index: usize,
    pub to_index: usize,
    pub order: Order,
    pub altered: bool,
    pub round: u8,
    /// 0 when sent, 1 on arrival.
    pub progress: f64,
}

/// An order refused before anything was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooManyMessages {
    pub generals: usize,
    pub depth: u32,
    pub messages: u64,
}

/// One value a general heard, for the inspector: the relay chain and the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heard {
    pub chain: Vec<GeneralId>,
    pub order: Order,
}

#[derive(Clone, Debug)]
pub struct Exchange {
    order: Order,
    ids: Vec<GeneralId>,
    paths: PathSpace,
    generals: Vec<General>,
    network: Network,
    outbox: Vec<Message>,
    now: u64,
    sent: u64,
    total: u64,
}

impl Exchange {
    /// Builds the generals from the roster and lets the commander send its
    /// order at tick 0. Refuses, sending nothing, when the exchange would
    /// exceed `MESSAGE_CAP`.
    pub fn start(
        roster: &Roster,
        order: Order,
        depth: u32,
        rng: &mut ChaCha8Rng,
    ) -> Result<Exchange, TooManyMessages> {
        let n = roster.len();
        let total = message_count(n, depth);
        if total > MESSAGE_CAP {
            return Err(TooManyMessages {
                generals: n,
                depth,
                messages: total,
            });
        }
        let ids: Vec<GeneralId> = roster.members().iter().map(|m| m.id).collect();
        let commander = ids
            .iter()
            .position(|&id| id == roster.primary())
            .expect("the primary is a live general");
        let paths = PathSpace::new(n, commander, effective_depth(n, depth));
        let generals = roster
            .members()
            .iter()
            .enumerate()
            .map(|(index, member)| General::new(index, member.loyalty, &paths))
            .collect();
        let mut exchange = Exchange {
            order,
            ids,
            paths,
            generals,
            network: Network::default(),
            outbox: Vec::new(),
            now: 0,
            sent: 0,
            total,
        };
        exchange.generals[commander].command(order, &exchange.paths, rng, &mut exchange.outbox);
        exchange.flush(1);
        Ok(exchange)
    }

    fn flush(&mut self, round: u8) {
        self.sent += self.outbox.len() as u64;
        self.network.send(self.now, round, &mut self.outbox);
    }

    /// Moves logical time forward by `ticks`, handling every arrival due.
    pub fn advance(&mut self, ticks: u64, rng: &mut ChaCha8Rng) {
        let until = self.now.saturating_add(ticks);
        while let Some(arrival) = self.network.next_arrival().filter(|&t| t <= until) {
            self.now = arrival;
            let batch = self.network.take_arrived(arrival).expect("a batch is due");
            for message in batch.messages {
                self.generals[message.to as usize].deliver(message);
            }
            for general in self.generals.iter_mut().filter(|g| g.has_mail()) {
                general.step(&self.paths, rng, &mut self.outbox);
            }
            self.flush(batch.round + 1);
        }
        self.now = until;
    }

    /// Advances until no message is left in flight.
    pub fn run_to_completion(&mut self, rng: &mut ChaCha8Rng) {
        while let Some(arrival) = self.network.next_arrival() {
            self.advance(arrival - self.now, rng);
        }
    }

    pub fn is_complete(&self) -> bool {
        self.network.is_idle()
    }

    pub fn order(&self) -> Order {
        self.order
    }

    /// Rounds this exchange takes: the depth actually reached plus one.
    pub fn rounds(&self) -> usize {
        self.paths.levels()
    }

    /// The round currently on the wire (the earliest one in flight), if any.
    pub fn round(&self) -> Option<u8> {
        self.network.batches().next().map(|b| b.round)
    }

    pub fn now(&self) -> u64 {
        self.now
    }

    /// Messages put on the wire so far.
    pub fn sent(&self) -> u64 {
        self.sent
    }

    /// Messages the whole exchange sends (the spec's formula).
    pub fn total(&self) -> u64 {
        self.total
    }

    pub fn in_flight(&self) -> usize {
        self.network.messages_in_flight()
    }

    /// Every message in flight, oldest round first.
    pub fn flights(&self) -> impl Iterator<Item = Flight> + '_ {
        self.flights_sampled(usize::MAX).0
    }

    /// At most about `limit` of the messages in flight, spread evenly over
    /// every batch, for drawing when there are more than the eye can follow.
    /// Returns the sample and the stride it was taken with.
    pub fn flights_sampled(&self, limit: usize) -> (impl Iterator<Item = Flight> + '_, usize) {
        let stride = self.in_flight().div_ceil(limit.max(1)).max(1);
        let sample = self.network.batches().flat_map(move |batch| {
            let progress = batch.progress(self.now);
            batch.messages.iter().step_by(stride).map(move |m| Flight {
                from: self.ids[m.from as usize],
                to: self.ids[m.to as usize],
                from_index: m.from as usize,
                to_index: m.to as usize,
                order: m.order,
                altered: m.altered,
                round: batch.round,
                progress,
            })
        });
        (sample, stride)
    }

    /// A general's nested majority, once it has decided. The commander never
    /// decides: it reports the order it was given.
    pub fn decision(&self, id: GeneralId) -> Option<Majority> {
        let index = self.ids.binary_search(&id).ok()?;
        self.generals[index].decision()
    }

    /// How many values a general has heard so far.
    pub fn heard_count(&self, id: GeneralId) -> u64 {
        self.ids
            .binary_search(&id)
            .map_or(0, |index| self.generals[index].heard_count())
    }

    /// What a general has heard so far, in path order, at most `limit` entries.
    pub fn heard_by(&self, id: GeneralId, limit: usize) -> Vec<Heard> {
        let Ok(index) = self.ids.binary_search(&id) else {
            return Vec::new();
        };
        let general = &self.generals[index];
        (0..self.paths.node_count() as u32)
            .filter_map(|node| {
                general.heard(node).map(|order| Heard {
                    chain: self
                        .paths
                        .path(node)
                        .as_slice()
                        .iter()
                        .map(|&i| self.ids[i as usize])
                        .collect(),
                    order,
                })
            })
            .take(limit)
            .collect()
    }
}
