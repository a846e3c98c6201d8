// Where a frame's time goes (not a test: it prints numbers). Traces one OM(1)
// order at 1x in headless Chromium (the page tests' flags) and prints, per
// frame of the renderer's main thread, the page's frame callback (rAF),
// style, layout, paint, the canvas's raster (Chromium rasters a 2D canvas's
// recorded drawing in software when it commits the frame:
// LayerTreeHost::DoUpdateLayers) and the whole commit; the median frame
// first, then every frame longer than 25 ms (a missed vsync), or all with
// ALL=1. A frame is the time from one rAF callback's start to the next; an
// event counts in the frame it starts in (busy: the thread's tasks).
//
//   npm run build && node scripts/serve-static.mjs --dir dist --port 8123 &
//   GENERALS_PAGE_URL=http://127.0.0.1:8123/ node tests/bench/frame-trace.mjs 1000 [retreat]
//
// Tracing costs the page time itself: compare sizes and builds with it, and
// take frame figures from `npm run bench:page`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../page/harness.mjs';
import { openWith } from '../page/helpers.mjs';

const n = Number(process.argv[2] || 1000);
const order = process.argv[3] === 'retreat' ? 'retreat' : 'attack';
const file = path.join(os.tmpdir(), `generals-frame-trace-${n}.json`);
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'toplevel'];
/** Trace events shown, and their column names. */
const PHASES = [
  ['FireAnimationFrame', 'rAF'],
  ['UpdateLayoutTree', 'style'],
  ['Layout', 'layout'],
  ['Paint', 'paint'],
  ['LayerTreeHost::DoUpdateLayers', 'canvas'],
  ['Commit', 'commit'],
  ['RunTask', 'busy'],
];

const browser = await launchBrowser();
const { page, close } = await openWith(browser, `?generals=${n}&seed=1&om=1`);
await page.waitForTimeout(300);
await browser.startTracing(page, { path: file, categories: CATEGORIES });
// Each frame is marked in the trace (console.timeStamp) until two frames
// after the order is decided and the console shows its last line.
await page.evaluate((order) => new Promise((resolve) => {
  let frame = 0;
  let left = 2;
  const output = document.getElementById('console-output');
  const mark = () => {
    console.timeStamp(`F${frame}`);
    frame += 1;
    const done = document.body.dataset.busy === 'false' && output.dataset.pending === '0';
    if (done && left-- <= 0) resolve();
    else requestAnimationFrame(mark);
  };
  window.wasmBindings.run_command(`actual-order ${order}`);
  requestAnimationFrame(mark);
}), order);
await browser.stopTracing();
await close();
await browser.close();

const events = JSON.parse(fs.readFileSync(file, 'utf8')).traceEvents;
const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain');
const spans = [];
const open = [];
for (const e of events) {
  if (e.pid !== main.pid || e.tid !== main.tid) continue;
  if (e.ph === 'X') spans.push({ name: e.name, ts: e.ts, dur: e.dur ?? 0 });
  else if (e.ph === 'B') open.push(e);
  else if (e.ph === 'E' && open.length) {
    const begin = open.pop();
    spans.push({ name: begin.name, ts: begin.ts, dur: e.ts - begin.ts });
  }
}
const marks = events
  .filter((e) => e.name === 'TimeStamp' && /^F\d+$/.test(e.args?.data?.message ?? ''))
  .map((e) => e.ts)
  .sort((a, b) => a - b);
const frames = [];
for (let k = 1; k < marks.length; k += 1) {
  const [from, to] = [marks[k - 1], marks[k]];
  const row = { interval: (to - from) / 1000 };
  for (const [name] of PHASES) {
    row[name] = spans.filter((s) => s.name === name && s.ts >= from && s.ts < to)
      .reduce((sum, s) => sum + s.dur, 0) / 1000;
  }
  frames.push(row);
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const show = (row) => `${row.interval.toFixed(1).padStart(5)} ms: `
  + PHASES.map(([name, label]) => `${label} ${row[name].toFixed(1)}`).join(', ');
console.log(`n = ${n}, actual-order ${order}, ${frames.length} frames traced (load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}); `
  + 'main thread per frame, ms (busy: all its tasks)');
const typical = { interval: median(frames.map((f) => f.interval)) };
for (const [name] of PHASES) typical[name] = median(frames.map((f) => f[name]));
console.log(`  median     ${show(typical)}`);
const most = { interval: Math.max(...frames.map((f) => f.interval)) };
for (const [name] of PHASES) most[name] = Math.max(...frames.map((f) => f[name]));
console.log(`  max        ${show(most)}`);
frames.forEach((row, i) => {
  if (row.interval > 25 || process.env.ALL) console.log(`  frame ${String(i + 1).padStart(3)}  ${show(row)}`);
});
