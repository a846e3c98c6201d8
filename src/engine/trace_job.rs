//! The trace (`engine::trace`) as a job for the Experiments module. The
//! page's module does not carry the trace's writer (README, "Two wasm
//! modules"): on Download trace it hands the orders to keep out as text,
//! and the Experiments module's `trace_of` re-runs them with this engine and
//! writes their JSON Lines (`run`), the same lines `trace::write_session`
//! writes natively; tests/trace.rs holds the two equal.
//!
//! The text, never shown to anyone: one line per order,
//! `<K>\t<request>\t<conducts>`: the order's number, the army, protocol,
//! value and generator as a `search_job` request, and how each general
//! behaved as `search_job`'s conduct words.

use super::search_job::{decode_conducts, encode_conducts, SearchRequest};
use super::timeline::OrderRecord;
use super::trace;

/// The orders as text (see the module comment).
pub fn encode<'a>(orders: impl IntoIterator<Item = &'a OrderRecord>) -> String {
    let mut text = String::new();
    for record in orders {
        let request =
            SearchRequest::new(&record.roster, record.protocol, record.order, record.rng());
        text += &format!(
            "{}\t{}\t{}\n",
            record.number,
            request.encode(),
            encode_conducts(record.conducts())
        );
    }
    text
}

/// Reads `encode`'s text back; says what is wrong with any other.
pub fn decode(text: &str) -> Result<Vec<OrderRecord>, String> {
    text.lines()
        .map(|line| {
            let mut parts = line.split('\t');
            let mut next = |what: &str| parts.next().ok_or(format!("no {what}"));
            let number = next("number")?
                .parse()
                .map_err(|_| "a bad order number".to_string())?;
            let request = SearchRequest::decode(next("order")?)?;
            let conducts = decode_conducts(next("conducts")?)?;
            if conducts.len() != request.roster.len() {
                return Err("a conduct per general".into());
            }
            let record = OrderRecord::new(
                number,
                &request.roster,
                request.order,
                request.protocol,
                &request.rng,
            );
            Ok(record.behaving(conducts))
        })
        .collect()
}

/// The trace's JSON Lines of `encode`'s orders.
pub fn run(text: &str) -> Result<String, String> {
    let orders = decode(text)?;
    let mut out = Vec::new();
    trace::write_session(&orders, &mut out).map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}
