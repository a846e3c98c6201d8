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
pub mod layout;
pub mod lessons;
pub mod message_table;
pub mod narration;
pub mod signatures;
pub mod start_options;
pub mod status;
pub mod timeline;
pub mod traitors;
