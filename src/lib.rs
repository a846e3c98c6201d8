//! The Byzantine generals problem with OM(m) consensus: a pure, deterministic
//! engine, a browser front end over it, and a command-line twin.
pub mod engine;

#[cfg(target_arch = "wasm32")]
pub mod web;
