//! The Byzantine generals problem with OM(m) consensus: a pure, deterministic
//! engine (`engine`), presentation models for the page (`ui`), the browser
//! bindings over both (`web`, wasm only) and a command-line twin (`src/bin`).
pub mod engine;
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod web;
