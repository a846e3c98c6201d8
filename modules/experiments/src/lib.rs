//! The Experiments module (see Cargo.toml): its exports are the library's
//! `experiments` feature's `#[wasm_bindgen]` functions (`mount_experiments`,
//! `experiment_cell`, `experiment_cell_point`, `mount_lessons` for the
//! Lessons panel, `trace_of` for Download trace, and `search_answer` for
//! the page's `g-search` worker, in
//! src/web/), which a cdylib
//! exports from its dependency; this crate only names them so that the
//! linker keeps them.
#[cfg(target_arch = "wasm32")]
pub use byzantine_generals::web::{
    experiment_worker::experiment_cell, experiments_panel::*, lessons_panel::mount_lessons,
    search_worker::search_answer, trace_writer::trace_of,
};
