//! Presentation models for the page that need no browser: where generals
//! sit, what the status bar says, console history and
//! completion, and the start options read from the URL. Kept apart from
//! `web` so they compile and test natively; `web` only binds them to the DOM
//! and the canvas.

pub mod chart_cursor;
pub mod clock;
pub mod completion;
pub mod eig_tree;
pub mod experiment_form;
pub mod experiment_results;
pub mod history;
pub mod labels;
pub mod layout;
pub mod lessons;
pub mod message_table;
pub mod narration;
pub mod scene;
pub mod signatures;
pub mod start_options;
pub mod status;
pub mod timeline;
pub mod traitors;
pub mod trig;

/// What the explanation's tests (caption, message table, signed view) start
/// from: one seeded army, G1 its commander.
/// `value` kept within `lo..=hi` (`lo` wins if they cross). Not `f64::clamp`:
/// its `min <= max` assert formats both ends with `{:?}`, and that message
/// alone linked the float formatting code (~10 KB gzipped) into the page.
/// The same result as clamp for every non-NaN input.
#[allow(clippy::manual_clamp)]
pub fn bounded(value: f64, lo: f64, hi: f64) -> f64 {
    value.min(hi).max(lo)
}

#[cfg(test)]
pub(crate) mod fixture {
    use crate::engine::{Session, SessionOptions};

    /// `generals` generals under OM(`depth`), seed 5, G1 the commander.
    pub fn session(generals: usize, depth: u32) -> Session {
        Session::new(SessionOptions {
            generals,
            seed: Some(5),
            primary: Some(1),
            depth,
        })
        .expect("valid options")
    }
}
