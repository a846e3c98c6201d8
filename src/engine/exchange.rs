//! One run of a protocol (OM(m) or SM(m)) for one order: the generals' state
//! machines, the network between them, and the logical clock that drives both.
//!
//! Rounds are driven by deadlines, not by the network going idle: round r's
//! messages are sent at tick (r - 1) * HOP_TICKS and its deadline is
//! r * HOP_TICKS. At each deadline the exchange delivers what arrived, lets
//! every receiver notice what was withheld, steps every general that has mail
//! (in index order, so the one random generator is drawn from in a fixed
//! order) and puts their outboxes on the wire. After the last round's
//! deadline every lieutenant decides, even if a silent traitor sent nothing
//! at all. `advance` moves the clock by some ticks; running to completion is
//! advancing deadline by deadline, so the animated page and the command line
//! cannot disagree.

use std::mem::ManuallyDrop;

use rand_chacha::ChaCha8Rng;

use super::adversary::Conduct;
use super::count::Count;
use super::limits::{HOP_TICKS, MESSAGE_CAP};
use super::message::Message;
use super::network::Network;
use super::order::{Majority, Order};
use super::protocol::paths::{path_count, Node, PathSpace};
use super::protocol::sm::{self, Values};
use super::protocol::{Army, Held, Kind, Outbox, Protocol};
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
    /// Its path: the relay chain under OM(m), the signature chain under
    /// SM(m); `Exchange::chain` names the generals on it.
    pub node: Node,
    /// 0 when sent, 1 on arrival.
    pub progress: f64,
}

/// An order refused before anything was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The protocol would (or, under SM(m), could) send more than `MESSAGE_CAP`.
    TooManyMessages {
        protocol: Protocol,
        generals: usize,
        /// Exact: OM(m)'s count passes u128 at large m.
        messages: Count,
    },
    /// More relay or signature chains than a `Node` can number (SM(m) at a
    /// depth whose messages would fit the cap but whose chains do not).
    TooManyChains {
        protocol: Protocol,
        generals: usize,
        chains: u128,
    },
}

/// One value a general holds, for the inspector: the relay (OM) or signature
/// (SM) chain, the value, and whether it was taken by default because the
/// message never came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heard {
    pub chain: Vec<GeneralId>,
    pub order: Order,
    pub by_default: bool,
}

/// Sees every message as the exchange puts it on the wire or withholds it,
/// for a trace. Messages name generals by roster index (`Exchange::id_of`).
/// The unit type sees nothing, and costs nothing: `advance` uses it. OM(m)
/// keeps its messages by relay (see `relays`); they are spelled out one by
/// one only for an observer that `SEES`.
pub trait Observer {
    /// Whether the exchange should spell out the messages for it.
    const SEES: bool = true;
    /// Round `round`'s messages, sent at tick `at`, landing at `arrives`.
    fn sent(&mut self, _round: u8, _at: u64, _arrives: u64, _messages: &[Message]) {}
    /// Messages of round `round` a traitor did not send.
    fn withheld(&mut self, _round: u8, _at: u64, _messages: &[Message]) {}
}

impl Observer for () {
    const SEES: bool = false;
}

#[derive(Clone, Debug)]
pub struct Exchange {
    order: Order,
    protocol: Protocol,
    ids: Ids,
    paths: PathSpace,
    /// Released by hand when the exchange is dropped (see `Drop`).
    army: ManuallyDrop<Army>,
    network: Network,
    outbox: ManuallyDrop<Outbox>,
    now: u64,
    sent: u64,
    withheld: u64,
    total: u64,
    /// Deadlines handled so far; round `rounds_done + 1` is on the wire.
    rounds_done: usize,
    /// Every lieutenant has decided.
    concluded: bool,
    /// The deadline `now` stands at has landed its round but the army's
    /// step of it is not finished (a budgeted advance stopped it).
    landing: bool,
    /// Indices (roster order) of the generals following a script: the
    /// behaviour `g-search` found, replayed. Empty otherwise, so free.
    scripted: Vec<usize>,
}

/// The army and the outbox are dropped part by part, each part that never
/// allocated forgotten rather than dropped (see `release`): in the page's
/// build an order's end was a dozen call chains for empty containers.
impl Drop for Exchange {
    fn drop(&mut self) {
        // What is left in their places holds nothing and is never dropped.
        let army = std::mem::replace(&mut self.army, ManuallyDrop::new(Army::default()));
        ManuallyDrop::into_inner(army).release();
        let outbox = std::mem::replace(&mut self.outbox, ManuallyDrop::new(Outbox::default()));
        ManuallyDrop::into_inner(outbox).release();
    }
}

/// The roster's ids, by position (messages and paths use positions).
#[derive(Clone, Debug)]
struct Ids {
    len: usize,
    /// The first id: where the ids run without a gap (no general was
    /// killed), the one at `index` is `first + index`, and nothing is
    /// listed: a thousand ids copied an order cost more in the page than
    /// the rest of a loyal order's start.
    first: u32,
    /// Every id, ascending, where they do not run without a gap.
    listed: Vec<GeneralId>,
}

impl Ids {
    fn of(roster: &Roster) -> Ids {
        let members = roster.members();
        let (first, last) = match (members.first(), members.last()) {
            (Some(first), Some(last)) => (first.id.0, last.id.0),
            _ => (0, 0),
        };
        // Ascending and distinct: without a gap exactly when the last is
        // as far from the first as the count says.
        let gapless = (last - first) as usize + 1 == members.len();
        Ids {
            len: members.len(),
            first,
            listed: match gapless {
                true => Vec::new(),
                false => members.iter().map(|m| m.id).collect(),
            },
        }
    }

    /// The id of the general at `index` (below `len`).
    fn at(&self, index: usize) -> GeneralId {
        match self.listed.is_empty() {
            true => {
                assert!(index < self.len, "a position in the roster");
                GeneralId(self.first + index as u32)
            }
            false => self.listed[index],
        }
    }

    /// The position of general `id`, if it takes part.
    fn index_of(&self, id: GeneralId) -> Option<usize> {
        match self.listed.is_empty() {
            true => {
                let index = id.0.checked_sub(self.first)? as usize;
                (index < self.len).then_some(index)
            }
            false => self.listed.binary_search(&id).ok(),
        }
    }
}

impl Exchange {
    /// Builds the generals from the roster, each behaving as its state and
    /// strategy say, and lets the commander send its order at tick 0. A bare
    /// depth for `protocol` means OM(m). Refuses, sending nothing, when the
    /// exchange could exceed `MESSAGE_CAP`.
    pub fn start(
        roster: &Roster,
        order: Order,
        protocol: impl Into<Protocol>,
        rng: &mut ChaCha8Rng,
    ) -> Result<Exchange, Refusal> {
        // Only the faulty generals' conducts (a loyal one's is implied): a
        // loyal roster lists none, so allocates nothing. A plain loop over
        // the slice: an iterator handed on to the army was a call per
        // general in the page's build. A roster's conducts are never scripts.
        let members = roster.members();
        let mut faulty = Vec::new();
        // The roster counts its faulty members: a loyal one is not looked at.
        let mut index = match roster.faulty_count() {
            0 => members.len(),
            _ => 0,
        };
        while index < members.len() {
            if members[index].loyalty.is_faulty() {
                faulty.push((index, members[index].conduct()));
            }
            index += 1;
        }
        let protocol = protocol.into();
        Exchange::start_from(roster, order, protocol, faulty, Vec::new(), rng, &mut ())
    }

    /// `start` with each general's conduct given explicitly (one per roster
    /// member, in roster order: a script for the adversary search, say), and
    /// an observer that sees the commander's messages.
    pub fn start_with(
        roster: &Roster,
        order: Order,
        protocol: Protocol,
        conducts: Vec<Conduct>,
        rng: &mut ChaCha8Rng,
        observer: &mut impl Observer,
    ) -> Result<Exchange, Refusal> {
        assert_eq!(conducts.len(), roster.len(), "one conduct per general");
        let scripted = (0..conducts.len())
            .filter(|&index| matches!(conducts[index], Conduct::Scripted(_)))
            .collect();
        let faulty = conducts
            .into_iter()
            .enumerate()
            .filter(|(_, conduct)| !matches!(conduct, Conduct::Loyal));
        Exchange::start_from(roster, order, protocol, faulty, scripted, rng, observer)
    }

    /// `start_with` with the faulty generals' conducts (index, conduct,
    /// ascending) taken one by one as the army is built, those at
    /// `scripted` scripts. Generic, not a `dyn` iterator: a `dyn` one would keep one copy of
    /// this in the page (0.8 KB gzipped less) but calls through it per
    /// general, which made a loyal order at n = 1000 three times slower in
    /// the page (0.006 -> 0.021 ms).
    fn start_from(
        roster: &Roster,
        order: Order,
        protocol: Protocol,
        faulty: impl IntoIterator<Item = (usize, Conduct)>,
        scripted: Vec<usize>,
        rng: &mut ChaCha8Rng,
        observer: &mut impl Observer,
    ) -> Result<Exchange, Refusal> {
        let n = roster.len();
        // In u64: a `Count` of digit groups only where the bound passes it.
        let bound = match protocol.message_bound_u64(n) {
            Some(bound) if bound <= MESSAGE_CAP => bound,
            _ => {
                return Err(Refusal::TooManyMessages {
                    protocol,
                    generals: n,
                    messages: protocol.message_bound(n),
                })
            }
        };
        let chains = path_count(n, protocol.depth);
        if chains > u128::from(Node::MAX) {
            return Err(Refusal::TooManyChains {
                protocol,
                generals: n,
                chains,
            });
        }
        let ids = Ids::of(roster);
        let commander = ids
            .index_of(roster.primary())
            .expect("the primary is a live general");
        let paths = PathSpace::new(n, commander, protocol.depth);
        let army = Army::new(protocol.kind, n, faulty, &paths);
        let mut exchange = Exchange {
            order,
            protocol,
            ids,
            paths,
            army: ManuallyDrop::new(army),
            network: Network::default(),
            outbox: ManuallyDrop::new(Outbox::default()),
            now: 0,
            sent: 0,
            withheld: 0,
            // OM(m)'s bound is its count: not counted twice.
            total: match protocol.kind {
                Kind::Oral => bound,
                Kind::Signed => sm::message_count(n, protocol.depth),
            },
            rounds_done: 0,
            concluded: false,
            landing: false,
            scripted,
        };
        exchange
            .army
            .command(order, &exchange.paths, rng, &mut exchange.outbox);
        exchange.flush(1, observer);
        // An army of one has nobody to message: it is done at once.
        if n == 1 {
            exchange.conclude();
        }
        Ok(exchange)
    }

    /// Whether general `id` follows a script in this order (the behaviour
    /// `g-search` found), rather than its roster strategy.
    pub fn is_scripted(&self, id: GeneralId) -> bool {
        self.ids
            .index_of(id)
            .is_some_and(|i| self.scripted.contains(&i))
    }

    fn flush<O: Observer>(&mut self, round: u8, observer: &mut O) {
        let arrives = self.now + HOP_TICKS;
        let withheld = self.outbox.withheld_count();
        if O::SEES {
            observer.sent(round, self.now, arrives, &self.outbox.sent_messages());
            if withheld > 0 {
                observer.withheld(round, self.now, &self.outbox.withheld_messages());
            }
        }
        self.sent += self.outbox.sent_count();
        self.withheld += withheld;
        self.network.send(self.now, round, &mut self.outbox);
    }

    fn conclude(&mut self) {
        self.army.conclude(&self.paths);
        self.concluded = true;
    }

    /// The tick of the next round's deadline.
    fn next_deadline(&self) -> u64 {
        (self.rounds_done as u64 + 1) * HOP_TICKS
    }

    /// Moves logical time forward by `ticks`, handling every deadline due.
    pub fn advance(&mut self, ticks: u64, rng: &mut ChaCha8Rng) {
        self.advance_observed(ticks, rng, &mut ());
    }

    /// `advance`, showing every message put on the wire to `observer`.
    pub fn advance_observed(
        &mut self,
        ticks: u64,
        rng: &mut ChaCha8Rng,
        observer: &mut impl Observer,
    ) {
        self.advance_within_observed(ticks, u64::MAX, rng, observer);
    }

    /// `advance`, doing at most about `budget` units of work (a unit is one
    /// message delivered, filed or composed, or one value a decision reads;
    /// see `Army::step_within`): what one animation frame can afford. When
    /// the budget runs out at a deadline, the clock stays at that deadline
    /// and returns false; the next call finishes the deadline's work first,
    /// then moves on by its own `ticks`. However the work is cut, the
    /// exchange goes through the same states at every deadline, with the
    /// same messages, decisions and random draws, as with `advance`.
    pub fn advance_within(&mut self, ticks: u64, budget: u64, rng: &mut ChaCha8Rng) -> bool {
        self.advance_within_observed(ticks, budget, rng, &mut ())
    }

    /// `advance_within`, showing every message put on the wire to `observer`.
    pub fn advance_within_observed(
        &mut self,
        ticks: u64,
        budget: u64,
        rng: &mut ChaCha8Rng,
        observer: &mut impl Observer,
    ) -> bool {
        self.advance_counted(ticks, budget, rng, observer).0
    }

    /// `advance_within_observed`, also saying how many units of work it did
    /// (at most about `budget`): a replay spread over frames shares one
    /// frame's budget among several orders. Returns whether it caught up
    /// and the units spent.
    pub fn advance_counted(
        &mut self,
        ticks: u64,
        budget: u64,
        rng: &mut ChaCha8Rng,
        observer: &mut impl Observer,
    ) -> (bool, u64) {
        let until = self.now.saturating_add(ticks);
        let mut left = budget;
        loop {
            if self.landing {
                let (spent, done) = self
                    .army
                    .step_within(&self.paths, rng, &mut self.outbox, left);
                left = left.saturating_sub(spent);
                if !done {
                    return (false, budget - left);
                }
                self.landing = false;
                let round = self.rounds_done + 1;
                self.rounds_done = round;
                if round >= self.paths.levels() {
                    debug_assert!(self.outbox.is_empty(), "the last round relays nothing");
                    self.conclude();
                } else {
                    self.flush(round as u8 + 1, observer);
                }
            }
            if self.concluded || self.next_deadline() > until {
                break;
            }
            if left == 0 {
                return (false, budget - left);
            }
            let deadline = self.next_deadline();
            self.now = deadline;
            if let Some(batch) = self.network.take_arrived(deadline) {
                debug_assert_eq!(usize::from(batch.round), self.rounds_done + 1);
                self.army.land(batch);
            }
            self.landing = true;
        }
        self.now = until;
        (true, budget - left)
    }

    /// Ticks from now to the next round's deadline, 0 while a deadline's
    /// landing is under way: the step `run_to_completion` takes.
    pub fn to_next_deadline(&self) -> u64 {
        self.next_deadline().saturating_sub(self.now)
    }

    /// Advances deadline by deadline until every lieutenant has decided.
    pub fn run_to_completion(&mut self, rng: &mut ChaCha8Rng) {
        self.run_to_completion_observed(rng, &mut ());
    }

    /// `run_to_completion`, showing every message to `observer`.
    pub fn run_to_completion_observed(
        &mut self,
        rng: &mut ChaCha8Rng,
        observer: &mut impl Observer,
    ) {
        while !self.concluded {
            let step = self.to_next_deadline();
            self.advance_observed(step, rng, observer);
        }
    }

    /// A budgeted advance stopped in the middle of a round's landing: the
    /// clock waits at its deadline until a later call finishes it.
    pub fn is_landing(&self) -> bool {
        self.landing
    }

    /// Every round's deadline has passed and every lieutenant has decided.
    pub fn is_complete(&self) -> bool {
        self.concluded
    }

    pub fn order(&self) -> Order {
        self.order
    }

    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// Rounds this exchange takes: the depth actually reached plus one.
    pub fn rounds(&self) -> usize {
        self.paths.levels()
    }

    /// The round on the wire (whose deadline comes next), until the last
    /// deadline has passed.
    pub fn round(&self) -> Option<u8> {
        (!self.concluded).then_some(self.rounds_done as u8 + 1)
    }

    pub fn now(&self) -> u64 {
        self.now
    }

    /// Messages put on the wire so far.
    pub fn sent(&self) -> u64 {
        self.sent
    }

    /// Messages traitors withheld so far (a silent general's, say).
    pub fn withheld(&self) -> u64 {
        self.withheld
    }

    /// Messages the whole exchange sends by the protocol's formula (under
    /// SM(m), with a loyal commander). `sent` differs when traitors withhold,
    /// or, under SM(m), when a faulty commander signs both orders.
    pub fn total(&self) -> u64 {
        self.total
    }

    pub fn in_flight(&self) -> usize {
        self.network.messages_in_flight()
    }

    /// The id of the general at a roster index (messages use indices).
    pub fn id_of(&self, index: usize) -> GeneralId {
        self.ids.at(index)
    }

    /// The generals on a message's path, commander first: the relay chain
    /// under OM(m), the signature chain under SM(m).
    pub fn chain(&self, node: Node) -> Vec<GeneralId> {
        self.paths
            .path(node)
            .as_slice()
            .iter()
            .map(|&i| self.ids.at(i as usize))
            .collect()
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
            batch
                .sampled(stride)
                .map(move |m| self.flight(m, batch.round, progress))
        });
        (sample, stride)
    }

    /// Messages of round `round` on the wire now (not yet landed).
    pub fn in_flight_of_round(&self, round: u8) -> u64 {
        self.network
            .batches()
            .filter(|batch| batch.round == round)
            .map(|batch| batch.sent_count() as u64)
            .sum()
    }

    /// The messages of round `round` in flight from the general at roster
    /// index `from`, producing nobody else's (a caption's traitor).
    pub fn flights_from(&self, round: u8, from: usize) -> impl Iterator<Item = Flight> + '_ {
        self.network
            .batches()
            .filter(move |batch| batch.round == round)
            .flat_map(move |batch| {
                let progress = batch.progress(self.now);
                batch
                    .sent_by(from)
                    .map(move |m| self.flight(m, batch.round, progress))
            })
    }

    /// The message in flight along path `node` to the general at roster
    /// index `to`, if any (a row of the message table).
    pub fn flight_to(&self, node: Node, to: usize) -> Option<Flight> {
        self.network.batches().find_map(|batch| {
            let m = batch.sent_to(node, to)?;
            Some(self.flight(m, batch.round, batch.progress(self.now)))
        })
    }

    fn flight(&self, m: Message, round: u8, progress: f64) -> Flight {
        Flight {
            from: self.ids.at(m.from as usize),
            to: self.ids.at(m.to as usize),
            from_index: m.from as usize,
            to_index: m.to as usize,
            order: m.order,
            altered: m.altered,
            round,
            node: m.node,
            progress,
        }
    }

    /// The path tree numbering this exchange's messages (relay chains under
    /// OM(m), signature chains under SM(m)), for views that walk it.
    pub fn paths(&self) -> &PathSpace {
        &self.paths
    }

    /// Live generals in this exchange.
    pub fn generals(&self) -> usize {
        self.ids.len
    }

    /// What the general at a roster index holds for one path so far: the
    /// value heard along that relay chain (OM) or the signed order received
    /// along that signature chain (SM), if anything has come (or defaulted).
    pub fn held_at(&self, index: usize, node: Node) -> Option<Held> {
        self.army.held_at(index, node, &self.paths)
    }

    /// A general's position in the roster (messages and paths use positions).
    pub fn index_of(&self, id: GeneralId) -> Option<usize> {
        self.ids.index_of(id)
    }

    /// A lieutenant's decision (nested majority under OM(m), choice(V) under
    /// SM(m)), once it has decided. The commander never decides: it reports
    /// the order it was given.
    pub fn decision(&self, id: GeneralId) -> Option<Majority> {
        self.army.decision(self.index_of(id)?)
    }

    /// How many values a general has heard so far.
    pub fn heard_count(&self, id: GeneralId) -> u64 {
        self.index_of(id)
            .map_or(0, |index| self.army.heard_count(index))
    }

    /// Messages a faulty general has composed so far, sent or withheld: after
    /// a run, how long a script for it must be to cover every move it made
    /// (see `Conduct::Scripted`). 0 for a loyal general under OM(m).
    pub fn composed(&self, id: GeneralId) -> u64 {
        self.index_of(id)
            .map_or(0, |index| self.army.composed(index))
    }

    /// Under SM(m), the signed orders the general at roster index `index`
    /// received in round `round` (chain, value), in arrival order; empty
    /// under OM(m).
    pub fn received_in_round(&self, index: usize, round: usize) -> &[(Node, Order)] {
        self.army.received_in_round(index, &self.paths, round)
    }

    /// Round `round`'s messages in flight, from the `start`-th (in the order
    /// composed), at most `count`: a page of them, skipping the rest
    /// without producing them where they are listed one by one (SM(m)).
    pub fn flights_of_round(&self, round: u8, start: usize, count: usize) -> Vec<Flight> {
        let mut skip = start;
        let mut page = Vec::new();
        for batch in self.network.batches().filter(|b| b.round == round) {
            let progress = batch.progress(self.now);
            // `nth` on a listed batch's slice skips in one step.
            let from = skip;
            skip = skip.saturating_sub(batch.sent_count());
            page.extend(
                batch
                    .sampled(1)
                    .skip(from)
                    .take(count - page.len())
                    .map(|m| self.flight(m, round, progress)),
            );
            if page.len() == count {
                break;
            }
        }
        page
    }

    /// A lieutenant's set V under SM(m), as it stands; `None` under OM(m).
    pub fn signed_values(&self, id: GeneralId) -> Option<Values> {
        self.army.signed_values(self.index_of(id)?)
    }

    /// What a general has heard so far, at most `limit` entries: in path order
    /// under OM(m), in arrival order under SM(m).
    pub fn heard_by(&self, id: GeneralId, limit: usize) -> Vec<Heard> {
        let Some(index) = self.index_of(id) else {
            return Vec::new();
        };
        self.army
            .held(index, &self.paths, limit)
            .into_iter()
            .map(|held| Heard {
                chain: self.chain(held.node),
                order: held.order,
                by_default: held.by_default,
            })
            .collect()
    }
}
