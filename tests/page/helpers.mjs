// Small helpers shared by the page tests beside this file: opening the page
// with other browser-context options, typing console commands, waiting for an
// order to finish, reading the console back, and the shared vector file.
// Everything about launching Chromium and collecting errors is harness.mjs's.
import fs from 'node:fs';
import assert from 'node:assert/strict';
import { openPage } from './harness.mjs';

export const REPO_ROOT = new URL('../../', import.meta.url);

/**
 * harness.openPage with extra browser-context options (deviceScaleFactor,
 * viewport, colorScheme, ...): the harness creates its context through
 * `browser.newContext`, so it is handed a browser whose newContext adds them.
 * Also confirms window.wasmBindings exists (the page sets data-ready on its
 * first drawn frame, after trunk's loader has exposed the exports).
 */
export async function openWith(browser, path, contextOptions = {}) {
  const withOptions = {
    newContext: (options) => browser.newContext({ ...options, ...contextOptions }),
  };
  const opened = await openPage(withOptions, path);
  await opened.page.waitForFunction(() => typeof window.wasmBindings?.snapshot === 'function');
  return opened;
}

/**
 * Opens a page, runs `body({ page, errors })`, then requires that the page
 * reported no error at all: no console error, uncaught exception, failed
 * request or dialog.
 */
export async function withPage(browser, path, body, contextOptions) {
  const opened = await openWith(browser, path, contextOptions);
  try {
    await body(opened);
    await opened.page.waitForTimeout(100); // let late errors surface
    assert.deepEqual(opened.errors, [], 'the page reported errors');
  } finally {
    await opened.close();
  }
}

/** Types a line into the console input and presses Enter. */
export async function type(page, text) {
  await page.fill('#console-input', text);
  await page.press('#console-input', 'Enter');
}

/**
 * Waits until no order is in flight (<body data-busy="false">) and the
 * console shows every line printed (a large print is added over several
 * frames; #console-output data-pending counts the lines still waiting).
 */
export async function waitIdle(page, timeout = 30_000) {
  await page.waitForFunction(() => document.body.dataset.busy === 'false'
    && document.getElementById('console-output').dataset.pending === '0', null, {
    timeout,
    polling: 20,
  });
}

/** Types a command and waits until any order it started has completed. */
export async function run(page, text) {
  await type(page, text);
  await waitIdle(page);
}

/** Picks a value of the #speed select (0.25 0.5 1 2 4 8). */
export async function setSpeed(page, speed) {
  await page.selectOption('#speed', String(speed));
  await page.waitForFunction((s) => window.wasmBindings.snapshot().speed === s, speed);
}

/** Every console line as { kind, text }; kind is output, error, note or echo. */
export function consoleLines(page) {
  return page.$$eval('#console-output > *', (lines) => lines.map((line) => ({
    kind: [...line.classList].find((c) => c.startsWith('line-'))?.slice(5) ?? line.className,
    text: line.textContent,
  })));
}

/** The texts of the console lines of the given kinds, in page order. */
export async function linesOf(page, ...kinds) {
  return (await consoleLines(page)).filter((l) => kinds.includes(l.kind)).map((l) => l.text);
}

/**
 * Reads a vector file: "> cmd" lines are commands, '#' lines comments, blank
 * lines ignored, every other line is expected output of the command above.
 * Returns [{ command, expected: [line, ...] }].
 */
export function readVectors(relativePath) {
  const text = fs.readFileSync(new URL(relativePath, REPO_ROOT), 'utf8');
  const steps = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (line.startsWith('> ')) steps.push({ command: line.slice(2), expected: [] });
    else if (steps.length === 0) throw new Error(`${relativePath}: output before any command: ${line}`);
    else steps.at(-1).expected.push(line);
  }
  return steps;
}

/**
 * Resolves after the page's next `count` animation frames, so that its own
 * frame callback (engine step, canvas drawing), registered before ours, has
 * run since the last change: a wait on the frames themselves, not on the
 * clock, which a loaded machine stretches.
 */
export function afterFrames(page, count = 2) {
  return page.evaluate((n) => new Promise((resolve) => {
    const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  }), count);
}

/** A cheap hash of the canvas's pixels (FNV-1a over the backing store). */
export function canvasHash(page) {
  return page.evaluate(() => {
    const canvas = document.getElementById('view');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const words = new Uint32Array(data.buffer);
    let hash = 0x811c9dc5;
    for (let i = 0; i < words.length; i += 1) hash = Math.imul(hash ^ words[i], 16777619);
    return hash >>> 0;
  });
}

/**
 * Page coordinates of general `id` as last drawn (the app's own layout,
 * through window.wasmBindings.general_position), for mouse clicks.
 */
export async function generalAt(page, id) {
  const at = await page.evaluate((g) => window.wasmBindings.general_position(g), id);
  if (!at) throw new Error(`general G${id} is not on the canvas`);
  const box = await page.locator('#view').boundingBox();
  return { x: box.x + at[0], y: box.y + at[1] };
}

/** Clicks general `id` on the canvas. */
export async function clickGeneral(page, id) {
  const { x, y } = await generalAt(page, id);
  await page.mouse.click(x, y);
}

/** The id (or tag name) of the element that has the keyboard focus. */
export function focused(page) {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
}
