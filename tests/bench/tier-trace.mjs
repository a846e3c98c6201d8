// Which of the page's wasm functions V8 has compiled with its optimising
// tier (TurboFan) once the page has loaded, and which it compiles during
// the first timed order (issue 11's first order; see README "First order
// against a warm one"), and which reach it only during many later orders.
// Not a test: it prints names.
//
//   bash scripts/tier-trace.sh        (builds, adds function names, serves)
//   bash scripts/tier-trace.sh --command
//                                     (each order the console's whole
//                                      actual-order attack, lines written)
//
// Chromium runs in a single process (so V8's own trace reaches its standard
// output, which playwright's browser logger passes on) with
// `--trace-wasm-compilation-times`: one line per function compiled, with its
// index and tier. The served wasm is the page's own with a name section
// added (the same code), whose names this script reads. A tiny separate
// module compiled and called right before and right after the first
// `time_orders` order marks where that order's compilations start and end.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, baseUrl, READY_TIMEOUT_MS } from '../page/harness.mjs';

/** Time after `data-ready` for the background compiles the load started. */
const SETTLE_MS = 500;
/**
 * `--command`: each order is the console's whole `actual-order attack` in a
 * session of its own (time_orders' as_command), as a visitor gives it,
 * instead of the exchange alone.
 */
const COMMAND = process.argv.includes('--command');
/** Loyal orders run after the first timed one (and a tenth as many with a liar). */
const LATER_ORDERS = COMMAND ? 200 : 2000;

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at];
    at += 1;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** Function index -> name, from a wasm module's "name" custom section. */
function functionNames(bytes) {
  const names = new Map();
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    at = body + size;
    if (id !== 0) continue;
    const [nameLength, nameAt] = leb(bytes, body);
    if (new TextDecoder().decode(bytes.subarray(nameAt, nameAt + nameLength)) !== 'name') continue;
    let sub = nameAt + nameLength;
    while (sub < at) {
      const kind = bytes[sub];
      const [subSize, subBody] = leb(bytes, sub + 1);
      if (kind === 1) {
        let [count, p] = leb(bytes, subBody);
        for (; count > 0; count -= 1) {
          const [index, q] = leb(bytes, p);
          const [length, r] = leb(bytes, q);
          names.set(index, new TextDecoder().decode(bytes.subarray(r, r + length)));
          p = r + length;
        }
      }
      sub = subBody + subSize;
    }
  }
  return names;
}

/**
 * (module (func (export "a")) ... (func (export "d"))): four empty functions,
 * each compiled on its first call, so each call is one line in the trace.
 * One module for the page's life (V8 would reuse a second copy's code).
 */
const MARKERS = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 5, 4, 0, 0, 0, 0,
  7, 17, 4, 1, 0x61, 0, 0, 1, 0x62, 0, 1, 1, 0x63, 0, 2, 1, 0x64, 0, 3,
  0x0a, 13, 4, 2, 0, 0x0b, 2, 0, 0x0b, 2, 0, 0x0b, 2, 0, 0x0b];

const wasmPath = process.argv[2];
const names = functionNames(fs.readFileSync(wasmPath));
const lines = [];
// Playwright's debug log (DEBUG=pw:browser, set by scripts/tier-trace.sh)
// carries the browser's standard output to this process's standard error:
// the trace's lines are kept, the rest of that log dropped.
const writeError = process.stderr.write.bind(process.stderr);
process.stderr.write = (chunk, ...rest) => {
  const text = String(chunk);
  if (!text.includes('pw:browser')) return writeError(chunk, ...rest);
  for (const line of text.split('\n')) {
    const at = line.indexOf('Compiled function ');
    if (at >= 0) lines.push(line.slice(at));
  }
  return true;
};
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS, '--single-process', '--no-zygote',
    '--js-flags=--trace-wasm-compilation-times'],
  headless: true,
});
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(new URL('?generals=4&seed=1', baseUrl()).href);
  await page.waitForFunction(() => document.body?.dataset.ready === 'true'
    && typeof window.wasmBindings?.time_orders === 'function', null, { timeout: READY_TIMEOUT_MS });
  await page.waitForTimeout(SETTLE_MS);
  const first = await page.evaluate(([bytes, command]) => {
    window.markers = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes))).exports;
    window.markers.a();
    const ms = window.wasmBindings.time_orders(1000, 1, 1, 1, false, command)[0];
    window.markers.b();
    return ms;
  }, [MARKERS, COMMAND]);
  // Many more loyal orders, then orders with a liar, each run followed by
  // a marker: the functions that reach the optimising tier only now are hot
  // ones the warm-up left behind.
  for (const [orders, liar, marker] of [[LATER_ORDERS, false, 'c'], [LATER_ORDERS / 10, true, 'd']]) {
    await page.evaluate(([n, liar, command]) => window.wasmBindings.time_orders(1000, 1, 1, n, liar, command), [orders, liar, COMMAND]);
    await page.waitForTimeout(SETTLE_MS); // background compiles
    await page.evaluate((marker) => window.markers[marker](), marker);
  }
  await page.waitForTimeout(200); // the trace's last lines
  // "Compiled function 0x…#123 using TurboFan, took …": module, index, tier.
  const compiled = lines.map((line) => /Compiled function (0x[0-9a-f]+)#(\d+) using (\w+)/.exec(line))
    .filter(Boolean)
    .map(([, module, index, tier]) => ({ module, index: Number(index), tier }));
  const page_ = compiled[0]?.module;
  const markers = compiled.filter((c) => c.module !== page_).map((c) => compiled.indexOf(c));
  const name = (c) => names.get(c.index) ?? `#${c.index}`;
  const beforeOrder = markers.length === 4 ? compiled.slice(0, markers[0]) : compiled;
  console.log(`functions compiled at load: ${beforeOrder.length}; `
    + `with TurboFan (${beforeOrder.filter((c) => c.tier === 'TurboFan').length}):`);
  for (const c of beforeOrder.filter((c) => c.tier === 'TurboFan')) console.log(`   ${name(c)}`);
  if (markers.length === 4) {
    const during = compiled.slice(markers[0] + 1, markers[1]);
    console.log(`compiled around the first timed order, n = 1000 (${during.length}; time_orders itself `
      + 'before its clock starts and its result\'s conversion after it stops; any engine function here '
      + `was compiled inside the timed order; ${first.toFixed(1)} ms by this page's 0.1 ms clock):`);
    for (const c of during) console.log(`   ${c.tier.padEnd(8)} ${name(c)}`);
    const runs = [[`${LATER_ORDERS} later loyal orders`, markers[1], markers[2]],
      [`${LATER_ORDERS / 10} orders with G2 a faulty liar after them`, markers[2], markers[3]]];
    for (const [what, from, to] of runs) {
      const tiered = compiled.slice(from + 1, to).filter((c) => c.tier === 'TurboFan');
      console.log(`reached TurboFan only during ${what}: ${tiered.length}`);
      for (const c of tiered) console.log(`   ${name(c)}`);
    }
  } else {
    console.log(`not every marker was traced (${markers.length} of 4): no split`);
  }
} finally {
  await browser.close();
}
