// The Experiments panel: a small sweep runs in Web Workers while the main
// view keeps animating an order, the heat map is drawn (pixels of several
// colours, the bound line in black), the CSV download equals the command
// line's, and clicking a failing cell opens its run in the main view.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launchBrowser } from './harness.mjs';
import { canvasHash, type, withPage } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Opens the panel and waits for its module (loaded on first open) to take it over. */
async function openPanel(page) {
  await page.click('#experiments summary');
  await page.waitForFunction(() => document.body.dataset.experiment === 'idle' && window.wasmExperiments);
}

/** Distinct colours on the chart canvas, and whether pure black is among them. */
function chartStats(page) {
  return page.evaluate(() => {
    const canvas = document.getElementById('exp-chart');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    return { colours: colours.size, black: colours.has(0), pale: colours.has((232 << 16) | (240 << 8) | 234) };
  });
}

test('a sweep runs in workers while the view animates, then charts, downloads and opens a failing run', async () => {
  await withPage(browser, '?generals=30&primary=1&seed=3', async ({ page }) => {
    await openPanel(page);
    await page.fill('#exp-n', '3..9');
    await page.fill('#exp-k', '0..3');
    await page.fill('#exp-m', '1');
    // Long enough to be still running after the frames below (a quicker
    // engine finished 20,000 trials a cell before them).
    await page.fill('#exp-trials', '100000');
    await page.fill('#exp-seed', '7');
    await page.selectOption('#exp-strategy', 'mix');
    // An order in flight in the main view, at a speed that keeps it flying.
    await type(page, 'g-state 5 faulty');
    await type(page, 'actual-order attack');
    await page.click('#exp-run');
    await page.waitForFunction(() => document.body.dataset.experiment === 'running');
    // While the workers run, the main view's pixels keep changing.
    const hashes = new Set();
    for (let i = 0; i < 4; i += 1) {
      hashes.add(await canvasHash(page));
      await page.waitForTimeout(150);
    }
    const stillRunning = await page.evaluate(() => document.body.dataset.experiment === 'running');
    assert.ok(hashes.size >= 2, 'the view animates during the experiment');
    assert.ok(stillRunning, 'the frames were taken while the sweep ran');
    await page.waitForFunction(() => document.body.dataset.experiment === 'charted', null, { timeout: 60_000 });
    const stats = await chartStats(page);
    assert.ok(stats.colours > 20, `the heat map has many colours (${stats.colours})`);
    assert.ok(stats.black, 'axes and the bound line are drawn in black');
    assert.ok(stats.pale, 'cells that never broke are drawn');
    assert.match(await page.textContent('#exp-status'), /^28 cells, 2,800,000 trials in [0-9.]+ s/);

    // The CSV download is the command line's, byte for byte.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#exp-csv')]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const csv = Buffer.concat(chunks).toString('utf8');
    const binary = process.env.GENERALS_BIN || new URL('../../target/debug/generals', import.meta.url).pathname;
    const native = execFileSync(binary, ['experiment', '--n', '3..9', '--k', '0..3', '--m', '1',
      '--trials', '100000', '--seed', '7', '--strategy', 'mix', '--csv', '-'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    assert.equal(csv, native);

    // n = 4, k = 2 breaks: clicking it opens its first failing run.
    const link = native.split('\n').find((l) => l.includes(',OM(1),4,2,')).split(',').at(-1);
    assert.ok(link.startsWith('generals=4&'), link);
    const box = await page.evaluate(() => {
      const c = document.getElementById('exp-chart');
      const r = c.getBoundingClientRect();
      return { x: r.x, y: r.y, scale: r.width / c.width };
    });
    // Where the chart drew that cell on the IC1 map, in canvas pixels.
    const point = await page.evaluate(() => {
      const p = window.wasmExperiments.experiment_cell_point(1, 4, 2);
      return p ? Array.from(p) : null;
    });
    assert.equal(point?.length, 2, 'the chart tells where a cell is drawn');
    await page.mouse.click(box.x + point[0] * box.scale, box.y + point[1] * box.scale);
    await page.waitForFunction(() => document.body.dataset.busy === 'true' || /Opened/.test(document.getElementById('exp-status').textContent));
    assert.match(await page.textContent('#exp-status'), /Opened m = 1, n = 4, k = 2/);
    const snapshot = await page.evaluate(() => window.wasmBindings.snapshot());
    assert.equal(snapshot.generals, 4);
    // The address follows within a frame or two (at most every 250 ms).
    await page.waitForFunction(() => location.hash.startsWith('#generals=4&'), null, { timeout: 5_000 });
  });
});

test('Cancel stops a sweep and bad options are said in the panel', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    await openPanel(page);
    await page.fill('#exp-n', '3..300');
    await page.click('#exp-run');
    // Said with the panel's own label, never a command-line flag.
    assert.equal(await page.textContent('#exp-status'),
      'error: n: army sizes must be from 1 to 100, not 3..300 (for example 3..13)');
    await page.fill('#exp-n', '3..16');
    await page.fill('#exp-trials', '200000');
    await page.fill('#exp-m', '1');
    await page.click('#exp-run');
    await page.waitForFunction(() => document.body.dataset.experiment === 'running');
    await page.click('#exp-cancel');
    assert.equal(await page.textContent('#exp-status'), 'Cancelled.');
    assert.equal(await page.evaluate(() => document.body.dataset.experiment), 'idle');
  });
});

/** Every field a student types into, wrong in each way it can be, and options wrong only together. */
const BAD_OPTIONS = [
  [{ n: '9..3' }, "n: expected a number or a range A..B with A <= B (both included), not '9..3'"],
  [{ n: '0..40' }, 'n: army sizes must be from 1 to 100, not 0..40 (for example 3..13)'],
  [{ k: 'two' }, "k: expected a number or a range A..B with A <= B (both included), not 'two'"],
  [{ k: '0..101' }, 'k: numbers of faulty generals must be from 0 to 100, not 0..101 (for example 0..4)'],
  [{ m: '1..' }, "m: expected a number or a range A..B with A <= B (both included), not '1..'"],
  [{ m: '17' }, 'm: depths must be from 0 to 16, not 17 (for example 1 or 1..2)'],
  [{ trials: '1e3' }, "trials: expected a whole number, not '1e3'"],
  [{ trials: '0' }, 'trials: the orders per cell must be from 1 to 1,000,000, not 0'],
  [{ trials: '5000000000' }, 'trials: the orders per cell must be from 1 to 1,000,000, not 5000000000'],
  [{ seed: '-7' }, "seed: expected a whole number, not '-7'"],
  [{ seed: '' }, "seed: expected a whole number, not ''"],
  [{ n: '3..5', k: '50..60' }, 'no cell to run: every k (50..60) is more than every n (3..5); k must be at most n'],
  [{ n: '1..100', k: '0..100', m: '0..1' }, '20,200 cells (m 0..1 x n 1..100 x k 0..100), over the limit of 10,000; narrow n, k or m'],
  [{ n: '3..100', m: '4' }, 'OM(4) with 100 generals could send 8,674,073,199 messages per order, over the limit of 3,000,000; lower m or the largest n'],
  [{ n: '3..100', m: '2', trials: '100000' }, 'this sweep could send up to 14,313,419,400,000 messages, over the limit of 20,000,000,000; lower trials, m or the largest n'],
];

test('every bad option is said in the panel with its field as labelled, nothing run', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    await openPanel(page);
    const defaults = { n: '3..16', k: '0..5', m: '1..2', trials: '1000', seed: '1' };
    // The labels the errors name are the ones the panel shows.
    const labels = await page.$$eval('.exp-form label', (all) => all.map((l) => l.firstChild.textContent.trim()));
    assert.deepEqual(labels, ['n', 'k', 'protocol', 'm', 'strategy', 'faulty', 'trials', 'seed']);
    for (const [values, problem] of BAD_OPTIONS) {
      for (const [field, value] of Object.entries({ ...defaults, ...values })) {
        await page.fill(`#exp-${field}`, value);
      }
      await page.click('#exp-run');
      const status = await page.textContent('#exp-status');
      assert.equal(status, `error: ${problem}`, JSON.stringify(values));
      assert.doesNotMatch(status, /--/, 'no command-line flag');
      assert.equal(await page.evaluate(() => document.body.dataset.experiment), 'idle', JSON.stringify(values));
    }
  });
});

test('opened on a desktop, the panel runs on below a stage of unchanged size, and a run opened from its chart is shown', async () => {
  await withPage(browser, '?generals=7&primary=1&seed=1', async ({ page }) => {
    const geometry = () => page.evaluate(() => {
      const view = document.getElementById('view').getBoundingClientRect();
      const summary = document.querySelector('#experiments > summary').getBoundingClientRect();
      return { viewTop: view.top, viewHeight: view.height, summaryTop: summary.top, scrollY, innerHeight };
    });
    const closed = await geometry();
    assert.ok(closed.viewHeight > 400, `the stage fills the window (${closed.viewHeight} px)`);
    assert.equal(closed.scrollY, 0);
    await openPanel(page);
    const open = await geometry();
    // Before, the panel squeezed the stage to 0 px and covered it.
    assert.equal(open.viewHeight, closed.viewHeight, 'opening the panel leaves the stage its size');
    assert.ok(open.scrollY > 0 && open.summaryTop >= 0 && open.summaryTop < open.innerHeight / 2,
      `the page scrolled to the panel (summary at ${open.summaryTop} px, scrolled ${open.scrollY} px)`);
    await page.fill('#exp-n', '3..6');
    await page.fill('#exp-k', '0..2');
    await page.fill('#exp-m', '1');
    await page.fill('#exp-trials', '300');
    await page.click('#exp-run');
    await page.waitForFunction(() => document.body.dataset.experiment === 'charted', null, { timeout: 60_000 });
    const point = await page.evaluate(() => {
      const chart = document.getElementById('exp-chart');
      const box = chart.getBoundingClientRect();
      const [x, y] = Array.from(window.wasmExperiments.experiment_cell_point(1, 4, 2));
      const scale = box.width / chart.width;
      return { x: box.x + x * scale, y: box.y + y * scale };
    });
    await page.mouse.click(point.x, point.y);
    await page.waitForFunction(() => /^Opened m = 1, n = 4, k = 2/.test(document.getElementById('exp-status').textContent));
    const shown = await geometry();
    assert.equal(shown.scrollY, 0, 'the page scrolled back up to the main view');
    assert.equal(shown.viewTop, closed.viewTop);
    assert.equal(shown.viewHeight, closed.viewHeight);
    assert.equal((await page.evaluate(() => window.wasmBindings.snapshot())).generals, 4);
  }, { viewport: { width: 1280, height: 800 } });
});

/** The id of the focused element (or its tag when it has none). */
function focusedId(page) {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
}

async function press(page, key, times = 1) {
  for (let i = 0; i < times; i += 1) await page.keyboard.press(key);
}

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['390x844', { width: 390, height: 844 }]]) {
  test(`keyboard only (${label}): options, Run, Cancel, Download CSV and the chart's cells`, async () => {
    await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
      // From the top of the page, Tab reaches the panel's summary; Enter opens it.
      let reached = false;
      for (let i = 0; i < 150 && !reached; i += 1) {
        await press(page, 'Tab');
        reached = await page.evaluate(() => document.activeElement === document.querySelector('#experiments > summary'));
      }
      assert.ok(reached, 'Tab reaches the Experiments summary');
      await press(page, 'Enter');
      await page.waitForFunction(() => document.body.dataset.experiment === 'idle');

      // Every option in order, then Run; Cancel is off while idle. Text
      // fields are typed over (Tab selects their text), selects take arrows.
      const typed = { 'exp-n': '3..6', 'exp-k': '0..2', 'exp-m': '1', 'exp-trials': '200000', 'exp-seed': '5' };
      const walk = [];
      for (const id of ['exp-n', 'exp-k', 'exp-protocol', 'exp-m', 'exp-strategy', 'exp-placement', 'exp-trials', 'exp-seed', 'exp-run']) {
        await press(page, 'Tab');
        walk.push(await focusedId(page));
        if (typed[id]) await page.keyboard.type(typed[id]);
        if (id === 'exp-strategy') await press(page, 'ArrowDown', 2);
      }
      assert.deepEqual(walk, ['exp-n', 'exp-k', 'exp-protocol', 'exp-m', 'exp-strategy', 'exp-placement', 'exp-trials', 'exp-seed', 'exp-run']);
      assert.equal(await page.inputValue('#exp-strategy'), 'two-faced');
      assert.equal(await page.inputValue('#exp-n'), '3..6');

      // Run hands the focus to Cancel; Cancel hands it back to Run.
      await press(page, 'Enter');
      await page.waitForFunction(() => document.body.dataset.experiment === 'running');
      assert.equal(await focusedId(page), 'exp-cancel');
      await press(page, 'Enter');
      assert.equal(await page.textContent('#exp-status'), 'Cancelled.');
      assert.equal(await focusedId(page), 'exp-run');

      // Back to trials (Run, seed, trials), fewer of them, and run again.
      await press(page, 'Shift+Tab', 2);
      assert.equal(await focusedId(page), 'exp-trials');
      await page.keyboard.type('400');
      await press(page, 'Tab', 2);
      await press(page, 'Enter');
      await page.waitForFunction(() => document.body.dataset.experiment === 'charted', null, { timeout: 60_000 });
      assert.equal(await focusedId(page), 'exp-run', 'the focus is back on Run when the sweep ends');

      // Download CSV with Enter: the command line's CSV.
      await press(page, 'Tab');
      assert.equal(await focusedId(page), 'exp-csv');
      const [download] = await Promise.all([page.waitForEvent('download'), press(page, 'Enter')]);
      const chunks = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk);
      const csv = Buffer.concat(chunks).toString('utf8');
      const binary = process.env.GENERALS_BIN || new URL('../../target/debug/generals', import.meta.url).pathname;
      const native = execFileSync(binary, ['experiment', '--n', '3..6', '--k', '0..2', '--m', '1', '--strategy', 'two-faced',
        '--trials', '400', '--seed', '5', '--csv', '-'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
      assert.equal(csv, native);

      // The chart: Tab to it, the arrows walk its cells, each said in words.
      await press(page, 'Tab');
      assert.equal(await focusedId(page), 'exp-chart');
      assert.match(await page.textContent('#exp-cell'), /^OM\(1\), n = 3, k = 0: IC1 and IC2 never broke \(guaranteed by the theorem\)/);
      await press(page, 'ArrowRight');
      await press(page, 'ArrowUp', 2);
      const row = native.split('\n').find((l) => l.includes(',OM(1),4,2,')).split(',');
      const ic1 = Number(row[7]);
      assert.ok(ic1 > 0, `two-faced traitors break IC1 at n = 4, k = 2 (${ic1})`);
      const said = await page.textContent('#exp-cell');
      assert.match(said, /^OM\(1\), n = 4, k = 2: IC1 broke in [0-9.]+% of the trials, IC2 in .* \(not guaranteed\); Enter opens its first failing run\.$/);
      const percent = Number(said.match(/IC1 broke in ([0-9.]+)%/)[1]);
      assert.ok(Math.abs(percent - ic1 * 100) <= 0.05 + 1e-9, `${said} gives the CSV's rate ${ic1} to one decimal`);
      // Enter opens that cell's first failing run in the main view.
      await press(page, 'Enter');
      assert.match(await page.textContent('#exp-status'), /^Opened m = 1, n = 4, k = 2/);
      await page.waitForFunction(() => window.wasmBindings.snapshot().generals === 4);
      assert.ok(page.url().includes(`#${row.at(-1)}`) || page.url().includes('#generals=4&'), page.url());
      if (viewport.width < 500) {
        const width = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          chart: document.getElementById('exp-chart').getBoundingClientRect().right,
        }));
        assert.ok(width.page <= 390 && width.chart <= 390, `the panel fits a phone's width: ${JSON.stringify(width)}`);
      }
    }, { viewport });
  });
}
