//! Experiments: sweep the army's size n, the number of faulty generals k and
//! the depth m, run many orders (trials) per cell, and count how often IC1
//! (agreement) and IC2 (validity) broke. One cell is a pure function of the
//! cell and the sweep's seed, so front ends may spread cells over threads
//! (rayon on the command line, Web Workers in the page) and still print the
//! same table: nothing here reads a clock or shares state between cells.
//!
//! Randomness, per cell: the cell's generator is ChaCha8 keyed by the sweep
//! seed and the cell itself (`cell_key`), never by its position in the sweep
//! or the number of trials, so a smaller sweep reproduces the same cells and
//! 100 trials are the first 100 of 1,000. Each trial draws from it, in this
//! order: the trial's own seed (u64), the order (a fair coin), then, with
//! `Placement::Random`, the primary (uniform over G1..Gn) and the k faulty
//! generals (a uniform k-subset of all n, by a partial Fisher-Yates shuffle:
//! the primary is among them with probability k/n), then, for a mix, each
//! faulty general's strategy (uniform over the mix, ascending id order). The
//! order itself runs with a fresh generator seeded with the trial's seed,
//! exactly as a console session started with that seed and primary would, so
//! any trial replays in the main view as a session (`Trial::commands`).

pub mod problem;
pub mod report;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::adversary::Strategy;
use super::exchange::{Exchange, Refusal};
use super::limits::{
    MAX_DEPTH, MAX_EXPERIMENT_CELLS, MAX_EXPERIMENT_GENERALS, MAX_EXPERIMENT_MESSAGES,
    MAX_EXPERIMENT_TRIALS, MESSAGE_CAP,
};
use super::order::{Majority, Order};
use super::protocol::paths::{path_count, Node};
use super::protocol::{Kind, Protocol};
use super::replay::{Entry, Link};
use super::roster::{Loyalty, Roster};
use super::session::SessionOptions;
use super::verdict::Outcome;
pub use problem::{SweepProblem, Swept};

/// An inclusive range of whole numbers, written `3..13` (3 to 13, both
/// included, as "n from 3 to 13" reads) or `5` (just 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub first: u32,
    pub last: u32,
}

impl Span {
    pub const fn new(first: u32, last: u32) -> Span {
        Span { first, last }
    }

    /// Reads `A..B` (A <= B) or `A`; the error says what was expected.
    pub fn parse(text: &str) -> Result<Span, String> {
        let expected = || {
            format!(
                "expected a number or a range A..B with A <= B (both included), not {}",
                super::command::quote(text)
            )
        };
        let number = |t: &str| {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            t.parse::<u32>().ok()
        };
        let (first, last) = match text.split_once("..") {
            Some((a, b)) => (number(a), number(b)),
            None => (number(text), number(text)),
        };
        match (first, last) {
            (Some(first), Some(last)) if first <= last => Ok(Span { first, last }),
            _ => Err(expected()),
        }
    }

    pub fn values(self) -> std::ops::RangeInclusive<u32> {
        self.first..=self.last
    }

    pub fn count(self) -> u64 {
        u64::from(self.last - self.first) + 1
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}..{}", self.first, self.last)
        }
    }
}

/// The strategies the faulty generals of a cell follow: one, or a mix from
/// which each faulty general draws its own (a set of `Strategy::ALL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mix(u8);

impl Mix {
    pub fn single(strategy: Strategy) -> Mix {
        Mix(1 << Self::bit(strategy))
    }

    /// All four strategies.
    pub fn all() -> Mix {
        Mix((1 << Strategy::ALL.len()) - 1)
    }

    fn bit(strategy: Strategy) -> usize {
        Strategy::ALL
            .iter()
            .position(|&s| s == strategy)
            .expect("every strategy is in ALL")
    }

    /// The strategies in the mix, in `Strategy::ALL` order.
    pub fn strategies(self) -> impl Iterator<Item = Strategy> {
        Strategy::ALL
            .into_iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, s)| s)
    }

    pub fn len(self) -> u32 {
        self.0.count_ones()
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// `coin`, `coin+liar` (also written `coin,liar`), or `mix` for all four.
    pub fn parse(text: &str) -> Result<Mix, String> {
        if text == "mix" {
            return Ok(Mix::all());
        }
        let mut mix = Mix(0);
        for word in text.split([',', '+']) {
            let Some(strategy) = Strategy::parse(word) else {
                // `coin+` or an empty field: say what is missing, not `''`.
                let problem = match word.is_empty() {
                    true => format!("a strategy is missing in {}", super::command::quote(text)),
                    false => format!("unknown strategy {}", super::command::quote(word)),
                };
                return Err(format!(
                    "{problem}; expected {}, several joined with + or ,, or mix for all",
                    Strategy::accepted()
                ));
            };
            mix.0 |= 1 << Self::bit(strategy);
        }
        Ok(mix)
    }
}

impl std::fmt::Display for Mix {
    /// The strategies joined with `+` (no comma, so a CSV field needs no quotes).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words: Vec<&str> = self.strategies().map(Strategy::as_str).collect();
        f.write_str(&words.join("+"))
    }
}

/// Which generals are faulty in each trial.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Placement {
    /// Drawn per trial: a uniform primary and a uniform k-subset of all n
    /// generals (so the commander is faulty in about k/n of the trials).
    #[default]
    Random,
    /// G1 commands; the faulty generals are the k highest ids, so the
    /// commander is loyal unless k = n. Only the traitors' coins vary.
    Fixed,
}

impl Placement {
    pub const fn word(self) -> &'static str {
        match self {
            Placement::Random => "random",
            Placement::Fixed => "fixed",
        }
    }

    pub fn parse(word: &str) -> Result<Placement, String> {
        match word {
            "random" => Ok(Placement::Random),
            "fixed" => Ok(Placement::Fixed),
            _ => Err(format!(
                "unknown placement {}; expected random or fixed",
                super::command::quote(word)
            )),
        }
    }
}

/// One cell of a sweep: `trials` orders with `n` generals, `k` of them faulty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cell {
    pub n: u32,
    pub k: u32,
    pub protocol: Protocol,
    pub mix: Mix,
    pub placement: Placement,
    pub trials: u32,
}

/// A whole experiment: every (m, n, k) with k <= n, in that nesting order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sweep {
    pub seed: u64,
    pub n: Span,
    pub k: Span,
    pub kind: Kind,
    pub m: Span,
    pub mix: Mix,
    pub placement: Placement,
    pub trials: u32,
}

impl Sweep {
    /// The benchmark's default: n 3..16, k 0..5, OM(1) and OM(2), coin,
    /// 1,000 trials per cell.
    pub fn default_with_seed(seed: u64) -> Sweep {
        Sweep {
            seed,
            n: Span::new(3, 16),
            k: Span::new(0, 5),
            kind: Kind::Oral,
            m: Span::new(1, 2),
            mix: Mix::single(Strategy::Coin),
            placement: Placement::Random,
            trials: 1000,
        }
    }

    /// The cells in table order: m, then n, then k; cells with k > n are left
    /// out (there are not that many generals to make faulty).
    pub fn cells(&self) -> Vec<Cell> {
        let mut cells = Vec::new();
        for depth in self.m.values() {
            for n in self.n.values() {
                for k in self.k.values().take_while(|&k| k <= n) {
                    cells.push(Cell {
                        n,
                        k,
                        protocol: Protocol {
                            kind: self.kind,
                            depth,
                        },
                        mix: self.mix,
                        placement: self.placement,
                        trials: self.trials,
                    });
                }
            }
        }
        cells
    }

    /// Every bound of `limits.rs` an experiment meets, checked before
    /// anything runs; the problem says which option is wrong, what it
    /// allows and what was given (each front end words it).
    pub fn validate(&self) -> Result<(), SweepProblem> {
        let max = MAX_EXPERIMENT_GENERALS;
        let out_of_range = |swept, allowed, given| SweepProblem::OutOfRange {
            swept,
            allowed,
            given,
        };
        if self.n.first < 1 || self.n.last > max {
            return Err(out_of_range(Swept::Generals, Span::new(1, max), self.n));
        }
        if self.k.last > max {
            return Err(out_of_range(Swept::Faulty, Span::new(0, max), self.k));
        }
        if self.m.last > MAX_DEPTH {
            return Err(out_of_range(Swept::Depths, Span::new(0, MAX_DEPTH), self.m));
        }
        if !(1..=MAX_EXPERIMENT_TRIALS).contains(&self.trials) {
            return Err(SweepProblem::Trials {
                most: MAX_EXPERIMENT_TRIALS,
                given: u64::from(self.trials),
            });
        }
        if self.mix.is_empty() {
            return Err(SweepProblem::NoStrategy);
        }
        if self.k.first > self.n.last {
            return Err(SweepProblem::NoCell {
                k: self.k,
                n: self.n,
            });
        }
        let cells = self.m.count() * self.n.count() * self.k.count();
        if cells > MAX_EXPERIMENT_CELLS as u64 {
            return Err(SweepProblem::TooManyCells {
                cells,
                m: self.m,
                n: self.n,
                k: self.k,
                most: MAX_EXPERIMENT_CELLS as u64,
            });
        }
        let mut total: u64 = 0;
        for depth in self.m.values() {
            let protocol = Protocol {
                kind: self.kind,
                depth,
            };
            // The largest army is the costliest: checking it covers the rest.
            let n = self.n.last as usize;
            if let Some(refusal) = refusal(protocol, n) {
                return Err(refusal);
            }
            // Every n passed the cap above, so each bound fits a u64.
            let per_trial: u64 = self
                .n
                .values()
                .map(|n| {
                    protocol
                        .message_bound(n as usize)
                        .to_u64()
                        .unwrap_or(u64::MAX)
                })
                .fold(0, u64::saturating_add);
            let ks = self.k.count().min(u64::from(self.n.last) + 1);
            total = total.saturating_add(
                per_trial
                    .saturating_mul(ks)
                    .saturating_mul(u64::from(self.trials)),
            );
        }
        if total > MAX_EXPERIMENT_MESSAGES {
            return Err(SweepProblem::SweepTooBig {
                messages: total,
                most: MAX_EXPERIMENT_MESSAGES,
            });
        }
        Ok(())
    }
}

/// Why one order of `protocol` with `n` generals would be refused, if it would.
fn refusal(protocol: Protocol, n: usize) -> Option<SweepProblem> {
    let bound = protocol.message_bound(n);
    if bound > MESSAGE_CAP {
        return Some(SweepProblem::OrderTooBig {
            protocol,
            n,
            bound,
            most: MESSAGE_CAP,
        });
    }
    if path_count(n, protocol.depth) > u128::from(Node::MAX) {
        return Some(SweepProblem::TooManyChains {
            protocol,
            n,
            most: u64::from(Node::MAX),
        });
    }
    None
}

/// One trial as drawn: everything needed to run it again, in the page's main
/// view too (`options` and `commands`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trial {
    /// Seeds the generator the order runs with (the session's seed).
    pub seed: u64,
    pub primary: u32,
    /// The faulty generals, ascending, each with its strategy.
    pub faulty: Vec<(u32, Strategy)>,
    pub order: Order,
}

impl Trial {
    /// The session to start for a replay of this trial with `n` generals.
    pub fn options(&self, n: u32, protocol: Protocol) -> SessionOptions {
        SessionOptions {
            generals: n as usize,
            seed: Some(self.seed),
            primary: Some(self.primary),
            depth: protocol.depth,
        }
    }

    /// The console lines that make that session run this trial: the
    /// protocol (for SM), each traitor, then the order. None of them draws
    /// from the generator, so the order draws exactly as in the experiment.
    pub fn commands(&self, protocol: Protocol) -> Vec<String> {
        let mut lines = Vec::new();
        if protocol.kind == Kind::Signed {
            lines.push(format!("g-protocol sm {}", protocol.depth));
        }
        for (id, strategy) in &self.faulty {
            lines.push(format!("g-state {id} faulty {strategy}"));
        }
        lines.push(format!("actual-order {}", self.order));
        lines
    }

    /// The replay link (see `engine::replay`) that opens this trial in the
    /// page's main view: its session and its commands, none typed mid-order.
    pub fn link(&self, n: u32, protocol: Protocol) -> Link {
        let mut link = Link::new(self.options(n, protocol));
        link.entries = self
            .commands(protocol)
            .into_iter()
            .map(Entry::typed)
            .collect();
        link
    }
}

/// What one cell's trials came to. Counts, not rates: the report divides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellResult {
    pub cell: Cell,
    /// Trials whose loyal lieutenants did not all decide the same value.
    pub ic1_broken: u32,
    /// Trials with a loyal commander whose order some loyal lieutenant did not decide.
    pub ic2_broken: u32,
    /// Trials with a loyal commander (where IC2 applies).
    pub loyal_commander: u32,
    /// The spec's verdict line: the commander's order reached a quorum.
    pub verdict_order: u32,
    /// The other order reached a quorum.
    pub verdict_other: u32,
    pub verdict_no_quorum: u32,
    /// Case 1: too few generals for k faults (the protocol's own bound).
    pub verdict_too_few: u32,
    /// Messages put on the wire over all trials.
    pub messages: u64,
    /// The first trial that broke IC1 or IC2: its index and how to replay it.
    pub first_failure: Option<(u32, Trial)>,
}

impl CellResult {
    pub fn messages_mean(&self) -> f64 {
        self.messages as f64 / f64::from(self.cell.trials)
    }
}

/// The 32 bytes that key a cell's generator: the sweep seed and every field
/// of the cell but the number of trials, little-endian.
fn cell_key(cell: &Cell, seed: u64) -> [u8; 32] {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..12].copy_from_slice(&cell.n.to_le_bytes());
    key[12..16].copy_from_slice(&cell.k.to_le_bytes());
    key[16..20].copy_from_slice(&cell.protocol.depth.to_le_bytes());
    key[20] = match cell.protocol.kind {
        Kind::Oral => 0,
        Kind::Signed => 1,
    };
    key[21] = match cell.placement {
        Placement::Random => 0,
        Placement::Fixed => 1,
    };
    key[22] = cell.mix.0;
    key
}

/// Draws trial after trial of one cell into reused buffers.
struct Draw {
    rng: ChaCha8Rng,
    /// 1..=n, partly shuffled to pick the faulty generals.
    ids: Vec<u32>,
    strategies: Vec<Strategy>,
}

impl Draw {
    fn new(cell: &Cell, seed: u64) -> Draw {
        Draw {
            rng: ChaCha8Rng::from_seed(cell_key(cell, seed)),
            ids: Vec::with_capacity(cell.n as usize),
            strategies: cell.mix.strategies().collect(),
        }
    }

    fn next(&mut self, cell: &Cell, trial: &mut Trial) {
        let (n, k) = (cell.n, cell.k);
        trial.seed = self.rng.random::<u64>();
        trial.order = if self.rng.random::<bool>() {
            Order::Attack
        } else {
            Order::Retreat
        };
        self.ids.clear();
        self.ids.extend(1..=n);
        match cell.placement {
            Placement::Random => {
                trial.primary = self.rng.random_range(1..=n);
                for i in 0..k {
                    let j = self.rng.random_range(i..n);
                    self.ids.swap(i as usize, j as usize);
                }
                self.ids[..k as usize].sort_unstable();
            }
            Placement::Fixed => {
                trial.primary = 1;
                self.ids.rotate_left((n - k) as usize);
            }
        }
        trial.faulty.clear();
        for &id in &self.ids[..k as usize] {
            let strategy = match self.strategies.as_slice() {
                [only] => *only,
                all => all[self.rng.random_range(0..all.len() as u32) as usize],
            };
            trial.faulty.push((id, strategy));
        }
    }
}

/// One trial's findings.
struct Finding {
    ic1_broken: bool,
    /// `None`: the commander is faulty, IC2 does not apply.
    ic2_broken: Option<bool>,
    outcome: Outcome,
    sent: u64,
}

/// Runs one trial as a console session would: the roster, the traitors, a
/// fresh generator from the trial's seed, the order to completion.
fn run_trial(cell: &Cell, trial: &Trial) -> Result<Finding, Refusal> {
    let n = cell.n as usize;
    let mut roster = Roster::new(n, trial.primary);
    for &(id, strategy) in &trial.faulty {
        roster
            .set_state(id, Loyalty::Faulty, strategy)
            .expect("faulty ids are drawn from 1..=n");
    }
    let mut rng = ChaCha8Rng::seed_from_u64(trial.seed);
    let mut exchange = Exchange::start(&roster, trial.order, cell.protocol, &mut rng)?;
    exchange.run_to_completion(&mut rng);
    Ok(judge(cell, &roster, &exchange, trial.order))
}

/// IC1, IC2 and the verdict's outcome, counted without building the check's
/// or the verdict's lists (the same rules as `Check::judge` and
/// `Verdict::judge_under`; a test holds them equal).
fn judge(cell: &Cell, roster: &Roster, exchange: &Exchange, order: Order) -> Finding {
    let primary = roster.primary();
    let commander_loyal = roster.get(primary).is_some_and(|m| !m.loyalty.is_faulty());
    let mut agreed: Option<Majority> = None;
    let (mut ic1_broken, mut ic2_broken) = (false, false);
    // The primary reports the order it was given.
    let (mut attack, mut retreat) = match order {
        Order::Attack => (1, 0),
        Order::Retreat => (0, 1),
    };
    for member in roster.members() {
        if member.id == primary {
            continue;
        }
        let decided = exchange.decision(member.id).unwrap_or(Majority::Undefined);
        match decided {
            Majority::Order(Order::Attack) => attack += 1,
            Majority::Order(Order::Retreat) => retreat += 1,
            Majority::Undefined => {}
        }
        if member.loyalty.is_faulty() {
            continue;
        }
        match agreed {
            None => agreed = Some(decided),
            Some(value) => ic1_broken |= value != decided,
        }
        ic2_broken |= decided != Majority::Order(order);
    }
    let outcome = if cell.protocol.too_few(cell.n as usize, cell.k as usize) {
        Outcome::NotEnoughGenerals
    } else {
        Outcome::of_counts(attack, retreat, cell.n as usize / 2 + 1)
    };
    Finding {
        ic1_broken,
        ic2_broken: commander_loyal.then_some(ic2_broken),
        outcome,
        sent: exchange.sent(),
    }
}

/// Runs every trial of `cell` under the sweep seed `seed`. Pure: the same
/// cell and seed give the same result on any thread, natively or in wasm.
/// Refused (nothing run) if one order would exceed the per-order limits;
/// `Sweep::validate` refuses such sweeps before they start.
pub fn run_cell(cell: &Cell, seed: u64) -> Result<CellResult, SweepProblem> {
    if let Some(refusal) = refusal(cell.protocol, cell.n as usize) {
        return Err(refusal);
    }
    if cell.k > cell.n || cell.n < 1 || cell.n > MAX_EXPERIMENT_GENERALS {
        return Err(SweepProblem::BadCell {
            n: cell.n,
            k: cell.k,
            most_generals: MAX_EXPERIMENT_GENERALS,
        });
    }
    let mut result = CellResult {
        cell: *cell,
        ic1_broken: 0,
        ic2_broken: 0,
        loyal_commander: 0,
        verdict_order: 0,
        verdict_other: 0,
        verdict_no_quorum: 0,
        verdict_too_few: 0,
        messages: 0,
        first_failure: None,
    };
    let mut draw = Draw::new(cell, seed);
    let mut trial = Trial {
        seed: 0,
        primary: 1,
        faulty: Vec::with_capacity(cell.k as usize),
        order: Order::Attack,
    };
    for index in 0..cell.trials {
        draw.next(cell, &mut trial);
        // `refusal` was checked above, so the exchange cannot refuse.
        let found = run_trial(cell, &trial).map_err(|refused| match refused {
            Refusal::TooManyMessages {
                protocol,
                generals,
                messages,
            } => SweepProblem::OrderTooBig {
                protocol,
                n: generals,
                bound: messages,
                most: MESSAGE_CAP,
            },
            Refusal::TooManyChains {
                protocol, generals, ..
            } => SweepProblem::TooManyChains {
                protocol,
                n: generals,
                most: u64::from(Node::MAX),
            },
        })?;
        result.ic1_broken += u32::from(found.ic1_broken);
        if let Some(broken) = found.ic2_broken {
            result.loyal_commander += 1;
            result.ic2_broken += u32::from(broken);
        }
        match found.outcome {
            Outcome::Decided(o) if o == trial.order => result.verdict_order += 1,
            Outcome::Decided(_) => result.verdict_other += 1,
            Outcome::NoQuorum => result.verdict_no_quorum += 1,
            Outcome::NotEnoughGenerals => result.verdict_too_few += 1,
        }
        result.messages += found.sent;
        let failed = found.ic1_broken || found.ic2_broken == Some(true);
        if failed && result.first_failure.is_none() {
            result.first_failure = Some((index, trial.clone()));
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests;
