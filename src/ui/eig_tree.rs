//! One general's EIG tree (exponential information gathering), as the
//! inspector shows it: one node per relay chain (`G1 → G3 → G2`), the value
//! the general heard along it, the majority it computes there, and, at the
//! root, its decision. Lies are marked: a value that differs from what the
//! sender itself had heard (or a message it withheld, taken as retreat).
//!
//! Under SM(m) there is no nested majority: the view is the set V, choice(V)
//! and the signature chains the general received (`SignedView`).
//!
//! Everything is read from an `Exchange` as it stands, so a tree built from
//! the exchange at an earlier tick shows what the general knew then: values
//! not yet arrived are pending and majorities are "so far". Big trees open
//! only their first level and page the children of each node; one view never
//! builds more than `EIG_MAX_SHOWN` nodes (limits.rs).

use crate::engine::limits::{EIG_MAX_SHOWN, EIG_OPEN_ALL, EIG_PAGE};
use crate::engine::order::Tally;
use crate::engine::paths::{Node, Path, PathSpace};
use crate::engine::protocol::sm::Values;
use crate::engine::{Exchange, GeneralId, Kind, Majority, Order};

/// Where a value differs from what an honest sender would have passed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lie {
    /// `sender` had heard `had` (or, as commander, was given it) and told
    /// this general `told`.
    Told {
        sender: GeneralId,
        had: Order,
        told: Order,
    },
    /// `sender` sent nothing; the general took retreat by default.
    Withheld { sender: GeneralId },
}

/// What the general holds for one chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heard {
    /// Nothing yet: the message is still on its way (or its round is to come).
    Pending,
    Value(Order),
    /// Nothing came by the deadline: retreat, by assumption A3.
    ByDefault,
}

/// A node's children as the view shows them.
#[derive(Clone, Debug, PartialEq)]
pub enum Children {
    /// The last level: a leaf's majority is its value.
    Leaf,
    /// Not opened (or past the view's node budget): only counted.
    Collapsed { count: usize },
    /// One page of the children, in ascending id order.
    Open {
        shown: Vec<EigNode>,
        count: usize,
        page: usize,
        pages: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct EigNode {
    pub node: Node,
    /// The relay chain, commander first; the last one told this general.
    pub chain: Vec<GeneralId>,
    pub heard: Heard,
    pub lie: Option<Lie>,
    /// The majority computed here over what has arrived so far (for a leaf,
    /// its value); `None` while nothing under it has arrived.
    pub majority: Option<Majority>,
    /// Every value under this node has arrived: `majority` is final.
    pub settled: bool,
    pub children: Children,
}

impl EigNode {
    /// `G1 → G3 → G2`.
    pub fn label(&self) -> String {
        chain_label(&self.chain)
    }
}

/// `G1 → G3 → G2`.
pub fn chain_label(chain: &[GeneralId]) -> String {
    chain
        .iter()
        .map(GeneralId::to_string)
        .collect::<Vec<_>>()
        .join(" \u{2192} ")
}

/// The hops a chain's value travelled to reach `owner`, for highlighting
/// them on the canvas: each relay to the next, and the last to the owner.
pub fn hops(chain: &[GeneralId], owner: GeneralId) -> Vec<(GeneralId, GeneralId)> {
    let mut hops: Vec<_> = chain.windows(2).map(|w| (w[0], w[1])).collect();
    if let Some(&last) = chain.last() {
        hops.push((last, owner));
    }
    hops
}

/// Which nodes the reader opened or closed, and which page of each node's
/// children is shown. Nodes are numbered by the exchange's path tree, which
/// is the same for every exchange of one roster and protocol, so a view
/// survives scrubbing the timeline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TreeView {
    /// (node, (open, page of its children)), ascending by node: a sorted
    /// list rather than a `BTreeMap`, whose code the page would carry for
    /// the few nodes a reader touches.
    choices: Vec<(Node, (bool, usize))>,
}

impl TreeView {
    pub fn toggle(&mut self, node: Node, open_now: bool) {
        self.choice(node, (open_now, 0)).0 = !open_now;
    }

    pub fn set_page(&mut self, node: Node, page: usize) {
        self.choice(node, (true, 0)).1 = page;
    }

    /// The node's choice, made `fresh` if it has none yet.
    fn choice(&mut self, node: Node, fresh: (bool, usize)) -> &mut (bool, usize) {
        let at = match self.choices.binary_search_by_key(&node, |c| c.0) {
            Ok(at) => at,
            Err(at) => {
                self.choices.insert(at, (node, fresh));
                at
            }
        };
        &mut self.choices[at].1
    }

    fn get(&self, node: Node) -> Option<&(bool, usize)> {
        let at = self.choices.binary_search_by_key(&node, |c| c.0).ok()?;
        Some(&self.choices[at].1)
    }

    fn is_open(&self, node: Node, default: bool) -> bool {
        self.get(node).map_or(default, |c| c.0)
    }

    fn page(&self, node: Node) -> usize {
        self.get(node).map_or(0, |c| c.1)
    }
}

/// A lieutenant's EIG tree under OM(m).
#[derive(Clone, Debug, PartialEq)]
pub struct EigTree {
    pub owner: GeneralId,
    pub root: EigNode,
    /// Nodes in the whole tree (the values this general hears in an order).
    pub total: u64,
    /// Nodes this view built.
    pub shown: usize,
    /// The node budget ran out: some opened nodes show only their count.
    pub truncated: bool,
    /// Its decision, once the exchange has concluded.
    pub decision: Option<Majority>,
}

/// A lieutenant's view under SM(m): the set V and the signature chains.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedView {
    pub owner: GeneralId,
    pub values: Values,
    /// choice(V) once decided.
    pub decision: Option<Majority>,
    /// One page of the signed orders received, in arrival order: the chain
    /// of signers and the value, with the commander's lie marked.
    pub chains: Vec<(Vec<GeneralId>, Order, Option<Lie>)>,
    pub count: usize,
    pub page: usize,
    pub pages: usize,
}

/// What the inspector shows of a general's reasoning.
#[derive(Clone, Debug, PartialEq)]
pub enum Reasoning {
    /// The commander hears nothing: it gives the order.
    Commander {
        order: Order,
    },
    Oral(EigTree),
    Signed(SignedView),
}

/// The reasoning of `owner` in `exchange` as it stands, opened as `view` says
/// (`page` is the page of SM(m)'s chain list). `None` if `owner` is not in it.
pub fn reasoning(
    exchange: &Exchange,
    owner: GeneralId,
    view: &TreeView,
    page: usize,
) -> Option<Reasoning> {
    let index = exchange.index_of(owner)?;
    if index == exchange.paths().commander() {
        return Some(Reasoning::Commander {
            order: exchange.order(),
        });
    }
    Some(match exchange.protocol().kind {
        Kind::Oral => Reasoning::Oral(build(exchange, owner, index, view)),
        Kind::Signed => Reasoning::Signed(signed(exchange, owner, page)),
    })
}

fn pages(count: usize) -> usize {
    count.div_ceil(EIG_PAGE).max(1)
}

struct Builder<'a> {
    exchange: &'a Exchange,
    paths: &'a PathSpace,
    owner: usize,
    view: &'a TreeView,
    open_all: bool,
    shown: usize,
    truncated: bool,
}

fn build(exchange: &Exchange, owner: GeneralId, index: usize, view: &TreeView) -> EigTree {
    let paths = exchange.paths();
    let total = paths.expected_per_lieutenant();
    let mut builder = Builder {
        exchange,
        paths,
        owner: index,
        view,
        open_all: total <= EIG_OPEN_ALL,
        shown: 0,
        truncated: false,
    };
    let root = paths.root();
    let mut path = paths.path(root);
    let root = builder.node(root, 1, &mut path, None);
    EigTree {
        owner,
        root,
        total,
        shown: builder.shown,
        truncated: builder.truncated,
        decision: exchange.decision(owner),
    }
}

impl Builder<'_> {
    /// What the owner holds at `node`, and whether it is a lie, given what
    /// the sender (the path's last member) held at `parent`.
    fn heard(&self, node: Node, path: &Path, parent: Option<Node>) -> (Heard, Option<Lie>) {
        let Some(held) = self.exchange.held_at(self.owner, node) else {
            return (Heard::Pending, None);
        };
        let sender_index = *path.as_slice().last().expect("a path has a sender") as usize;
        let sender = self.exchange.id_of(sender_index);
        if held.by_default {
            return (Heard::ByDefault, Some(Lie::Withheld { sender }));
        }
        let had = match parent {
            None => Some(self.exchange.order()),
            Some(parent) => self.exchange.held_at(sender_index, parent).map(|h| h.order),
        };
        let lie = had.filter(|&had| had != held.order).map(|had| Lie::Told {
            sender,
            had,
            told: held.order,
        });
        (Heard::Value(held.order), lie)
    }

    /// Children of a node: every general not on the path, in index order;
    /// the owner's own slot is skipped but keeps the numbering.
    fn children(&self, node: Node, level: usize, path: &Path) -> Vec<(Node, usize)> {
        let first = self.paths.first_child(node, level);
        (0..self.paths.generals())
            .filter(|&i| !path.contains(i))
            .enumerate()
            .filter(|&(_, i)| i != self.owner)
            .map(|(k, i)| (first + k as Node, i))
            .collect()
    }

    /// The majority at `node` over what has arrived, and whether all has.
    fn evaluate(&self, node: Node, level: usize, path: &mut Path) -> (Option<Majority>, bool) {
        let direct = self
            .exchange
            .held_at(self.owner, node)
            .map(|h| Majority::Order(h.order));
        if self.paths.is_leaf(level) {
            return (direct, direct.is_some());
        }
        let mut tally = Tally::default();
        let mut settled = direct.is_some();
        let mut any = false;
        if let Some(value) = direct {
            tally.add(value);
            any = true;
        }
        for (child, index) in self.children(node, level, path) {
            path.push(index);
            let (value, done) = self.evaluate(child, level + 1, path);
            path.pop();
            settled &= done;
            if let Some(value) = value {
                tally.add(value);
                any = true;
            }
        }
        (any.then(|| tally.majority()), settled)
    }

    fn node(&mut self, node: Node, level: usize, path: &mut Path, parent: Option<Node>) -> EigNode {
        self.shown += 1;
        let (heard, lie) = self.heard(node, path, parent);
        let (majority, settled) = self.evaluate(node, level, path);
        let chain = path
            .as_slice()
            .iter()
            .map(|&i| self.exchange.id_of(i as usize))
            .collect();
        let children = if self.paths.is_leaf(level) {
            Children::Leaf
        } else {
            let all = self.children(node, level, path);
            let count = all.len();
            if !self.view.is_open(node, self.open_all || level == 1) {
                Children::Collapsed { count }
            } else if self.shown >= EIG_MAX_SHOWN {
                self.truncated = true;
                Children::Collapsed { count }
            } else {
                let pages = pages(count);
                let page = self.view.page(node).min(pages - 1);
                let mut shown = Vec::new();
                for &(child, index) in all.iter().skip(page * EIG_PAGE).take(EIG_PAGE) {
                    if self.shown >= EIG_MAX_SHOWN {
                        self.truncated = true;
                        break;
                    }
                    path.push(index);
                    shown.push(self.node(child, level + 1, path, Some(node)));
                    path.pop();
                }
                Children::Open {
                    shown,
                    count,
                    page,
                    pages,
                }
            }
        };
        EigNode {
            node,
            chain,
            heard,
            lie,
            majority,
            settled,
            children,
        }
    }
}

fn signed(exchange: &Exchange, owner: GeneralId, page: usize) -> SignedView {
    let count = exchange.heard_count(owner) as usize;
    let pages = pages(count);
    let page = page.min(pages - 1);
    let commander = exchange.id_of(exchange.paths().commander());
    let chains = exchange
        .heard_by(owner, (page + 1) * EIG_PAGE)
        .into_iter()
        .skip(page * EIG_PAGE)
        .map(|heard| {
            // Signatures cannot be altered: only the commander can lie, by
            // signing other than its order.
            let lie = (heard.order != exchange.order()).then_some(Lie::Told {
                sender: commander,
                had: exchange.order(),
                told: heard.order,
            });
            (heard.chain, heard.order, lie)
        })
        .collect();
    SignedView {
        owner,
        values: exchange.signed_values(owner).unwrap_or_default(),
        decision: exchange.decision(owner),
        chains,
        count,
        page,
        pages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Roster, Session, SessionOptions};

    fn session(generals: usize, depth: u32, primary: u32) -> Session {
        Session::new(SessionOptions {
            generals,
            seed: Some(7),
            primary: Some(primary),
            depth,
        })
        .unwrap()
    }

    fn oral(session: &Session, id: u32, view: &TreeView) -> EigTree {
        match reasoning(session.latest_exchange().unwrap(), GeneralId(id), view, 0) {
            Some(Reasoning::Oral(tree)) => tree,
            other => panic!("not an oral tree: {other:?}"),
        }
    }

    fn shown(node: &EigNode) -> &[EigNode] {
        match &node.children {
            Children::Open { shown, .. } => shown,
            other => panic!("not open: {other:?}"),
        }
    }

    /// Every node of an opened tree, depth first, as "chain value lie? majority".
    fn lines(node: &EigNode, out: &mut Vec<String>) {
        let value = match node.heard {
            Heard::Pending => "pending".to_string(),
            Heard::Value(o) => o.to_string(),
            Heard::ByDefault => "retreat by default".to_string(),
        };
        let lie = match node.lie {
            Some(Lie::Told { sender, had, .. }) => format!(" LIE({sender} had {had})"),
            Some(Lie::Withheld { sender }) => format!(" WITHHELD({sender})"),
            None => String::new(),
        };
        let majority = node.majority.map_or("-".into(), |m| m.to_string());
        let settled = if node.settled || node.majority.is_none() {
            ""
        } else {
            " so far"
        };
        out.push(format!(
            "{} {value}{lie} => {majority}{settled}",
            node.label()
        ));
        if let Children::Open { shown, .. } = &node.children {
            for child in shown {
                lines(child, out);
            }
        }
    }

    fn all_lines(tree: &EigTree) -> Vec<String> {
        let mut out = Vec::new();
        lines(&tree.root, &mut out);
        out
    }

    #[test]
    fn om1_with_a_two_faced_lieutenant() {
        let mut s = session(4, 1, 1);
        s.submit("g-state 3 faulty two-faced");
        s.submit("actual-order attack");
        s.finish();
        let tree = oral(&s, 4, &TreeView::default());
        // G3 tells its first half (G1, G2) attack and its second half (G4) retreat.
        assert_eq!(
            all_lines(&tree),
            [
                "G1 attack => attack",
                "G1 → G2 attack => attack",
                "G1 → G3 retreat LIE(G3 had attack) => retreat",
            ]
        );
        assert_eq!(tree.total, 3);
        assert_eq!(tree.decision, Some(Majority::Order(Order::Attack)));
        assert_eq!(tree.root.majority, tree.decision);
        let g2 = oral(&s, 2, &TreeView::default());
        assert_eq!(
            all_lines(&g2),
            [
                "G1 attack => attack",
                "G1 → G3 attack => attack",
                "G1 → G4 attack => attack"
            ]
        );
    }

    /// The OM(2) case the page test checks too (tests/page/explain.test.mjs).
    #[test]
    fn om2_with_a_liar_lieutenant() {
        let mut s = Session::new(SessionOptions {
            generals: 5,
            seed: Some(1),
            primary: Some(1),
            depth: 2,
        })
        .unwrap();
        s.submit("g-state 3 faulty liar");
        s.submit("actual-order retreat");
        s.finish();
        assert_eq!(
            all_lines(&oral(&s, 2, &TreeView::default())),
            [
                "G1 retreat => retreat",
                "G1 → G3 attack LIE(G3 had retreat) => attack",
                "G1 → G3 → G4 attack => attack",
                "G1 → G3 → G5 attack => attack",
                "G1 → G4 retreat => retreat",
                "G1 → G4 → G3 attack LIE(G3 had retreat) => attack",
                "G1 → G4 → G5 retreat => retreat",
                "G1 → G5 retreat => retreat",
                "G1 → G5 → G3 attack LIE(G3 had retreat) => attack",
                "G1 → G5 → G4 retreat => retreat",
            ]
        );
    }

    #[test]
    fn om1_with_a_liar_commander_agrees_on_the_majority_of_relays() {
        let mut s = session(4, 1, 1);
        s.submit("g-state 1 faulty liar");
        s.submit("actual-order attack");
        s.finish();
        let tree = oral(&s, 3, &TreeView::default());
        assert_eq!(
            all_lines(&tree),
            [
                "G1 retreat LIE(G1 had attack) => retreat",
                "G1 → G2 retreat => retreat",
                "G1 → G4 retreat => retreat"
            ]
        );
    }

    /// The root's majority is the engine's own decision, for every lieutenant,
    /// in OM(1) and OM(2) with every strategy: the tree recomputes the nested
    /// majority independently of om.rs.
    #[test]
    fn the_root_is_the_engines_decision() {
        for (n, m) in [(4, 1), (5, 1), (7, 2), (5, 2)] {
            for strategy in ["coin", "liar", "two-faced", "silent"] {
                let mut s = session(n, m, 2);
                s.submit(&format!("g-state 2 faulty {strategy}"));
                s.submit(&format!("g-state {n} faulty {strategy}"));
                s.submit("actual-order attack");
                s.finish();
                let exchange = s.latest_exchange().unwrap();
                for id in (1..=n as u32).filter(|&id| id != 2) {
                    let tree = oral(&s, id, &TreeView::default());
                    assert!(tree.root.settled);
                    assert_eq!(
                        tree.root.majority,
                        exchange.decision(GeneralId(id)),
                        "n={n} m={m} {strategy} G{id}"
                    );
                }
            }
        }
    }

    /// A lie is marked exactly where the engine flagged the message as
    /// altered: checked by rerunning the order with an observer.
    #[test]
    fn lies_match_the_messages_the_engine_altered() {
        use crate::engine::message::Message;
        use crate::engine::{exchange::Observer, Exchange};
        use rand::SeedableRng;
        struct Altered(Vec<(u32, u16)>);
        impl Observer for Altered {
            fn sent(&mut self, _: u8, _: u64, _: u64, messages: &[Message]) {
                self.0.extend(
                    messages
                        .iter()
                        .filter(|m| m.altered)
                        .map(|m| (m.node, m.to)),
                );
            }
        }
        let mut roster = Roster::new(7, 1);
        roster
            .set_loyalty(3, crate::engine::Loyalty::Faulty)
            .unwrap();
        roster
            .set_loyalty(6, crate::engine::Loyalty::Faulty)
            .unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let conducts = roster.members().iter().map(|m| m.conduct()).collect();
        let mut altered = Altered(Vec::new());
        let mut exchange = Exchange::start_with(
            &roster,
            Order::Retreat,
            crate::engine::Protocol::oral(2),
            conducts,
            &mut rng,
            &mut altered,
        )
        .unwrap();
        exchange.run_to_completion_observed(&mut rng, &mut altered);
        assert!(!altered.0.is_empty(), "the coin lied somewhere");
        let mut marked = Vec::new();
        for id in [2u32, 4, 5, 7] {
            let Some(Reasoning::Oral(tree)) =
                reasoning(&exchange, GeneralId(id), &TreeView::default(), 0)
            else {
                panic!()
            };
            fn walk(node: &EigNode, to: u16, out: &mut Vec<(u32, u16)>) {
                if matches!(node.lie, Some(Lie::Told { .. })) {
                    out.push((node.node, to));
                }
                if let Children::Open { shown, .. } = &node.children {
                    shown.iter().for_each(|c| walk(c, to, out));
                }
            }
            // OM(2) with 7 generals: 1 + 5 + 20 = 26 nodes per lieutenant, opened fully.
            assert_eq!(tree.total, 26);
            assert_eq!(tree.shown, 26);
            walk(&tree.root, (id - 1) as u16, &mut marked);
        }
        let mut expected: Vec<_> = altered
            .0
            .into_iter()
            .filter(|(_, to)| [1u16, 3, 4, 6].contains(to))
            .collect();
        expected.sort();
        marked.sort();
        assert_eq!(marked, expected);
    }

    #[test]
    fn it_follows_the_timeline() {
        let mut s = session(4, 1, 1);
        s.submit("g-state 3 faulty liar");
        s.submit("actual-order attack");
        let at = |s: &Session| all_lines(&oral(s, 2, &TreeView::default()));
        assert_eq!(
            at(&s),
            [
                "G1 pending => -",
                "G1 → G3 pending => -",
                "G1 → G4 pending => -"
            ]
        );
        s.advance(crate::engine::limits::HOP_TICKS);
        assert_eq!(
            at(&s),
            [
                "G1 attack => attack so far",
                "G1 → G3 pending => -",
                "G1 → G4 pending => -"
            ]
        );
        s.advance(crate::engine::limits::HOP_TICKS);
        assert_eq!(
            at(&s),
            [
                "G1 attack => attack",
                "G1 → G3 retreat LIE(G3 had attack) => retreat",
                "G1 → G4 attack => attack"
            ]
        );
    }

    /// Scrubbed back on the timeline, the tree shows what the general knew
    /// then: the same as it showed at that tick while the order ran.
    #[test]
    fn scrubbed_back_it_shows_what_was_known_then() {
        let mut s = session(5, 2, 1);
        s.submit("g-state 4 faulty coin");
        s.submit("actual-order attack");
        let mut live = Vec::new();
        for _ in 0..4 {
            live.push(all_lines(&oral(&s, 3, &TreeView::default())));
            s.advance(crate::engine::limits::HOP_TICKS);
        }
        let record = s.orders().back().unwrap();
        for (round, expected) in live.iter().enumerate() {
            let tick = round as u64 * crate::engine::limits::HOP_TICKS;
            let then = s.viewing(record, tick).unwrap();
            assert_eq!(&all_lines(&oral(&then, 3, &TreeView::default())), expected);
        }
        assert_ne!(live[1], live[3]);
    }

    #[test]
    fn silence_is_marked_as_withheld() {
        let mut s = session(4, 1, 1);
        s.submit("g-state 1 faulty silent");
        s.submit("actual-order attack");
        s.finish();
        assert_eq!(
            all_lines(&oral(&s, 2, &TreeView::default())),
            [
                "G1 retreat by default WITHHELD(G1) => retreat",
                "G1 → G3 retreat => retreat",
                "G1 → G4 retreat => retreat"
            ]
        );
    }

    #[test]
    fn big_trees_open_one_level_and_page() {
        let mut s = session(1000, 1, 1);
        s.submit("actual-order retreat");
        s.finish();
        let mut view = TreeView::default();
        let tree = oral(&s, 500, &view);
        assert_eq!(tree.total, 999);
        let Children::Open {
            shown,
            count,
            page,
            pages,
        } = &tree.root.children
        else {
            panic!()
        };
        assert_eq!((*count, *page, *pages), (998, 0, 84));
        assert_eq!(shown.len(), EIG_PAGE);
        assert_eq!(shown[0].label(), "G1 → G2");
        view.set_page(0, 83);
        let last = oral(&s, 500, &view);
        let shown = super::tests::shown(&last.root);
        assert_eq!(shown.len(), 998 - 83 * EIG_PAGE);
        assert_eq!(shown.last().unwrap().label(), "G1 → G1000");
        assert_eq!(last.root.majority, Some(Majority::Order(Order::Retreat)));
    }

    #[test]
    fn opening_is_bounded_by_the_node_budget() {
        let mut s = session(9, 3, 1);
        s.submit("actual-order attack");
        s.finish();
        let mut view = TreeView::default();
        let closed = oral(&s, 2, &view);
        // 1 + 7 + 42 + 210 values: opens the root only.
        assert_eq!(closed.total, 260);
        assert_eq!(closed.shown, 1 + 7);
        assert!(matches!(
            shown(&closed.root)[0].children,
            Children::Collapsed { count: 6 }
        ));
        // Open every node of the first two levels: the budget stops it.
        for child in shown(&closed.root) {
            view.toggle(child.node, false);
        }
        let opened = oral(&s, 2, &view);
        assert_eq!(opened.shown, 1 + 7 + 7 * 6);
        for grandchild in shown(&opened.root).iter().flat_map(shown) {
            view.toggle(grandchild.node, false);
        }
        let full = oral(&s, 2, &view);
        assert!(full.truncated);
        assert_eq!(full.shown, EIG_MAX_SHOWN);
    }

    #[test]
    fn signed_view_lists_v_and_the_chains() {
        let mut s = session(3, 1, 1);
        s.submit("g-protocol sm 1");
        s.submit("g-state 1 faulty two-faced");
        s.submit("actual-order attack");
        s.finish();
        let Some(Reasoning::Signed(view)) = reasoning(
            s.latest_exchange().unwrap(),
            GeneralId(3),
            &TreeView::default(),
            0,
        ) else {
            panic!()
        };
        assert_eq!(
            view.values,
            Values {
                attack: true,
                retreat: true
            }
        );
        assert_eq!(view.decision, Some(Majority::Order(Order::Retreat)));
        let chains: Vec<_> = view
            .chains
            .iter()
            .map(|(c, o, lie)| format!("{} {o} {}", chain_label(c), lie.is_some()))
            .collect();
        assert_eq!(chains, ["G1 retreat true", "G1 → G2 attack false"]);
        assert!(matches!(
            reasoning(
                s.latest_exchange().unwrap(),
                GeneralId(1),
                &TreeView::default(),
                0
            ),
            Some(Reasoning::Commander {
                order: Order::Attack
            })
        ));
    }

    #[test]
    fn hops_end_at_the_owner() {
        assert_eq!(
            hops(&[GeneralId(1), GeneralId(3)], GeneralId(2)),
            [(GeneralId(1), GeneralId(3)), (GeneralId(3), GeneralId(2))]
        );
    }
}
