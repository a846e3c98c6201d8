// Page benchmark (not a test: it prints numbers beside their targets).
//
//   GENERALS_PAGE_URL=http://127.0.0.1:PORT/ node tests/bench/page-bench.mjs
//
// Usually run through `npm run bench:page` (scripts/bench-page.sh builds and
// serves dist/ first). Measures, in headless Chromium with the page tests'
// flags (tests/page/harness.mjs):
//   1. frame times while one OM(1) order animates at 1x, n = 4, 100, 300,
//      1000 (requestAnimationFrame deltas from the order's start until two
//      frames after <body data-busy="false">, so the frame the last round
//      lands on and the verdict's frame are counted), over BENCH_RUNS orders
//      each (default 3, each in a fresh page), pooled; and the wasm heap
//      (linear memory) after them;
//   2. the gzipped size (zlib level 9) of the wasm and JS in dist/: what the
//      page loads, and apart the Experiments module its panel loads;
//   3. the time from navigation start to <body data-ready="true">
//      (performance.now() when a MutationObserver sees it; median of 5 loads).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { baseUrl, launchBrowser, READY_TIMEOUT_MS } from '../page/harness.mjs';
import { openWith } from '../page/helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const ARMIES = [
  { n: 4, p95Target: null },
  { n: 100, p95Target: 16.7 },
  { n: 300, p95Target: 33 },
  { n: 1000, p95Target: 20 },
];
/** Frames recorded after the order is done: the landing and the verdict. */
const FRAMES_AFTER = 2;
const SIZE_TARGET_KB = 150;
const READY_TARGET_MS = 500;
const READY_LOADS = 5;
const RUNS = Number(process.env.BENCH_RUNS) || 3;
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

/** rAF deltas (ms) over one `actual-order attack` at 1x, in a fresh page of n generals. */
async function frameTimes(browser, n) {
  const { page, errors, close } = await openWith(browser, `?generals=${n}&seed=1`);
  try {
    const result = await page.evaluate((after) => new Promise((resolve) => {
      const deltas = [];
      let last = null;
      let startMs = 0;
      let left = after;
      const frame = (now) => {
        if (last !== null) deltas.push(now - last);
        last = now;
        if (document.body.dataset.busy === 'false' && left-- <= 0) {
          resolve({ deltas, startMs, heap: window.wasmBindings.heap_bytes() });
        } else requestAnimationFrame(frame);
      };
      const t0 = performance.now();
      window.wasmBindings.run_command('actual-order attack');
      startMs = performance.now() - t0;
      requestAnimationFrame(frame);
    }), FRAMES_AFTER);
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

async function main() {
  const browser = await launchBrowser();
  try {
    console.log(`page benchmark: ${baseUrl()} (Chromium ${browser.version()}, headless, harness flags)`);
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`machine: ${os.cpus().length} CPUs, load average ${load} (other work on the machine shows up as late frames)`);

    console.log(`\n1. Frame times while an OM(1) order animates at 1x (requestAnimationFrame deltas; ${RUNS} orders per n, pooled)`);
    console.log(`   (a 60 Hz frame is ${ms(VSYNC_MS, 2)}; targets allow ${JITTER_MS} ms of vsync jitter;`
      + ` "late" = frames longer than 1.5 vsync, i.e. at least one missed;`
      + ` "order start" = the run_command('actual-order attack') call itself, median)`);
    console.log('   n     messages  frames  late  p50        p95        p99        max        order start  p95 target                 p95 per run   wasm heap after');
    for (const { n, p95Target } of ARMIES) {
      const runs = [];
      for (let i = 0; i < RUNS; i += 1) runs.push(await frameTimes(browser, n));
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
      console.log(`   ${String(n).padEnd(5)} ${String((n - 1) ** 2).padEnd(9)} ${String(deltas.length).padEnd(7)} `
        + `${String(late).padEnd(5)} ${cell(p50)} ${cell(p95)} ${cell(p99)} ${cell(sorted.at(-1))} `
        + `${ms(startMs).padEnd(12)} ${target.padEnd(26)} ${perRun}   `
        + `${(Math.max(...runs.map((r) => r.heap)) / 2 ** 20).toFixed(1)} MiB`);
      for (const { errors, snapshot } of runs) {
        if (errors.length || snapshot.busy) console.log(`   !! n=${n}: errors ${JSON.stringify(errors)}, busy ${snapshot.busy}`);
      }
    }

    const heap = await heapAfterFiveOrders(browser);
    console.log(`   wasm heap, n = 1000: ${(heap.before / 2 ** 20).toFixed(1)} MiB after loading, `
      + `${(heap.after / 2 ** 20).toFixed(1)} MiB after five OM(1) orders (target <= 16 MiB)`);

    console.log(`\n2. Download size, gzip level 9 (target <= ${SIZE_TARGET_KB} KB for wasm + JS)`);
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

    console.log(`\n3. Navigation start to data-ready (median of ${READY_LOADS} fresh loads; target <= ${READY_TARGET_MS} ms)`);
    const times = [];
    for (let i = 0; i < READY_LOADS; i += 1) times.push(await readyTime(browser));
    const mid = median(times);
    console.log(`   loads: ${times.map((t) => ms(t)).join(', ')}`);
    console.log(`   median: ${ms(mid)}: ${verdict(mid <= READY_TARGET_MS)}`);
  } finally {
    await browser.close();
  }
}

await main();
