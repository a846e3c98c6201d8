// Replay links in the page: the address always describes the session; a link
// made by the page replays to identical console lines in a fresh page and to
// the same transcript in the native twin (`generals --replay`); Copy link and
// Download transcript; malformed, truncated and oversized links give one
// error line and the page starts with what could be read; the old query
// options still work.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { baseUrl, launchBrowser } from './harness.mjs';
import { REPO_ROOT, consoleLines, linesOf, run, setSpeed, type, waitIdle, withPage } from './helpers.mjs';

const ROOT = fileURLToPath(REPO_ROOT);
const BINARY = `${ROOT}target/release/generals`;

let browser;
before(async () => {
  execFileSync('cargo', ['build', '--release', '--bin', 'generals'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'], // cargo's messages show only if it fails
    timeout: 15 * 60_000,
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The page's fragment once it shows `expected` commands' worth of link. */
async function settledHash(page, mustContain) {
  await page.waitForFunction((text) => decodeURIComponent(location.hash).includes(text) || location.hash.includes(text), mustContain, { timeout: 10_000, polling: 50 });
  return page.evaluate(() => location.hash);
}

/** The native twin on a link: { status, stdout, stderr } as arrays of lines. */
function twin(link, input = '', extra = []) {
  const result = spawnSync(BINARY, ['--replay', link, '--print-link', ...extra], { input, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  const lines = (text) => text.split('\n').filter((line) => line !== '');
  return { status: result.status, stdout: lines(result.stdout), stderr: lines(result.stderr) };
}

test('a session made in the page replays identically in a fresh page and in the twin', async () => {
  let address;
  let original;
  await withPage(browser, '?generals=7&seed=2026', async ({ page }) => {
    await setSpeed(page, 8);
    await run(page, 'g-state 2 faulty');
    await run(page, 'G-State  5 FAULTY');
    // Typed while the order flies (paused, then one Step: tick 600):
    // g-state answers at once, before the verdict; g-add waits in the queue.
    // The link keeps those moments.
    await page.click('#btn-pause');
    await type(page, 'actual-order attack');
    await page.click('#btn-step');
    await page.waitForFunction(() => window.wasmBindings.snapshot().paused);
    await type(page, 'g-state');
    await type(page, 'g-add 2');
    await page.click('#btn-pause');
    await waitIdle(page);
    await run(page, 'g-protocol om 2');
    await run(page, 'actual-order retreat');
    await run(page, 'g-kill 42');
    await run(page, 'g-kill 1');
    await run(page, 'actual-order attack');
    const hash = await settledHash(page, 'g-kill_1~actual-order_attack');
    assert.match(hash, /^#generals=7&seed=2026&om=1&c=g-state_2_faulty~G-State__5_FAULTY~actual-order_attack~g-state@1\.600~g-add_2@1\.600~g-protocol_om_2~/);
    address = await page.evaluate(() => location.href);
    assert.equal(await page.evaluate(() => window.wasmBindings.replay_link()), address);
    original = await consoleLines(page);
    assert.ok(original.some((line) => line.kind === 'note' && line.text.startsWith('queued until')));
  });
  await withPage(browser, address.replace(/^.*?#/, '#'), async ({ page }) => {
    assert.deepEqual(await consoleLines(page), original);
    assert.equal(await page.evaluate(() => location.href), address, 'the address is the link it was opened with');
  });
  const native = twin(address);
  assert.equal(native.status, 0, native.stderr.join('\n'));
  assert.deepEqual(
    native.stdout,
    original.filter((line) => line.kind === 'output' || line.kind === 'error').map((line) => line.text),
  );
  assert.equal(native.stderr.at(-1), `#${address.split('#')[1]}`, 'the twin prints the same link');
});

test('commands typed while a search runs (one abandoning it) replay identically in a fresh page and in the twin', async () => {
  let address;
  let original;
  // Six generals under OM(2), two faulty: a long randomised search, so the
  // lines typed in one go with it surely come while it runs.
  await withPage(browser, '?generals=6&primary=1&seed=3&om=2', async ({ page }) => {
    await setSpeed(page, 8);
    await run(page, 'g-state 1 faulty');
    await run(page, 'g-state 2 faulty');
    await page.evaluate(() => {
      for (const line of ['g-search', 'g-faulty', 'start 5']) window.wasmBindings.run_command(line);
    });
    await run(page, 'g-state 2 faulty');
    await run(page, 'g-search');
    await waitIdle(page);
    // The tail only the last commands write (the start has the same words).
    const hash = await settledHash(page, 'start_5@s1~g-state_2_faulty~g-search');
    assert.match(hash, /~g-search~g-faulty@s1~start_5@s1~g-state_2_faulty~g-search$/);
    address = await page.evaluate(() => location.href);
    original = await consoleLines(page);
    const texts = original.map((line) => line.text);
    assert.ok(texts.includes('The search in flight was abandoned; 1 command queued behind it was dropped.'), texts.join('\n'));
    assert.ok(!texts.some((text) => text.startsWith('search: none found')), 'the abandoned search printed nothing');
  });
  await withPage(browser, address.replace(/^.*?#/, '#'), async ({ page }) => {
    await waitIdle(page);
    assert.deepEqual(await consoleLines(page), original);
  });
  const native = twin(address);
  assert.equal(native.status, 0, native.stderr.join('\n'));
  assert.deepEqual(
    native.stdout,
    original.filter((line) => line.kind === 'output' || line.kind === 'error').map((line) => line.text),
  );
  assert.deepEqual(
    native.stderr.slice(0, -1),
    original.filter((line) => line.kind === 'note').map((line) => line.text),
  );
  assert.equal(native.stderr.at(-1), `#${address.split('#')[1]}`, 'the twin prints the same link');
});

test('the page keeps its address up to date and Restart clears the commands', async () => {
  await withPage(browser, '?generals=5&seed=3&om=2&primary=2', async ({ page }) => {
    assert.equal(await page.evaluate(() => location.hash), '#generals=5&seed=3&primary=2&om=2');
    assert.equal(await page.evaluate(() => location.search), '', 'the fragment replaces the query');
    await run(page, 'help');
    assert.equal(await settledHash(page, 'c=help'), '#generals=5&seed=3&primary=2&om=2&c=help');
    await page.click('#btn-restart');
    await page.waitForFunction(() => !location.hash.includes('c='), null, { timeout: 5000 });
  });
});

test('Copy link copies the address; Download transcript saves the console', async () => {
  await withPage(browser, '?generals=4&seed=7&primary=1', async ({ page }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await setSpeed(page, 8);
    await run(page, 'g-state 3 faulty');
    await run(page, 'actual-order attack');
    await settledHash(page, 'actual-order_attack');
    await page.click('#btn-copy-link');
    await page.waitForFunction(() => document.querySelector('#btn-copy-link').textContent === 'Link copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await page.evaluate(() => location.href));
    assert.match(copied, /#generals=4&seed=7&primary=1&om=1&c=g-state_3_faulty~actual-order_attack$/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-transcript')]);
    assert.equal(download.suggestedFilename(), 'generals-seed-7.txt');
    const saved = fs.readFileSync(await download.path(), 'utf8');
    const shown = (await consoleLines(page)).map((line) => line.text);
    assert.equal(saved, `${shown.join('\n')}\n`);
    assert.ok(saved.includes('> actual-order attack\nG1, primary, majority=attack, state=NF\n'));
  });
});

test('a query beside a replay link: one error line says the link sets the start', async () => {
  await withPage(browser, '?generals=7&seed=1#generals=5&seed=2&c=g-state', async ({ page }) => {
    const lines = await consoleLines(page);
    assert.deepEqual(lines[0], {
      kind: 'note',
      text: 'Byzantine generals: 5 generals, G1 primary, OM(1), seed 2. Type help for the commands.',
    });
    assert.deepEqual(lines[1], {
      kind: 'error',
      text: "error: URL options '?generals=7&seed=1' are not used: the replay link after # sets the start",
    });
    assert.deepEqual(lines[2], { kind: 'echo', text: '> g-state' });
    assert.equal((await linesOf(page, 'error')).length, 1);
    assert.equal((await linesOf(page, 'output')).filter((l) => /^G\d+, /.test(l)).length, 5);
  });
});

test('a malformed link: one error line, then what could be read', async () => {
  await withPage(browser, '#generals=abc&seed=5&c=help~g-kill_%ZZ~g-state', async ({ page }) => {
    const lines = await consoleLines(page);
    assert.deepEqual(lines[0], {
      kind: 'note',
      text: 'Byzantine generals: 4 generals, G1 primary, OM(1), seed 5. Type help for the commands.',
    });
    assert.deepEqual(lines[1], {
      kind: 'error',
      text: "error: replay link: generals='abc' must be a whole number from 1 to 1000, so 4 are used "
        + "(and 1 more problem); starting with what could be read",
    });
    assert.deepEqual(lines[2], { kind: 'echo', text: '> help' });
    assert.equal((await linesOf(page, 'error')).length, 1);
    assert.equal((await linesOf(page, 'echo')).length, 1, 'nothing after the bad command');
    assert.equal(await settledHash(page, 'c=help'), '#generals=4&seed=5&om=1&c=help');
    await run(page, 'g-state');
    assert.equal((await linesOf(page, 'output')).filter((l) => l.startsWith('G1, ')).length, 1);
  });
});

test('a made-up search in a link (@s1 with none under way): one error line, the rest left out', async () => {
  await withPage(browser, '#generals=4&seed=2&c=g-state@s1~g-kill_2', async ({ page }) => {
    await waitIdle(page);
    assert.deepEqual(await linesOf(page, 'error'), ["error: replay link: command 1 'g-state' was typed during "
      + 'search 1 (@s1), but no search is under way there; it and the commands after it are left out']);
    assert.deepEqual(await linesOf(page, 'echo'), []);
    assert.equal(await page.evaluate(() => window.wasmBindings.snapshot().generals), 4);
  });
});

test('a moment past its order: one error line, the order run to its end, the same words as the twin', async () => {
  const link = (tick) => `#generals=4&seed=2&primary=1&c=actual-order_attack~g-state@1.${tick}~g-kill_2`;
  // OM(1) among 4 ends at tick 2,400: its last moment replays silently,
  // g-state answering mid-order and g-kill 2 waiting for the verdict.
  await withPage(browser, link(2399), async ({ page }) => {
    await waitIdle(page);
    assert.deepEqual(await linesOf(page, 'error'), []);
    assert.deepEqual(await linesOf(page, 'echo'), ['> actual-order attack', '> g-state', '> g-kill 2']);
    assert.equal(await page.evaluate(() => window.wasmBindings.snapshot().generals), 3);
  });
  // One past it: the order still runs to its end and the view is left
  // there; one error line says the moment asked for and the moments order 1
  // allows; that command and the one after it are left out.
  const error = "error: replay link: command 2 'g-state' is at moment @1.2400, past the end of order 1, "
    + 'which takes moments @1.0 to @1.2399; it and the commands after it are left out';
  let shown;
  await withPage(browser, link(2400), async ({ page }) => {
    await waitIdle(page);
    const lines = await consoleLines(page);
    assert.deepEqual(await linesOf(page, 'error'), [error]);
    assert.deepEqual(await linesOf(page, 'echo'), ['> actual-order attack']);
    const at = lines.findIndex((l) => l.text === error);
    assert.ok(lines.slice(0, at).some((l) => l.text.startsWith('Execute order: attack!')), 'the verdict comes first');
    const snapshot = await page.evaluate(() => window.wasmBindings.snapshot());
    assert.equal(snapshot.generals, 4, 'g-kill 2 was left out');
    assert.equal(snapshot.busy, false);
    assert.equal(await settledHash(page, 'c=actual-order_attack'), '#generals=4&seed=2&primary=1&om=1&c=actual-order_attack');
    // The page goes on as usual.
    await run(page, 'g-kill 3');
    assert.equal(await page.evaluate(() => window.wasmBindings.snapshot().generals), 3);
    shown = lines.filter((l) => l.kind === 'output' || l.kind === 'error').map((l) => l.text);
  });
  const native = twin(link(2400));
  assert.equal(native.status, 0, native.stderr.join('\n'));
  assert.deepEqual(native.stdout, shown, 'the twin prints the same lines');
  assert.equal(native.stderr.at(-1), '#generals=4&seed=2&primary=1&om=1&c=actual-order_attack');
});

test('a long link replays over many frames: its progress in the status, a command typed meanwhile waits, the twin\'s lines', async () => {
  // 800 orders among 1,000 generals: about a second of work, which took one
  // task at the page's load; now a frame's share at a time.
  const link = `#generals=1000&seed=3&primary=1&om=1&c=${Array(800).fill('actual-order_attack').join('~')}`;
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  await page.addInitScript(() => {
    // Every status the replay shows; on the first progress note, a command
    // is typed (as a person would while it runs).
    window.statuses = [];
    document.addEventListener('DOMContentLoaded', () => {
      const status = document.getElementById('status-round');
      new MutationObserver(() => {
        window.statuses.push(status.textContent);
        if (window.statuses.length === 1 && status.textContent.startsWith('Replaying the link: command')) {
          const input = document.getElementById('console-input');
          input.value = 'g-kill 7';
          input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        }
      }).observe(status, { childList: true, characterData: true, subtree: true });
    });
  });
  try {
    await page.goto(new URL(link, baseUrl()).href);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60_000, polling: 50 });
    await waitIdle(page, 60_000);
    const statuses = await page.evaluate(() => window.statuses);
    const progress = statuses.filter((text) => /^Replaying the link: command [0-9]+ of 800/.test(text));
    assert.ok(new Set(progress).size >= 2, `progress seen across frames: ${statuses.slice(0, 5)}`);
    assert.match(progress[0], /^Replaying the link: command [0-9]+ of 800$/);
    assert.ok(statuses.some((text) => /^Replaying the link: command [0-9]+ of 800; 1 command typed meanwhile runs after it$/.test(text)),
      statuses.slice(0, 5).join(' | '));
    const snapshot = await page.evaluate(() => window.wasmBindings.snapshot());
    assert.ok(snapshot.replayFrames > 1, `frames that did replay work: ${snapshot.replayFrames}`);
    assert.equal(snapshot.replaying, false);
    // The typed command ran after the link's, on the replayed army.
    assert.equal(snapshot.generals, 999);
    assert.equal((await linesOf(page, 'echo')).at(-1), '> g-kill 7');
    assert.notEqual(await page.textContent('#status-round'), statuses.at(-2), 'the status is the session\'s again');
    // The lines are those of the twin, which replays in one go (the console
    // keeps the newest 20,000).
    const shown = await linesOf(page, 'output', 'error');
    const native = twin(link, 'g-kill 7\n');
    assert.equal(native.status, 0);
    assert.ok(shown.length > 15_000, `${shown.length} lines`);
    assert.deepEqual(shown, native.stdout.slice(-shown.length));
    assert.equal(native.stderr.at(-1), `${link}~g-kill_7`);
    assert.equal(await settledHash(page, 'g-kill_7'), `${link}~g-kill_7`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a truncated and an oversized link still start a working page', async () => {
  await withPage(browser, '#generals=4&seed=5&c=g-state_2_faulty~actual-order_att%E2%8', async ({ page }) => {
    assert.deepEqual(await linesOf(page, 'error'), [
      "error: replay link: command 2 'actual-order_att%E2%8': '%8' is not an escape (% and two hex digits); "
        + 'it and the commands after it are left out; starting with what could be read',
    ]);
    assert.deepEqual(await linesOf(page, 'echo'), ['> g-state 2 faulty']);
  });
  const huge = `#seed=1&c=${'g-state~'.repeat(3000)}`;
  await withPage(browser, huge, async ({ page }) => {
    const errors = await linesOf(page, 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^error: replay link: it is 24,009 characters long, over the limit of 16,384;/);
    // 9 characters of options, then 8 per command: the 2,047th ends at the bound.
    assert.equal((await linesOf(page, 'echo')).length, 2047);
    await run(page, 'actual-order attack');
    assert.ok((await linesOf(page, 'output')).at(-1).startsWith('Execute order: attack!'));
  });
  await withPage(browser, '#\u202e%00&&==~~@@', async ({ page }) => {
    assert.equal((await linesOf(page, 'error')).length, 1);
    await run(page, 'g-state');
  });
});

test('a pasted line too long to read does not fill the link: the commands after it still replay', async () => {
  await withPage(browser, '?generals=4&seed=5&primary=1', async ({ page }) => {
    await type(page, '\u00e9'.repeat(9000));
    await run(page, 'g-kill 2');
    const hash = await settledHash(page, 'g-kill_2');
    assert.equal(hash, '#generals=4&seed=5&primary=1&om=1&c=!18000~g-kill_2');
    assert.equal(await page.textContent('#share-note'), '');
    const made = (await consoleLines(page)).filter((l) => l.kind === 'output' || l.kind === 'error');
    assert.equal(made[0].text, 'error: the line is too long (18,000 bytes); a command is at most 1,024 bytes');
    await withPage(browser, hash, async ({ page: fresh }) => {
      await waitIdle(fresh);
      const replayed = (await consoleLines(fresh)).filter((l) => l.kind === 'output' || l.kind === 'error');
      assert.deepEqual(replayed, made);
      assert.deepEqual(await linesOf(fresh, 'echo'), ['> (a line of 18,000 bytes)', '> g-kill 2']);
      assert.deepEqual(twin(hash).stdout, made.map((l) => l.text));
    });
  });
});

test('a session that outgrows its link says so beside the buttons and keeps working', async () => {
  await withPage(browser, '?generals=4&seed=1', async ({ page }) => {
    // Lines short enough to read (a longer one is kept by its length alone),
    // 1,016 characters each in the link: the 17th no longer fits.
    const long = `g-state ${'1'.repeat(1000)} faulty`;
    for (let i = 0; i < 18; i += 1) await type(page, long);
    await waitIdle(page);
    await page.waitForFunction(() => document.querySelector('#share-note').textContent !== '');
    assert.equal(
      await page.textContent('#share-note'),
      'The link is full (16,384 characters): it replays the first 16 commands.',
    );
    await page.waitForFunction(() => location.hash.split('~').length === 16);
    await page.waitForTimeout(400); // past the next address update: it stays at sixteen
    const hash = await page.evaluate(() => location.hash);
    assert.ok(hash.length <= 16_385 && hash.split('~').length === 16, `${hash.length} characters`);
  });
});

test('Download trace saves the engine\'s JSON Lines, the same as the twin\'s --trace', async () => {
  await withPage(browser, '?generals=5&seed=11', async ({ page }) => {
    await setSpeed(page, 8);
    for (const command of ['g-state 2 faulty liar', 'actual-order attack', 'g-protocol sm 1', 'g-state 4 faulty', 'actual-order retreat']) {
      await run(page, command);
    }
    await settledHash(page, 'actual-order_retreat');
    const address = await page.evaluate(() => location.href);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-trace')]);
    assert.equal(download.suggestedFilename(), 'generals-seed-11.trace.jsonl');
    const saved = fs.readFileSync(await download.path(), 'utf8');
    const records = saved.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual([...new Set(records.map((r) => r.type))], ['order', 'message', 'decision']);
    const orders = records.filter((r) => r.type === 'order');
    assert.deepEqual(orders.map((o) => [o.order, o.value, o.protocol, o.m]), [[1, 'attack', 'om', 1], [2, 'retreat', 'sm', 1]]);
    assert.deepEqual(orders[0].faulty, { 2: 'liar' });
    assert.equal(records.filter((r) => r.type === 'message' && r.order === 1).length, 16, 'OM(1) with 5: 4 + 4 x 3');
    assert.equal(records.filter((r) => r.type === 'decision').length, 10);

    const file = `${ROOT}target/page-trace-${process.pid}.jsonl`;
    const native = twin(address, '', ['--trace', file]);
    assert.equal(native.status, 0, native.stderr.join('\n'));
    assert.equal(fs.readFileSync(file, 'utf8'), saved);
    fs.rmSync(file);
  });
});
