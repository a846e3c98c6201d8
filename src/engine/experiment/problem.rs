//! What is wrong with an experiment's options, as data: which parameter,
//! what range it allows, what was given. The engine decides; each front end
//! words it for its own inputs (the command line names its flags, `--n`;
//! the page names the Experiments panel's fields as their labels show them).

use super::Span;
use crate::engine::count::Count;
use crate::engine::protocol::Protocol;

/// A swept parameter of an experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swept {
    /// The army sizes, n.
    Generals,
    /// The numbers of faulty generals, k.
    Faulty,
    /// The depths, m.
    Depths,
}

/// Why a sweep (or one of its cells) cannot run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SweepProblem {
    /// A swept range reaches outside `allowed` (both ends included).
    OutOfRange {
        swept: Swept,
        allowed: Span,
        given: Span,
    },
    /// The trials per cell outside 1 to `most`.
    Trials { most: u32, given: u64 },
    /// The faulty generals follow no strategy.
    NoStrategy,
    /// Every k is more than every n: no cell has that many generals.
    NoCell { k: Span, n: Span },
    /// More cells than `most`.
    TooManyCells {
        cells: u64,
        m: Span,
        n: Span,
        k: Span,
        most: u64,
    },
    /// One order of `protocol` among `n` generals could send more messages
    /// than one order may (`MESSAGE_CAP`).
    OrderTooBig {
        protocol: Protocol,
        n: usize,
        bound: Count,
        most: u64,
    },
    /// One order of `protocol` among `n` generals has more relay chains than
    /// a node number holds.
    TooManyChains {
        protocol: Protocol,
        n: usize,
        most: u64,
    },
    /// The whole sweep could send more messages than `most`.
    SweepTooBig { messages: u64, most: u64 },
    /// A cell outside the sweep's rules (1 <= n <= `most_generals`, k <= n):
    /// only a cell built by hand, never one of a validated sweep.
    BadCell { n: u32, k: u32, most_generals: u32 },
}
