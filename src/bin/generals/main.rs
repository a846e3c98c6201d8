//! `generals`, the command-line twin of the page: `generals <N> [--seed S]
//! [--primary ID]`, then console commands on standard input; or
//! `generals experiment ...`, a sweep of many orders (see experiment.rs). Native only:
//! the browser build of this crate is the page (src/web), so for wasm32 the
//! binary is empty and clap is not a dependency there.

#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod experiment;
#[cfg(not(target_arch = "wasm32"))]
mod lines;
#[cfg(not(target_arch = "wasm32"))]
mod twin;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    twin::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
