//! The per-round message table: who told whom what in each round of an order,
//! lies flagged, one page at a time. It is the canvas's text alternative, so
//! it is read from the exchange as it stands (at any instant of the
//! timeline): delivered rounds from what each general holds, the round on
//! the wire from the messages in flight.
//!
//! Under OM(m) round r carries one message per relay chain of r generals and
//! per general not on it, so row k of a round is found by arithmetic, and a
//! page of a million-message round costs one page. Under SM(m) only values
//! new to a lieutenant travel, so rows are found by walking what arrived.

use crate::engine::limits::TABLE_PAGE;
use crate::engine::output::{counted, thousands};
use crate::engine::paths::{message_count, Node, Path};
use crate::engine::{Exchange, GeneralId, Kind, Order};

/// What became of one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// It arrived, carrying this value.
    Delivered(Order),
    /// It is on the wire, carrying this value.
    OnTheWire(Order),
    /// The sender withheld it; the receiver took retreat at the deadline.
    Withheld,
    /// Not yet known (withheld, noticed at the coming deadline).
    Pending,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The chain the value travelled before this hop, commander first; the
    /// last one is the sender.
    pub chain: Vec<GeneralId>,
    pub to: GeneralId,
    pub fate: Fate,
    /// The sender told other than it had heard.
    pub lie: bool,
}

impl Row {
    pub fn from(&self) -> GeneralId {
        *self.chain.last().expect("a chain has a sender")
    }
}

/// One page of one round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub round: usize,
    /// Rounds of the whole order.
    pub rounds: usize,
    /// Rows in this round so far (OM: every message of the round, by the
    /// formula; SM: those sent or on the wire).
    pub count: u64,
    pub page: u64,
    pub pages: u64,
    pub rows: Vec<Row>,
}

impl Page {
    /// Where the page stands, above its rows: `Round 2 of 2: 997,002
    /// messages, page 1 of 49,851`.
    pub fn place(&self) -> String {
        format!(
            "Round {} of {}: {}, page {} of {}",
            self.round,
            self.rounds,
            counted(self.count, "message"),
            thousands(self.page + 1),
            thousands(self.pages)
        )
    }
}

/// Rounds the table can show for `exchange` now: those begun.
pub fn rounds_begun(exchange: &Exchange) -> usize {
    exchange.round().map_or(exchange.rounds(), usize::from)
}

/// Page `page` of round `round` (both clamped to what exists).
pub fn page(exchange: &Exchange, round: usize, page: u64) -> Page {
    let rounds = exchange.rounds();
    let round = round.clamp(1, rounds_begun(exchange).max(1));
    let (count, rows_of): (u64, Box<dyn Fn(u64) -> Vec<Row>>) = match exchange.protocol().kind {
        Kind::Oral => (
            oral_round_count(exchange.generals(), round),
            Box::new(move |start| oral_rows(exchange, round, start)),
        ),
        Kind::Signed => (
            signed_count(exchange, round),
            Box::new(move |start| signed_rows(exchange, round, start)),
        ),
    };
    let pages = count.div_ceil(TABLE_PAGE as u64).max(1);
    let page = page.min(pages - 1);
    Page {
        round,
        rounds,
        count,
        page,
        pages,
        rows: rows_of(page * TABLE_PAGE as u64),
    }
}

/// Messages round `round` (from 1) of OM(m) sends among `n` generals, by
/// the formula: (n-1)(n-2)...(n-round). The caption counts a round with it
/// too (`ui::narration`), so the two always agree.
pub fn oral_round_count(n: usize, round: usize) -> u64 {
    let upto = |r: usize| {
        if r == 0 {
            0
        } else {
            // Rounds of an order that ran: under the message cap.
            message_count(n, r as u32 - 1)
                .to_u64()
                .expect("an order that ran fits the cap")
        }
    };
    upto(round) - upto(round - 1)
}

/// The first node of chains of `level` generals.
fn first_of_level(exchange: &Exchange, level: usize) -> Node {
    let paths = exchange.paths();
    let mut node = paths.root();
    for l in 1..level {
        node = paths.first_child(node, l);
    }
    node
}

fn oral_rows(exchange: &Exchange, round: usize, start: u64) -> Vec<Row> {
    let paths = exchange.paths();
    let n = exchange.generals();
    let receivers = (n - round) as u64;
    let first = first_of_level(exchange, round);
    let count = oral_round_count(exchange.generals(), round);
    let on_wire = exchange.round().map(usize::from) == Some(round);
    let end = count.min(start + TABLE_PAGE as u64);
    (start..end)
        .map(|k| {
            let node = first + (k / receivers) as Node;
            let path = paths.path(node);
            let to = (0..n)
                .filter(|&i| !path.contains(i))
                .nth((k % receivers) as usize)
                .expect("a receiver off the chain");
            let sender = *path.as_slice().last().expect("a chain has a sender") as usize;
            let chain: Vec<GeneralId> = path
                .as_slice()
                .iter()
                .map(|&i| exchange.id_of(i as usize))
                .collect();
            let (fate, lie) = if on_wire {
                // Looked up row by row: nothing is made for the other
                // messages of the round, however many fly.
                match exchange.flight_to(node, to) {
                    Some(flight) => (Fate::OnTheWire(flight.order), flight.altered),
                    None => (Fate::Pending, false),
                }
            } else {
                match exchange.held_at(to, node) {
                    Some(held) if held.by_default => (Fate::Withheld, false),
                    Some(held) => {
                        let had = if round == 1 {
                            Some(exchange.order())
                        } else {
                            parent_value(exchange, sender, &path)
                        };
                        (
                            Fate::Delivered(held.order),
                            had.is_some_and(|had| had != held.order),
                        )
                    }
                    None => (Fate::Pending, false),
                }
            };
            Row {
                chain,
                to: exchange.id_of(to),
                fate,
                lie,
            }
        })
        .collect()
}

/// What the sender of `node` itself held for the chain before it joined.
fn parent_value(exchange: &Exchange, sender: usize, path: &Path) -> Option<Order> {
    let paths = exchange.paths();
    // The parent is the chain without its last member: walk down from the root.
    let members = path.as_slice();
    let mut parent = paths.root();
    let mut prefix = paths.path(parent);
    for &m in &members[1..members.len() - 1] {
        parent = paths.child(parent, &prefix, m as usize);
        prefix.push(m as usize);
    }
    exchange.held_at(sender, parent).map(|h| h.order)
}

/// Rows of an SM(m) round so far: what each general received in it, then
/// what is on the wire. Counted from slice lengths, not message by message.
fn signed_count(exchange: &Exchange, round: usize) -> u64 {
    let received: usize = (0..exchange.generals())
        .map(|index| exchange.received_in_round(index, round).len())
        .sum();
    received as u64 + exchange.in_flight_of_round(round as u8)
}

/// One page of an SM(m) round from row `start`: received values, general
/// by general in arrival order, then the messages on the wire. Only the
/// page's rows are built.
fn signed_rows(exchange: &Exchange, round: usize, start: u64) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut skip = start as usize;
    for index in 0..exchange.generals() {
        if rows.len() == TABLE_PAGE {
            return rows;
        }
        let received = exchange.received_in_round(index, round);
        if skip >= received.len() {
            skip -= received.len();
            continue;
        }
        let id = exchange.id_of(index);
        for &(node, order) in received[skip..].iter().take(TABLE_PAGE - rows.len()) {
            rows.push(Row {
                lie: round == 1 && order != exchange.order(),
                chain: exchange.chain(node),
                to: id,
                fate: Fate::Delivered(order),
            });
        }
        skip = 0;
    }
    let left = TABLE_PAGE - rows.len();
    for flight in exchange.flights_of_round(round as u8, skip, left) {
        rows.push(Row {
            chain: exchange.chain(flight.node),
            to: flight.to,
            fate: Fate::OnTheWire(flight.order),
            lie: flight.altered,
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::limits::HOP_TICKS;
    use crate::ui::eig_tree::chain_label;
    use crate::ui::fixture::session;

    fn text(page: &Page) -> Vec<String> {
        page.rows
            .iter()
            .map(|r| {
                let fate = match r.fate {
                    Fate::Delivered(o) => o.to_string(),
                    Fate::OnTheWire(o) => format!("{o} (on the wire)"),
                    Fate::Withheld => "nothing (retreat by default)".into(),
                    Fate::Pending => "pending".into(),
                };
                let lie = if r.lie { " LIE" } else { "" };
                format!("{} to {}: {fate}{lie}", chain_label(&r.chain), r.to)
            })
            .collect()
    }

    #[test]
    fn rounds_of_om1_with_a_two_faced_lieutenant() {
        let mut s = session(4, 1);
        s.submit("g-state 3 faulty two-faced");
        s.submit("actual-order attack");
        let first = page(s.exchange().unwrap(), 1, 0);
        assert_eq!(
            text(&first),
            [
                "G1 to G2: attack (on the wire)",
                "G1 to G3: attack (on the wire)",
                "G1 to G4: attack (on the wire)"
            ]
        );
        assert_eq!(rounds_begun(s.exchange().unwrap()), 1);
        s.advance(HOP_TICKS);
        let second = page(s.exchange().unwrap(), 2, 0);
        assert_eq!(second.count, 6);
        assert_eq!(
            text(&second),
            [
                "G1 → G2 to G3: attack (on the wire)",
                "G1 → G2 to G4: attack (on the wire)",
                "G1 → G3 to G2: attack (on the wire)",
                "G1 → G3 to G4: retreat (on the wire) LIE",
                "G1 → G4 to G2: attack (on the wire)",
                "G1 → G4 to G3: attack (on the wire)"
            ]
        );
        s.finish();
        let done = s.latest_exchange().unwrap();
        let second = page(done, 2, 0);
        assert_eq!(second.rows[3].fate, Fate::Delivered(Order::Retreat));
        assert!(second.rows[3].lie);
        assert_eq!(second.rows.iter().filter(|r| r.lie).count(), 1);
        assert_eq!(text(&page(done, 1, 0))[0], "G1 to G2: attack");
    }

    #[test]
    fn silence_and_deeper_rounds() {
        let mut s = session(5, 2);
        s.submit("g-state 3 faulty silent");
        s.submit("g-state 4 faulty liar");
        s.submit("actual-order retreat");
        s.finish();
        let done = s.latest_exchange().unwrap();
        let third = page(done, 3, 0);
        // 4 * 3 * 2 messages in round 3, one page of 20 and one of 4.
        assert_eq!((third.count, third.pages), (24, 2));
        let rows = text(&third);
        assert_eq!(rows[0], "G1 → G2 → G3 to G4: nothing (retreat by default)");
        assert_eq!(rows[2], "G1 → G2 → G4 to G3: attack LIE");
        let last = page(done, 3, 9);
        assert_eq!(last.page, 1);
        assert_eq!(last.rows.len(), 4);
        assert_eq!(text(&last)[3], "G1 → G5 → G4 to G3: attack LIE");
    }

    #[test]
    fn a_big_round_pages_by_arithmetic() {
        let mut s = session(1000, 1);
        s.submit("actual-order attack");
        s.finish();
        let done = s.latest_exchange().unwrap();
        let last = page(done, 2, u64::MAX);
        assert_eq!(last.count, 999 * 998);
        assert_eq!(last.pages, (999u64 * 998).div_ceil(TABLE_PAGE as u64));
        assert_eq!(text(&last).last().unwrap(), "G1 → G1000 to G999: attack");
        assert_eq!(
            last.place(),
            "Round 2 of 2: 997,002 messages, page 49,851 of 49,851"
        );
        // Two generals: one message in all.
        let mut s = session(2, 1);
        s.submit("actual-order attack");
        s.finish();
        let one = page(s.latest_exchange().unwrap(), 1, 0);
        assert_eq!(one.place(), "Round 1 of 1: 1 message, page 1 of 1");
    }

    /// The table as a walk over every message would build it: what each
    /// general heard of the round (general by general), then every flight.
    fn walked(exchange: &Exchange, round: usize) -> Vec<Row> {
        let mut rows = Vec::new();
        for index in 0..exchange.generals() {
            let id = exchange.id_of(index);
            for heard in exchange.heard_by(id, usize::MAX) {
                if heard.chain.len() == round {
                    rows.push(Row {
                        lie: round == 1 && heard.order != exchange.order(),
                        chain: heard.chain,
                        to: id,
                        fate: Fate::Delivered(heard.order),
                    });
                }
            }
        }
        for flight in exchange.flights().filter(|f| usize::from(f.round) == round) {
            rows.push(Row {
                chain: exchange.chain(flight.node),
                to: flight.to,
                fate: Fate::OnTheWire(flight.order),
                lie: flight.altered,
            });
        }
        rows
    }

    #[test]
    fn pages_equal_a_walk_over_every_message_at_every_instant() {
        for (protocol, generals, traitors) in [
            (
                "sm 2",
                7,
                &["g-state 1 faulty two-faced", "g-state 4 faulty silent"][..],
            ),
            ("sm 1", 9, &["g-state 3 faulty"][..]),
            (
                "om 2",
                7,
                &["g-state 2 faulty liar", "g-state 5 faulty silent"][..],
            ),
        ] {
            let mut s = session(generals, 1);
            s.submit(&format!("g-protocol {protocol}"));
            for traitor in traitors {
                s.submit(traitor);
            }
            s.submit("actual-order attack");
            while let Some(exchange) = s.exchange() {
                for round in 1..=rounds_begun(exchange) {
                    let all = walked(exchange, round);
                    let on_wire = exchange.round().map(usize::from) == Some(round);
                    if protocol.starts_with("sm") {
                        assert_eq!(page(exchange, round, 0).count, all.len() as u64);
                    }
                    for number in 0..page(exchange, round, 0).pages {
                        let shown = page(exchange, round, number);
                        if protocol.starts_with("sm") {
                            let from = number as usize * TABLE_PAGE;
                            let expected: Vec<Row> =
                                all.iter().skip(from).take(TABLE_PAGE).cloned().collect();
                            assert_eq!(shown.rows, expected, "{protocol}, round {round}");
                        } else if on_wire {
                            // OM(m): a row is on the wire exactly as its
                            // message flies, or pending (withheld) if none does.
                            for row in &shown.rows {
                                let flying = all.iter().find(|r| {
                                    r.chain == row.chain
                                        && r.to == row.to
                                        && matches!(r.fate, Fate::OnTheWire(_))
                                });
                                match flying {
                                    Some(flight) => assert_eq!(row, flight),
                                    None => assert_eq!(row.fate, Fate::Pending),
                                }
                            }
                        }
                    }
                }
                s.advance(HOP_TICKS / 4);
            }
        }
    }

    #[test]
    fn signed_rows_walk_what_arrived() {
        let mut s = session(3, 1);
        s.submit("g-protocol sm 1");
        s.submit("g-state 1 faulty two-faced");
        s.submit("actual-order attack");
        s.finish();
        let done = s.latest_exchange().unwrap();
        assert_eq!(
            text(&page(done, 1, 0)),
            ["G1 to G2: attack", "G1 to G3: retreat LIE"]
        );
        assert_eq!(
            text(&page(done, 2, 0)),
            ["G1 → G3 to G2: retreat", "G1 → G2 to G3: attack"]
        );
    }
}
