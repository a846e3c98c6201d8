// Page benchmark (not a test: it prints numbers beside their targets).
//
//   GENERALS_PAGE_URL=http://127.0.0.1:PORT/ node tests/bench/page-bench.mjs
//
// BENCH_RUNS=N sets the orders per army in part 1 (default 3).
//
// Usually run through `npm run bench:page` (scripts/bench-page.sh builds and
// serves dist/ first). Measures, in headless Chromium with the page tests'
// flags (tests/page/harness.mjs):
//   1. frame times while one OM(1) order animates at 1x, n = 4, 100, 300,
//      1000 (requestAnimationFrame deltas from the order's start until two
//      frames after <body data-busy="false"> and the console's last line
//      shown (#console-output data-pending="0"), so the frame the last round
//      lands on, the verdict's frame and those that add its lines to the
//      console are counted; every late frame is listed by its place
//      relative to the verdict's), over BENCH_RUNS orders
//      each (default 3, each in a fresh page), pooled; and the wasm heap
//      (linear memory) after them;
//      the same for one OM(2) order at n = 145 (2.94 M messages) and its heap;
//   2. scrubbing: performance.now() around the timeline's whole `input`
//      handler (re-run, status, inspector, caption, message table open),
//      jumping between the start, mid round 2 and the end of a finished OM(1)
//      order at n = 100 and 1000, median and worst per instant;
//   3. the same OM(1) order at n = 1000 run to completion in wasm (the
//      `time_orders` export) against natively (`cargo bench --bench
//      per_message -- --first-and-warm`), loyal and with G2 a faulty liar,
//      warm figures as medians of samples of 200 orders back to back on both
//      sides (in wasm after enough untimed orders for V8 to have optimised
//      every function of the order), their ratios; and the page's first order right after load
//      against later ones timed the same way (one order a call) and against
//      warm ones back to back, with the linear memory grown by the first, a
//      single order after the page idled (and natively after the process
//      idled) and the load's warm-up time; timed in cross-origin isolated
//      pages (5 µs clock);
//   4. the gzipped size (zlib level 9) of the wasm and JS in dist/: what the
//      page loads, and apart the Experiments module its panel loads;
//   5. the time from navigation start to <body data-ready="true">
//      (performance.now() when a MutationObserver sees it; median of 5 loads);
//   6. `g-search` in the page's Web Worker: wall time from the command to
//      its `search:` line, on the armies of the native search benchmark's
//      table, and the animation frames the page drew meanwhile.
// `--sections=3,4` (through `npm run bench:page -- --sections=3,4`) runs only
// those sections.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { baseUrl, launchBrowser, READY_TIMEOUT_MS } from '../page/harness.mjs';
import { openWith, waitIdle } from '../page/helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const ARMIES = [
  { n: 4, p95Target: null },
  { n: 100, p95Target: 16.7 },
  { n: 300, p95Target: 33 },
  // Issue 11: p99 <= 20 ms and max <= 33 ms, the landing frame included.
  { n: 1000, p95Target: 20, p99Target: 20, maxTarget: 33 },
  // The same army retreating (its trails are drawn differently), and with
  // G2 a faulty liar (every lieutenant hears a lie; more marks to draw).
  { n: 1000, order: 'retreat', p95Target: 20, p99Target: 20, maxTarget: 33 },
  { n: 1000, liar: true, p95Target: 20, p99Target: 20, maxTarget: 33 },
  { n: 145, depth: 2, p95Target: 20, p99Target: 20, maxTarget: 33 },
];
/** Issue 11's wasm heap targets. */
const HEAP_FIVE_TARGET_MIB = 16;
const HEAP_OM2_TARGET_MIB = 48;
/** Scrub targets (issue 10): one frame at n = 100, 100 ms at n = 1000. */
const SCRUB = [{ n: 100, target: 16.7 }, { n: 1000, target: 100 }];
const SCRUB_ROUNDS = 7;
const WASM_NATIVE_TARGET = 1.5;
const FIRST_WARM_TARGET = 1.5;
/** Warm samples a page, each the mean of ORDERS_PER_SAMPLE orders (as natively). */
const WARM_SAMPLES = 15;
const ORDERS_PER_SAMPLE = 200;
/**
 * Untimed orders before the warm ones in wasm (see wasmOrderTimes): V8 moves
 * a wasm function to its optimising tier once it has run through a budget of
 * its own code. The loyal order's loops over the generals get there within
 * the page's load-time warm-up, but the functions it calls once an order (the
 * start, each round's bookkeeping, the drop: a third of a loyal order's time
 * at n = 1000) only after some 10,000 orders (measured: medians of successive
 * 1,500 orders fall from 3.9 to 2.45 µs by the 8th, then stay). Native code is
 * optimised from the start, so the like-for-like warm figure is taken after
 * that; the figure after the first 3,000 is printed too. The liar's order
 * settles within a few hundred.
 */
const LOYAL_SETTLE_ORDERS = 30_000;
const LIAR_SETTLE_ORDERS = 1_000;
/** Orders one time_orders call may run (MAX_TIMED_ORDERS in src/engine/limits.rs). */
const MAX_TIMED_ORDERS = 3_000;
/**
 * Whole `actual-order attack` commands run untimed before the warm ones are
 * timed back to back (a command at n = 1000 writes a line a general, some
 * 0.2 ms natively: its loops reach V8's optimising tier within these).
 */
const COMMAND_SETTLE_ORDERS = 1_000;
/** Commands a warm sample runs back to back. */
const COMMAND_ORDERS_PER_SAMPLE = 20;
/** Fresh pages whose first order is timed (the page warms its engine up at load). */
const FIRST_ORDER_PAGES = 9;
/** Single orders a page times one by one after its first, each in its own call. */
const LATER_SINGLE_ORDERS = 9;
/** Idle time before a page's last single order is timed (as natively). */
const IDLE_BEFORE_SINGLE_MS = 300;
/** Frames recorded after the order is done: the landing and the verdict. */
const FRAMES_AFTER = 2;
const SIZE_TARGET_KB = 150;
const READY_TARGET_MS = 500;
const READY_LOADS = 5;
const RUNS = Number(process.env.BENCH_RUNS) || 3;
/** `--sections=3,4` runs only those sections (all by default). */
const SECTIONS = (process.argv.find((a) => a.startsWith('--sections='))?.slice(11).split(',')
  ?? ['1', '2', '3', '4', '5', '6']).map(Number);
const want = (section) => SECTIONS.includes(section);
/** One 60 Hz frame; rAF deltas (0.1 ms resolution here) jitter around it. */
const VSYNC_MS = 1000 / 60;
/** Allowance for that jitter when comparing a percentile with its target. */
const JITTER_MS = 0.5;

/** Nearest-rank percentile of sorted values. */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const median = (values) => percentile([...values].sort((a, b) => a - b), 50);
const ms = (value, digits = 1) => `${value.toFixed(digits)} ms`;
const verdict = (ok) => (ok ? 'meets target' : 'MISSES target');

/**
 * rAF deltas (ms) over one `actual-order <order>` at 1x, in a fresh page of
 * n generals (with G2 a faulty liar when `liar`: a replay link sets it).
 */
async function frameTimes(browser, n, depth = 1, order = 'attack', liar = false) {
  const army = `generals=${n}&seed=1&om=${depth}`;
  const { page, errors, close } = await openWith(browser, liar ? `#${army}&c=g-state_2_faulty` : `?${army}`);
  try {
    const result = await page.evaluate(([after, order]) => new Promise((resolve) => {
      // The page's own frame callback, timed: it re-registers itself through
      // window.requestAnimationFrame, which is wrapped from here on. Its
      // time is the frame's work (engine, status, drawing), whatever the
      // machine's other load does to the rAF deltas.
      const raf = window.requestAnimationFrame.bind(window);
      const work = [];
      window.requestAnimationFrame = (callback) => raf((time) => {
        const t0 = performance.now();
        callback(time);
        work.push(performance.now() - t0);
      });
      const deltas = [];
      let last = null;
      let startMs = 0;
      let left = after;
      // The index in `deltas` of the frame that follows the one the order
      // was decided in (whose work that frame's delta shows), and of the
      // one after the console showed its last line.
      let decided = null;
      let shown = null;
      const output = document.getElementById('console-output');
      const frame = (now) => {
        if (last !== null) deltas.push(now - last);
        last = now;
        const idle = document.body.dataset.busy === 'false';
        if (idle && decided === null) decided = deltas.length;
        const done = idle && output.dataset.pending === '0';
        if (done && shown === null) shown = deltas.length;
        if (done && left-- <= 0) {
          resolve({ deltas, work, startMs, decided, shown, heap: window.wasmBindings.heap_bytes() });
        } else raf(frame);
      };
      const t0 = performance.now();
      window.wasmBindings.run_command(`actual-order ${order}`);
      startMs = performance.now() - t0;
      raf(frame);
    }), [FRAMES_AFTER, order]);
    const snapshot = await page.evaluate(() => window.wasmBindings.snapshot());
    return { ...result, errors, snapshot };
  } finally {
    await close();
  }
}

/** The wasm heap after five OM(1) orders at n = 1000 in one page (queued). */
async function heapAfterFiveOrders(browser) {
  const { page, close } = await openWith(browser, '?generals=1000&seed=1');
  try {
    const before = await page.evaluate(() => window.wasmBindings.heap_bytes());
    await page.evaluate(() => {
      for (let i = 0; i < 5; i += 1) window.wasmBindings.run_command('actual-order attack');
    });
    await page.waitForFunction(() => document.body.dataset.busy === 'false'
      && window.wasmBindings.snapshot().busy === false, null, { timeout: 120_000, polling: 200 });
    const after = await page.evaluate(() => window.wasmBindings.heap_bytes());
    return { before, after };
  } finally {
    await close();
  }
}

/**
 * Per instant, the milliseconds of the timeline's `input` handler when the
 * scrubber jumps there, in a page whose OM(1) order among n has completed
 * (its message table open, so its page is rebuilt too). Jumps cycle through
 * the instants, so every jump moves.
 */
async function scrubTimes(browser, n) {
  const { page, close } = await openWith(browser, `?generals=${n}&seed=1`);
  try {
    await page.evaluate(() => window.wasmBindings.run_command('actual-order attack'));
    await page.waitForFunction(() => window.wasmBindings.snapshot().busy === false, null,
      { timeout: 120_000, polling: 100 });
    return await page.evaluate((rounds) => {
      document.getElementById('message-table').open = true;
      const range = document.getElementById('timeline');
      const end = Number(range.max);
      const hop = end / 2; // OM(1): two rounds
      const instants = [
        { name: 'start (tick 0)', tick: 0 },
        { name: 'mid round 2', tick: Math.round(hop * 1.5) },
        { name: 'just before the end', tick: end - 1 },
        { name: 'the end (decided)', tick: end },
      ];
      const rows = instants.map(({ name }) => ({ name, times: [] }));
      for (let r = 0; r < rounds; r += 1) {
        instants.forEach(({ tick }, i) => {
          range.value = String(tick);
          const t0 = performance.now();
          range.dispatchEvent(new Event('input', { bubbles: true }));
          rows[i].times.push(performance.now() - t0);
        });
      }
      return rows;
    }, SCRUB_ROUNDS);
  } finally {
    await close();
  }
}

/**
 * The page's first OM(1) n = 1000 order and warm ones (time_orders), in a
 * fresh page; then warm ones with G2 a faulty liar; each after untimed
 * orders (natively one; in wasm LOYAL_SETTLE_ORDERS or LIAR_SETTLE_ORDERS,
 * for the JIT). Warm figures are samples of ORDERS_PER_SAMPLE orders back to
 * back (the page's clock has a grain of 5 µs isolated, 0.1 ms not), as the
 * native benchmark's. `early` is the loyal figure over the first
 * MAX_TIMED_ORDERS of those untimed orders, before V8 has optimised them all.
 */
/**
 * `browser`, but its contexts cross-origin isolated (COOP and COEP added to
 * every response), so that performance.now() ticks in 5 µs instead of a
 * plain page's 100 µs: a loyal order at n = 1000 is a few hundredths of a
 * millisecond, and a sample of 20 of them would be timed by that grain.
 * The page runs the same; only its clock is finer.
 */
function isolated(browser) {
  return {
    newContext: async (options) => {
      const context = await browser.newContext(options);
      await context.route('**/*', async (route) => {
        const response = await route.fetch();
        await route.fulfill({
          response,
          headers: {
            ...response.headers(),
            'cross-origin-opener-policy': 'same-origin',
            'cross-origin-embedder-policy': 'require-corp',
          },
        });
      });
      return context;
    },
  };
}

async function wasmOrderTimes(browser) {
  const { page, close } = await openWith(isolated(browser), '?generals=4&seed=1');
  try {
    const heap = () => page.evaluate(() => window.wasmBindings.heap_bytes());
    // One order timed alone, each in its own call from here: the page's
    // first, right after load; then later ones timed the same way (warm
    // code, but each after the round trip from here, as the first: a like
    // for like warm figure); then one after the page idled a while, as a
    // visitor's orders come (the warm figures are orders back to back,
    // which find the caches warm).
    const single = () => page.evaluate(() => window.wasmBindings.time_orders(1000, 1, 1, 1, false, false)[0]);
    const heapBefore = await heap();
    const warmUpMs = await page.evaluate(() => window.wasmBindings.warm_up_ms());
    const first = await single();
    const heapAfterFirst = await heap();
    const later = [];
    for (let i = 0; i < LATER_SINGLE_ORDERS; i += 1) later.push(await single());
    await page.waitForTimeout(IDLE_BEFORE_SINGLE_MS);
    const alone = await single();
    const timed = await page.evaluate(([samples, perSample, loyalSettle, liarSettle, perCall]) => {
      const b = window.wasmBindings;
      // Untimed but for the first call's figures, as the native benchmark's
      // first order, but a JIT's worth (see LOYAL_SETTLE_ORDERS).
      const settle = (orders, liar) => {
        const runs = [];
        for (let done = 0; done < orders; done += perCall) {
          runs.push(Array.from(b.time_orders(1000, 1, perCall / perSample, perSample, liar, false)));
        }
        return runs[0] ?? [];
      };
      const early = settle(loyalSettle, false);
      const warm = Array.from(b.time_orders(1000, 1, samples, perSample, false, false));
      settle(liarSettle, true);
      const liar = Array.from(b.time_orders(1000, 1, samples, perSample, true, false));
      return { early, warm, liar, heapAfter: b.heap_bytes(), isolated: crossOriginIsolated };
    }, [WARM_SAMPLES, ORDERS_PER_SAMPLE, LOYAL_SETTLE_ORDERS, LIAR_SETTLE_ORDERS, MAX_TIMED_ORDERS]);
    return { ...timed, first, later, alone, warmUpMs, heapBefore, heapAfterFirst };
  } finally {
    await close();
  }
}

/**
 * The page's first `actual-order attack` at n = 1000 as a visitor gives it
 * (time_orders with as_command: the console's whole command in a session
 * of its own, every line written), in a fresh page right after load; later
 * ones timed one by one the same way (each call a new session, its first
 * command, as the first); one after the page idled; and warm ones back to
 * back in one session after COMMAND_SETTLE_ORDERS untimed.
 */
async function wasmCommandTimes(browser) {
  const { page, close } = await openWith(isolated(browser), '?generals=4&seed=1');
  try {
    const single = () => page.evaluate(() => window.wasmBindings.time_orders(1000, 1, 1, 1, false, true)[0]);
    const first = await single();
    const later = [];
    for (let i = 0; i < LATER_SINGLE_ORDERS; i += 1) later.push(await single());
    await page.waitForTimeout(IDLE_BEFORE_SINGLE_MS);
    const alone = await single();
    const warm = await page.evaluate(([settle, samples, perSample]) => {
      const b = window.wasmBindings;
      b.time_orders(1000, 1, 1, settle, false, true);
      return Array.from(b.time_orders(1000, 1, samples, perSample, false, true));
    }, [COMMAND_SETTLE_ORDERS, WARM_SAMPLES, COMMAND_ORDERS_PER_SAMPLE]);
    return { first, later, alone, warm };
  } finally {
    await close();
  }
}

/** The native first and warm orders (ms), loyal and liar, from the per_message benchmark, or null. */
function nativeOrderTimes() {
  // cargo bench builds the library for the bench and the binary; a collision
  // of the two in target/release can fail a first link: try twice.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const run = spawnSync('cargo', ['bench', '--bench', 'per_message', '--', '--first-and-warm'],
      { cwd: ROOT, encoding: 'utf8', timeout: 20 * 60_000 });
    const out = run.stdout ?? '';
    const loyal = /first order of the process ([\d.]+) ms, warm median ([\d.]+) ms/.exec(out);
    const liar = /G2 a faulty liar: warm median ([\d.]+) ms/.exec(out);
    const warmed = /first order after the start-up warm-up ([\d.]+) ms/.exec(out);
    const idle = /a single order after \d+ ms idle ([\d.]+) ms/.exec(out);
    const command = /first actual-order ([\d.]+) ms, later ones ([\d.]+) ms.*?one after \d+ ms idle ([\d.]+) ms.*?warm back to back ([\d.]+) ms/.exec(out);
    if (loyal && liar) {
      return {
        first: Number(loyal[1]), warm: Number(loyal[2]), liar: Number(liar[1]),
        firstWarmed: warmed ? Number(warmed[1]) : null,
        afterIdle: idle ? Number(idle[1]) : null,
        command: command ? {
          first: Number(command[1]), later: Number(command[2]), alone: Number(command[3]), warm: Number(command[4]),
        } : null,
      };
    }
  }
  return null;
}

/** Milliseconds from navigation start to data-ready, in a fresh context. */
async function readyTime(browser) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  try {
    await context.addInitScript(() => {
      const observer = new MutationObserver(() => {
        if (document.body?.dataset.ready === 'true' && window.readyAt === undefined) {
          window.readyAt = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
    });
    const page = await context.newPage();
    await page.goto(new URL('?generals=4&seed=1', baseUrl()).href);
    await page.waitForFunction(() => window.readyAt !== undefined, null, { timeout: READY_TIMEOUT_MS });
    return await page.evaluate(() => window.readyAt);
  } finally {
    await context.close();
  }
}

function gzippedSizes() {
  return fs.readdirSync(DIST)
    .filter((name) => name.endsWith('.wasm') || name.endsWith('.js'))
    .sort()
    .map((name) => {
      const bytes = fs.readFileSync(path.join(DIST, name));
      return { name, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
    });
}

/** 1. Frame times while orders animate, and the wasm heap. */
async function frameSection(browser) {
  console.log(`\n1. Frame times while an OM(1) order animates at 1x (requestAnimationFrame deltas; ${RUNS} orders per n, pooled)`);
  console.log(`   (a 60 Hz frame is ${ms(VSYNC_MS, 2)}; targets allow ${JITTER_MS} ms of vsync jitter;`
    + ` "late" = frames longer than 1.5 vsync, i.e. at least one missed;`
    + ` "order start" = the run_command('actual-order ...') call itself, median)`);
  console.log('   n     messages  frames  late  p50        p95        p99        max        order start  p95 target                 p95 per run   wasm heap after');
  for (const { n, depth = 1, order = 'attack', liar = false, p95Target, p99Target, maxTarget } of ARMIES) {
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await frameTimes(browser, n, depth, order, liar));
    const deltas = runs.flatMap((r) => r.deltas);
    const startMs = median(runs.map((r) => r.startMs));
    const sorted = [...deltas].sort((a, b) => a - b);
    const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(sorted, p));
    const perRun = runs.map((r) => ms(percentile([...r.deltas].sort((a, b) => a - b), 95))).join(', ');
    const late = deltas.filter((d) => d > 1.5 * VSYNC_MS).length;
    const target = p95Target === null
      ? '(none)'
      : `<= ${p95Target} ms: ${verdict(p95 <= p95Target + JITTER_MS)}`;
    const cell = (value) => ms(value).padEnd(10);
    // OM(m)'s formula: (n-1) + (n-1)(n-2) + ... over m + 1 rounds.
    let messages = 0;
    for (let r = 1, term = 1; r <= depth + 1; r += 1) { term *= n - r; messages += term; }
    const label = `${n}${depth === 1 ? '' : ` OM(${depth})`}${order === 'attack' ? '' : ` ${order}`}${liar ? ' G2 liar' : ''}`;
    console.log(`   ${label.padEnd(5)} ${String(messages).padEnd(9)} ${String(deltas.length).padEnd(7)} `
      + `${String(late).padEnd(5)} ${cell(p50)} ${cell(p95)} ${cell(p99)} ${cell(sorted.at(-1))} `
      + `${ms(startMs).padEnd(12)} ${target.padEnd(26)} ${perRun}   `
      + `${(Math.max(...runs.map((r) => r.heap)) / 2 ** 20).toFixed(1)} MiB`);
    // Where the late frames fall: "V" is the verdict's frame (the delta
    // that ends with it done), "V+k" those after it, "V-k" before.
    const places = runs.map((r) => r.deltas
      .map((d, i) => ({ d, i }))
      .filter(({ d }) => d > 1.5 * VSYNC_MS)
      .map(({ d, i }) => {
        const k = i - r.decided;
        return `${k === 0 ? 'V' : k > 0 ? `V+${k}` : `V${k}`} ${d.toFixed(1)}`;
      })
      .join(', ') || 'none');
    console.log(`         late frames by run: ${places.map((p) => `[${p}]`).join(' ')}; `
      + `frames from the verdict to the console's last line: ${runs.map((r) => r.shown - r.decided).join(', ')}`);
    const work = runs.flatMap((r) => r.work).sort((a, b) => a - b);
    console.log(`         the page's frame callback itself (engine + drawing, ${work.length} frames): `
      + `p50 ${ms(percentile(work, 50), 2)}, p99 ${ms(percentile(work, 99), 2)}, max ${ms(work.at(-1), 2)}`);
    if (p99Target !== undefined) {
      const max = sorted.at(-1);
      console.log(`         issue 11 frames: p99 ${ms(p99)} (target <= ${p99Target} ms: ${verdict(p99 <= p99Target + JITTER_MS)}), `
        + `max ${ms(max)} (target <= ${maxTarget} ms: ${verdict(max <= maxTarget + JITTER_MS)})`);
    }
    if (depth === 2) {
      const heapMiB = Math.max(...runs.map((r) => r.heap)) / 2 ** 20;
      console.log(`         wasm heap after OM(${depth}) n = ${n}: ${heapMiB.toFixed(1)} MiB `
        + `(target <= ${HEAP_OM2_TARGET_MIB} MiB: ${verdict(heapMiB <= HEAP_OM2_TARGET_MIB)})`);
    }
    for (const { errors, snapshot } of runs) {
      if (errors.length || snapshot.busy) console.log(`   !! n=${n}: errors ${JSON.stringify(errors)}, busy ${snapshot.busy}`);
    }
  }

  const heap = await heapAfterFiveOrders(browser);
  console.log(`   wasm heap, n = 1000: ${(heap.before / 2 ** 20).toFixed(1)} MiB after loading, `
    + `${(heap.after / 2 ** 20).toFixed(1)} MiB after five OM(1) orders `
    + `(target <= ${HEAP_FIVE_TARGET_MIB} MiB: ${verdict(heap.after / 2 ** 20 <= HEAP_FIVE_TARGET_MIB)})`);
  console.log(`   load average after part 1: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

/** 2. Scrubbing the timeline. */
async function scrubSection(browser) {
  console.log('\n2. Scrubbing: the timeline\'s whole input handler (performance.now() around dispatchEvent),'
    + ` message table open, ${SCRUB_ROUNDS} jumps to each instant of a finished OM(1) order`);
  console.log('   n     instant                median     worst      target');
  for (const { n, target } of SCRUB) {
    const rows = await scrubTimes(browser, n);
    for (const { name, times } of rows) {
      const sorted = [...times].sort((a, b) => a - b);
      const worst = sorted.at(-1);
      console.log(`   ${String(n).padEnd(5)} ${name.padEnd(22)} ${ms(percentile(sorted, 50), 2).padEnd(10)} `
        + `${ms(worst, 2).padEnd(10)} <= ${target} ms per jump: ${verdict(worst <= target)}`);
    }
  }
}

/** 3. The same order in wasm and natively, and the first order against warm ones. */
async function wasmNativeSection(browser) {
  console.log('\n3. The same order in wasm and natively: OM(1), n = 1000, loyal and with G2 a faulty liar,'
    + ' start to every decision (the page\'s time_orders; cargo bench --bench per_message -- --first-and-warm)');
  // Fresh pages, so that each has a first order; the median of those.
  const pages = [];
  for (let i = 0; i < FIRST_ORDER_PAGES; i += 1) pages.push(await wasmOrderTimes(browser));
  const wasm = {
    first: median(pages.map((p) => p.first)),
    firsts: pages.map((p) => p.first),
    later: median(pages.flatMap((p) => p.later)),
    warmUp: median(pages.map((p) => p.warmUpMs)),
    warmUps: pages.map((p) => p.warmUpMs),
    alone: median(pages.map((p) => p.alone)),
    isolated: pages.every((p) => p.isolated),
    early: pages.flatMap((p) => p.early),
    warm: pages.flatMap((p) => p.warm),
    liar: pages.flatMap((p) => p.liar),
    heapBefore: pages[0].heapBefore,
    heapAfterFirst: pages[0].heapAfterFirst,
    heapAfter: pages[0].heapAfter,
  };
  const native = nativeOrderTimes();
  const warmWasm = median(wasm.warm);
  const liarWasm = median(wasm.liar);
  console.log(`   wasm: clock ${wasm.isolated ? 'of a cross-origin isolated page (5 µs grain)' : 'NOT isolated (100 µs grain)'}`);
  console.log(`   wasm: the engine's warm-up at load ${ms(wasm.warmUp, 2)} (median; `
    + `${wasm.warmUps.map((t) => t.toFixed(2)).join(', ')} ms)`);
  console.log(`   wasm: first order of a fresh page right after load, median of ${FIRST_ORDER_PAGES} pages ${ms(wasm.first, 3)} `
    + `(${wasm.firsts.map((t) => t.toFixed(3)).join(', ')} ms); later orders timed one by one like it `
    + `${ms(wasm.later, 3)} (median of ${LATER_SINGLE_ORDERS} a page); a single order after ${IDLE_BEFORE_SINGLE_MS} ms idle `
    + `${ms(wasm.alone, 3)} (median); warm median ${ms(warmWasm, 4)} back to back `
    + `(${WARM_SAMPLES} samples of ${ORDERS_PER_SAMPLE} orders a page, after ${LOYAL_SETTLE_ORDERS} untimed; `
    + `min ${ms(Math.min(...wasm.warm), 4)}, max ${ms(Math.max(...wasm.warm), 4)}); `
    + `over the first ${MAX_TIMED_ORDERS} of those untimed, before V8 optimised the order's once-an-order functions, `
    + `median ${ms(median(wasm.early), 4)}`);
  console.log(`   wasm: first / later orders timed like it ${(wasm.first / wasm.later).toFixed(2)}x `
    + `(target <= ${FIRST_WARM_TARGET}x: ${verdict(wasm.first / wasm.later <= FIRST_WARM_TARGET)}); `
    + `first / warm back to back ${(wasm.first / warmWasm).toFixed(2)}x `
    + `(target <= ${FIRST_WARM_TARGET}x: ${verdict(wasm.first / warmWasm <= FIRST_WARM_TARGET)}); `
    + `single after idle / warm back to back ${(wasm.alone / warmWasm).toFixed(2)}x`);
  console.log(`   wasm: `
    + `linear memory ${(wasm.heapBefore / 2 ** 20).toFixed(1)} MiB before the first order (after the load's warm-up), `
    + `${(wasm.heapAfterFirst / 2 ** 20).toFixed(1)} MiB after it (memory.grow by `
    + `${((wasm.heapAfterFirst - wasm.heapBefore) / 2 ** 20).toFixed(1)} MiB), `
    + `${(wasm.heapAfter / 2 ** 20).toFixed(1)} MiB after all`);
  console.log(`   wasm, G2 a faulty liar: warm median ${ms(liarWasm, 4)} after ${LIAR_SETTLE_ORDERS} untimed `
    + `(min ${ms(Math.min(...wasm.liar), 4)}, max ${ms(Math.max(...wasm.liar), 4)})`);
  if (native) {
    console.log(`   native (cargo bench --bench per_message): first ${ms(native.first, 3)}, `
      + `warm median ${ms(native.warm, 4)}; G2 a faulty liar, warm median ${ms(native.liar, 4)}`);
    console.log(`   native: first / warm ${(native.first / native.warm).toFixed(2)}x in a cold process; `
      + (native.firstWarmed === null ? 'after the start-up warm-up: not printed'
        : `${(native.firstWarmed / native.warm).toFixed(2)}x after the start-up warm-up the twin runs `
          + `(target <= ${FIRST_WARM_TARGET}x: ${verdict(native.firstWarmed / native.warm <= FIRST_WARM_TARGET)})`)
      + (native.afterIdle === null ? '' : `; a single order after ${IDLE_BEFORE_SINGLE_MS} ms idle `
        + `${ms(native.afterIdle, 4)} (${(native.afterIdle / native.warm).toFixed(2)}x warm back to back: `
        + 'what idling costs a single order on this machine, with no compiler involved)'));
    for (const [army, inWasm, natively] of [['loyal', warmWasm, native.warm], ['G2 a faulty liar', liarWasm, native.liar]]) {
      const ratio = inWasm / natively;
      console.log(`   wasm / native, warm, ${army}: ${ms(inWasm, 4)} / ${ms(natively, 4)} = ${ratio.toFixed(2)} `
        + `(target <= ${WASM_NATIVE_TARGET}: ${verdict(ratio <= WASM_NATIVE_TARGET)})`);
    }
  } else {
    console.log('   native: not measured (cargo bench --bench per_message -- --first-and-warm failed)');
  }
  commandLines(await commandTimes(browser), native?.command ?? null);
  console.log(`   load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

/** wasmCommandTimes in FIRST_ORDER_PAGES fresh pages, as medians. */
async function commandTimes(browser) {
  const pages = [];
  for (let i = 0; i < FIRST_ORDER_PAGES; i += 1) pages.push(await wasmCommandTimes(browser));
  return {
    first: median(pages.map((p) => p.first)),
    firsts: pages.map((p) => p.first),
    later: median(pages.flatMap((p) => p.later)),
    alone: median(pages.map((p) => p.alone)),
    warm: median(pages.flatMap((p) => p.warm)),
  };
}

/**
 * Prints the first visitor's order against warm ones, in the page and
 * natively: the whole `actual-order attack` command, lines written, as the
 * console and the twin run it.
 */
function commandLines(wasm, native) {
  const ratio = (a, b) => `${(a / b).toFixed(2)}x (target <= ${FIRST_WARM_TARGET}x: ${verdict(a / b <= FIRST_WARM_TARGET)})`;
  console.log(`   wasm, the whole command as the console gives it (actual-order attack, a line a general written): `
    + `first of a fresh page ${ms(wasm.first, 3)} (median of ${FIRST_ORDER_PAGES} pages; `
    + `${wasm.firsts.map((t) => t.toFixed(3)).join(', ')} ms); later ones timed like it ${ms(wasm.later, 3)}; `
    + `one after ${IDLE_BEFORE_SINGLE_MS} ms idle ${ms(wasm.alone, 3)}; warm back to back ${ms(wasm.warm, 3)} `
    + `(${WARM_SAMPLES} samples of ${COMMAND_ORDERS_PER_SAMPLE} a page, after ${COMMAND_SETTLE_ORDERS} untimed)`);
  console.log(`   wasm, the whole command: first / later timed like it ${ratio(wasm.first, wasm.later)}; `
    + `first / warm back to back ${ratio(wasm.first, wasm.warm)}`);
  if (native) {
    console.log(`   native, the twin's whole command: first ${ms(native.first, 3)}, later ${ms(native.later, 3)}, `
      + `after idle ${ms(native.alone, 3)}, warm back to back ${ms(native.warm, 3)}; `
      + `first / warm back to back ${ratio(native.first, native.warm)}; wasm / native warm ${(wasm.warm / native.warm).toFixed(2)}`);
  }
}

/** 4. The download size. */
async function sizeSection(browser) {
  console.log(`\n4. Download size, gzip level 9 (target <= ${SIZE_TARGET_KB} KB for wasm + JS)`);
  const sizes = gzippedSizes();
  for (const { name, raw, gzip } of sizes) {
    console.log(`   ${name.padEnd(48)} ${(raw / 1024).toFixed(1).padStart(7)} KB raw  ${(gzip / 1024).toFixed(1).padStart(6)} KB gzip`);
  }
  // The Experiments module (generals-experiments*) is fetched only when its
  // panel is first opened: the target is for what the page loads.
  const lazy = (s) => s.name.startsWith('generals-experiments');
  const sum = (list) => list.reduce((total, s) => total + s.gzip, 0) / 1024;
  const total = sum(sizes.filter((s) => !lazy(s)));
  console.log(`   total gzip loaded with the page: ${total.toFixed(1)} KB: ${verdict(total <= SIZE_TARGET_KB)}`);
  console.log(`   Experiments module, loaded when its panel is first opened: ${sum(sizes.filter(lazy)).toFixed(1)} KB gzip`);
}

/** 5. Time to ready. */
async function readySection(browser) {
  console.log(`\n5. Navigation start to data-ready (median of ${READY_LOADS} fresh loads; target <= ${READY_TARGET_MS} ms)`);
  const times = [];
  for (let i = 0; i < READY_LOADS; i += 1) times.push(await readyTime(browser));
  const mid = median(times);
  console.log(`   loads: ${times.map((t) => ms(t)).join(', ')}`);
  console.log(`   median: ${ms(mid)}: ${verdict(mid <= READY_TARGET_MS)}`);
}

/** Armies for section 6, as in the native search benchmark's table. */
const SEARCHES = [
  { query: '?generals=12&primary=1&seed=3&om=1', faulty: [1] },
  { query: '?generals=6&primary=1&seed=3&om=2', faulty: [1, 4] },
  { query: '?generals=100&primary=1&seed=3&om=1', faulty: [7] },
  { query: '?generals=1000&primary=1&seed=3&om=1', faulty: [7] },
];

/** 6. g-search in the worker: wall time and frames drawn meanwhile. */
async function searchSection(browser) {
  console.log('\n6. g-search in the page\'s Web Worker (the Experiments module): wall time from the command '
    + 'to its search: line, a page\'s second search (its first loads the module), frames drawn meanwhile');
  for (const { query, faulty } of SEARCHES) {
    const { page, close } = await openWith(browser, query);
    try {
      for (const id of faulty) {
        await page.evaluate((line) => window.wasmBindings.run_command(line), `g-state ${id} faulty`);
      }
      const timed = () => page.evaluate(() => new Promise((resolve, reject) => {
        const output = document.getElementById('console-output');
        const seen = output.children.length;
        let frames = 0;
        const count = () => {
          frames += 1;
          if (document.body.dataset.searching === 'true' || frames < 2) requestAnimationFrame(count);
        };
        const start = performance.now();
        requestAnimationFrame(count);
        window.wasmBindings.run_command('g-search');
        const poll = () => {
          const line = [...output.children].slice(seen).find((l) => l.textContent.startsWith('search: '));
          if (line) resolve({ wall: performance.now() - start, frames, line: line.textContent });
          else if (performance.now() - start > 300_000) reject(new Error('no search: line in 5 minutes'));
          else setTimeout(poll, 5);
        };
        poll();
      }));
      // The first search of a page loads the worker's module; the second
      // finds it loaded. Between them the page settles (the replayed order).
      const first = await timed();
      await waitIdle(page, 300_000);
      const again = await timed();
      const result = { ...again, firstWall: first.wall };
      const n = /generals=(\d+)/.exec(query)[1];
      const om = /om=(\d+)/.exec(query)[1];
      console.log(`   OM(${om}) n = ${n}, faulty ${faulty.map((g) => `G${g}`).join(', ')}: ${ms(result.wall, 0)} wall `
        + `(${ms(result.firstWall, 0)} for a page's first, which loads the module), `
        + `${result.frames} frames drawn meanwhile: ${result.line}`);
    } finally {
      await close();
    }
  }
  console.log(`   load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

async function main() {
  const browser = await launchBrowser();
  try {
    console.log(`page benchmark: ${baseUrl()} (Chromium ${browser.version()}, headless, harness flags)`);
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`machine: ${os.cpus().length} CPUs, load average ${load} (other work on the machine shows up as late frames)`);
    const sections = [frameSection, scrubSection, wasmNativeSection, sizeSection, readySection, searchSection];
    for (const [i, section] of sections.entries()) {
      if (want(i + 1)) await section(browser);
    }
  } finally {
    await browser.close();
  }
}

await main();
