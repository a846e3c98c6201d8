//! Numbering of OM(m)'s message paths.
//!
//! In OM(m) every message is identified by the chain of generals that relayed
//! it: `[commander, x1, ..., xk]`, all distinct, the last one being the sender.
//! Rather than hashing such paths, each one gets a dense node number: paths of
//! length `d` are ranked in mixed radix (the first relay chosen among `L`
//! lieutenants, the next among `L - 1`, ...), after all shorter paths. The
//! children of a path are then a contiguous run of numbers, so a general's
//! memory of what it heard is one flat byte array and the nested majority
//! walks it without lookups. SM(m) numbers its signature chains the same way:
//! the chain of signatures on a signed order is the path it travelled.

use std::sync::Arc;

use crate::engine::count::Count;
use crate::engine::limits::MAX_DEPTH;

/// A node of the path tree: one path, and so one value each general may hear.
pub type Node = u32;

/// Longest path a `PathSpace` can describe: the commander plus one relay per level.
pub const MAX_PATH_LEN: usize = MAX_DEPTH as usize + 1;

/// A decoded path of general indices, commander first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Path {
    len: usize,
    members: [u16; MAX_PATH_LEN],
}

impl Path {
    fn new(commander: usize) -> Path {
        let mut members = [0; MAX_PATH_LEN];
        members[0] = commander as u16;
        Path { len: 1, members }
    }

    pub fn as_slice(&self) -> &[u16] {
        &self.members[..self.len]
    }

    pub fn contains(&self, index: usize) -> bool {
        self.as_slice().iter().any(|&m| m as usize == index)
    }

    pub fn push(&mut self, index: usize) {
        self.members[self.len] = index as u16;
        self.len += 1;
    }

    pub fn pop(&mut self) {
        self.len -= 1;
    }
}

/// `a * (a - 1) * ... * (a - k + 1)`, the number of ordered choices of `k`
/// distinct items out of `a`; saturates instead of overflowing.
fn falling(a: u64, k: u64) -> u128 {
    // In u64 while the product fits: wasm multiplies u128 by a library
    // call, and every order counts its tree's paths.
    let mut product = 1u64;
    for i in 0..k {
        match product.checked_mul(a.saturating_sub(i)) {
            Some(next) => product = next,
            None => {
                return (i..k).fold(u128::from(product), |acc, i| {
                    acc.saturating_mul(u128::from(a.saturating_sub(i)))
                })
            }
        }
    }
    u128::from(product)
}

/// The depth OM(m) actually reaches with `n` generals: a relay needs someone
/// left to relay to, so the recursion stops at `n - 2` whatever `m` asks for.
/// The message count is the same either way: the deeper terms are zero.
pub fn effective_depth(n: usize, m: u32) -> u32 {
    (m as usize).min(n.saturating_sub(2)) as u32
}

/// Messages OM(m) sends with `n` generals: the sum over r = 1..=m+1 of
/// (n-1)(n-2)...(n-r), exactly (about 8.6 × 10^50 at n = 1000, m = 16).
pub fn message_count(n: usize, m: u32) -> Count {
    // In u64 when it fits (every army under the message cap): no digit
    // groups to grow, no u128 division, which wasm does by library calls.
    if let Some(total) = message_count_u64(n, m) {
        return Count::from(total);
    }
    let lieutenants = (n as u64).saturating_sub(1);
    let mut total = Count::default();
    // term = (n-1)(n-2)...(n-r), built one factor per r; it is zero from
    // r = n on, and so is every later term.
    let mut term = Count::from(1);
    for r in 1..=u64::from(m) + 1 {
        if r > lieutenants {
            break;
        }
        term.multiply(lieutenants - (r - 1));
        total.add(&term);
    }
    total
}

/// `message_count`, if it fits a u64.
pub fn message_count_u64(n: usize, m: u32) -> Option<u64> {
    let lieutenants = (n as u64).saturating_sub(1);
    let (mut total, mut term) = (0u64, 1u64);
    for r in 1..=u64::from(m) + 1 {
        if r > lieutenants {
            break;
        }
        term = term.checked_mul(lieutenants - (r - 1))?;
        total = total.checked_add(term)?;
    }
    Some(total)
}

/// How many paths (nodes) the tree of OM(m) or SM(m) among `n` generals
/// has: the number `PathSpace::new` would have to give a `Node` number.
pub fn path_count(n: usize, m: u32) -> u128 {
    let lieutenants = (n as u64).saturating_sub(1);
    (1..=u64::from(effective_depth(n, m)) + 1)
        .map(|d| falling(lieutenants, d - 1))
        .fold(0u128, |acc, x| acc.saturating_add(x))
}

/// The path tree of one OM(m) exchange among `n` generals. Under SM(m) the
/// same tree numbers the signature chains: a chain is the path of signers.
#[derive(Clone, Debug)]
pub struct PathSpace {
    n: usize,
    commander: usize,
    /// Longest path length: m + 1 (m already reduced by `effective_depth`).
    levels: usize,
    /// `offsets[d - 1]` is the first node of length `d`; the last entry is
    /// the total. Shared: every level an order sends carries a copy of its
    /// path space, and a copy is then a count, not a block to allocate.
    offsets: Arc<[u64]>,
    /// `expected_per_lieutenant`, counted once: every general of an army
    /// asks (a thousand times an order at n = 1000), and its products are
    /// u128, which wasm multiplies by a library call.
    per_lieutenant: u64,
}

impl PathSpace {
    /// The caller has checked `message_count(n, m)` against the cap, which
    /// bounds the node count well inside `Node`.
    pub fn new(n: usize, commander: usize, m: u32) -> PathSpace {
        assert!(commander < n, "commander index out of range");
        let levels = effective_depth(n, m) as usize + 1;
        let lieutenants = n as u64 - 1;
        assert!(levels <= MAX_PATH_LEN, "at most MAX_DEPTH relays");
        let mut offsets = [0u64; MAX_PATH_LEN + 1];
        for d in 1..=levels {
            let count = falling(lieutenants, d as u64 - 1) as u64;
            offsets[d] = offsets[d - 1] + count;
        }
        assert!(
            offsets[levels] <= u64::from(Node::MAX),
            "path space too large"
        );
        // (An army of one has no lieutenant: saturating, its count is moot.)
        let per_lieutenant = (1..=levels as u64)
            .map(|d| falling((n as u64).saturating_sub(2), d - 1) as u64)
            .sum();
        PathSpace {
            n,
            commander,
            levels,
            offsets: Arc::from(&offsets[..=levels]),
            per_lieutenant,
        }
    }

    pub fn generals(&self) -> usize {
        self.n
    }

    pub fn commander(&self) -> usize {
        self.commander
    }

    /// Longest path length, which is also the number of rounds.
    pub fn levels(&self) -> usize {
        self.levels
    }

    pub fn node_count(&self) -> usize {
        *self.offsets.last().unwrap() as usize
    }

    /// The path holding only the commander: its order as first sent.
    pub fn root(&self) -> Node {
        0
    }

    /// The length of the path `node` stands for (1 for the root).
    pub fn level_of(&self, node: Node) -> usize {
        let node = u64::from(node);
        (1..=self.levels)
            .find(|&d| node < self.offsets[d])
            .expect("node outside the path space")
    }

    pub fn is_leaf(&self, level: usize) -> bool {
        level >= self.levels
    }

    /// Lieutenants not on a path of length `level`: how many children it has.
    pub fn branching(&self, level: usize) -> u64 {
        (self.n - 1 - (level - 1)) as u64
    }

    /// Rank of a general among the lieutenants, the commander left out.
    fn lieutenant_rank(&self, index: usize) -> usize {
        if index < self.commander {
            index
        } else {
            index - 1
        }
    }

    /// The first child of `node`; the others follow contiguously, one per
    /// general not on the path, in ascending index order.
    pub fn first_child(&self, node: Node, level: usize) -> Node {
        debug_assert!(!self.is_leaf(level));
        let rank = u64::from(node) - self.offsets[level - 1];
        (self.offsets[level] + rank * self.branching(level)) as Node
    }

    /// The node for `path` extended by `index` (who must not be on it).
    pub fn child(&self, node: Node, path: &Path, index: usize) -> Node {
        debug_assert!(!path.contains(index));
        let own = self.lieutenant_rank(index);
        let below = path.as_slice()[1..]
            .iter()
            .filter(|&&m| self.lieutenant_rank(m as usize) < own)
            .count();
        self.first_child(node, path.len) + (own - below) as Node
    }

    /// The path `node` stands for, commander first.
    pub fn path(&self, node: Node) -> Path {
        let level = self.level_of(node);
        let mut rank = u64::from(node) - self.offsets[level - 1];
        let mut digits = [0u64; MAX_PATH_LEN];
        for t in (1..level).rev() {
            let base = self.branching(t);
            digits[t] = rank % base;
            rank /= base;
        }
        let mut path = Path::new(self.commander);
        // Lieutenant ranks already on the path, kept sorted ascending.
        let mut taken = [0usize; MAX_PATH_LEN];
        for (t, &digit) in digits.iter().enumerate().take(level).skip(1) {
            // The digit counts among lieutenants not yet on the path: skip past
            // the taken ranks, in ascending order, to find the real one.
            let mut rank = digit as usize;
            for &used in &taken[..t - 1] {
                if used <= rank {
                    rank += 1;
                }
            }
            let at = taken[..t - 1].partition_point(|&used| used < rank);
            taken.copy_within(at..t - 1, at + 1);
            taken[at] = rank;
            let index = if rank < self.commander {
                rank
            } else {
                rank + 1
            };
            path.push(index);
        }
        path
    }

    /// The first node of the paths of length `level`.
    pub fn level_start(&self, level: usize) -> Node {
        self.offsets[level - 1] as Node
    }

    /// How many paths have length `level`.
    pub fn level_size(&self, level: usize) -> usize {
        (self.offsets[level] - self.offsets[level - 1]) as usize
    }

    /// Paths of length `level` that do not contain a given lieutenant: the
    /// values of that length each lieutenant hears.
    pub fn heard_at_level(&self, level: usize) -> u64 {
        falling(self.n as u64 - 2, level as u64 - 1) as u64
    }

    /// The general holding lieutenant rank `rank` (the commander left out).
    fn index_of_rank(&self, rank: usize) -> usize {
        if rank < self.commander {
            rank
        } else {
            rank + 1
        }
    }

    /// The node of a path, commander first.
    pub fn node_of(&self, path: &Path) -> Node {
        let members = path.as_slice();
        let mut local = 0u64;
        for t in 1..members.len() {
            let rank = self.lieutenant_rank(members[t] as usize);
            // Its digit counts only the lieutenants not already on the path.
            let below = members[1..t]
                .iter()
                .filter(|&&m| self.lieutenant_rank(m as usize) < rank)
                .count();
            local = local * self.branching(t) + (rank - below) as u64;
        }
        (self.offsets[members.len() - 1] + local) as Node
    }

    /// The `position`-th path of length `level` in the order OM(m) composes
    /// its relays when nobody withholds a message: generals relay in index
    /// order, each relaying what it heard in the order it was composed, so
    /// paths come by their last relay, then the one before it, and so on
    /// (the tree numbers them by their first relay first). Returns its node
    /// and the path.
    pub fn composed(&self, level: usize, position: usize) -> (Node, Path) {
        // Mixed radix with the last relay as the most significant digit:
        // digit k picks the (level - k)-th relay among the n - k lieutenants
        // not picked before it.
        let mut digits = [0usize; MAX_PATH_LEN];
        let mut rest = position;
        for k in (1..level).rev() {
            let base = self.n - k;
            digits[k] = rest % base;
            rest /= base;
        }
        let mut ranks = [0usize; MAX_PATH_LEN];
        // Lieutenant ranks picked so far, kept sorted ascending.
        let mut taken = [0usize; MAX_PATH_LEN];
        for k in 1..level {
            let mut rank = digits[k];
            for &used in &taken[..k - 1] {
                if used <= rank {
                    rank += 1;
                }
            }
            let at = taken[..k - 1].partition_point(|&used| used < rank);
            taken.copy_within(at..k - 1, at + 1);
            taken[at] = rank;
            ranks[level - k] = rank;
        }
        let mut path = Path::new(self.commander);
        for &rank in &ranks[1..level] {
            path.push(self.index_of_rank(rank));
        }
        (self.node_of(&path), path)
    }

    /// Every path of length `level` that does not hold the general at index
    /// `skip`, in the order `composed` gives them, with its node: one walk
    /// down the tree by the last relay first (ascending among the
    /// lieutenants not yet picked, then the one before it, ...), rather than
    /// decoding every position. A faulty general composes its relays so:
    /// those of the paths it is not on, in this order.
    pub fn each_composed_without(
        &self,
        level: usize,
        skip: usize,
        mut visit: impl FnMut(Node, &Path),
    ) {
        if skip == self.commander {
            // Every path starts with the commander.
            return;
        }
        let mut ranks = [0usize; MAX_PATH_LEN];
        let skip = self.lieutenant_rank(skip);
        self.walk_composed(level, level - 1, &mut ranks, skip, &mut visit);
    }

    /// Picks the relay at `slot` (path order, 1 the first relay), every
    /// later one picked already in `ranks` (lieutenant ranks); at slot 0
    /// the path is whole.
    fn walk_composed(
        &self,
        level: usize,
        slot: usize,
        ranks: &mut [usize; MAX_PATH_LEN],
        skip: usize,
        visit: &mut impl FnMut(Node, &Path),
    ) {
        if slot == 0 {
            // The tree numbers a path by its first relay first, each digit
            // the relay's rank among the lieutenants not before it.
            let mut local = 0u64;
            let mut path = Path::new(self.commander);
            for t in 1..level {
                let rank = ranks[t];
                let below = ranks[1..t].iter().filter(|&&r| r < rank).count();
                local = local * self.branching(t) + (rank - below) as u64;
                path.push(self.index_of_rank(rank));
            }
            visit((self.offsets[level - 1] + local) as Node, &path);
            return;
        }
        for rank in 0..self.n - 1 {
            if rank == skip || ranks[slot + 1..level].contains(&rank) {
                continue;
            }
            ranks[slot] = rank;
            self.walk_composed(level, slot - 1, ranks, skip, visit);
        }
    }

    /// Values a lieutenant hears in a whole exchange: one per path that does
    /// not contain it.
    pub fn expected_per_lieutenant(&self) -> u64 {
        self.per_lieutenant
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Walks the tree the slow, obvious way and checks that numbering,
    /// decoding and child lookup agree on every path.
    fn check_space(n: usize, commander: usize, m: u32) {
        let space = PathSpace::new(n, commander, m);
        let mut seen = HashSet::new();
        let mut stack = vec![(space.root(), Path::new(commander))];
        while let Some((node, path)) = stack.pop() {
            assert!(seen.insert(node), "node {node} numbered twice");
            assert_eq!(space.path(node), path, "decoding node {node}");
            assert_eq!(space.level_of(node), path.len);
            if space.is_leaf(path.len) {
                continue;
            }
            for index in (0..n).filter(|&i| !path.contains(i)) {
                let mut longer = path;
                longer.push(index);
                stack.push((space.child(node, &path, index), longer));
            }
        }
        assert_eq!(seen.len(), space.node_count());
        assert!(seen
            .iter()
            .all(|&node| (node as usize) < space.node_count()));
    }

    #[test]
    fn numbering_is_a_bijection() {
        for (n, m) in [
            (1, 1),
            (2, 1),
            (4, 1),
            (5, 2),
            (7, 2),
            (6, 3),
            (8, 3),
            (6, 9),
        ] {
            for commander in 0..n {
                check_space(n, commander, m);
            }
        }
    }

    /// Composition order: by last relay, then the one before, ...; every
    /// path once, each decoding to its own node.
    #[test]
    fn composition_order_runs_by_the_last_relay_first() {
        for (n, commander, m) in [(4, 0, 1), (5, 2, 2), (7, 3, 3), (6, 5, 4)] {
            let space = PathSpace::new(n, commander, m);
            for level in 1..=space.levels() {
                let composed: Vec<Path> = (0..space.level_size(level))
                    .map(|q| {
                        let (node, path) = space.composed(level, q);
                        assert_eq!(space.path(node), path);
                        assert_eq!(space.node_of(&path), node);
                        path
                    })
                    .collect();
                let mut sorted = composed.clone();
                sorted.sort_by_key(|p| p.as_slice().iter().rev().copied().collect::<Vec<_>>());
                assert_eq!(composed, sorted, "n {n} level {level}");
                sorted.dedup();
                assert_eq!(sorted.len(), space.level_size(level));
            }
        }
    }

    /// The walk without a general gives the paths `composed` gives, less
    /// those it is on, in the same order and with the same nodes.
    #[test]
    fn the_walk_without_a_general_is_the_composition_order() {
        for (n, commander, m) in [(4, 0, 1), (5, 2, 2), (7, 3, 3), (6, 5, 4), (10, 0, 8)] {
            let space = PathSpace::new(n, commander, m);
            for level in 1..=space.levels() {
                for skip in 0..n {
                    let expected: Vec<(Node, Path)> = (0..space.level_size(level))
                        .map(|q| space.composed(level, q))
                        .filter(|(_, path)| !path.contains(skip))
                        .collect();
                    let mut walked = Vec::new();
                    space.each_composed_without(level, skip, |node, path| {
                        walked.push((node, *path));
                    });
                    assert_eq!(walked, expected, "n {n} level {level} skip {skip}");
                }
            }
        }
    }

    #[test]
    fn message_counts_match_the_spec() {
        assert_eq!(message_count(4, 1), 9);
        assert_eq!(message_count(7, 2), 156);
        assert_eq!(message_count(1000, 1), 998_001);
        assert_eq!(message_count(1, 3), 0);
        assert_eq!(message_count(3, 5), message_count(3, 1));
        assert_eq!(
            message_count(24, 16).to_string(),
            "41,755,189,692,578,219,155"
        );
        // Checked against an independent big-integer sum (Python).
        assert_eq!(
            message_count(1000, 16).to_string(),
            "858,230,493,551,219,376,871,998,955,339,777,282,285,747,181,810,019"
        );
    }

    #[test]
    fn recursion_stops_when_nobody_is_left_to_relay_to() {
        assert_eq!(effective_depth(4, 5), 2);
        assert_eq!(effective_depth(2, 1), 0);
        assert_eq!(effective_depth(1, 1), 0);
        assert_eq!(effective_depth(100, 3), 3);
    }
}
