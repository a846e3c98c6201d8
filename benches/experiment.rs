//! The default experiment (n 3..16, k 0..5, OM(1) and OM(2), coin, 1,000
//! trials per cell), natively on a rayon pool of one thread and of two: wall
//! time and trials per second. Prints a table; asserts nothing (the target,
//! under 2 s on 2 cores, is read off it). Run with `cargo bench --bench experiment`.

// Native only: rayon is, and the page has its own benchmark.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use byzantine_generals::engine::experiment::{run_cell, CellResult, Sweep};
    use rayon::prelude::*;
    use std::time::Instant;

    // `cargo test --all-targets` runs this too, unoptimised: one small pass then.
    let measuring = std::env::args().any(|a| a == "--bench");
    let mut sweep = Sweep::default_with_seed(1);
    if !measuring {
        sweep.trials = 5;
        println!("smoke run (5 trials per cell, test profile); `cargo bench` prints the figures");
    }
    let cells = sweep.cells();
    let trials = cells.len() as u64 * u64::from(sweep.trials);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "default sweep: {} cells, {trials} trials; load average {}",
        cells.len(),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "{:>7} {:>10} {:>10} {:>14} {:>14}",
        "threads", "best", "median", "trials/s", "messages/s"
    );
    let mut reference: Option<Vec<CellResult>> = None;
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        let runs = if measuring { 5 } else { 1 };
        let mut times = Vec::new();
        let mut messages = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let results: Vec<CellResult> = pool.install(|| {
                cells
                    .par_iter()
                    .map(|cell| run_cell(cell, sweep.seed).expect("validated"))
                    .collect()
            });
            times.push(start.elapsed().as_secs_f64());
            messages = results.iter().map(|r| r.messages).sum::<u64>();
            match &reference {
                Some(first) => assert_eq!(first, &results, "same table on any pool"),
                None => reference = Some(results),
            }
        }
        times.sort_by(f64::total_cmp);
        let (best, median) = (times[0], times[times.len() / 2]);
        println!(
            "{threads:>7} {:>9.3}s {:>9.3}s {:>14.0} {:>14.0}",
            best,
            median,
            trials as f64 / median,
            messages as f64 / median
        );
    }
}
