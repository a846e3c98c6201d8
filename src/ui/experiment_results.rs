//! An experiment's results as the page's chart needs them. The workers send
//! back CSV rows (`engine::experiment::report`), which are also what the
//! panel downloads; this reads the columns the heat map shows, and says
//! where the theorem's bound runs. Native-tested; the page only draws it.

use crate::engine::experiment::report::CSV_HEADER;
use crate::engine::experiment::Sweep;
use crate::engine::output::{counted, thousands};
use crate::engine::Kind;

/// One cell of the heat map.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub depth: u32,
    pub n: u32,
    pub k: u32,
    /// Rates from 0 to 1.
    pub ic1: f64,
    pub ic2: f64,
    pub guaranteed: bool,
    /// The first failing trial's replay link (a fragment), if one failed.
    pub link: Option<String>,
}

fn column(name: &str) -> usize {
    CSV_HEADER
        .split(',')
        .position(|c| c == name)
        .expect("a column of the CSV header")
}

/// Reads one CSV row; `None` if it is not one of ours.
pub fn parse_row(line: &str) -> Option<Row> {
    let fields: Vec<&str> = line.split(',').collect();
    if fields.len() != CSV_HEADER.split(',').count() {
        return None;
    }
    let field = |name: &str| fields[column(name)];
    let protocol = field("protocol");
    let depth = protocol
        .strip_prefix("OM(")
        .or_else(|| protocol.strip_prefix("SM("))?
        .strip_suffix(')')?
        .parse()
        .ok()?;
    let link = field("failing_link");
    Some(Row {
        depth,
        n: field("n").parse().ok()?,
        k: field("k").parse().ok()?,
        ic1: field("ic1_broken").parse().ok()?,
        ic2: field("ic2_broken").parse().ok()?,
        guaranteed: field("guaranteed") == "1",
        link: (!link.is_empty()).then(|| link.to_string()),
    })
}

/// Which condition a heat map shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    Agreement,
    Validity,
}

impl Condition {
    pub const BOTH: [Condition; 2] = [Condition::Agreement, Condition::Validity];

    pub fn title(self) -> &'static str {
        match self {
            Condition::Agreement => "IC1 (agreement) broken",
            Condition::Validity => "IC2 (validity) broken",
        }
    }

    pub fn rate(self, row: &Row) -> f64 {
        match self {
            Condition::Agreement => row.ic1,
            Condition::Validity => row.ic2,
        }
    }
}

/// The theorem's boundary in the (n, k) plane, drawn as a line on the map:
/// OM(m) needs n >= 3k + 1, so the line is n = 3k + 1; SM(m) needs
/// n >= k + 2 (and k <= m, a horizontal limit). Returns the line's two ends
/// as (n, k) points within the sweep, and the largest k the depth covers.
pub fn bound(kind: Kind, depth: u32, sweep: &Sweep) -> ((f64, f64), (f64, f64), f64) {
    let k_hi = f64::from(sweep.k.last);
    let ends = match kind {
        Kind::Oral => ((1.0, 0.0), (3.0 * k_hi + 1.0, k_hi)),
        Kind::Signed => ((2.0, 0.0), (k_hi + 2.0, k_hi)),
    };
    (ends.0, ends.1, f64::from(depth))
}

/// The results received so far, in cell order (workers finish in any order).
#[derive(Clone, Debug, Default)]
pub struct Results {
    /// The CSV row of each cell, by its index in `Sweep::cells`.
    rows: Vec<Option<String>>,
    received: usize,
}

impl Results {
    pub fn new(cells: usize) -> Results {
        Results {
            rows: vec![None; cells],
            received: 0,
        }
    }

    /// Records cell `index`'s row; a repeated or out-of-range index is ignored.
    pub fn receive(&mut self, index: usize, row: String) {
        if let Some(slot) = self.rows.get_mut(index) {
            if slot.is_none() {
                self.received += 1;
            }
            *slot = Some(row);
        }
    }

    pub fn received(&self) -> usize {
        self.received
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    pub fn is_complete(&self) -> bool {
        self.received == self.rows.len()
    }

    /// The cells received so far, parsed, in cell order.
    pub fn parsed(&self) -> Vec<Row> {
        self.rows
            .iter()
            .flatten()
            .filter_map(|r| parse_row(r))
            .collect()
    }

    /// The CSV: header, then every received row in cell order. Complete, it
    /// is byte for byte what `generals experiment --csv -` prints.
    pub fn csv(&self) -> String {
        let mut text = format!("{CSV_HEADER}\n");
        for row in self.rows.iter().flatten() {
            text += row;
            text.push('\n');
        }
        text
    }
}

/// The panel's status while a sweep runs: `Running 28 cells of 1,000 trials in 2 workers...`.
pub fn running(cells: usize, trials: u32, workers: usize) -> String {
    format!(
        "Running {} of {} in {}...",
        counted(cells as u64, "cell"),
        counted(u64::from(trials), "trial"),
        counted(workers as u64, "worker")
    )
}

/// The panel's status when a sweep is done: cells, trials in all, time taken.
pub fn finished(cells: usize, trials: u32, seconds: f64) -> String {
    let all = cells as u64 * u64::from(trials);
    format!(
        "{}, {} in {seconds:.2} s ({} trials/s). Click a cell, or use the arrow keys on the chart, to open its first failing run.",
        counted(cells as u64, "cell"),
        counted(all, "trial"),
        thousands((all as f64 / seconds.max(1e-3)) as u64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::experiment::{report, run_cell, Span};

    #[test]
    fn rows_out_of_order_give_the_command_lines_csv() {
        let sweep = Sweep {
            n: Span::new(3, 5),
            k: Span::new(0, 2),
            m: Span::new(1, 1),
            trials: 30,
            ..Sweep::default_with_seed(4)
        };
        let cells = sweep.cells();
        let computed: Vec<_> = cells.iter().map(|c| run_cell(c, 4).unwrap()).collect();
        let mut results = Results::new(cells.len());
        for index in (0..cells.len()).rev() {
            results.receive(index, report::csv_row(4, &computed[index]));
        }
        results.receive(99, "ignored".into());
        assert!(results.is_complete());
        assert_eq!(results.csv(), report::csv(4, &computed));
        let rows = results.parsed();
        assert_eq!(rows.len(), cells.len());
        assert_eq!((rows[0].depth, rows[0].n, rows[0].k), (1, 3, 0));
        assert!(rows[0].guaranteed && rows[0].link.is_none());
        let failing = rows
            .iter()
            .find(|r| r.link.is_some())
            .expect("some cell failed");
        assert!(failing.ic1 > 0.0 || failing.ic2 > 0.0);
        assert!(failing.link.as_ref().unwrap().starts_with("generals="));
    }

    #[test]
    fn foreign_lines_are_not_rows() {
        assert_eq!(parse_row(CSV_HEADER), None);
        assert_eq!(parse_row("1,2,3"), None);
    }

    #[test]
    fn the_bound_line_follows_the_protocol() {
        let sweep = Sweep::default_with_seed(1);
        assert_eq!(bound(Kind::Oral, 1, &sweep), ((1.0, 0.0), (16.0, 5.0), 1.0));
        assert_eq!(
            bound(Kind::Signed, 2, &sweep),
            ((2.0, 0.0), (7.0, 5.0), 2.0)
        );
    }

    #[test]
    fn the_status_counts_one_in_the_singular() {
        assert_eq!(running(1, 1, 1), "Running 1 cell of 1 trial in 1 worker...");
        assert_eq!(
            running(28, 1000, 2),
            "Running 28 cells of 1,000 trials in 2 workers..."
        );
        assert!(finished(1, 1, 0.5).starts_with("1 cell, 1 trial in 0.50 s (2 trials/s). Click"));
        assert!(finished(28, 100000, 2.0)
            .starts_with("28 cells, 2,800,000 trials in 2.00 s (1,400,000 trials/s)"));
    }
}
