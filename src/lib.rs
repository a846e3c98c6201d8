//! The Byzantine generals problem with OM(m) consensus: a pure, deterministic
//! engine (`engine`), presentation models for the page (`ui`), the browser
//! bindings over both (`web`, wasm only) and a command-line twin (`src/bin`).
// In the page, str slicing that can panic links core's message for it,
// which formats a char with `{:?}` and so carries Unicode's printable
// tables into the download (3.9 KB gzipped): `get`, `split_at_checked` and
// `split_once` instead (README, "Design decisions"). clippy.toml forbids
// `str::split_at` everywhere for the same reason.
#![cfg_attr(
    all(target_arch = "wasm32", feature = "page", not(test)),
    deny(clippy::string_slice)
)]
pub mod engine;
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod web;
