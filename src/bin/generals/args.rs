//! The command line's arguments: `generals <N> [--seed S] [--primary ID]`
//! or `generals --replay LINK`, with `--print-link` and `--trace FILE`; declared with clap's derive so that help, usage and errors come from one
//! description.
//!
//! Room to grow: a new option is one more field of `Cli` (for example
//! `--replay LINK` or `--trace FILE`). A subcommand (`generals experiment
//! ...`) goes into an `Option<Mode>` field marked `#[command(subcommand)]`;
//! the settings on `Cli` already make the positional N optional when a
//! subcommand is given (`subcommand_negates_reqs`) and refuse N together with
//! a subcommand (`args_conflicts_with_subcommands`), so `generals 4` keeps
//! working beside it.

use byzantine_generals::engine::limits::MAX_GENERALS;
use byzantine_generals::engine::replay::Link;
use byzantine_generals::engine::SessionOptions;
use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};

use crate::experiment::Experiment;

#[derive(Debug, Parser)]
#[command(
    name = "generals",
    about = "The Byzantine generals, OM(m) and SM(m), as a console: reads commands from standard input, \
             writes the transcript to standard output.",
    after_help = "Type help at the prompt for the commands. The banner and notes go to \
                  standard error, so standard output is exactly the transcript.",
    // Both forms, the subcommand by name rather than clap's `<COMMAND>`.
    override_usage = "generals [OPTIONS] [N]\n       generals experiment [OPTIONS]",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    /// How many generals the session starts with (1 to 1000)
    #[arg(value_name = "N", required_unless_present = "replay", value_parser = generals, allow_negative_numbers = true)]
    pub generals: Option<usize>,

    /// Seed of the session's one random generator (0 to 18446744073709551615);
    /// without it one is drawn and printed in the banner, so any run can be replayed
    #[arg(long, value_name = "S", value_parser = seed, allow_negative_numbers = true)]
    pub seed: Option<u64>,

    /// Id of the starting primary (1 to N, written 2 or G2); random without it
    #[arg(long, value_name = "ID", value_parser = general_id, allow_negative_numbers = true)]
    pub primary: Option<u32>,

    /// Replay a session from its link (the page's address, or the part from
    /// '#'): its start options and commands, then standard input as usual.
    /// A bad link gives one error line and replays what could be read
    #[arg(long, value_name = "LINK", conflicts_with_all = ["generals", "seed", "primary"])]
    pub replay: Option<String>,

    /// At the end, print this session's replay link ('#generals=...') to
    /// standard error: append it to the page's address, or pass it to --replay
    #[arg(long)]
    pub print_link: bool,

    /// Write every order's events to FILE as JSON Lines (an order record,
    /// each message put on the wire, each general's decision), as each order
    /// completes; the README describes the format
    #[arg(long, value_name = "FILE")]
    pub trace: Option<std::path::PathBuf>,

    #[command(subcommand)]
    pub mode: Option<Mode>,
}

/// What the binary does instead of a console session.
#[derive(Debug, Subcommand)]
pub enum Mode {
    /// Sweep armies (n), traitors (k) and depths (m), run many orders per
    /// cell, and print how often IC1 and IC2 broke: a table, or CSV
    Experiment(Experiment),
}

impl Cli {
    /// The session's start options, or a clap error (status 2, usage line)
    /// when the arguments parse but do not fit together. With `--replay`,
    /// the link's (see `replay_link`).
    pub fn session_options(&self) -> Result<SessionOptions, clap::Error> {
        if let Some(text) = &self.replay {
            return Ok(Link::parse(text).0.options);
        }
        let options = SessionOptions {
            generals: self.generals.unwrap_or(0),
            seed: self.seed,
            primary: self.primary,
            ..SessionOptions::default()
        };
        options
            .validate()
            .map_err(|problem| Cli::command().error(ErrorKind::ValueValidation, problem))?;
        Ok(options)
    }
}

/// Decimal digits only: Rust's own parsers also take `+4`, which the
/// console refuses, so the arguments refuse it too.
pub(crate) fn digits(text: &str) -> Option<&str> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then_some(text)
}

fn generals(text: &str) -> Result<usize, String> {
    digits(text)
        .and_then(|d| d.parse::<usize>().ok())
        .filter(|n| (1..=MAX_GENERALS).contains(n))
        .ok_or_else(|| format!("the number of generals is a whole number from 1 to {MAX_GENERALS}"))
}

pub(crate) fn seed(text: &str) -> Result<u64, String> {
    digits(text)
        .and_then(|d| d.parse::<u64>().ok())
        .ok_or_else(|| format!("a seed is a whole number from 0 to {}", u64::MAX))
}

fn general_id(text: &str) -> Result<u32, String> {
    let number = text.strip_prefix(['G', 'g']).unwrap_or(text);
    digits(number)
        .and_then(|d| d.parse::<u32>().ok())
        .filter(|&id| id >= 1)
        .ok_or_else(|| "a general id is a whole number from 1, written 2 or G2".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<SessionOptions, clap::Error> {
        Cli::try_parse_from(std::iter::once("generals").chain(args.iter().copied()))?
            .session_options()
    }

    #[test]
    fn the_clap_description_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_options_keep_their_meaning() {
        let options = parse(&["7", "--seed", "42", "--primary", "G3"]).unwrap();
        assert_eq!(
            options,
            SessionOptions {
                generals: 7,
                seed: Some(42),
                primary: Some(3),
                depth: 1
            }
        );
        assert_eq!(parse(&["--primary", "2", "4"]).unwrap().primary, Some(2));
        assert_eq!(parse(&["1000"]).unwrap().seed, None);
    }

    #[test]
    fn a_replay_link_holds_the_start_options() {
        let options =
            parse(&["--replay", "https://x.test/#generals=7&seed=3&om=2&c=help"]).unwrap();
        assert_eq!(
            options,
            SessionOptions {
                generals: 7,
                seed: Some(3),
                primary: None,
                depth: 2
            }
        );
        for args in [
            &["4", "--replay", "#seed=1"][..],
            &["--replay", "#seed=1", "--seed", "2"],
            &["--replay", "#seed=1", "--primary", "1"],
            &["--replay"],
        ] {
            let error = parse(args).expect_err(&format!("{args:?} is refused"));
            assert_eq!(error.exit_code(), 2, "{args:?}");
        }
    }

    #[test]
    fn signs_repeats_and_missing_values_are_refused() {
        for args in [
            &["+4"][..],
            &["4", "--seed", "1", "--seed", "2"],
            &["4", "--seed", "--help"],
            &["4", "--seed", "+1"],
            &["4", "--primary", "1", "--primary", "2"],
            &["4", "--primary", "g"],
            &["4", "--primary", "5"],
        ] {
            let error = parse(args).expect_err(&format!("{args:?} is refused"));
            assert_eq!(error.exit_code(), 2, "{args:?}");
            assert_ne!(error.kind(), ErrorKind::DisplayHelp, "{args:?}");
        }
    }
}
