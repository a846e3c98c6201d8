//! The Experiments chart from the keyboard: which cell the arrow keys have
//! reached (a depth m, and n and k on its two maps), and the sentence that
//! says that cell's rates in words, the chart's text alternative. Native-
//! tested; the page only draws the highlight and shows the sentence.

use crate::engine::experiment::{Span, Sweep};
use crate::engine::Kind;

use super::experiment_results::Row;

/// A cell of the chart: depth m and (n, k).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub depth: u32,
    pub n: u32,
    pub k: u32,
}

/// `value` moved by `by`, kept within `span`.
fn step(value: u32, by: i64, span: Span) -> u32 {
    (i64::from(value) + by).clamp(i64::from(span.first), i64::from(span.last)) as u32
}

impl Cursor {
    /// Where the keyboard starts: the first depth, smallest n and k.
    pub fn first(sweep: &Sweep) -> Cursor {
        Cursor {
            depth: sweep.m.first,
            n: sweep.n.first,
            k: sweep.k.first,
        }
    }

    /// The cursor after `key`, as the maps are drawn: Left and Right move
    /// along n, Up and Down along k (k grows upwards), Home and End go to
    /// the smallest and largest n, Page Up and Page Down to the previous and
    /// next depth's maps. `None` for any other key. Never leaves the sweep.
    pub fn moved(self, key: &str, sweep: &Sweep) -> Option<Cursor> {
        let mut next = self;
        match key {
            "ArrowLeft" => next.n = step(self.n, -1, sweep.n),
            "ArrowRight" => next.n = step(self.n, 1, sweep.n),
            "ArrowDown" => next.k = step(self.k, -1, sweep.k),
            "ArrowUp" => next.k = step(self.k, 1, sweep.k),
            "Home" => next.n = sweep.n.first,
            "End" => next.n = sweep.n.last,
            "PageUp" => next.depth = step(self.depth, -1, sweep.m),
            "PageDown" => next.depth = step(self.depth, 1, sweep.m),
            _ => return None,
        }
        Some(next)
    }

    /// This cell's row among `rows`, if the sweep ran it (k > n is skipped).
    pub fn row<'a>(&self, rows: &'a [Row]) -> Option<&'a Row> {
        rows.iter()
            .find(|r| (r.depth, r.n, r.k) == (self.depth, self.n, self.k))
    }

    /// The cell in words: its rates, whether the theorem guarantees it, and
    /// what Enter does.
    pub fn describe(&self, kind: Kind, rows: &[Row]) -> String {
        let name = match kind {
            Kind::Oral => "OM",
            Kind::Signed => "SM",
        };
        let cell = format!("{name}({}), n = {}, k = {}", self.depth, self.n, self.k);
        let Some(row) = self.row(rows) else {
            return format!("{cell}: not run (more faulty generals than generals).");
        };
        let promise = if row.guaranteed {
            "guaranteed by the theorem"
        } else {
            "not guaranteed"
        };
        let rates = if row.ic1 == 0.0 && row.ic2 == 0.0 {
            "IC1 and IC2 never broke".to_string()
        } else {
            format!(
                "IC1 broke in {} of the trials, IC2 in {}",
                percent(row.ic1),
                percent(row.ic2)
            )
        };
        let action = match row.link {
            Some(_) => "Enter opens its first failing run.",
            None => "no failing run to open.",
        };
        format!("{cell}: {rates} ({promise}); {action}")
    }
}

/// A rate as a percentage with one decimal, "0%" and "100%" exactly, and
/// "under 0.1%" for a rare break that one decimal would round to nothing.
fn percent(rate: f64) -> String {
    if rate <= 0.0 {
        "0%".to_string()
    } else if rate < 0.0005 {
        "under 0.1%".to_string()
    } else if rate >= 1.0 {
        "100%".to_string()
    } else {
        format!("{:.1}%", rate * 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sweep() -> Sweep {
        Sweep {
            n: Span::new(3, 5),
            k: Span::new(0, 2),
            m: Span::new(1, 2),
            ..Sweep::default_with_seed(1)
        }
    }

    fn row(n: u32, k: u32, ic1: f64, ic2: f64, guaranteed: bool, link: bool) -> Row {
        Row {
            depth: 1,
            n,
            k,
            ic1,
            ic2,
            guaranteed,
            link: link.then(|| "generals=4&seed=9".to_string()),
        }
    }

    #[test]
    fn arrows_walk_the_maps_and_stop_at_their_edges() {
        let s = sweep();
        let at = Cursor::first(&s);
        assert_eq!(
            at,
            Cursor {
                depth: 1,
                n: 3,
                k: 0
            }
        );
        assert_eq!(at.moved("ArrowLeft", &s), Some(at));
        assert_eq!(at.moved("ArrowDown", &s), Some(at));
        let up = at
            .moved("ArrowRight", &s)
            .unwrap()
            .moved("ArrowUp", &s)
            .unwrap();
        assert_eq!(
            up,
            Cursor {
                depth: 1,
                n: 4,
                k: 1
            }
        );
        assert_eq!(up.moved("End", &s).unwrap().n, 5);
        assert_eq!(
            up.moved("End", &s)
                .unwrap()
                .moved("ArrowRight", &s)
                .unwrap()
                .n,
            5
        );
        assert_eq!(up.moved("Home", &s).unwrap().n, 3);
        let deeper = up.moved("PageDown", &s).unwrap();
        assert_eq!(
            deeper,
            Cursor {
                depth: 2,
                n: 4,
                k: 1
            }
        );
        assert_eq!(deeper.moved("PageDown", &s), Some(deeper));
        assert_eq!(deeper.moved("PageUp", &s).unwrap().depth, 1);
        assert_eq!(at.moved("Enter", &s), None);
        assert_eq!(at.moved("a", &s), None);
    }

    #[test]
    fn a_cell_says_its_rates_in_words() {
        let rows = [
            row(3, 0, 0.0, 0.0, true, false),
            row(4, 2, 0.3125, 0.0004, false, true),
            row(5, 2, 1.0, 0.0, false, true),
        ];
        let at = |n, k| Cursor { depth: 1, n, k };
        assert_eq!(
            at(3, 0).describe(Kind::Oral, &rows),
            "OM(1), n = 3, k = 0: IC1 and IC2 never broke (guaranteed by the theorem); no failing run to open."
        );
        assert_eq!(
            at(4, 2).describe(Kind::Oral, &rows),
            "OM(1), n = 4, k = 2: IC1 broke in 31.2% of the trials, IC2 in under 0.1% (not guaranteed); Enter opens its first failing run."
        );
        assert_eq!(
            at(5, 2).describe(Kind::Signed, &rows),
            "SM(1), n = 5, k = 2: IC1 broke in 100% of the trials, IC2 in 0% (not guaranteed); Enter opens its first failing run."
        );
        assert_eq!(
            at(3, 4).describe(Kind::Oral, &rows),
            "OM(1), n = 3, k = 4: not run (more faulty generals than generals)."
        );
    }
}
