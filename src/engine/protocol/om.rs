//! OM(m), oral messages: a general as a cooperative state machine for one
//! exchange, and the army of them.
//!
//! A general acts only when stepped: a step consumes its inbox, records what
//! it heard, and emits its relays into an outbox (never sending directly), in
//! the style of an actor model. Its inbox is a view of the round that landed
//! (see `relays`): the relays whose path it is not on, in the order they were
//! composed. A message that was withheld is noticed at the round's deadline
//! and taken as `retreat` (the paper's assumption A3), and relayed further
//! down like any value heard. Once it holds every value OM(m) will bring it,
//! a general decides by the nested majority.
//!
//! An army in which nobody may withhold a message runs level by level
//! instead (`om_level`): the same generals and decisions, with each round
//! moved as one byte array over the round's paths.

use rand_chacha::ChaCha8Rng;

use super::lanes::count_orders;
use super::paths::{Node, PathSpace};
use super::{Held, Outbox};
use crate::engine::adversary::{position_among_others, Conduct, Move};
use crate::engine::level::Level;
use crate::engine::order::{Majority, Order};
use crate::engine::relays::{members_below, Receipt, Relays, MAX_WORDS};
use crate::engine::release::release;
use crate::engine::values::Values;

/// The value a general takes for a message that never came: retreat, marked
/// apart from a retreat it heard so the inspector can say which is which.
/// `Majority::from_byte` reads it as retreat.
pub(super) const RETREAT_BY_DEFAULT: u8 = 3;

/// The generals of one OM(m) exchange, in roster order.
#[derive(Clone, Debug)]
pub struct Army {
    pub(super) generals: Vec<General>,
    /// Per general, its own memory of what it heard for each path (0
    /// nothing yet, else `Order::to_byte`); empty for the commander, who
    /// hears nothing. Kept apart from the generals so that an army whose
    /// memory is `shared` has none at all, and its generals stay a few bytes
    /// each: a fresh order touches that much less fresh memory.
    pub(super) memories: Vec<Vec<u8>>,
    /// The faulty generals' state, by ascending index (a handful, usually:
    /// a loyal army carries nothing for it).
    pub(super) traitors: Vec<(u32, Traitor)>,
    /// The values a lieutenant is owed (`PathSpace::expected_per_lieutenant`),
    /// the same for all of them.
    pub(super) expected: u32,
    /// Nobody may withhold a message, so rounds travel as whole levels of
    /// the path tree (`om_level`) rather than relay by relay.
    pub(super) levelwise: bool,
    /// The level that landed at this deadline, until `step` consumes it.
    pub(super) landed_level: Option<Level>,
    /// Buffers of the nested majority, reused from general to general.
    pub(super) scratch: Scratch,
    /// Level by level without a faulty general, every lieutenant hears the
    /// same value for every path it is not on: then this one memory, level
    /// by level (length d at index d - 1), stands for all of theirs (their
    /// own `heard` stays empty). Its levels are uniform as long as what was
    /// relayed was (see `values`).
    pub(super) shared: Option<Vec<Values>>,
    /// The round that landed at this deadline, until `step` consumes it: the
    /// length of the paths it carries, and its relays.
    landed: Option<(usize, Relays)>,
    /// Per general, the landed relays addressed to it, in the order they
    /// were composed: its inbox for a round that it relays further (indices
    /// into the landed relays, not copies of messages). Emptied at the end.
    inboxes: Vec<Vec<u32>>,
    /// Relays whose message a general found withheld, reused between steps.
    missing: Vec<u32>,
    /// How far `step` got with the landed round when a budget stopped it
    /// (see `step_within`).
    pub(super) cursor: Cursor,
    /// Every lieutenant has decided (a shared memory's last landing decides
    /// them all): `conclude` need not look at each again.
    pub(super) all_decided: bool,
}

/// A landed round's work is two passes in a fixed order: a first over its
/// relays (record the last round's values, or file each relay in its
/// receivers' inboxes) or, level by level, over the lieutenants (take the
/// level's bytes); then one over the generals in index order (decide, or
/// step). A budgeted step stops between two items and resumes at the next,
/// so the work, and every random draw, happens in the same order as in one go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Cursor {
    pub(super) first_done: bool,
    pub(super) next: usize,
}

impl Cursor {
    /// The second pass, from its start.
    pub(super) const SECOND: Cursor = Cursor {
        first_done: true,
        next: 0,
    };
}

impl Army {
    /// `generals` generals, loyal but for `faulty` (index and conduct,
    /// ascending). Level by level unless somebody may withhold a message.
    pub fn new(
        generals: usize,
        faulty: impl IntoIterator<Item = (usize, Conduct)>,
        paths: &PathSpace,
    ) -> Army {
        Army::running(generals, faulty, paths, None)
    }

    /// An army running level by level or relay by relay, as asked (both
    /// give the same messages and decisions where nobody withholds), or as
    /// its conducts allow when `levelwise` is `None`.
    pub(super) fn running(
        count: usize,
        faulty: impl IntoIterator<Item = (usize, Conduct)>,
        paths: &PathSpace,
        levelwise: Option<bool>,
    ) -> Army {
        let (mut withholds, mut loyal) = (false, true);
        let mut traitors: Vec<(u32, Traitor)> = Vec::new();
        // Only the faulty generals are looked at: where they are is all the
        // generals need (a general is its index), so a loyal army is built
        // by one loop that writes them.
        for (index, conduct) in faulty {
            debug_assert!(!matches!(conduct, Conduct::Loyal));
            withholds |= conduct.may_withhold();
            loyal = false;
            let traitor = Traitor {
                conduct,
                composed: 0,
            };
            traitors.push((General::new(index).index, traitor));
        }
        let generals = General::army_of(count);
        let levelwise = levelwise.unwrap_or(!withholds);
        let shared = levelwise && loyal;
        let commander = paths.commander();
        // Relay by relay, values land anywhere in a memory; level by level,
        // it grows by one level at a time (see `om_level`).
        let memories = match shared {
            true => Vec::new(),
            false => (0..generals.len())
                .map(|index| match (index == commander, levelwise) {
                    (true, _) => Vec::new(),
                    (false, false) => vec![0; paths.node_count() + WORD],
                    (false, true) => Vec::with_capacity(paths.node_count() + WORD),
                })
                .collect(),
        };
        Army {
            shared: shared.then(|| Vec::with_capacity(paths.levels())),
            levelwise,
            landed_level: None,
            scratch: Scratch::default(),
            generals,
            memories,
            traitors,
            // At most the node count, which fits a `Node`.
            expected: u32::try_from(paths.expected_per_lieutenant())
                .expect("fewer values than paths"),
            landed: None,
            inboxes: Vec::new(),
            missing: Vec::new(),
            cursor: Cursor::default(),
            all_decided: false,
        }
    }

    /// Drops it, cheaply where its parts hold nothing (see `release`): a
    /// loyal army's memories, faulty generals, inboxes and buffers.
    pub fn release(self) {
        let Army {
            memories,
            traitors,
            scratch,
            inboxes,
            missing,
            landed,
            landed_level,
            ..
        } = self;
        release(memories);
        release(traitors);
        release(inboxes);
        release(missing);
        let Scratch {
            paths,
            values,
            flat,
        } = scratch;
        release(paths);
        release(values);
        release(flat);
        if let Some((_, relays)) = landed {
            relays.release();
        }
        if let Some(level) = landed_level {
            level.release();
        }
    }

    pub fn command(
        &mut self,
        order: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Outbox,
    ) {
        if self.levelwise {
            self.command_level(order, paths, rng, &mut outbox.level);
            return;
        }
        let outbox = &mut outbox.relays;
        outbox.prepare(paths.generals());
        let commander = paths.commander();
        let traitor = traitor_of(&mut self.traitors, commander);
        self.generals[commander].command(traitor, order, paths, rng, outbox);
    }

    /// Round `round`'s relays arrive (round r carries paths of length r),
    /// relay by relay or as one level.
    pub fn land(&mut self, round: usize, relays: Relays, level: Level) {
        if self.levelwise {
            debug_assert!(relays.is_empty() && level.length() == round);
            relays.release();
            self.landed_level = Some(level);
        } else {
            self.landed = Some((round, relays));
        }
    }

    /// Every general consumes what reached it, in index order. At the last
    /// round nobody relays, so each value goes straight to its receiver's
    /// memory, relay by relay, and then every lieutenant decides.
    pub fn step(&mut self, paths: &PathSpace, rng: &mut ChaCha8Rng, outbox: &mut Outbox) {
        self.step_within(paths, rng, outbox, u64::MAX);
    }

    /// `step`, stopping once about `budget` units of work are done (a unit
    /// is one message recorded, filed or composed, or one value a decision
    /// reads; at least one relay or general is taken per call). Returns the
    /// units done and whether the landed round is finished; a later call
    /// resumes where this one stopped.
    pub fn step_within(
        &mut self,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Outbox,
        budget: u64,
    ) -> (u64, bool) {
        if let Some(level) = self.landed_level.take() {
            return self.step_level_within(level, paths, rng, &mut outbox.level, budget);
        }
        let outbox = &mut outbox.relays;
        let Some((level, landed)) = self.landed.take() else {
            return (0, true);
        };
        // Every relay of a round has the same number of receivers: the
        // generals not on a path of `level` generals.
        let receivers = (paths.generals() - level) as u64;
        let mut spent = 0u64;
        let over = |spent: u64| spent >= budget && spent > 0;
        let mut cursor = self.cursor;
        if paths.is_leaf(level) {
            // A local slice, so the compiler need not reload the army after
            // every byte it stores.
            let generals = self.generals.as_mut_slice();
            let memories = self.memories.as_mut_slice();
            while !cursor.first_done && cursor.next < landed.len() {
                if over(spent) {
                    return self.stop(level, landed, cursor, spent);
                }
                let index = cursor.next;
                let node = landed.relay(index).node;
                match landed.honest_value(index) {
                    // A loyal relay: one value for every receiver.
                    Some(order) => {
                        let byte = order.to_byte();
                        landed.each_receiver(index, |to| {
                            generals[to].hear(&mut memories[to], node, byte)
                        });
                    }
                    None => landed.each_receipt(index, |to, receipt| {
                        let byte = match receipt {
                            Receipt::Heard(order) => order.to_byte(),
                            Receipt::Withheld => RETREAT_BY_DEFAULT,
                        };
                        generals[to].hear(&mut memories[to], node, byte);
                    }),
                }
                spent += receivers;
                cursor.next += 1;
            }
            if !cursor.first_done {
                cursor = Cursor::SECOND;
            }
            let commander = paths.commander();
            let reads = paths.node_count() as u64;
            while cursor.next < generals.len() {
                if over(spent) {
                    return self.stop(level, landed, cursor, spent);
                }
                let general = &mut generals[cursor.next];
                if general.index() != commander {
                    let memory = &memories[cursor.next];
                    general.decide_when_complete(memory, self.expected, paths, &mut self.scratch);
                    spent += reads;
                }
                cursor.next += 1;
            }
            self.cursor = Cursor::default();
            return (spent, true);
        }
        outbox.prepare(paths.generals());
        self.inboxes.resize_with(self.generals.len(), Vec::new);
        while !cursor.first_done && cursor.next < landed.len() {
            if over(spent) {
                return self.stop(level, landed, cursor, spent);
            }
            let index = cursor.next;
            let inboxes = self.inboxes.as_mut_slice();
            landed.each_receiver(index, |to| inboxes[to].push(index as u32));
            spent += receivers;
            cursor.next += 1;
        }
        if !cursor.first_done {
            cursor = Cursor::SECOND;
        }
        // Each value a general relays goes to the generals not on the
        // longer path.
        let fan_out = receivers.saturating_sub(1).max(1);
        while cursor.next < self.generals.len() {
            if over(spent) {
                return self.stop(level, landed, cursor, spent);
            }
            let (general, memory, inbox) = (
                &mut self.generals[cursor.next],
                &mut self.memories[cursor.next],
                &mut self.inboxes[cursor.next],
            );
            if !inbox.is_empty() {
                spent += inbox.len() as u64 * fan_out;
                let traitor = traitor_of(&mut self.traitors, cursor.next);
                general.step(
                    traitor,
                    memory,
                    self.expected,
                    &landed,
                    inbox,
                    level,
                    paths,
                    rng,
                    outbox,
                    &mut self.missing,
                    &mut self.scratch,
                );
                inbox.clear();
            }
            cursor.next += 1;
        }
        if level + 1 == paths.levels() {
            // The next round is the last: nobody relays again.
            self.inboxes = Vec::new();
        }
        self.cursor = Cursor::default();
        (spent, true)
    }

    /// Puts the landed relays back, to be resumed at `cursor`.
    fn stop(&mut self, level: usize, landed: Relays, cursor: Cursor, spent: u64) -> (u64, bool) {
        self.landed = Some((level, landed));
        self.cursor = cursor;
        (spent, false)
    }

    /// Every lieutenant has decided by now (it heard or defaulted every path);
    /// this only makes sure of it.
    pub fn conclude(&mut self, paths: &PathSpace) {
        if self.all_decided {
            return;
        }
        let uniform = self
            .shared
            .as_deref()
            .and_then(|shared| uniform_majority(shared, paths));
        let commander = paths.commander();
        let generals = self.generals.as_mut_slice();
        // A loop over the slice, not `enumerate`: a call per general in the
        // page's build (see `Army::running`).
        let mut index = 0;
        while index < generals.len() {
            let general = &mut generals[index];
            if index != commander && general.decision.is_none() {
                match (&self.shared, uniform) {
                    (Some(_), Some(kind)) => general.decision = Some(kind),
                    (Some(shared), None) => general.decide_shared(shared, paths, &mut self.scratch),
                    (None, _) => {
                        general.decide_from(&self.memories[index], paths, &mut self.scratch)
                    }
                }
            }
            index += 1;
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
        let traitors = &self.traitors;
        traitors
            .binary_search_by_key(&index, |&(at, _)| at as usize)
            .map_or(0, |at| traitors[at].1.composed)
    }

    /// A general's memory (empty for the commander), if it exists.
    fn memory(&self, index: usize, paths: &PathSpace) -> Option<Memory<'_>> {
        self.generals.get(index)?;
        match &self.shared {
            Some(shared) if index != paths.commander() => Some(Memory::Levels(shared)),
            _ => Some(Memory::Flat(
                self.memories.get(index).map_or(&[][..], Vec::as_slice),
            )),
        }
    }

    /// Whether a general's memory holds a value for `node`: level by level,
    /// each general's memory takes a whole level at once, so it also holds
    /// the paths it is on (what it relayed itself, never heard).
    fn hears(&self, index: usize, node: Node, paths: &PathSpace) -> bool {
        !self.levelwise || !paths.path(node).contains(index)
    }

    /// What a general holds for one path so far, if anything.
    pub fn held_at(&self, index: usize, node: Node, paths: &PathSpace) -> Option<Held> {
        if (node as usize) >= paths.node_count() || !self.hears(index, node, paths) {
            return None;
        }
        let byte = self.memory(index, paths)?.at(node, paths)?;
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
        let Some(memory) = self.memory(index, paths) else {
            return Vec::new();
        };
        (0..paths.node_count() as Node)
            .zip(memory.bytes())
            .filter_map(|(node, byte)| {
                if byte != 0 && !self.hears(index, node, paths) {
                    return None;
                }
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

/// General `index`'s traitor state, if it is faulty.
#[inline]
pub(super) fn traitor_of(traitors: &mut [(u32, Traitor)], index: usize) -> Option<&mut Traitor> {
    let at = traitors
        .binary_search_by_key(&index, |&(at, _)| at as usize)
        .ok()?;
    Some(&mut traitors[at].1)
}

/// What a faulty general carries besides the common state.
#[derive(Clone, Debug)]
pub(super) struct Traitor {
    pub(super) conduct: Conduct,
    /// Messages it composed so far (a script's move counter).
    pub(super) composed: u64,
}

/// One general's state, 12 bytes: its memory of what it heard is the
/// army's (`Army::memories`, or the shared one), and so are what the
/// lieutenants are owed and a faulty general's state (`Army::traitors`),
/// so a fresh order touches that much less fresh memory.
#[derive(Clone, Copy, Debug)]
pub struct General {
    /// Its place in the roster (an army has at most `MAX_GENERALS`).
    index: u32,
    /// Values heard so far: at most the node count, which fits a `Node`.
    pub(super) heard_count: u32,
    pub(super) decision: Option<Majority>,
}

impl General {
    /// The general at `index`.
    pub fn new(index: usize) -> General {
        General {
            index: u32::try_from(index).expect("an army has at most MAX_GENERALS"),
            heard_count: 0,
            decision: None,
        }
    }

    /// Generals 0 to `count - 1`, written in one pass.
    fn army_of(count: usize) -> Vec<General> {
        let count = u32::try_from(count).expect("an army has at most MAX_GENERALS");
        (0..count)
            .map(|index| General {
                index,
                heard_count: 0,
                decision: None,
            })
            .collect()
    }

    /// Its place in the roster.
    #[inline]
    pub(super) fn index(&self) -> usize {
        self.index as usize
    }

    /// The nested majority, once everything it was owed has arrived.
    pub fn decision(&self) -> Option<Majority> {
        self.decision
    }

    /// How many values it has heard so far.
    pub fn heard_count(&self) -> u64 {
        u64::from(self.heard_count)
    }

    /// The commander's one move: send the order to every lieutenant.
    pub(super) fn command(
        &mut self,
        traitor: Option<&mut Traitor>,
        order: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Relays,
    ) {
        debug_assert_eq!(self.index(), paths.commander());
        let index = self.index();
        let mut members = [0u64; MAX_WORDS];
        members[index / 64] |= 1 << (index % 64);
        let words = paths.generals().div_ceil(64);
        self.send(
            traitor,
            paths.root(),
            &members[..words],
            order,
            paths,
            rng,
            outbox,
        );
    }

    /// Consumes its inbox, the relays of `landed` whose path it is not on
    /// (indices, in the order they were composed): records each value and relays it one
    /// level down; then takes retreat for each message that never came, and
    /// relays that.
    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        mut traitor: Option<&mut Traitor>,
        heard: &mut [u8],
        expected: u32,
        landed: &Relays,
        inbox: &[u32],
        level: usize,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Relays,
        missing: &mut Vec<u32>,
        scratch: &mut Scratch,
    ) {
        for &index in inbox {
            let index = index as usize;
            match landed.receipt_for(index, self.index()) {
                Receipt::Heard(order) => self.relay(
                    traitor.as_deref_mut(),
                    heard,
                    landed,
                    index,
                    level,
                    order,
                    order.to_byte(),
                    paths,
                    rng,
                    outbox,
                ),
                Receipt::Withheld => missing.push(index as u32),
            }
        }
        for index in missing.drain(..) {
            let index = index as usize;
            let byte = RETREAT_BY_DEFAULT;
            self.relay(
                traitor.as_deref_mut(),
                heard,
                landed,
                index,
                level,
                Order::Retreat,
                byte,
                paths,
                rng,
                outbox,
            );
        }
        self.decide_when_complete(heard, expected, paths, scratch);
    }

    /// Records a value heard into its memory `heard`.
    #[inline]
    fn hear(&mut self, heard: &mut [u8], node: Node, byte: u8) {
        let slot = &mut heard[node as usize];
        debug_assert_eq!(*slot, 0, "heard the same path twice");
        *slot = byte;
        self.heard_count += 1;
    }

    /// Records the value of relay `index` of `landed` and relays it along
    /// the path extended by this general.
    #[allow(clippy::too_many_arguments)]
    fn relay(
        &mut self,
        traitor: Option<&mut Traitor>,
        heard: &mut [u8],
        landed: &Relays,
        index: usize,
        level: usize,
        order: Order,
        byte: u8,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Relays,
    ) {
        let node = landed.relay(index).node;
        self.hear(heard, node, byte);
        let members = landed.members(index);
        let own = self.index();
        // Its place among the path's children: the generals not on the path,
        // ascending.
        let position = own - members_below(members, own);
        let child = paths.first_child(node, level) + position as Node;
        let mut longer = [0u64; MAX_WORDS];
        let longer = &mut longer[..members.len()];
        longer.copy_from_slice(members);
        longer[own / 64] |= 1 << (own % 64);
        self.send(traitor, child, longer, order, paths, rng, outbox);
    }

    /// A lieutenant decides from its memory `heard` once it holds the
    /// `expected` values it is owed.
    pub(super) fn decide_when_complete(
        &mut self,
        heard: &[u8],
        expected: u32,
        paths: &PathSpace,
        scratch: &mut Scratch,
    ) {
        if self.decision.is_none() && self.heard_count == expected {
            self.decide_from(heard, paths, scratch);
        }
    }

    /// Decides from `memory`, its own.
    fn decide_from(&mut self, memory: &[u8], paths: &PathSpace, scratch: &mut Scratch) {
        self.decision = Some(nested_majority(memory, self.own(paths), paths, scratch));
    }

    /// Decides from the army's shared memory, level by level.
    pub(super) fn decide_shared(
        &mut self,
        levels: &[Values],
        paths: &PathSpace,
        scratch: &mut Scratch,
    ) {
        self.decision = Some(levels_majority(levels, self.own(paths), paths, scratch));
    }

    /// Among the commander's children (the lieutenants, ascending) its own
    /// place is its rank among the lieutenants.
    fn own(&self, paths: &PathSpace) -> usize {
        self.index() - usize::from(paths.commander() < self.index())
    }

    /// Sends `honest` along the path `members` stands for (which ends with
    /// this general) to everyone not on it. A faulty general chooses each
    /// message by its conduct (see `adversary`), so it may tell different
    /// generals different things, or nothing.
    #[allow(clippy::too_many_arguments)]
    fn send(
        &mut self,
        traitor: Option<&mut Traitor>,
        node: Node,
        members: &[u64],
        honest: Order,
        paths: &PathSpace,
        rng: &mut ChaCha8Rng,
        outbox: &mut Relays,
    ) {
        let Some(traitor) = traitor else {
            outbox.push_loyal(node, self.index(), honest, members);
            return;
        };
        let others = paths.generals() - 1;
        let from = self.index as usize;
        outbox.push_chosen(node, from, honest, members, |to| {
            let position = position_among_others(from, to);
            let chosen = traitor
                .conduct
                .choose(honest, traitor.composed, position, others, rng);
            traitor.composed += 1;
            match chosen {
                Move::Send(order) => Some(order),
                Move::Withhold => None,
            }
        });
    }
}

/// Buffers of the nested majority, reused from general to general.
#[derive(Clone, Debug, Default)]
pub(super) struct Scratch {
    /// Per inner level above the last (length d at index d - 1): the
    /// general's paths of that length in tree order, each with the
    /// general's own place among its children.
    paths: Vec<Vec<(Node, u32)>>,
    /// Per inner level: the majority of each of those paths (0 undefined,
    /// else `Order::to_byte`), for the majority one level up.
    values: Vec<Vec<u8>>,
    /// A shared memory whose levels are not all one value, spelled out by
    /// path for `nested_majority` (once: it is the same for everyone).
    flat: Vec<u8>,
}

/// A general's memory as the inspector and the nested majority read it.
#[derive(Clone, Copy)]
enum Memory<'a> {
    /// Its own, by path (levels landed so far, or every path relay by relay).
    Flat(&'a [u8]),
    /// The army's shared one, level by level.
    Levels(&'a [Values]),
}

impl<'a> Memory<'a> {
    /// The value held for `node`, if its level has landed.
    fn at(self, node: Node, paths: &PathSpace) -> Option<u8> {
        match self {
            Memory::Flat(bytes) => bytes.get(node as usize).copied(),
            Memory::Levels(levels) => {
                let length = paths.level_of(node);
                let place = (node - paths.level_start(length)) as usize;
                levels.get(length - 1)?.get(place)
            }
        }
    }

    /// Every value held, by path from the root (then a flat memory's padding).
    fn bytes(self) -> impl Iterator<Item = u8> + 'a {
        let (flat, levels): (&[u8], &[Values]) = match self {
            Memory::Flat(bytes) => (bytes, &[]),
            Memory::Levels(levels) => (&[], levels),
        };
        flat.iter()
            .copied()
            .chain(levels.iter().flat_map(Values::iter))
    }
}

/// The nested majority (`nested_majority`) over a memory kept level by
/// level. Where every level is one value of one kind (attack, retreat, or
/// nothing), so is the majority at every path: each is the majority of its
/// own value and its children's (at least one), all that value. Otherwise
/// the levels are spelled out by path once, into `scratch`, and counted.
fn levels_majority(
    levels: &[Values],
    own: usize,
    paths: &PathSpace,
    scratch: &mut Scratch,
) -> Majority {
    if let Some(kind) = uniform_majority(levels, paths) {
        return kind;
    }
    let mut flat = std::mem::take(&mut scratch.flat);
    if flat.len() != paths.node_count() + WORD {
        flat.clear();
        for level in levels {
            level.append_to(&mut flat);
        }
        flat.resize(paths.node_count() + WORD, 0);
    }
    let majority = nested_majority(&flat, own, paths, scratch);
    scratch.flat = flat;
    majority
}

/// The one value every level of a complete shared memory holds, if there
/// is one: then it is every lieutenant's nested majority (see
/// `levels_majority`), found once for the army rather than once per
/// general.
pub(super) fn uniform_majority(levels: &[Values], paths: &PathSpace) -> Option<Majority> {
    if levels.len() != paths.levels() {
        return None;
    }
    let kind = levels.first()?.as_uniform()?;
    levels[1..]
        .iter()
        .all(|level| level.as_uniform() == Some(kind))
        .then(|| Majority::from_byte(kind))
}

/// OM(m)'s nested majority, seen from one general whose memory is `heard`
/// and whose place among the lieutenants is `own`: the value for a path is
/// the majority of what it heard along that path directly and the values
/// it computes for each one-longer path (each being what the next relay
/// decided in its own sub-instance OM(m-1)). Its own relay of a path is a
/// path it sent, not heard, and is left out; its place among a path's
/// children (the generals not on the path, ascending) moves one down past
/// each child before it.
///
/// Computed bottom-up over flat arrays rather than by recursion: first, top
/// down, the list of its paths of each inner length with its own place
/// among their children; then the last inner level from the leaves' runs of
/// bytes, and each level above from the run of its children's majorities.
/// Deep trees have short runs; the work per value stays a few instructions.
fn nested_majority(heard: &[u8], own: usize, paths: &PathSpace, scratch: &mut Scratch) -> Majority {
    let levels = paths.levels();
    if levels == 1 {
        return Majority::from_byte(heard[paths.root() as usize]);
    }
    let last = levels - 1;
    let leaf_run = paths.branching(last) as usize;
    if last == 1 || leaf_run > WORD {
        return nested_majority_long(heard, own, paths, scratch);
    }
    let Scratch {
        paths: lists,
        values,
        ..
    } = scratch;
    inner_places(paths, own, last, lists);
    values.resize_with(last, Vec::new);
    // The last two inner lengths at once: a path one above the last inner
    // length takes the majority of its children, each the majority of its
    // own byte and its run of leaves, read as one word less the general's
    // own slot. A parent's children are consecutive, and so are their runs.
    let d = last - 1;
    {
        let parents = &lists[d - 1][..];
        let tree = Children::of(paths, d);
        let leaves = Children::of(paths, last);
        let values = &mut values[d - 1];
        values.clear();
        values.resize(parents.len() + WORD, 0);
        let keep = lane_mask(leaf_run);
        let (runs, step) = (leaf_run as u32 - 1, leaf_run as u32);
        let child_majority = |node: Node, leaves: Node, mask: u64| -> u8 {
            let (attack, retreat) = count_word(read_word(heard, leaves as usize) & mask);
            majority_byte(heard[node as usize], attack, retreat, runs)
        };
        for (slot, &(node, own)) in values.iter_mut().zip(parents) {
            let first = tree.first(node);
            let first_leaf = leaves.first(first);
            let (mut attack, mut retreat) = (0u32, 0u32);
            // Before its own place its own slot is one lower.
            let mask = keep & !(0xFF << (8 * own.saturating_sub(1)));
            for child in 0..own {
                let value = child_majority(first + child, first_leaf + child * step, mask);
                attack += u32::from(value == 1);
                retreat += u32::from(value == 2);
            }
            // (Past the last child when its place is the last: no slot.)
            let mask = keep & !0xFFu64.checked_shl(8 * own).unwrap_or(0);
            for child in own + 1..tree.branching {
                let value = child_majority(first + child, first_leaf + child * step, mask);
                attack += u32::from(value == 1);
                retreat += u32::from(value == 2);
            }
            *slot = majority_byte(heard[node as usize], attack, retreat, tree.branching - 1);
        }
    }
    // Bottom up: each path's children are a run of majorities one below.
    for d in (1..d).rev() {
        let (upper, lower) = values.split_at_mut(d);
        let (values, below) = (&mut upper[d - 1], &lower[0][..]);
        let parents = &lists[d - 1][..];
        values.clear();
        values.resize(parents.len() + WORD, 0);
        let run = paths.branching(d) as usize - 1;
        if run > WORD {
            for (i, &(node, _)) in parents.iter().enumerate() {
                let (attack, retreat) = count_orders(&below[i * run..(i + 1) * run]);
                values[i] = majority_byte(heard[node as usize], attack, retreat, run as u32);
            }
            continue;
        }
        let keep = lane_mask(run);
        let out = &mut values[..parents.len()];
        for (i, (slot, &(node, _))) in out.iter_mut().zip(parents).enumerate() {
            let (attack, retreat) = count_word(read_word(below, i * run) & keep);
            *slot = majority_byte(heard[node as usize], attack, retreat, run as u32);
        }
    }
    Majority::from_byte(values[0][0])
}

/// `nested_majority` where runs of leaves are longer than a word (OM(1) and
/// big armies), or the root's children are the leaves: the leaves' runs are
/// counted in `count_orders`' byte lanes.
fn nested_majority_long(
    heard: &[u8],
    own: usize,
    paths: &PathSpace,
    scratch: &mut Scratch,
) -> Majority {
    let last = paths.levels() - 1;
    let leaf_run = paths.branching(last) as usize;
    // The majority of a path of the last inner length, less its own slot.
    let majority = |node: Node, own: usize| -> u8 {
        let first = paths.first_child(node, last) as usize;
        let run = &heard[first..first + leaf_run];
        let (mut attack, mut retreat) = count_orders(run);
        attack -= u32::from(run[own] == 1);
        retreat -= u32::from(run[own] >= 2);
        majority_byte(heard[node as usize], attack, retreat, leaf_run as u32 - 1)
    };
    if last == 1 {
        return Majority::from_byte(majority(paths.root(), own));
    }
    let Scratch {
        paths: lists,
        values,
        ..
    } = scratch;
    inner_places(paths, own, last, lists);
    values.resize_with(last, Vec::new);
    // The last inner length, from the children of the paths one above it.
    {
        let d = last - 1;
        let out = &mut values[last - 1];
        out.clear();
        let tree = Children::of(paths, d);
        for &(node, own) in lists[d - 1].iter() {
            let first = tree.first(node);
            for child in (0..tree.branching).filter(|&child| child != own) {
                out.push(majority(
                    first + child,
                    (own - u32::from(child < own)) as usize,
                ));
            }
        }
    }
    // Bottom up: each path's children are a run of majorities one below.
    for d in (1..last).rev() {
        let (upper, lower) = values.split_at_mut(d);
        let (out, below) = (&mut upper[d - 1], &lower[0][..]);
        out.clear();
        let run = paths.branching(d) as usize - 1;
        for (&(node, _), children) in lists[d - 1].iter().zip(below.chunks_exact(run)) {
            let (attack, retreat) = count_orders(children);
            out.push(majority_byte(
                heard[node as usize],
                attack,
                retreat,
                run as u32,
            ));
        }
    }
    Majority::from_byte(values[0][0])
}

/// Where the children of the paths of one length start: `PathSpace::first_child`
/// with the level's constants read once.
#[derive(Clone, Copy)]
struct Children {
    parents: Node,
    children: Node,
    branching: u32,
}

impl Children {
    fn of(paths: &PathSpace, level: usize) -> Children {
        Children {
            parents: paths.level_start(level),
            children: paths.level_start(level + 1),
            branching: paths.branching(level) as u32,
        }
    }

    #[inline]
    fn first(&self, node: Node) -> Node {
        self.children + (node - self.parents) * self.branching
    }
}

/// Bytes read at once when counting a short run; memories and runs of
/// majorities end with this many bytes of padding so that a word can be
/// read at the start of any run.
pub(super) const WORD: usize = 8;

/// The lanes of a word that hold a run of `len` (at most `WORD`) bytes.
fn lane_mask(len: usize) -> u64 {
    match len {
        0 => 0,
        _ => u64::MAX >> (8 * (WORD - len)),
    }
}

/// The word of bytes from `at`, first byte lowest.
#[inline]
fn read_word(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + WORD].try_into().expect("a word"))
}

/// How many lanes of `word` hold attack, and how many retreat. Bytes are 0
/// (nothing, or masked out), 1 (attack), 2 or 3 (retreat): bit 1 says
/// retreat, bit 0 without bit 1 attack. The lanes are added by one
/// multiplication each (at most 8, so no lane overflows).
#[inline]
fn count_word(word: u64) -> (u32, u32) {
    const LANES: u64 = 0x0101_0101_0101_0101;
    let retreat = (word >> 1) & LANES;
    let attack = word & !(word >> 1) & LANES;
    (
        (attack.wrapping_mul(LANES) >> 56) as u32,
        (retreat.wrapping_mul(LANES) >> 56) as u32,
    )
}

/// The strict majority (0 undefined, else `Order::to_byte`) of a path's own
/// value `direct` and `children` values, of which `attack` are attack and
/// `retreat` retreat (undefined values count for neither, as in `Tally`).
#[inline]
fn majority_byte(direct: u8, attack: u32, retreat: u32, children: u32) -> u8 {
    let total = children + 1;
    let attack = attack + u32::from(direct == 1);
    let retreat = retreat + u32::from(direct >= 2);
    if 2 * attack > total {
        Order::Attack.to_byte()
    } else if 2 * retreat > total {
        Order::Retreat.to_byte()
    } else {
        0
    }
}

/// The inner paths of a general's tree, by length (`lists[d - 1]` holds the
/// paths of length d, 1 ..= last - 1), each with the general's own place
/// among that path's children, which the majorities leave out. Top down: a
/// child before its own place adds a general below it to the path, which
/// moves its own place one down.
fn inner_places(paths: &PathSpace, own: usize, last: usize, lists: &mut Vec<Vec<(Node, u32)>>) {
    lists.resize_with(last, Vec::new);
    lists[0].clear();
    lists[0].push((paths.root(), own as u32));
    for d in 1..last - 1 {
        let (upper, lower) = lists.split_at_mut(d);
        let (parents, children) = (&upper[d - 1], &mut lower[0]);
        children.clear();
        let tree = Children::of(paths, d);
        children.reserve(parents.len() * (tree.branching as usize - 1));
        for &(node, own) in parents.iter() {
            let first = tree.first(node);
            for child in 0..own {
                children.push((first + child, own - 1));
            }
            for child in own + 1..tree.branching {
                children.push((first + child, own));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::order::Tally;
    use rand::{RngExt, SeedableRng};

    /// The nested majority by its definition, one call per path.
    fn by_definition(
        heard: &[u8],
        node: Node,
        level: usize,
        own: usize,
        paths: &PathSpace,
    ) -> Majority {
        let direct = Majority::from_byte(heard[node as usize]);
        if paths.is_leaf(level) {
            return direct;
        }
        let mut tally = Tally::default();
        tally.add(direct);
        let first = paths.first_child(node, level);
        for child in 0..paths.branching(level) as usize {
            if child != own {
                let below = own - usize::from(child < own);
                tally.add(by_definition(
                    heard,
                    first + child as Node,
                    level + 1,
                    below,
                    paths,
                ));
            }
        }
        tally.majority()
    }

    /// A general is 12 bytes (the first order of a process touches the
    /// army's fresh memory: 12 KB at n = 1000, not 64 as with its memory,
    /// count bound and faulty state inside).
    #[test]
    fn a_general_is_twelve_bytes() {
        assert_eq!(std::mem::size_of::<General>(), 12);
    }

    /// Armies (n, m) whose trees the majority tests walk: one relay round
    /// and deep ones, short runs of leaves, runs of exactly a word, long ones.
    const TREE_SHAPES: [(usize, u32); 8] = [
        (4, 1),
        (12, 1),
        (7, 2),
        (14, 2),
        (11, 3),
        (8, 4),
        (10, 8),
        (3, 2),
    ];

    /// Flat and by definition agree on random memories (bytes 0 to 3, its
    /// own slots included), for short runs of leaves, runs of exactly a
    /// word, and long ones.
    #[test]
    fn the_flat_majority_is_the_nested_majority() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut scratch = Scratch::default();
        for (n, m) in TREE_SHAPES.into_iter().chain([(12, 3)]) {
            let paths = PathSpace::new(n, n / 3, m);
            for _ in 0..20 {
                let heard: Vec<u8> = (0..paths.node_count() + WORD)
                    .map(|_| rng.random_range(0..4u32) as u8)
                    .collect();
                for own in 0..n - 1 {
                    assert_eq!(
                        nested_majority(&heard, own, &paths, &mut scratch),
                        by_definition(&heard, paths.root(), 1, own, &paths),
                        "n {n} m {m} own {own}"
                    );
                }
            }
        }
    }

    /// A memory kept level by level, each level uniform or bytes, decides
    /// as the same values spelled out by path do by definition: on levels
    /// all one value (attack, retreat, retreat by default mixed with
    /// retreat, or nothing), on a bottom or top uniform only, and on random
    /// bytes.
    #[test]
    fn levels_uniform_or_bytes_decide_as_the_nested_majority() {
        let mut rng = ChaCha8Rng::seed_from_u64(12);
        for (n, m) in TREE_SHAPES {
            let paths = PathSpace::new(n, n / 2, m);
            for trial in 0..60 {
                // Trial 0..10: every level uniform; later ones mix.
                let uniform_odds = if trial < 10 { 4 } else { trial % 4 };
                let levels: Vec<Values> = (1..=paths.levels())
                    .map(|length| {
                        let size = paths.level_size(length);
                        if rng.random_range(0..4u32) < uniform_odds {
                            // Uniform of one kind: retreat heard (2) or by
                            // default (3) count alike.
                            let kind = if trial < 5 {
                                1 + trial % 3
                            } else {
                                rng.random_range(0..4)
                            };
                            let byte = if kind == 3 && rng.random_range(0..2u32) == 0 {
                                2
                            } else {
                                kind
                            };
                            Values::uniform(byte as u8, size)
                        } else {
                            let bytes =
                                (0..size).map(|_| rng.random_range(0..4u32) as u8).collect();
                            Values::Bytes(bytes)
                        }
                    })
                    .collect();
                let mut flat: Vec<u8> = levels.iter().flat_map(Values::iter).collect();
                flat.resize(paths.node_count() + WORD, 0);
                // A fresh scratch per memory: its spelled-out copy is kept
                // for the army's one memory.
                let mut scratch = Scratch::default();
                for own in 0..n - 1 {
                    assert_eq!(
                        levels_majority(&levels, own, &paths, &mut scratch),
                        by_definition(&flat, paths.root(), 1, own, &paths),
                        "n {n} m {m} own {own} trial {trial}"
                    );
                }
            }
        }
    }
}
