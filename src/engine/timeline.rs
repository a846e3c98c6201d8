//! Time travel by re-simulation: for each order the session keeps what is
//! needed to run it again exactly (the army as it was, the order, the
//! protocol, and the random generator as it stood when the order started),
//! not the messages. The exchange as it was at any tick is a fresh copy run
//! to that tick: the engine is deterministic, so the copy is the forward run
//! at that instant, and watching (pausing, stepping, scrubbing) can never
//! change an outcome. The page's timeline and the trace export are both views
//! of these re-runs.

use rand_chacha::ChaCha8Rng;

use super::adversary::Conduct;
use super::check::Check;
use super::exchange::{Exchange, Observer};
use super::limits::HOP_TICKS;
use super::order::Order;
use super::protocol::Protocol;
use super::roster::Roster;
use super::verdict::Verdict;

/// One order of the session, enough to re-run it.
#[derive(Clone, Debug)]
pub struct OrderRecord {
    /// K: counted from 1 in the console session.
    pub number: u64,
    pub roster: Roster,
    pub order: Order,
    pub protocol: Protocol,
    /// The session's generator just before the order started.
    rng: ChaCha8Rng,
    /// How each general behaved, in roster order: its strategy, or the
    /// behaviour `g-search` found and replayed.
    conducts: Vec<Conduct>,
    /// Set when the order completes.
    pub outcome: Option<(Verdict, Check)>,
}

impl OrderRecord {
    /// Records an order about to start; `rng` is the session's generator
    /// before `Exchange::start` draws from it.
    pub fn new(
        number: u64,
        roster: &Roster,
        order: Order,
        protocol: Protocol,
        rng: &ChaCha8Rng,
    ) -> OrderRecord {
        OrderRecord {
            number,
            roster: roster.clone(),
            order,
            protocol,
            rng: rng.clone(),
            conducts: roster.members().iter().map(|m| m.conduct()).collect(),
            outcome: None,
        }
    }

    /// The session's generator just before the order started.
    pub fn rng(&self) -> &ChaCha8Rng {
        &self.rng
    }

    /// How each general behaved, in roster order.
    pub fn conducts(&self) -> &[Conduct] {
        &self.conducts
    }

    /// The same record with each general behaving as `conducts` say (one per
    /// roster member): how a search's replay is kept.
    pub fn behaving(self, conducts: Vec<Conduct>) -> OrderRecord {
        debug_assert_eq!(conducts.len(), self.roster.len());
        OrderRecord { conducts, ..self }
    }

    /// The exchange as it was at `tick` of this order (clamped to its end),
    /// and the generator as it stood then, so the copy can play on exactly
    /// as the original did. `None` only if the order was refused, which a
    /// recorded order never is.
    pub fn at(&self, tick: u64) -> Option<(Exchange, ChaCha8Rng)> {
        self.at_observed(tick, &mut ())
    }

    /// `at`, showing every message put on the wire up to `tick` to `observer`.
    pub fn at_observed(
        &self,
        tick: u64,
        observer: &mut impl Observer,
    ) -> Option<(Exchange, ChaCha8Rng)> {
        let mut rng = self.rng.clone();
        let mut exchange = Exchange::start_with(
            &self.roster,
            self.order,
            self.protocol,
            self.conducts.clone(),
            &mut rng,
            observer,
        )
        .ok()?;
        exchange.advance_observed(tick.min(self.end()), &mut rng, observer);
        Some((exchange, rng))
    }

    /// The tick at which the order is over: its last round's deadline (0 for
    /// an army of one, which decides at once).
    pub fn end(&self) -> u64 {
        if self.roster.len() < 2 {
            return 0;
        }
        self.rounds() * HOP_TICKS
    }

    /// Rounds the order takes: the depth the protocol reaches, plus one.
    pub fn rounds(&self) -> u64 {
        u64::from(self.protocol.reached(self.roster.len()).depth) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::session::{Session, SessionOptions};

    #[test]
    fn an_order_ends_at_its_last_deadline() {
        let mut s = Session::new(SessionOptions {
            generals: 4,
            seed: Some(3),
            primary: Some(1),
            depth: 2,
        })
        .unwrap();
        s.submit("actual-order attack");
        let record = s.orders().back().unwrap().clone();
        assert_eq!(record.rounds(), 3);
        assert_eq!(record.end(), 3 * HOP_TICKS);
        let (done, _) = record.at(u64::MAX).unwrap();
        assert!(done.is_complete());
        let (before, _) = record.at(record.end() - 1).unwrap();
        assert!(!before.is_complete());
    }
}
