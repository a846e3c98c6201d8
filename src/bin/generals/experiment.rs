//! `generals experiment`: sweeps n, k and m, runs every cell's trials on all
//! cores (rayon; each cell is a pure function of the cell and the seed, so the
//! table does not depend on the number of threads) and prints a table, or CSV
//! with `--csv FILE` (`--csv -`: to standard output instead of the table).
//! A progress bar goes to standard error when it is a terminal; notes (the
//! seed, the time taken) go to standard error too, so standard output is
//! exactly the table or the CSV.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use byzantine_generals::engine::experiment::{
    report, run_cell, Mix, Placement, Span, Sweep, SweepProblem, Swept,
};
use byzantine_generals::engine::output::{counted, thousands};
use byzantine_generals::engine::session::fresh_seed;
use byzantine_generals::engine::{Kind, Strategy};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

/// The experiment's options; ranges are `A..B` (both ends included) or `A`.
/// A negative number (`--trials -5`, `--k -1`) goes to its option's
/// parser, which says what is expected, rather than being taken for an
/// unknown option.
#[derive(Debug, Args)]
pub struct Experiment {
    /// Army sizes to sweep, e.g. 3..13 (1 to 100)
    #[arg(long = "n", value_name = "RANGE", default_value = "3..16", value_parser = Span::parse, allow_negative_numbers = true)]
    pub n: Span,

    /// Numbers of faulty generals to sweep, e.g. 0..4 (cells with k > n are skipped)
    #[arg(long = "k", value_name = "RANGE", default_value = "0..5", value_parser = Span::parse, allow_negative_numbers = true)]
    pub k: Span,

    /// The protocol: om (oral messages) or sm (signed messages)
    #[arg(long, value_name = "P", default_value = "om", value_parser = protocol)]
    pub protocol: Kind,

    /// Depths m to sweep, e.g. 1 or 1..2
    #[arg(long = "m", value_name = "RANGE", default_value = "1", value_parser = Span::parse, allow_negative_numbers = true)]
    pub m: Span,

    /// The traitors' strategy: coin, liar, two-faced, silent; several joined
    /// with + or , (each traitor draws one), or mix for all four
    #[arg(long, value_name = "S", default_value = "coin", value_parser = Mix::parse)]
    pub strategy: Mix,

    /// Which generals are faulty: random (drawn per trial, the commander
    /// among them with probability k/n) or fixed (G1 commands, the k highest ids are faulty)
    #[arg(long, value_name = "P", default_value = "random", value_parser = Placement::parse)]
    pub placement: Placement,

    /// Orders run per cell (1 to 1,000,000)
    #[arg(long, value_name = "T", default_value = "1000", value_parser = trials, allow_negative_numbers = true)]
    pub trials: u32,

    /// Seed of the sweep; without it one is drawn and printed on standard error
    #[arg(long, value_name = "S", value_parser = crate::args::seed, allow_negative_numbers = true)]
    pub seed: Option<u64>,

    /// Write CSV (one row per cell) to FILE instead of the table; - for standard output
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,

    /// Threads to use (default: every core)
    #[arg(long, value_name = "N", value_parser = threads, allow_negative_numbers = true)]
    pub threads: Option<usize>,
}

fn protocol(word: &str) -> Result<Kind, String> {
    Kind::parse(word).ok_or_else(|| format!("expected {}", Kind::ACCEPTED))
}

fn trials(text: &str) -> Result<u32, String> {
    crate::args::digits(text)
        .and_then(|d| d.parse::<u32>().ok())
        .ok_or_else(|| "the trials per cell are a whole number from 1 to 1,000,000".to_string())
}

fn threads(text: &str) -> Result<usize, String> {
    crate::args::digits(text)
        .and_then(|d| d.parse::<usize>().ok())
        .filter(|&t| (1..=1024).contains(&t))
        .ok_or_else(|| "the threads are a whole number from 1 to 1024".to_string())
}

impl Experiment {
    /// The sweep these options describe, validated against the limits.
    pub fn sweep(&self) -> Result<Sweep, String> {
        let sweep = Sweep {
            seed: self.seed.unwrap_or_else(fresh_seed),
            n: self.n,
            k: self.k,
            kind: self.protocol,
            m: self.m,
            mix: self.strategy,
            placement: self.placement,
            trials: self.trials,
        };
        sweep.validate().map_err(|problem| worded(&problem))?;
        Ok(sweep)
    }
}

/// A sweep's problem in the command line's words: each option by its flag,
/// with an example of a good value.
pub fn worded(problem: &SweepProblem) -> String {
    match problem {
        SweepProblem::OutOfRange {
            swept,
            allowed,
            given,
        } => {
            let (name, example) = match swept {
                Swept::Generals => ("n", "--n 3..13"),
                Swept::Faulty => ("k", "--k 0..4"),
                Swept::Depths => ("m", "--m 1 or --m 1..2"),
            };
            format!("{name} must be within {allowed}, not {given}; expected for example {example}")
        }
        SweepProblem::Trials { most, given } => format!(
            "trials must be from 1 to {}, not {given}",
            thousands(u64::from(*most))
        ),
        SweepProblem::NoStrategy => {
            format!(
                "no strategy given; expected {} or mix",
                Strategy::accepted()
            )
        }
        SweepProblem::NoCell { k, n } => {
            format!("no cell to run: every k ({k}) is more than every n ({n}); expected k <= n")
        }
        SweepProblem::TooManyCells {
            cells,
            m,
            n,
            k,
            most,
        } => format!(
            "{} cells (m {m} x n {n} x k {k}), over the limit of {}; narrow a range",
            thousands(*cells),
            thousands(*most)
        ),
        SweepProblem::OrderTooBig {
            protocol,
            n,
            bound,
            most,
        } => format!(
            "{protocol} with {n} generals could send {bound} messages per order, over the limit \
             of {}; lower --m or the largest --n",
            thousands(*most)
        ),
        SweepProblem::TooManyChains { protocol, n, most } => format!(
            "{protocol} with {n} generals has more than {} chains to number; lower --m or --n",
            thousands(*most)
        ),
        SweepProblem::SweepTooBig { messages, most } => format!(
            "this sweep could send up to {} messages, over the limit of {}; \
             lower --trials, --m or the largest --n",
            thousands(*messages),
            thousands(*most)
        ),
        SweepProblem::BadCell {
            n,
            k,
            most_generals,
        } => format!("a cell needs 1 <= n <= {most_generals} and k <= n, not n {n} and k {k}"),
    }
}

fn note(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Runs the sweep and prints its table or CSV. Bad options were refused by
/// the caller (status 2); this fails (status 1) only if output fails.
pub fn run(options: &Experiment, sweep: &Sweep) -> ExitCode {
    let cells = sweep.cells();
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            note(&format!("generals experiment: no thread pool: {e}"));
            return ExitCode::FAILURE;
        }
    };
    note(&format!(
        "experiment: {}, {} each, seed {}, {}",
        counted(cells.len() as u64, "cell"),
        counted(u64::from(sweep.trials), "trial"),
        sweep.seed,
        counted(pool.current_num_threads() as u64, "thread")
    ));
    let progress = if io::stderr().is_terminal() {
        let bar =
            ProgressBar::with_draw_target(Some(cells.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} cells, {eta} left") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let started = Instant::now();
    let results: Result<Vec<_>, String> = pool.install(|| {
        cells
            .par_iter()
            .map(|cell| {
                let result = run_cell(cell, sweep.seed).map_err(|problem| worded(&problem));
                progress.inc(1);
                result
            })
            .collect()
    });
    progress.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    let results = match results {
        Ok(results) => results,
        Err(problem) => {
            note(&format!("generals experiment: {problem}"));
            return ExitCode::FAILURE;
        }
    };
    let trials = cells.len() as u64 * u64::from(sweep.trials);
    note(&format!(
        "experiment: {} in {elapsed:.2} s ({} trials/s)",
        counted(trials, "trial"),
        thousands((trials as f64 / elapsed.max(1e-9)) as u64)
    ));
    let written = match &options.csv {
        Some(path) if path.as_os_str() == "-" => io::stdout()
            .lock()
            .write_all(report::csv(sweep.seed, &results).as_bytes()),
        Some(path) => std::fs::write(path, report::csv(sweep.seed, &results))
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))),
        None => {
            let mut out = io::stdout().lock();
            let mut text = report::table_header() + "\n";
            for result in &results {
                text += &report::table_row(result);
                text.push('\n');
            }
            text += "* the theorem guarantees IC1 and IC2 in this cell\n";
            out.write_all(text.as_bytes())
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            note(&format!("generals experiment: {e}"));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use byzantine_generals::engine::count::Count;
    use byzantine_generals::engine::Protocol;

    /// The command line's words for every problem, byte for byte as they
    /// were when the engine wrote them (transcripts and scripts read them).
    #[test]
    fn every_problem_is_worded_with_its_flag() {
        let range = |swept, first, last, given: Span| SweepProblem::OutOfRange {
            swept,
            allowed: Span::new(first, last),
            given,
        };
        let cases = [
            (
                range(Swept::Generals, 1, 100, Span::new(0, 5)),
                "n must be within 1..100, not 0..5; expected for example --n 3..13",
            ),
            (
                range(Swept::Faulty, 0, 100, Span::new(0, 101)),
                "k must be within 0..100, not 0..101; expected for example --k 0..4",
            ),
            (
                range(Swept::Depths, 0, 16, Span::new(0, 17)),
                "m must be within 0..16, not 0..17; expected for example --m 1 or --m 1..2",
            ),
            (
                SweepProblem::Trials {
                    most: 1_000_000,
                    given: 0,
                },
                "trials must be from 1 to 1,000,000, not 0",
            ),
            (
                SweepProblem::NoStrategy,
                "no strategy given; expected coin, liar, two-faced, silent or mix",
            ),
            (
                SweepProblem::NoCell {
                    k: Span::new(20, 30),
                    n: Span::new(3, 16),
                },
                "no cell to run: every k (20..30) is more than every n (3..16); expected k <= n",
            ),
            (
                SweepProblem::TooManyCells {
                    cells: 20_200,
                    m: Span::new(0, 1),
                    n: Span::new(1, 100),
                    k: Span::new(0, 100),
                    most: 10_000,
                },
                "20,200 cells (m 0..1 x n 1..100 x k 0..100), over the limit of 10,000; narrow a range",
            ),
            (
                SweepProblem::OrderTooBig {
                    protocol: Protocol::oral(4),
                    n: 100,
                    bound: Count::from(8_674_073_199),
                    most: 3_000_000,
                },
                "OM(4) with 100 generals could send 8,674,073,199 messages per order, \
                 over the limit of 3,000,000; lower --m or the largest --n",
            ),
            (
                SweepProblem::TooManyChains {
                    protocol: Protocol::oral(8),
                    n: 20,
                    most: 4_294_967_295,
                },
                "OM(8) with 20 generals has more than 4,294,967,295 chains to number; \
                 lower --m or --n",
            ),
            (
                SweepProblem::SweepTooBig {
                    messages: 14_313_419_400_000,
                    most: 20_000_000_000,
                },
                "this sweep could send up to 14,313,419,400,000 messages, over the limit of \
                 20,000,000,000; lower --trials, --m or the largest --n",
            ),
            (
                SweepProblem::BadCell {
                    n: 3,
                    k: 4,
                    most_generals: 100,
                },
                "a cell needs 1 <= n <= 100 and k <= n, not n 3 and k 4",
            ),
        ];
        for (problem, words) in cases {
            assert_eq!(worded(&problem), words);
        }
    }
}
