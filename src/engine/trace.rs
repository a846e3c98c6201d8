//! The trace: an order's events as JSON Lines, for checking a run from
//! outside, message by message. Exactly three record types (README, "Reading
//! a trace"):
//!
//! - `{"type":"order","order":K,"value":…,"protocol":"om"|"sm","m":M,
//!   "generals":[ids],"primary":ID,"faulty":{"<id>":"<strategy>",…}}` once
//!   (`scripted` for a traitor replaying the behaviour `g-search` found);
//! - `{"type":"message","order":K,"round":R,"path":[ids],"from":ID,"to":ID,
//!   "value":…,"altered":bool,"sent":TICK,"arrives":TICK}` per message put on
//!   the wire (a withheld message never is);
//! - `{"type":"decision","order":K,"general":ID,"decision":…}` per general at
//!   the end: what the protocol reached (the commander: its order), before
//!   the spec's case-1 display rule.
//!
//! It is produced by re-running the order (`timeline`) with an observer on
//! the wire, so the trace, the timeline and the printed lines are views of
//! one run and cannot disagree. Every field is a number, a boolean or one of
//! a few fixed words, so the lines are written directly, without a JSON
//! library.

use std::collections::VecDeque;
use std::io::{self, Write};

use super::adversary::Conduct;
use super::exchange::Observer;
use super::message::Message;
use super::order::Majority;
use super::protocol::paths::PathSpace;
use super::roster::Role;
use super::timeline::OrderRecord;

/// Writes one order's trace lines to `out`.
pub fn write_order(record: &OrderRecord, out: &mut impl Write) -> io::Result<()> {
    let members = record.roster.members();
    let ids: Vec<u32> = members.iter().map(|m| m.id.0).collect();
    // What each traitor did in this order: its strategy, the one a search
    // tried (`liar` for every traitor, say), or `scripted` for a behaviour
    // the search found move by move.
    let faulty: Vec<String> = members
        .iter()
        .zip(record.conducts())
        .filter(|(m, _)| m.loyalty.is_faulty())
        .map(|(m, conduct)| {
            let strategy = match conduct {
                Conduct::Faulty(strategy) => strategy.as_str(),
                Conduct::Scripted(_) => "scripted",
                Conduct::Loyal => m.strategy.as_str(),
            };
            format!("\"{}\":\"{strategy}\"", m.id.0)
        })
        .collect();
    let protocol = record.protocol.reached(members.len());
    writeln!(
        out,
        "{{\"type\":\"order\",\"order\":{},\"value\":\"{}\",\"protocol\":\"{}\",\"m\":{},\
         \"generals\":[{}],\"primary\":{},\"faulty\":{{{}}}}}",
        record.number,
        record.order,
        protocol.kind.word(),
        protocol.depth,
        join(&ids),
        record.roster.primary().0,
        faulty.join(",")
    )?;
    let commander = members
        .iter()
        .position(|m| m.id == record.roster.primary())
        .expect("the primary is a live general");
    let mut wire = Wire {
        out,
        paths: PathSpace::new(members.len(), commander, record.protocol.depth),
        ids: &ids,
        order: record.number,
        failed: None,
    };
    let done = record.at_observed(u64::MAX, &mut wire);
    if let Some(error) = wire.failed {
        return Err(error);
    }
    let Some((exchange, _)) = done else {
        return Ok(());
    };
    for member in members {
        let decision = match record.roster.role_of(member.id) {
            Role::Primary => Majority::Order(record.order),
            Role::Secondary => exchange.decision(member.id).unwrap_or(Majority::Undefined),
        };
        writeln!(
            out,
            "{{\"type\":\"decision\",\"order\":{},\"general\":{},\"decision\":\"{decision}\"}}",
            record.number, member.id.0
        )?;
    }
    Ok(())
}

/// The session's trace: every order it keeps, oldest first.
pub fn write_session<'a>(
    orders: impl IntoIterator<Item = &'a OrderRecord>,
    out: &mut impl Write,
) -> io::Result<()> {
    for record in orders {
        write_order(record, out)?;
    }
    Ok(())
}

/// The latest completed orders whose messages together stay within
/// `budget` (by the protocol's bound), oldest first, and how many completed
/// orders were left out.
pub fn latest_within(orders: &VecDeque<OrderRecord>, budget: u64) -> (Vec<&OrderRecord>, usize) {
    let completed: Vec<&OrderRecord> = orders.iter().filter(|o| o.outcome.is_some()).collect();
    let mut kept = Vec::new();
    let mut used: u64 = 0;
    for record in completed.iter().rev() {
        let messages = record
            .protocol
            .message_bound(record.roster.len())
            .to_u64()
            .unwrap_or(u64::MAX);
        if used.saturating_add(messages) > budget {
            break;
        }
        used += messages;
        kept.push(*record);
    }
    kept.reverse();
    let left_out = completed.len() - kept.len();
    (kept, left_out)
}

fn join(ids: &[u32]) -> String {
    ids.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

/// Writes a message line for everything put on the wire; keeps the first
/// write error (the exchange cannot be stopped from an observer).
struct Wire<'a, W: Write> {
    out: &'a mut W,
    paths: PathSpace,
    ids: &'a [u32],
    order: u64,
    failed: Option<io::Error>,
}

impl<W: Write> Observer for Wire<'_, W> {
    fn sent(&mut self, round: u8, at: u64, arrives: u64, messages: &[Message]) {
        for message in messages {
            if self.failed.is_some() {
                return;
            }
            let path: Vec<u32> = self
                .paths
                .path(message.node)
                .as_slice()
                .iter()
                .map(|&index| self.ids[usize::from(index)])
                .collect();
            let written = writeln!(
                self.out,
                "{{\"type\":\"message\",\"order\":{},\"round\":{round},\"path\":[{}],\"from\":{},\
                 \"to\":{},\"value\":\"{}\",\"altered\":{},\"sent\":{at},\"arrives\":{arrives}}}",
                self.order,
                join(&path),
                self.ids[usize::from(message.from)],
                self.ids[usize::from(message.to)],
                message.order,
                message.altered
            );
            if let Err(error) = written {
                self.failed = Some(error);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Session, SessionOptions};

    #[test]
    fn a_small_order_traced_line_by_line() {
        let mut s = Session::new(SessionOptions {
            generals: 3,
            seed: Some(1),
            primary: Some(1),
            depth: 1,
        })
        .unwrap();
        s.submit("g-state 3 faulty liar");
        s.submit("actual-order attack");
        s.finish();
        let mut out = Vec::new();
        write_order(s.orders().back().unwrap(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                r#"{"type":"order","order":1,"value":"attack","protocol":"om","m":1,"generals":[1,2,3],"primary":1,"faulty":{"3":"liar"}}"#,
                r#"{"type":"message","order":1,"round":1,"path":[1],"from":1,"to":2,"value":"attack","altered":false,"sent":0,"arrives":1200}"#,
                r#"{"type":"message","order":1,"round":1,"path":[1],"from":1,"to":3,"value":"attack","altered":false,"sent":0,"arrives":1200}"#,
                r#"{"type":"message","order":1,"round":2,"path":[1,2],"from":2,"to":3,"value":"attack","altered":false,"sent":1200,"arrives":2400}"#,
                r#"{"type":"message","order":1,"round":2,"path":[1,3],"from":3,"to":2,"value":"retreat","altered":true,"sent":1200,"arrives":2400}"#,
                r#"{"type":"decision","order":1,"general":1,"decision":"attack"}"#,
                r#"{"type":"decision","order":1,"general":2,"decision":"undefined"}"#,
                r#"{"type":"decision","order":1,"general":3,"decision":"attack"}"#,
            ]
        );
    }
}
