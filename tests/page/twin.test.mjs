// The page and the native command-line twin (`generals 7 --seed 2026`) print
// the same transcript for the same seed and commands: faulty generals
// (random lies), OM(2), a faulty primary after a kill, an error line. The
// page's output and error lines, in order, must equal the binary's stdout,
// both when each order is awaited and when everything is typed at once
// (changes then wait in the queue behind the order in flight).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './harness.mjs';
import { REPO_ROOT, consoleLines, linesOf, run, setSpeed, type, waitIdle, withPage } from './helpers.mjs';

const GENERALS = 7;
const SEED = 2026;
const PAGE = `?generals=${GENERALS}&seed=${SEED}`;
// Seed 2026 draws G1 as primary among 7, in the page and natively alike.
const BANNER = `Byzantine generals: ${GENERALS} generals, G1 primary, OM(1), seed ${SEED}. Type help for the commands.`;
const COMMANDS = [
  'g-state 2 faulty',
  'g-state 5 faulty',
  'actual-order attack',
  'g-protocol om 2',
  'actual-order retreat',
  'g-add 2',
  'g-state 3 faulty',
  'actual-order attack',
  'g-kill 1',
  'actual-order retreat',
  // A faulty primary (G2) in an army that tolerates it: the secondaries'
  // common value depends on its coin flips, so the random streams must agree.
  'g-state 3 non-faulty',
  'g-state 5 non-faulty',
  'g-protocol om 1',
  'actual-order attack',
  'actual-order retreat',
  'g-kill 42',
  'g-state',
];

const ROOT = fileURLToPath(REPO_ROOT);
const BINARY = `${ROOT}target/release/generals`;

// Typos typed while an order flies, between and after queued changes: each
// error keeps its place, as on the command line (issue 8, item 4).
const TYPOS = ['actual-order attack', 'g-kill 3', 'bogus', 'g-kill 99', 'g-stat', 'g-state'];

/** Builds and runs the native twin on the commands: { status, stdout, stderr } as lines. */
function nativeTranscript(commands = COMMANDS) {
  execFileSync('cargo', ['build', '--release', '--bin', 'generals'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'], // cargo's messages show only if it fails
    timeout: 15 * 60_000,
  });
  const result = spawnSync(BINARY, [String(GENERALS), '--seed', String(SEED)], {
    input: `${commands.join('\n')}\n`,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = (text) => text.split('\n').filter((line) => line !== '');
  return { status: result.status, stdout: lines(result.stdout), stderr: lines(result.stderr) };
}

let browser;
let native;
before(async () => {
  native = nativeTranscript();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the native twin ran the scenario', () => {
  assert.equal(native.status, 0, native.stderr.join('\n'));
  assert.equal(native.stderr[0], BANNER);
  assert.ok(native.stdout.length > 60, `a long transcript: ${native.stdout.length} lines`);
  assert.ok(native.stdout.some((line) => line.startsWith('error: ')), 'it includes an error line');
});

test('page and binary print the same lines, each order awaited', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    assert.deepEqual((await consoleLines(page))[0], { kind: 'note', text: BANNER });
    await setSpeed(page, 8);
    for (const command of COMMANDS) await run(page, command);
    assert.deepEqual(await linesOf(page, 'output', 'error'), native.stdout);
  });
});

test('page and binary print the same lines, everything typed at once', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    assert.deepEqual((await consoleLines(page))[0], { kind: 'note', text: BANNER });
    await setSpeed(page, 8);
    for (const command of COMMANDS) await type(page, command);
    // Later commands wait in the queue behind the orders: wait until all ran.
    await page.waitForFunction(
      (count) => document.querySelectorAll('#console-output .line-output, #console-output .line-error').length >= count,
      native.stdout.length,
      { timeout: 60_000, polling: 50 },
    );
    await waitIdle(page);
    assert.deepEqual(await linesOf(page, 'output', 'error'), native.stdout);
    const echoes = await linesOf(page, 'echo');
    assert.deepEqual(echoes, COMMANDS.map((command) => `> ${command}`));
  });
});

test('a typo typed during an order keeps its place, as on the command line', async () => {
  const twin = nativeTranscript(TYPOS);
  assert.equal(twin.status, 0, twin.stderr.join('\n'));
  assert.deepEqual(twin.stdout.filter((line) => line.startsWith('error: ')), [
    "error: unknown command 'bogus'; type help to list the commands",
    'error: there is no live general G99; g-state lists them',
    "error: unknown command 'g-stat'; type help to list the commands",
  ]);
  await withPage(browser, PAGE, async ({ page }) => {
    await setSpeed(page, 8);
    // The order is given paused (it waits at its first instant), so the rest
    // is typed while it is in flight however slow the machine is.
    await page.click('#btn-pause');
    await type(page, TYPOS[0]);
    for (const command of TYPOS.slice(1)) await type(page, command);
    assert.equal(await page.evaluate(() => window.wasmBindings.snapshot().busy), true, 'still in flight');
    assert.deepEqual(await linesOf(page, 'error'), [], 'no error overtakes the order');
    await page.click('#btn-pause');
    await page.waitForFunction(
      (count) => document.querySelectorAll('#console-output .line-output, #console-output .line-error').length >= count,
      twin.stdout.length,
      { timeout: 60_000, polling: 50 },
    );
    await waitIdle(page);
    assert.deepEqual(await linesOf(page, 'output', 'error'), twin.stdout);
  });
});
