//! The agreement protocols, side by side behind one interface: OM(m), oral
//! messages (`om`), and SM(m), signed messages (`sm`), of Lamport, Shostak and
//! Pease. Both number their messages with the same path tree (`paths`): under
//! OM(m) a path is the chain of relays, under SM(m) the chain of signatures.
//!
//! `Protocol` is the session's choice (which one, and m); `Army` is one
//! order's generals running it, which the exchange drives round by round.

pub mod lanes;
pub mod om;
mod om_level;
pub mod paths;
pub mod sm;

use super::count::Count;
use std::fmt;

use rand_chacha::ChaCha8Rng;

use super::adversary::Conduct;
use super::level::Level;
use super::message::Message;
use super::network::Batch;
use super::order::{Majority, Order};
use super::relays::Relays;
use super::release::release;
use paths::{effective_depth, Node, PathSpace};

/// Which algorithm the generals run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// OM(m): oral messages, nested majority; needs n > 3k.
    Oral,
    /// SM(m): signed messages, the set V and choice(V); needs k <= m, n >= k + 2.
    Signed,
}

impl Kind {
    /// The word `g-protocol` takes: `om` or `sm`.
    pub const fn word(self) -> &'static str {
        match self {
            Kind::Oral => "om",
            Kind::Signed => "sm",
        }
    }

    pub fn parse(word: &str) -> Option<Kind> {
        [Kind::Oral, Kind::Signed]
            .into_iter()
            .find(|k| k.word() == word)
    }

    /// `om (oral messages), sm (signed messages)`, for error lines.
    pub const ACCEPTED: &'static str = "om (oral messages), sm (signed messages)";
}

/// A protocol and its depth m: OM(m) or SM(m).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Protocol {
    pub kind: Kind,
    pub depth: u32,
}

/// A bare depth means OM(m), the exercise's protocol.
impl From<u32> for Protocol {
    fn from(depth: u32) -> Protocol {
        Protocol::oral(depth)
    }
}

impl fmt::Display for Protocol {
    /// `OM(1)`, `SM(2)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.kind {
            Kind::Oral => "OM",
            Kind::Signed => "SM",
        };
        write!(f, "{name}({})", self.depth)
    }
}

impl Protocol {
    pub const fn oral(depth: u32) -> Protocol {
        Protocol {
            kind: Kind::Oral,
            depth,
        }
    }

    pub const fn signed(depth: u32) -> Protocol {
        Protocol {
            kind: Kind::Signed,
            depth,
        }
    }

    /// The same protocol at the depth it actually reaches with `n` generals.
    pub fn reached(self, n: usize) -> Protocol {
        Protocol {
            depth: effective_depth(n, self.depth),
            ..self
        }
    }

    /// Messages an order sends with `n` generals by the formula: OM(m)'s sum
    /// (every path, whatever the traitors do, unless one withholds), or
    /// SM(m)'s count with a loyal commander, (n - 1) + (n - 1)(n - 2) for m >= 1.
    /// Exact: OM(m)'s count passes u128 for large m.
    pub fn message_count(self, n: usize) -> Count {
        match self.kind {
            Kind::Oral => paths::message_count(n, self.depth),
            Kind::Signed => Count::from(sm::message_count(n, self.depth)),
        }
    }

    /// The most messages an order can send with `n` generals, whatever the
    /// traitors do: what the message cap is checked against.
    pub fn message_bound(self, n: usize) -> Count {
        match self.kind {
            Kind::Oral => paths::message_count(n, self.depth),
            Kind::Signed => Count::from(sm::message_bound(n, self.depth)),
        }
    }

    /// `message_bound` when it fits a u64 (every army under the message
    /// cap): no digit groups to allocate, which an order's start would pay
    /// for twice (the bound, and its comparison with the cap).
    pub fn message_bound_u64(self, n: usize) -> Option<u64> {
        match self.kind {
            Kind::Oral => paths::message_count_u64(n, self.depth),
            Kind::Signed => Some(sm::message_bound(n, self.depth)),
        }
    }

    /// The verdict's case 1: too few generals for `faulty` faults. OM(m):
    /// n < 3k + 1 (the spec's rule); SM(m): k > m or n < k + 2.
    pub fn too_few(self, n: usize, faulty: usize) -> bool {
        match self.kind {
            Kind::Oral => n < 3 * faulty + 1,
            Kind::Signed => faulty > self.depth as usize || n < faulty + 2,
        }
    }

    /// Whether the theorem guarantees IC1 and IC2 for `faulty` faults among
    /// `n`: OM(m) needs n > 3k and k <= m; SM(m) needs k <= m and n >= k + 2.
    pub fn guarantees(self, n: usize, faulty: usize) -> bool {
        faulty <= self.depth as usize && !self.too_few(n, faulty)
    }
}

/// Messages a general composed in one step: those put on the wire, and those
/// it withheld (silent or scripted traitors). A withheld message is never
/// sent; it waits beside its round so that, at the round's deadline, its
/// receiver notices that nothing came (assumption A3 of the paper). SM(m)
/// composes message by message (`sent`, `withheld`); OM(m) composes whole
/// fan-outs (`relays`, where a traitor's withheld messages are marked), or,
/// when nobody may withhold, whole levels of the path tree (`level`).
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    pub sent: Vec<Message>,
    pub withheld: Vec<Message>,
    pub relays: Relays,
    pub level: Level,
}

impl Outbox {
    /// Drops it, cheaply where it holds nothing (see `release`).
    pub fn release(self) {
        let Outbox {
            sent,
            withheld,
            relays,
            level,
        } = self;
        release(sent);
        release(withheld);
        relays.release();
        level.release();
    }

    pub fn is_empty(&self) -> bool {
        self.sent.is_empty()
            && self.withheld.is_empty()
            && self.relays.is_empty()
            && self.level.is_empty()
    }

    /// Messages put on the wire.
    pub fn sent_count(&self) -> u64 {
        self.sent.len() as u64 + self.relays.sent() + self.level.sent()
    }

    /// Messages withheld.
    pub fn withheld_count(&self) -> u64 {
        self.withheld.len() as u64 + self.relays.withheld()
    }

    /// Every message put on the wire, in the order composed.
    pub fn sent_messages(&self) -> Vec<Message> {
        let mut all = self.sent.clone();
        all.extend(self.relays.sent_messages());
        all.extend(self.level.sent_messages());
        all
    }

    /// Every message withheld, in the order composed.
    pub fn withheld_messages(&self) -> Vec<Message> {
        let mut all = self.withheld.clone();
        all.extend(self.relays.withheld_messages());
        all
    }
}

/// What a general holds for one path: the value, and whether it came by
/// default because nothing arrived by the deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Held {
    pub node: Node,
    pub order: Order,
    pub by_default: bool,
}

/// One order's generals running one protocol. The exchange calls, at each
/// round's deadline: `land` with the round's batch (what arrived and what was
/// withheld), then `step`; after the last round, `conclude`.
#[derive(Clone, Debug)]
// Not boxed, though larger than SM(m)'s: there is one army per exchange,
// and a box would be one more allocation an order.
#[allow(clippy::large_enum_variant)]
pub enum Army {
    Oral(om::Army),
    Signed(sm::Army),
}

/// Holds nothing: what an exchange leaves in its army's place while it
/// releases it (see `Exchange`'s `Drop`).
impl Default for Army {
    fn default() -> Army {
        Army::Signed(sm::Army::default())
    }
}

macro_rules! each {
    ($self:expr, $army:ident => $body:expr) => {
        match $self {
            Army::Oral($army) => $body,
            Army::Signed($army) => $body,
        }
    };
}

impl Army {
    /// `generals` generals in roster order, loyal but for `faulty`: each
    /// faulty one's index and its conduct for this order, ascending.
    pub fn new(
        kind: Kind,
        generals: usize,
        faulty: impl IntoIterator<Item = (usize, Conduct)>,
        paths: &PathSpace,
    ) -> Army {
        match kind {
            Kind::Oral => Army::Oral(om::Army::new(generals, faulty, paths)),
            Kind::Signed => Army::Signed(sm::Army::new(generals, faulty, paths)),
        }
    }

    /// Drops it, cheaply where its parts hold nothing (see `release`).
    pub fn release(self) {
        match self {
            Army::Oral(army) => army.release(),
            Army::Signed(army) => drop(army),
        }
    }

    /// The commander's one move, at tick 0.
    pub fn command(
        &mut self,
        order: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Outbox,
    ) {
        match self {
            Army::Oral(army) => army.command(order, paths, rng, outbox),
            Army::Signed(army) => army.command(order, paths, rng, outbox),
        }
    }

    /// A round's batch lands at its deadline: what arrived, and what its
    /// receivers notice never came.
    pub fn land(&mut self, batch: Batch) {
        match self {
            Army::Oral(army) => {
                // SM(m)'s lists: nothing under OM(m).
                release(batch.messages);
                release(batch.withheld);
                army.land(usize::from(batch.round), batch.relays, batch.level)
            }
            Army::Signed(army) => {
                army.notice_missing(&batch.withheld);
                army.deliver(batch.messages);
            }
        }
    }

    /// Every general with mail consumes it, in index order (so the one random
    /// generator is drawn from in a fixed order), composing into `outbox`.
    pub fn step(&mut self, paths: &PathSpace, rng: &mut ChaCha8Rng, outbox: &mut Outbox) {
        match self {
            Army::Oral(army) => army.step(paths, rng, outbox),
            Army::Signed(army) => army.step(paths, rng, outbox),
        }
    }

    /// `step`, stopping once about `budget` units of work (messages) are
    /// done; returns the units done and whether the step is finished. A
    /// later call resumes it: the same work, and the same random draws, in
    /// the same order as one `step`.
    pub fn step_within(
        &mut self,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Outbox,
        budget: u64,
    ) -> (u64, bool) {
        match self {
            Army::Oral(army) => army.step_within(paths, rng, outbox, budget),
            Army::Signed(army) => army.step_within(paths, rng, outbox, budget),
        }
    }

    /// After the last round's deadline: every lieutenant decides.
    pub fn conclude(&mut self, paths: &PathSpace) {
        each!(self, army => army.conclude(paths))
    }

    /// A lieutenant's decision once it has decided; `None` for the commander.
    pub fn decision(&self, index: usize) -> Option<Majority> {
        each!(self, army => army.decision(index))
    }

    /// How many values a general has received (or, under OM, taken by default).
    pub fn heard_count(&self, index: usize) -> u64 {
        each!(self, army => army.heard_count(index))
    }

    /// What a general holds so far, in path order (OM) or arrival order (SM),
    /// at most `limit` entries.
    pub fn held(&self, index: usize, paths: &PathSpace, limit: usize) -> Vec<Held> {
        each!(self, army => army.held(index, paths, limit))
    }

    /// What a general holds for one path so far (OM), or the signed order
    /// it received along that chain (SM), if anything.
    pub fn held_at(&self, index: usize, node: Node, paths: &PathSpace) -> Option<Held> {
        match self {
            Army::Oral(army) => army.held_at(index, node, paths),
            Army::Signed(army) => army.held_at(index, node),
        }
    }

    /// Messages a faulty general has composed so far (each is one move of a
    /// script; see `Conduct::Scripted`).
    pub fn composed(&self, index: usize) -> u64 {
        each!(self, army => army.composed(index))
    }

    /// Under SM(m), the signed orders a general received in round `round`,
    /// in arrival order; nothing under OM(m), whose rounds the message table
    /// finds by arithmetic.
    pub fn received_in_round(
        &self,
        index: usize,
        paths: &PathSpace,
        round: usize,
    ) -> &[(Node, Order)] {
        match self {
            Army::Oral(_) => &[],
            Army::Signed(army) => army.received_in_round(index, paths, round),
        }
    }

    /// A lieutenant's set V under SM(m); `None` under OM(m).
    pub fn signed_values(&self, index: usize) -> Option<sm::Values> {
        match self {
            Army::Oral(_) => None,
            Army::Signed(army) => Some(army.values(index)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_words() {
        assert_eq!(Protocol::oral(1).to_string(), "OM(1)");
        assert_eq!(Protocol::signed(2).to_string(), "SM(2)");
        assert_eq!(Kind::parse("sm"), Some(Kind::Signed));
        assert_eq!(Kind::parse("SM"), None);
        assert_eq!(Protocol::from(3), Protocol::oral(3));
    }

    #[test]
    fn case_one_follows_the_protocol() {
        // Three generals, one traitor: too few for oral messages, enough for signed.
        assert!(Protocol::oral(1).too_few(3, 1));
        assert!(!Protocol::signed(1).too_few(3, 1));
        // SM(m) covers at most m traitors and needs k + 2 generals.
        assert!(Protocol::signed(1).too_few(5, 2));
        assert!(!Protocol::signed(2).too_few(4, 2));
        assert!(Protocol::signed(3).too_few(4, 3));
        assert!(Protocol::oral(1).guarantees(4, 1));
        assert!(!Protocol::oral(1).guarantees(7, 2));
        assert!(Protocol::signed(1).guarantees(3, 1));
    }
}
