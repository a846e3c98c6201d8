//! An experiment's results as text: CSV (one row per cell, for files and the
//! page's download) and a table for a terminal. Both front ends use these, so
//! the command line's CSV and the page's are byte for byte the same.
//!
//! Rates are over all trials of the cell (IC2 too: `loyal_commander` says in
//! what share of them IC2 applied at all) and printed with Rust's shortest
//! exact form, which is the same natively and in wasm.

use super::CellResult;

/// The CSV's first line. `guaranteed` is 1 where the theorem promises IC1
/// and IC2 (`Protocol::guarantees`). `failing_trial` is the index (from 0) of
/// the cell's first trial that broke IC1 or IC2, and `failing_link` its replay
/// link (the fragment, without `#`; no commas in it), both empty if none did.
pub const CSV_HEADER: &str = "seed,protocol,n,k,strategy,placement,trials,ic1_broken,ic2_broken,\
loyal_commander,verdict_order,verdict_other,verdict_no_quorum,verdict_too_few,messages_mean,\
guaranteed,failing_trial,failing_link";

fn rate(count: u32, trials: u32) -> f64 {
    f64::from(count) / f64::from(trials)
}

/// One cell as a CSV row (no line break).
pub fn csv_row(seed: u64, result: &CellResult) -> String {
    let cell = &result.cell;
    let t = cell.trials;
    format!(
        "{seed},{},{},{},{},{},{t},{},{},{},{},{},{},{},{:.2},{},{},{}",
        cell.protocol,
        cell.n,
        cell.k,
        cell.mix,
        cell.placement.word(),
        rate(result.ic1_broken, t),
        rate(result.ic2_broken, t),
        rate(result.loyal_commander, t),
        rate(result.verdict_order, t),
        rate(result.verdict_other, t),
        rate(result.verdict_no_quorum, t),
        rate(result.verdict_too_few, t),
        result.messages_mean(),
        u8::from(cell.protocol.guarantees(cell.n as usize, cell.k as usize)),
        result
            .first_failure
            .as_ref()
            .map_or(String::new(), |(index, _)| index.to_string()),
        result
            .first_failure
            .as_ref()
            .map_or(String::new(), |(_, trial)| trial
                .link(cell.n, cell.protocol)
                .fragment()),
    )
}

/// The whole CSV, header first, one line per cell, each ending in `\n`.
pub fn csv(seed: u64, results: &[CellResult]) -> String {
    let mut text = String::from(CSV_HEADER);
    text.push('\n');
    for result in results {
        text += &csv_row(seed, result);
        text.push('\n');
    }
    text
}

/// The table's heading line.
pub fn table_header() -> String {
    format!(
        "{:<8} {:>4} {:>4} {:>8} {:>11} {:>11} {:>8} {:>8} {:>10} {:>8} {:>14}",
        "protocol",
        "n",
        "k",
        "trials",
        "IC1 broken",
        "IC2 broken",
        "obeyed",
        "other",
        "no quorum",
        "too few",
        "messages/order"
    )
}

fn percent(count: u32, trials: u32) -> String {
    format!("{:.1}%", 100.0 * rate(count, trials))
}

/// One cell as a table line under `table_header`; a `*` after k marks a
/// cell the theorem guarantees (no break expected).
pub fn table_row(result: &CellResult) -> String {
    let cell = &result.cell;
    let t = cell.trials;
    let guaranteed = if cell.protocol.guarantees(cell.n as usize, cell.k as usize) {
        "*"
    } else {
        " "
    };
    format!(
        "{:<8} {:>4} {:>3}{guaranteed} {:>8} {:>11} {:>11} {:>8} {:>8} {:>10} {:>8} {:>14.1}",
        cell.protocol.to_string(),
        cell.n,
        cell.k,
        t,
        percent(result.ic1_broken, t),
        percent(result.ic2_broken, t),
        percent(result.verdict_order, t),
        percent(result.verdict_other, t),
        percent(result.verdict_no_quorum, t),
        percent(result.verdict_too_few, t),
        result.messages_mean(),
    )
}
