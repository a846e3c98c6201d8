// What the picture and the page's frame look like: messages are drawn above
// the generals and never under a disc; attack and retreat differ in shape
// (filled / hollow), not hue alone, and a faulty general stands apart from a
// retreat message in lightness even for protanopes and deuteranopes; the
// header keeps its height at 1280 px; a 390x844 phone shows title, controls,
// status, canvas and input without scrolling, also with its keyboard up;
// and dist/ is the release page (no development server's live reload).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, launchBrowser } from './harness.mjs';
import { afterFrames, run, setSpeed, type, withPage } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Canvas pixel [r, g, b] at CSS coordinates (x, y) of the canvas. */
function pixel(page, x, y) {
  return page.evaluate(([px, py]) => {
    const canvas = document.getElementById('view');
    const scale = canvas.width / canvas.clientWidth;
    const [r, g, b] = canvas.getContext('2d')
      .getImageData(Math.round(px * scale), Math.round(py * scale), 1, 1).data;
    return [r, g, b];
  }, [x, y]);
}

/** A CSS custom property of the page as [r, g, b]. */
function cssColour(page, name) {
  return page.evaluate((property) => {
    const probe = document.createElement('i');
    probe.style.color = getComputedStyle(document.documentElement).getPropertyValue(property);
    document.body.append(probe);
    const rgb = getComputedStyle(probe).color.match(/\d+/g).slice(0, 3).map(Number);
    probe.remove();
    return rgb;
  }, name);
}

const positions = (page, ids) => page.evaluate((list) => list.map((id) => window.wasmBindings.general_position(id)), ids);
const near = (a, b, tolerance = 40) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

test('messages at mid-flight are drawn above the generals, even where a line crosses a disc', async () => {
  // 100 generals stand on a spiral with the primary (G1) in the middle: some
  // of its messages' midpoints fall inside another general's disc.
  await withPage(browser, '?generals=100&primary=1&seed=9', async ({ page }) => {
    await page.click('#btn-pause');
    await type(page, 'actual-order attack');
    await page.click('#btn-step'); // round 1 at mid-flight, exactly half way
    await afterFrames(page);
    const ids = Array.from({ length: 100 }, (_, i) => i + 1);
    const at = await positions(page, ids);
    const attack = await cssColour(page, '--attack');
    let covered = 0;
    for (let k = 1; k < at.length; k += 1) {
      const mid = [(at[0][0] + at[k][0]) / 2, (at[0][1] + at[k][1]) / 2];
      const under = at.some((p, j) => j !== 0 && j !== k && Math.hypot(p[0] - mid[0], p[1] - mid[1]) < 8);
      if (under) covered += 1;
      assert.ok(near(await pixel(page, mid[0], mid[1]), attack),
        `G1's message to G${k + 1} shows at mid-flight (${mid.map(Math.round)})${under ? ', over a disc' : ''}`);
    }
    assert.ok(covered >= 1, `some midpoints lie on another general (${covered}), so the test means something`);
  });
});

test('with n = 3 the relays between the secondaries are in the open, not under the primary', async () => {
  await withPage(browser, '?generals=3&primary=1&seed=9', async ({ page }) => {
    await page.click('#btn-pause');
    await type(page, 'actual-order attack');
    for (let i = 0; i < 3; i += 1) await page.click('#btn-step'); // round 2 at mid-flight
    assert.equal((await page.evaluate(() => window.wasmBindings.snapshot())).round, 2);
    const [g1, g2, g3] = await positions(page, [1, 2, 3]);
    const mid = [(g2[0] + g3[0]) / 2, (g2[1] + g3[1]) / 2];
    const clear = Math.hypot(g1[0] - mid[0], g1[1] - mid[1]);
    assert.ok(clear > 60, `the primary stands away from the chord G2-G3 (${Math.round(clear)} px)`);
    // The two relays cross there side by side: attack-coloured pixels
    // on both sides of the chord.
    const attack = await cssColour(page, '--attack');
    const [dx, dy] = [g3[0] - g2[0], g3[1] - g2[1]];
    const length = Math.hypot(dx, dy);
    const side = [-dy / length, dx / length];
    const hits = [];
    for (const s of [-1, 1]) {
      let found = false;
      for (let d = 1; d <= 12 && !found; d += 1) {
        found = near(await pixel(page, mid[0] + s * d * side[0], mid[1] + s * d * side[1]), attack);
      }
      hits.push(found);
    }
    assert.deepEqual(hits, [true, true], 'both relays visible, neither on top of the other');
  });
});

test('attack is filled, retreat hollow; faulty and retreat differ in lightness for colour-blind eyes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    await withPage(browser, '?generals=4&primary=1&seed=3', async ({ page }) => {
      await page.click('#btn-pause');
      await type(page, 'actual-order attack');
      await page.click('#btn-step');
      await afterFrames(page);
      const [g1, g2] = await positions(page, [1, 2]);
      const head = (p) => ({ x: (g1[0] + p[0]) / 2, y: (g1[1] + p[1]) / 2 });
      // Round 1 heads at mid-flight; with lanes a head sits beside the chord.
      const attack = await cssColour(page, '--attack');
      const background = await cssColour(page, '--canvas-bg');
      const h = head(g2);
      const lane = await findColour(page, h, g1, g2, attack);
      assert.ok(lane !== null, `an attack head near the chord's midpoint (${colorScheme})`);
      assert.ok(near(await pixel(page, lane.x, lane.y), attack), 'the attack head is filled');

      await run(page, 'exit');
      await run(page, 'start 4');
      await page.click('#btn-pause');
      await type(page, 'actual-order retreat');
      await page.click('#btn-step');
      await afterFrames(page);
      const [r1, r2] = await positions(page, [await primaryId(page), await secondaryId(page)]);
      const retreat = await cssColour(page, '--retreat');
      const ring = await findColour(page, { x: (r1[0] + r2[0]) / 2, y: (r1[1] + r2[1]) / 2 }, r1, r2, retreat);
      assert.ok(ring !== null, `a retreat head near the chord's midpoint (${colorScheme})`);
      // Hollow: the head's centre, 5 px further along the normal than its
      // rim, is the canvas's background.
      const centre = { x: ring.x + ring.normal[0] * 5, y: ring.y + ring.normal[1] * 5 };
      assert.ok(near(await pixel(page, centre.x, centre.y), background, 25), `the retreat head is hollow (${colorScheme})`);

      // Lightness, after simulating protanopia and deuteranopia.
      const faulty = await cssColour(page, '--faulty');
      for (const [name, matrix] of Object.entries(CVD)) {
        const ratio = contrast(simulate(faulty, matrix), simulate(retreat, matrix));
        assert.ok(ratio >= 2, `faulty vs retreat for ${name} (${colorScheme}): ${ratio.toFixed(2)}:1`);
      }
      assert.ok(contrast(attack.map(linear), retreat.map(linear)) >= 1.5,
        `attack and retreat differ in lightness too (${colorScheme})`);
      const node = await cssColour(page, '--node');
      assert.ok(contrast(faulty.map(linear), node.map(linear)) >= 3, `a faulty general stands out from a loyal one (${colorScheme})`);
    }, { colorScheme });
  }
});

/** The ids of the primary and of one secondary, from g-state's lines. */
async function primaryId(page) {
  await type(page, 'g-state');
  const lines = await page.$$eval('#console-output > .line-output', (l) => l.map((e) => e.textContent));
  return Number(lines.filter((l) => l.includes('primary')).at(-1).match(/^G(\d+)/)[1]);
}
async function secondaryId(page) {
  return (await primaryId(page)) === 1 ? 2 : 1;
}

/**
 * Walks across the chord a-b through `from`, up to 12 px each side, for the
 * first pixel of `colour`; returns it with the unit normal pointing further
 * across, or null.
 */
async function findColour(page, from, a, b, colour) {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length = Math.hypot(dx, dy);
  for (let d = 0; d <= 12; d += 1) {
    for (const s of [1, -1]) {
      const normal = [s * -dy / length, s * dx / length];
      const p = { x: from.x + normal[0] * d, y: from.y + normal[1] * d };
      if (near(await pixel(page, p.x, p.y), colour)) return { ...p, normal };
    }
  }
  return null;
}

// Machado, Oliveira and Fernandes (2009), severity 1.0, on linear RGB.
const CVD = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
};
const linear = (c) => ((c / 255) <= 0.04045 ? c / 255 / 12.92 : (((c / 255) + 0.055) / 1.055) ** 2.4);
function simulate(rgb, m) {
  const l = rgb.map(linear);
  return m.map((row) => Math.min(1, Math.max(0, row[0] * l[0] + row[1] * l[1] + row[2] * l[2])));
}
/** WCAG contrast ratio of two colours given in linear RGB (0 to 1). */
function contrast(a, b) {
  const lum = (l) => 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('at 1280 px the header keeps one height: idle, during an order, after it, with a long status', async () => {
  await withPage(browser, '?generals=7&primary=1&seed=2', async ({ page }) => {
    const height = () => page.evaluate(() => document.querySelector('.topbar').getBoundingClientRect().height);
    const canvasTop = () => page.evaluate(() => document.getElementById('view').getBoundingClientRect().top);
    const idle = await height();
    const top = await canvasTop();
    await type(page, 'actual-order attack');
    assert.equal(await height(), idle, 'during an order');
    await setSpeed(page, 8);
    await page.waitForFunction(() => document.body.dataset.busy === 'false');
    assert.equal(await height(), idle, 'after the order');
    await run(page, 'g-add 993');
    await run(page, 'g-state 2 faulty');
    await run(page, 'g-state 3 faulty');
    assert.equal(await height(), idle, 'with the longest status');
    assert.equal(await canvasTop(), top, 'the canvas never moves');
  }, { viewport: { width: 1280, height: 800 } });
});

/** Whether the element's box lies wholly inside the viewport. */
function onScreen(page, selector) {
  return page.evaluate((s) => {
    const r = document.querySelector(s).getBoundingClientRect();
    return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.height > 0;
  }, selector);
}

test('a 390x844 phone: title, controls, status and a large canvas on the first screen; the input reachable', async () => {
  await withPage(browser, '?generals=7&primary=1&seed=2', async ({ page }) => {
    assert.equal(await page.evaluate(() => scrollY), 0, 'the page loads at the top');
    for (const selector of ['h1', '#btn-pause', '#btn-step', '#speed', '#btn-restart', '#status-round',
      '#status-tolerance', '#view']) {
      assert.equal(await onScreen(page, selector), true, `${selector} is on the first screen`);
    }
    const canvas = await page.locator('#view').boundingBox();
    assert.ok(canvas.height >= 300, `a real picture, not a strip: ${canvas.height} px`);
    await page.focus('#console-input');
    assert.equal(await onScreen(page, '#console-input'), true, 'focusing the input brings it on screen');

    // An on-screen keyboard leaves about 390x480 of the page.
    await page.setViewportSize({ width: 390, height: 480 });
    await page.focus('#console-input');
    await afterFrames(page);
    assert.equal(await onScreen(page, '#console-input'), true, 'the input stays on screen');
    const small = await page.locator('#view').boundingBox();
    assert.ok(small.height >= 200, `the canvas keeps its room with the keyboard up: ${small.height} px`);
    await type(page, 'g-state');
    assert.equal(await onScreen(page, '#console-input'), true);
  }, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
});

test('dist/ is the release page: no development server live-reload in it', async () => {
  const html = await (await fetch(baseUrl())).text();
  assert.match(html, /_bg\.wasm/, 'the page loads its wasm');
  assert.doesNotMatch(html, /WebSocket|__trunk|TRUNK_ADDRESS|autoreload/i, 'no trunk serve live-reload script');
});
