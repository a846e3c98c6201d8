//! Cost per message, natively: for OM(1) to OM(8), each at the largest army
//! under the message cap, the time per message of a warm order and the peak
//! heap per message (a counting global allocator), for a loyal army and for
//! one with a single faulty general (a liar lieutenant, G2; a two-faced
//! commander, G1); the first order of the process against a warm one, cold
//! and after the start-up warm-up both front ends run (`engine::warm_up`,
//! timed in fresh child processes of this binary); and the heap of a
//! console session over five orders. Prints tables; asserts
//! nothing. Run with `cargo bench --bench per_message`.
//!
//! Instruction counts come from the same binary under callgrind, which
//! counts only `measured_order` (see scripts/callgrind-per-message.sh):
//! `per_message-<hash> --order M [N] [--faulty liar|two-faced]` runs one
//! warm-up order and one measured; `--command` a twin session's whole
//! `actual-order attack` at n = 1000 (`measured_command`).
//! `--first-after-warm-up` (a child's mode) runs the warm-up, then one
//! OM(1) order at n = 1000 (the library's `whole_order`, which the warm-up
//! runs), later ones one by one and one after idling 300 ms, then a
//! control that is not the engine (a pass over 4 KB of memory) warm and
//! after idling, and prints their milliseconds.
//! `--first-session-after-warm-up` (a child's mode) times a twin's console
//! session's first `actual-order attack` after the warm-up, later ones and
//! one after idling.
//! `--first-and-warm` prints only the first five lines (first and warm OM(1)
//! order at n = 1000, loyal, cold and after the warm-up, the control, a
//! twin session's first whole `actual-order attack` after it against warm
//! ones, then warm with G2 a faulty liar), for the page benchmark's
//! wasm-versus-native ratios.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use byzantine_generals::engine::exchange::Exchange;
use byzantine_generals::engine::limits::{MAX_GENERALS, MESSAGE_CAP};
use byzantine_generals::engine::paths::message_count;
use byzantine_generals::engine::warm_up::whole_order;
use byzantine_generals::engine::{
    GeneralId, Loyalty, Order, Protocol, Roster, Session, SessionOptions, Strategy,
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The system allocator, counting the bytes live now and at the peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                - layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Starts counting the peak afresh from what is live now.
fn reset_peak() -> usize {
    let live = LIVE.load(Ordering::Relaxed);
    PEAK.store(live, Ordering::Relaxed);
    live
}

/// One whole loyal order, start to every decision: the function callgrind
/// counts. Returns the messages sent.
#[inline(never)]
fn measured_order(roster: &Roster, protocol: Protocol, rng: &mut ChaCha8Rng) -> u64 {
    order(roster, protocol, rng)
}

/// One whole `actual-order attack` in `session`, submitted and finished,
/// every line written: the function callgrind counts with `--command`.
/// Returns the lines.
#[inline(never)]
fn measured_command(session: &mut Session) -> usize {
    black_box(session.submit("actual-order attack").len() + session.finish().len())
}

/// The same order under another name, which callgrind does not count.
#[inline(never)]
fn warm_up(roster: &Roster, protocol: Protocol, rng: &mut ChaCha8Rng) -> u64 {
    order(roster, protocol, rng)
}

#[inline(always)]
fn order(roster: &Roster, protocol: Protocol, rng: &mut ChaCha8Rng) -> u64 {
    let mut exchange =
        Exchange::start(roster, Order::Attack, protocol, rng).expect("under the cap");
    exchange.run_to_completion(rng);
    black_box(exchange.decision(GeneralId(2)));
    black_box(exchange.sent())
}

/// The largest army (at most 1000) whose OM(m) fits under the message cap.
fn largest_army(m: u32) -> usize {
    (2..=MAX_GENERALS)
        .rev()
        .find(|&n| !message_count(n, m).exceeds(MESSAGE_CAP))
        .expect("two generals always fit")
}

/// The armies a row is measured with: loyal, or one faulty general.
const ARMIES: [Army; 3] = [Army::Loyal, Army::LiarLieutenant, Army::TwoFacedCommander];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Army {
    Loyal,
    /// G2 lies to everyone about everything.
    LiarLieutenant,
    /// The commander, G1, orders attack to half and retreat to the rest.
    TwoFacedCommander,
}

impl Army {
    /// `--faulty`'s word for it (`loyal` for none).
    fn word(self) -> &'static str {
        match self {
            Army::Loyal => "loyal",
            Army::LiarLieutenant => "liar",
            Army::TwoFacedCommander => "two-faced",
        }
    }

    fn roster(self, n: usize) -> Roster {
        let mut roster = Roster::new(n, 1);
        let (id, strategy) = match self {
            Army::Loyal => return roster,
            Army::LiarLieutenant => (2, Strategy::Liar),
            Army::TwoFacedCommander => (1, Strategy::TwoFaced),
        };
        roster
            .set_state(id, Loyalty::Faulty, strategy)
            .expect("a general of the army");
        roster
    }
}

/// Orders timed together for one sample of a warm figure: as many as the
/// page's samples (its clock's grain is 0.1 ms; a loyal order now takes a
/// few microseconds, so 200 of them make a sample some 1 ms long there).
const ORDERS_PER_SAMPLE: u32 = 200;

/// The median over `samples` of the mean milliseconds of an OM(1) order,
/// `ORDERS_PER_SAMPLE` orders back to back.
fn warm_median_ms(roster: &Roster, samples: usize, rng: &mut ChaCha8Rng) -> f64 {
    median_ns(
        (0..samples)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..ORDERS_PER_SAMPLE {
                    measured_order(roster, Protocol::oral(1), rng);
                }
                start.elapsed().as_secs_f64() * 1e3 / f64::from(ORDERS_PER_SAMPLE)
            })
            .collect(),
    )
}

fn median_ns(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

/// Fresh processes whose first order after the warm-up is timed: enough
/// for a median, few enough to take a second.
const WARMED_PROCESSES: usize = 11;

/// One fresh process's warm-up, its first order after it, the median of
/// later single orders and a single order after the process idled
/// `IDLE_BEFORE_SINGLE`, in ms.
fn first_after_warm_up() -> (f64, f64, f64, f64) {
    singles_after_warm_up(|| {
        let roster = Roster::new(1000, 1);
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        // Through the library's `whole_order`, the compiled code the warm-up
        // ran (this binary's own copy of the order's generic code, which
        // `measured_order` inlines, is code the warm-up never touched).
        move || {
            black_box(whole_order(&roster, Protocol::oral(1), &mut rng));
        }
    })
}

/// Whole `actual-order attack` commands a warm sample runs back to back (a
/// line a general at n = 1000: some 0.2 ms each).
const COMMANDS_PER_SAMPLE: usize = 20;

/// The median of `samples` samples (each the mean of `COMMANDS_PER_SAMPLE`
/// back to back) of a twin session's whole `actual-order attack` at
/// n = 1000, lines written, after as many untimed, in ms.
fn warm_command_median_ms(samples: usize) -> f64 {
    let mut session = console_session();
    let mut command = || {
        black_box(session.submit("actual-order attack"));
        black_box(session.finish());
    };
    for _ in 0..COMMANDS_PER_SAMPLE {
        command();
    }
    median_ns(
        (0..samples)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..COMMANDS_PER_SAMPLE {
                    command();
                }
                start.elapsed().as_secs_f64() * 1e3 / COMMANDS_PER_SAMPLE as f64
            })
            .collect(),
    )
}

/// How long a child idles before its last single order (the page
/// benchmark's IDLE_BEFORE_SINGLE_MS).
const IDLE_BEFORE_SINGLE: std::time::Duration = std::time::Duration::from_millis(300);

/// A console session of 1000 generals under OM(1), G1 primary, seed 42.
fn console_session() -> Session {
    Session::new(SessionOptions {
        generals: 1000,
        seed: Some(42),
        primary: Some(1),
        depth: 1,
    })
    .expect("valid options")
}

/// A twin's console session as it starts (warm-up, then the session), and
/// the time of its first `actual-order attack` (submitted and finished, the
/// spec's lines formatted), the median of later ones and one after idling,
/// in ms.
fn first_session_order_after_warm_up() -> (f64, f64, f64, f64) {
    singles_after_warm_up(|| {
        let mut session = console_session();
        move || {
            black_box(session.submit("actual-order attack"));
            black_box(session.finish());
        }
    })
}

/// Runs the start-up warm-up, then makes `order` (after it, as a front end
/// builds its state after its warm-up) and times it once, then
/// `SINGLE_ORDERS_AFTER_FIRST` more one by one (a few microseconds each: a
/// single order's clock reads and cold branch history weigh more than in
/// the samples of orders back to back), then once after idling, as the page
/// benchmark times a single order after its page idled. Returns the
/// warm-up's time, the first, the later ones' median and the one after
/// idling, in ms.
fn singles_after_warm_up<Order: FnMut()>(make: impl FnOnce() -> Order) -> (f64, f64, f64, f64) {
    let start = Instant::now();
    byzantine_generals::engine::warm_up::warm_up();
    let warming = start.elapsed().as_secs_f64() * 1e3;
    let mut order = make();
    let mut single = || {
        let start = Instant::now();
        order();
        start.elapsed().as_secs_f64() * 1e3
    };
    let first = single();
    let later = median_ns((0..SINGLE_ORDERS_AFTER_FIRST).map(|_| single()).collect());
    std::thread::sleep(IDLE_BEFORE_SINGLE);
    let after_idle = single();
    (warming, first, later, after_idle)
}

/// The bytes of the control task `memory_scan_after_idle` reads and writes:
/// a small working set, a tenth of a warm order's time.
const SCAN_BYTES: usize = 4096;

/// A control that is not the engine: a pass over `SCAN_BYTES` of memory,
/// warm (the median of single passes after many) and once after idling
/// `IDLE_BEFORE_SINGLE`, in ms. It shows what idling costs any small task
/// on this machine (the caches, branch history and TLB other processes
/// and the host used meanwhile), which no change to an order can avoid.
fn memory_scan_after_idle() -> (f64, f64) {
    let mut words = vec![1_u64; SCAN_BYTES / 8];
    let mut scan = || {
        let start = Instant::now();
        let mut sum = 0_u64;
        for (at, word) in black_box(&mut words).iter_mut().enumerate() {
            *word = word
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(at as u64);
            sum ^= *word;
        }
        black_box(sum);
        start.elapsed().as_secs_f64() * 1e3
    };
    for _ in 0..1000 {
        scan();
    }
    let warm = median_ns((0..101).map(|_| scan()).collect());
    std::thread::sleep(IDLE_BEFORE_SINGLE);
    (warm, scan())
}

/// Later orders a child times one by one after its first.
const SINGLE_ORDERS_AFTER_FIRST: usize = 9;

/// The warm-up, the first order after it, the median of later single
/// orders and a single order after idling, each in a fresh child process
/// of this binary (a process has one first order).
fn firsts_after_warm_up(processes: usize, mode: &str) -> Vec<(f64, f64, f64, f64, f64, f64)> {
    let exe = std::env::current_exe().expect("the benchmark's own path");
    (0..processes)
        .map(|_| {
            let out = std::process::Command::new(&exe)
                .arg(mode)
                .output()
                .expect("the benchmark runs itself");
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let mut figures = text
                .split_whitespace()
                .map(|f| f.parse().expect("a child prints milliseconds"));
            (
                figures.next().expect("the warm-up's"),
                figures.next().expect("the first order's"),
                figures.next().expect("the later orders'"),
                figures.next().expect("the order after idling"),
                // The control's, printed by `--first-after-warm-up` only.
                figures.next().unwrap_or(f64::NAN),
                figures.next().unwrap_or(f64::NAN),
            )
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--first-session-after-warm-up") {
        let (warming, first, later, after_idle) = first_session_order_after_warm_up();
        println!("{warming:.5} {first:.5} {later:.5} {after_idle:.5}");
        return;
    }
    if args.iter().any(|a| a == "--first-after-warm-up") {
        let (warming, first, later, after_idle) = first_after_warm_up();
        let (scan_warm, scan_after_idle) = memory_scan_after_idle();
        println!(
            "{warming:.5} {first:.5} {later:.5} {after_idle:.5} {scan_warm:.6} {scan_after_idle:.6}"
        );
        return;
    }
    // Under callgrind: `--order M [N] [--faulty liar|two-faced]`, one
    // warm-up order and one measured (N defaults to the largest army under
    // the cap; the army to a loyal one).
    // Under callgrind: `--command`, a console session of 1000 generals'
    // whole `actual-order attack` (lines written) once untimed, then once
    // inside `measured_command`.
    if args.iter().any(|a| a == "--command") {
        let mut session = console_session();
        let mut warm_up =
            || black_box(session.submit("actual-order attack").len() + session.finish().len());
        warm_up();
        let lines = measured_command(&mut session);
        println!("actual-order attack at n = 1000: {lines} lines");
        return;
    }
    if let Some(at) = args.iter().position(|a| a == "--order") {
        let army = match args.iter().position(|a| a == "--faulty") {
            Some(at) => *ARMIES
                .iter()
                .find(|army| Some(army.word()) == args.get(at + 1).map(String::as_str))
                .expect("--faulty liar or --faulty two-faced"),
            None => Army::Loyal,
        };
        let m: u32 = args[at + 1].parse().expect("M");
        let n: usize = match args.get(at + 2) {
            Some(n) if !n.starts_with("--") => n.parse().expect("N"),
            _ => largest_army(m),
        };
        let roster = army.roster(n);
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        warm_up(&roster, Protocol::oral(m), &mut rng);
        let sent = measured_order(&roster, Protocol::oral(m), &mut rng);
        println!("OM({m}) n = {n} {}: {sent} messages", army.word());
        return;
    }
    let measuring = args.iter().any(|a| a == "--bench");
    if !measuring {
        println!("smoke run (test profile); `cargo bench --bench per_message` prints the figures");
    }

    // First order of the process against a warm one, before anything else
    // ran; then the same with a faulty general. Warm figures are medians of
    // samples, each the mean of ORDERS_PER_SAMPLE orders back to back, as
    // the page's `time_orders` export times them (its clock's grain is
    // 0.1 ms, more than an order's time): the page benchmark divides by these.
    let roster = Roster::new(1000, 1);
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let start = Instant::now();
    measured_order(&roster, Protocol::oral(1), &mut rng);
    let first = start.elapsed().as_secs_f64() * 1e3;
    let samples = if measuring { 15 } else { 1 };
    let warm = warm_median_ms(&roster, samples, &mut rng);
    println!(
        "OM(1) n = 1000: first order of the process {first:.3} ms, warm median {warm:.4} ms ({:.2}x)",
        first / warm
    );
    let processes = if measuring { WARMED_PROCESSES } else { 1 };
    let children = firsts_after_warm_up(processes, "--first-after-warm-up");
    let mut firsts: Vec<f64> = children.iter().map(|c| c.1).collect();
    firsts.sort_by(f64::total_cmp);
    let first = firsts[firsts.len() / 2];
    let warming = median_ns(children.iter().map(|c| c.0).collect());
    let single = median_ns(children.iter().map(|c| c.2).collect());
    let idle = median_ns(children.iter().map(|c| c.3).collect());
    println!(
        "OM(1) n = 1000: first order after the start-up warm-up {first:.4} ms (median of {processes} fresh processes, {:.4} to {:.4}; the warm-up itself {warming:.2} ms), warm median {warm:.4} ms ({:.2}x); later orders timed one by one like it {single:.4} ms ({:.2}x); a single order after {} ms idle {idle:.4} ms ({:.2}x warm)",
        firsts[0],
        firsts[firsts.len() - 1],
        first / warm,
        first / single,
        IDLE_BEFORE_SINGLE.as_millis(),
        idle / warm
    );
    let scan_warm = median_ns(children.iter().map(|c| c.4).collect());
    let scan_idle = median_ns(children.iter().map(|c| c.5).collect());
    println!(
        "control, not the engine: a pass over {} KB of memory, warm {:.2} us, after {} ms idle {:.2} us ({:.2}x; idling cost it {:.2} us, the order {:.2} us; medians of the same processes)",
        SCAN_BYTES / 1024,
        scan_warm * 1e3,
        IDLE_BEFORE_SINGLE.as_millis(),
        scan_idle * 1e3,
        scan_idle / scan_warm,
        (scan_idle - scan_warm) * 1e3,
        (idle - single) * 1e3
    );
    // The same in a twin's console session: its first order against its
    // later ones, each submitted and finished as the twin does.
    let children = firsts_after_warm_up(processes, "--first-session-after-warm-up");
    let first = median_ns(children.iter().map(|c| c.1).collect());
    let later = median_ns(children.iter().map(|c| c.2).collect());
    let idle = median_ns(children.iter().map(|c| c.3).collect());
    let warm_command = warm_command_median_ms(samples);
    println!(
        "OM(1) n = 1000, a twin's session after the warm-up: first actual-order {first:.4} ms, later ones {later:.4} ms ({:.2}x; medians of {processes} fresh processes); one after {} ms idle {idle:.4} ms ({:.2}x); warm back to back {warm_command:.4} ms ({:.2}x the first)",
        first / later,
        IDLE_BEFORE_SINGLE.as_millis(),
        idle / later,
        first / warm_command
    );
    let mut liar = Roster::new(1000, 1);
    liar.set_state(2, Loyalty::Faulty, Strategy::Liar)
        .expect("G2 exists");
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    measured_order(&liar, Protocol::oral(1), &mut rng);
    let warm = warm_median_ms(&liar, samples, &mut rng);
    println!("OM(1) n = 1000, G2 a faulty liar: warm median {warm:.4} ms");
    if args.iter().any(|a| a == "--first-and-warm") {
        // The page benchmark's native figure: this line only.
        return;
    }
    println!();

    println!(
        "{:<6} {:>5} {:>10} {:>10} {:>12} {:>12} {:>16}",
        "OM(m)", "n", "army", "messages", "ns/message", "peak heap", "peak B/message"
    );
    let depths = if measuring { 1..=8 } else { 1..=2 };
    for (army, m) in ARMIES
        .into_iter()
        .flat_map(|army| depths.clone().map(move |m| (army, m)))
    {
        let n = if measuring {
            largest_army(m)
        } else {
            largest_army(m).min(30)
        };
        let roster = army.roster(n);
        let protocol = Protocol::oral(m);
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        measured_order(&roster, protocol, &mut rng);
        let base = reset_peak();
        let messages = measured_order(&roster, protocol, &mut rng);
        let peak = PEAK.load(Ordering::Relaxed) - base;
        let runs = if measuring { 9 } else { 1 };
        let ns = median_ns(
            (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    measured_order(&roster, protocol, &mut rng);
                    start.elapsed().as_secs_f64() * 1e9 / messages as f64
                })
                .collect(),
        );
        println!(
            "OM({m})  {n:>5} {:>10} {messages:>10} {ns:>12.3} {:>9.3} MB {:>16.3}",
            army.word(),
            peak as f64 / 1e6,
            peak as f64 / messages as f64
        );
    }
    println!();

    // A console session at n = 1000, OM(1): peak heap over one order, then
    // over five, and what stays live after them (the last order is kept for
    // the inspector).
    let mut session = console_session();
    let base = reset_peak();
    let messages = message_count(1000, 1).to_u64().expect("fits") as f64;
    for order in 1..=5 {
        session.submit("actual-order attack");
        session.finish();
        if order == 1 || order == 5 {
            let peak = PEAK.load(Ordering::Relaxed) - base;
            let live = LIVE.load(Ordering::Relaxed) - base;
            println!(
                "session, OM(1) n = 1000, after {order} order(s): peak {:.2} MB ({:.2} B/message), live {:.2} MB",
                peak as f64 / 1e6,
                peak as f64 / messages,
                live as f64 / 1e6
            );
        }
    }
}
