//! Every bound the engine enforces, in one place, so each resource is finite
//! and the README can quote them.

/// Most live generals a session may hold (the spec's 1 <= n <= 1000).
pub const MAX_GENERALS: usize = 1000;

/// Most messages one order may send. OM(1) at n = 1000 needs 998,001; the cap
/// leaves room for that with margin. Memory is what bounds it. OM(m) keeps a
/// round as one byte per path when nobody may withhold (`level`), or as one
/// byte for the whole round when every path holds the same value (`values`:
/// every round of a loyal army), and one memory for the whole army when
/// nobody is faulty: measured peak heap of one loyal order at the largest
/// army under the cap (`cargo bench --bench per_message`) 0.09 MB for OM(1)
/// at n = 1000 (the generals themselves), under 0.01 MB for OM(2) to OM(8).
/// A faulty general makes every lieutenant keep its own byte per path (n
/// bytes per path): one liar lieutenant, 1.1 MB at OM(1), n = 1000, 9.7 MB
/// at OM(7), n = 11, 7.1 MB at OM(8), n = 10. An army that may withhold (silent,
/// scripted) keeps a record per relay as well: measured before the levels at
/// up to 47 MB (OM(7) at n = 11, 18 bytes per message; OM(8) at n = 10, 30
/// MB). SM(m) keeps 12 bytes per message in flight. SM(m) is checked by its
/// worst case,
/// (n - 1) + 2 (n - 1)(n - 2): 1,995,003 at n = 1000.
pub const MESSAGE_CAP: u64 = 3_000_000;

/// Deepest OM(m) the `g-protocol om M` command accepts. The message cap bounds
/// the depth that can actually run far below this (m <= 8).
pub const MAX_DEPTH: u32 = 16;

/// Logical ticks one message spends on the wire. Every hop takes the same
/// time so that the messages of one round travel together and rounds stay
/// visibly distinct; at 1x speed the page maps one tick to one millisecond.
pub const HOP_TICKS: u64 = 1200;

/// Commands the page's console remembers for Up and Down (`ui::history`);
/// older ones are forgotten first. A shell's order of magnitude: more than
/// a session types, little memory.
pub const HISTORY_LIMIT: usize = 500;

/// Longest command line looked at, in bytes. The longest command is a few
/// dozen bytes; a longer line is refused whole with one error line, and the
/// command line skips it as it reads, never holding it in memory.
pub const MAX_LINE_BYTES: usize = 1024;

/// Most words of a line the parser looks at: more than any command takes, so
/// a line with more is a wrong number of arguments, found without splitting
/// the rest of it.
pub const MAX_WORDS: usize = 8;

/// Most candidates Tab lists in the console at once (ids of 1000 generals
/// would fill it); the rest are counted.
pub const MAX_COMPLETIONS_LISTED: usize = 24;

/// Longest token quoted back in an error line, in characters.
pub const MAX_QUOTED_CHARS: usize = 24;

/// Most generals the `check: ` note names in one list before it says
/// "and N more": enough to read a small army in full, one line at n = 1000.
pub const MAX_NAMED_IN_CHECK: usize = 8;

/// Longest replay link read or written, in characters of its fragment (the
/// part after `#`, which browsers keep and never send to a server). About 900
/// typical commands; a longer session's address keeps its first commands, and
/// a longer link is replayed up to the last whole command within the bound.
pub const MAX_LINK_CHARS: usize = 16_384;

/// Orders a session keeps the means to re-run (for the timeline, the list of
/// earlier orders and the trace); older ones are forgotten. Each holds a copy
/// of the army (about 12 bytes a general), so at most about 12 MB at n = 1000.
pub const MAX_KEPT_ORDERS: usize = 1000;

/// Children of one EIG-tree node shown per page in the inspector: a page of
/// a 1000-general tree stays a glance, and the rest is paged.
pub const EIG_PAGE: usize = 12;

/// Most EIG-tree nodes one view builds and shows at once, whatever is
/// expanded: keeps the inspector's DOM and its rebuild small at n = 1000.
pub const EIG_MAX_SHOWN: usize = 200;

/// A tree with at most this many nodes opens fully by default (OM(1) and
/// OM(2) among a handful of generals); bigger ones open only the root.
pub const EIG_OPEN_ALL: u64 = 64;

/// Rows of the per-round message table shown per page.
pub const TABLE_PAGE: usize = 20;

/// Most generals a narration caption names in one list before it says
/// "and N more", so a caption stays one or two lines at n = 1000.
pub const MAX_NAMED_IN_CAPTION: usize = 6;

/// Most behaviours `g-search` runs one by one before it turns to a randomised
/// search: 2^20, "about a million". Three generals with a faulty lieutenant
/// under OM(1) have 2; six with two faulty lieutenants under OM(2), 2^32.
pub const MAX_EXHAUSTIVE_BEHAVIOURS: u64 = 1 << 20;

/// Most tries of a randomised `g-search` (structured strategies first, then
/// random behaviours).
pub const SEARCH_MAX_TRIES: u64 = 100_000;

/// Most messages one `g-search` may simulate in all, counting each try at the
/// protocol's worst case plus `SEARCH_TRY_OVERHEAD`. It runs in one go (in the
/// page, between two frames), so this keeps a search to about a second
/// natively; a bigger army gets fewer tries, and the note says it was bounded.
pub const SEARCH_MESSAGE_BUDGET: u64 = 30_000_000;

/// What setting up one try costs, in messages: building the generals and
/// their memory, which dominates for small armies.
pub const SEARCH_TRY_OVERHEAD: u64 = 40;

/// Most lies the `search: ` note names before it says "and N more".
pub const MAX_LIES_NAMED: usize = 8;

/// Most traitors for which a randomised search also tries every mix of the
/// structured strategies (3^4 = 81 mixes); with more, only one strategy for all.
pub const MAX_MIXED_SEED_TRAITORS: usize = 4;

/// Largest army an experiment sweeps (`--n`): the heat map stays readable
/// (one column per n) and OM(2) at this size is about a million messages a
/// trial, already minutes of work at a thousand trials per cell.
pub const MAX_EXPERIMENT_GENERALS: u32 = 100;

/// Most cells (n, k, m) one sweep may have: 100 values of n times 100 of k
/// fit once, not for several depths; the table and the chart stay finite.
pub const MAX_EXPERIMENT_CELLS: usize = 10_000;

/// Most trials per cell: a rate's resolution is 1 / trials, and a million
/// is far below what anyone reads off a chart.
pub const MAX_EXPERIMENT_TRIALS: u32 = 1_000_000;

/// Most messages a whole sweep may send, counted by each cell's bound times
/// its trials: at 40 to 70 million messages a second per core this is a few
/// minutes, so a mistyped range is refused at once instead of running for a day.
pub const MAX_EXPERIMENT_MESSAGES: u64 = 20_000_000_000;

/// Most messages the page's "Download trace" puts in one file (about 150
/// bytes a line, so some 450 MB at most): it holds the latest completed
/// orders that fit. The command line's `--trace` streams to its file as each
/// order completes, so it needs no such bound.
pub const MAX_TRACE_MESSAGES: u64 = 3_000_000;

/// Most orders one call of the page's `time_orders` export runs (a
/// benchmark's hook; its samples are runs of orders back to back): fifteen
/// samples of two hundred orders, about a second at n = 1000 with a faulty
/// lieutenant (a loyal order is a few microseconds), short enough to keep
/// the page responsive.
pub const MAX_TIMED_ORDERS: u32 = 3000;

/// Loyal OM(1) orders among the most generals the engine's warm-up runs
/// (`engine::warm_up`, at the page's load and the twin's start), after one
/// with a faulty lieutenant, and throws away. V8 moves a wasm function to
/// its optimising tier once it has done a budget of work (the same on
/// every load): 64 loyal orders left some of the functions doing the loyal
/// order's per-general work behind, 128 none (`npm run bench:tiers`), so
/// none tiers up during the visitor's first orders (which paused one of
/// them up to 3.6 ms).
/// About 3 ms more of the page's load than eight orders, and about 0.5 ms
/// more natively.
pub const WARM_UP_LOYAL_ORDERS: usize = 128;

/// Generals in the console session whose one order ends the warm-up (its
/// code compiled before the visitor's first command): few, since compiling
/// costs the same at any size and the verdict prints a line per general.
pub const WARM_UP_SESSION_GENERALS: usize = 7;

/// Units of engine work (about one message delivered, filed or composed,
/// or one value a decision reads; see `Exchange::advance_within`) the page
/// does per animation frame. A round's landing beyond it is spread over
/// frames: OM(1) at n = 1000 reads about a million values to decide, OM(2)
/// at n = 145 about three million (two and six frames; a loyal army lands a
/// level with one copy, an army with a faulty general with a copy per
/// lieutenant, about as many units again). At the engine's few nanoseconds a unit in wasm this keeps
/// a frame's engine work to a few milliseconds of its 16.7.
pub const FRAME_WORK_BUDGET: u64 = 500_000;

/// Wall time the page spends replaying a link per animation frame, in
/// milliseconds: half of a 60 Hz frame, the rest left to drawing and the
/// console. A link of 800 orders among 1,000 generals took one task of
/// about a second at the page's load; spread so, every frame stays short
/// and the status shows the progress. Each step within it does at most
/// `FRAME_WORK_BUDGET` units of engine work (`replay::Stride`), so a frame
/// overruns it by at most one step. The lines and the final state do not
/// depend on where the replay is cut. (A clock, not a count of units: a
/// loyal army's unit costs a tenth of a faulty one's, so a count that kept
/// a faulty order's frame short would spread a loyal replay over 25 times
/// as many frames as it needs.)
pub const REPLAY_FRAME_MS: f64 = 8.0;

/// Most lines the page's console keeps: past it the oldest are dropped (the
/// transcript download then starts later), so a long session cannot grow
/// the page without bound. Lines printed but not shown yet count too.
pub const MAX_CONSOLE_LINES: usize = 20_000;

/// Most of the console's lines laid out in the page; older ones stay in it,
/// hidden (for the transcript and the tests), and are no longer scrolled
/// back to. Chromium lays out a line added to the console in time that
/// grows with the lines laid out before it (measured in headless Chromium
/// on the loaded 2-core machines: 250 lines added to 19,750 took 66 to 142
/// ms of layout, to 2,750 of them with the 17,000 older ones hidden 15 ms),
/// so this keeps a print within a frame however long the session: three
/// verdicts at n = 1000.
pub const MAX_CONSOLE_LINES_SHOWN: usize = 3_000;

/// Most lines the page's console adds per animation frame. Chromium took
/// about 17 ms to style and lay out the verdict of an order at n = 1000
/// (about 1,000 lines) at once, and some 20 microseconds a line in all with
/// their creation and paint (headless Chromium on the 2-core machines, README
/// "Page, in headless Chromium"): at this many lines a frame that is 3 ms or
/// so beside the frame's other work, with room to spare on a loaded machine.
/// A print beyond it waits for the next frames, in order
/// (`web::console_panel`): the verdict at n = 1000 takes 7 frames to show;
/// anything up to it, any answer among up to about 145 generals, shows at once.
pub const CONSOLE_LINES_PER_FRAME: usize = 150;
