// The words beside the generals on the canvas ("faulty: liar", the majority,
// "breaks IC1 (decided attack)"), on a 390x844 phone and on larger screens,
// after orders that write them: every line the page drew (measured here with
// the canvas's own measureText, in the font it was drawn in) lies inside the
// canvas, clear of every general's disc and of every other general's words;
// and, in the real pixels, nothing but background is drawn in a band along
// the canvas's edges, where words running off the canvas would show.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { afterFrames, run, setSpeed, withPage } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  laptop: { width: 1280, height: 800 },
  tablet: { width: 768, height: 1024 },
};

/** Orders that leave words beside the generals, and words they must show. */
const SCENARIOS = [
  {
    name: 'two traitors under a loyal commander',
    path: '?generals=4&primary=1&seed=3',
    commands: ['g-state 2 faulty liar', 'g-state 4 faulty two-faced', 'actual-order attack'],
    shows: ['faulty: liar', 'faulty: two-faced', 'breaks IC2', 'primary \u00b7 attack'],
  },
  {
    name: 'a two-faced commander under OM(0) breaking IC1',
    path: '?generals=4&primary=1&seed=3',
    commands: ['g-protocol om 0', 'g-state 1 faulty two-faced', 'actual-order attack'],
    shows: ['breaks IC1', 'retreat', 'attack'],
  },
  {
    name: 'ten generals, IC1 broken',
    path: '?generals=10&primary=1&seed=3',
    commands: ['g-protocol om 0', 'g-state 1 faulty two-faced', 'g-state 4 faulty liar', 'actual-order attack'],
    shows: ['breaks IC1'],
  },
  {
    name: 'seven generals, three traitors',
    path: '?generals=7&primary=1&seed=3',
    commands: ['g-state 3 faulty two-faced', 'g-state 5 faulty liar', 'g-state 6 faulty silent', 'actual-order retreat'],
    shows: ['faulty: silent', 'faulty: liar'],
  },
];

/**
 * Every line of words drawn, as { text, left, top, right, bottom } in CSS
 * pixels of the canvas (measured here), with the canvas's size and every
 * general's disc.
 */
function drawnWords(page, generals) {
  return page.evaluate((n) => {
    const canvas = document.getElementById('view');
    const ctx = document.createElement('canvas').getContext('2d');
    const lines = window.wasmBindings.drawn_labels().map(([text, bold, align, x, y]) => {
      ctx.font = `${bold ? '600 ' : ''}12px system-ui, sans-serif`;
      const metrics = ctx.measureText(text);
      const width = metrics.width;
      const left = align === 'left' ? x : align === 'right' ? x - width : x - width / 2;
      // The glyphs' real extent about the middle baseline.
      ctx.textBaseline = 'middle';
      const m = ctx.measureText(text);
      return {
        text,
        left,
        right: left + width,
        top: y - m.actualBoundingBoxAscent,
        bottom: y + m.actualBoundingBoxDescent,
        x,
        y,
      };
    });
    const discs = [];
    for (let id = 1; id <= n; id += 1) {
      const at = window.wasmBindings.general_position(id);
      if (at) discs.push({ id, x: at[0], y: at[1], r: at[2] });
    }
    return { lines, discs, width: canvas.clientWidth, height: canvas.clientHeight };
  }, generals);
}

/** Pixels in the band `band` CSS px wide along the canvas's edges that differ from its background. */
function edgeInk(page, band = 3) {
  return page.evaluate((b) => {
    const canvas = document.getElementById('view');
    const scale = canvas.width / canvas.clientWidth;
    const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const edge = Math.round(b * scale);
    const at = (x, y) => (y * width + x) * 4;
    // The background, read from a corner.
    const bg = [data[0], data[1], data[2]];
    let inked = 0;
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        if (x >= edge && x < width - edge && y >= edge && y < height - edge) continue;
        const i = at(x, y);
        if (Math.abs(data[i] - bg[0]) + Math.abs(data[i + 1] - bg[1]) + Math.abs(data[i + 2] - bg[2]) > 30) inked += 1;
      }
    }
    return inked;
  }, band);
}

const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Whether a disc reaches into a box. */
function discMeets(d, box) {
  const x = Math.min(Math.max(d.x, box.left), box.right);
  const y = Math.min(Math.max(d.y, box.top), box.bottom);
  return Math.hypot(d.x - x, d.y - y) < d.r;
}

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  for (const scenario of SCENARIOS) {
    test(`${size}: ${scenario.name}: the words stay inside the canvas, off the generals and each other`, async () => {
      await withPage(browser, scenario.path, async ({ page }) => {
        await setSpeed(page, 8);
        for (const command of scenario.commands) await run(page, command);
        await afterFrames(page); // the frame after the verdict
        const generals = Number(new URLSearchParams(scenario.path).get('generals'));
        const { lines, discs, width, height } = await drawnWords(page, generals);
        const texts = lines.map((l) => l.text).join('\n');
        for (const words of scenario.shows) {
          assert.ok(texts.includes(words), `"${words}" is written on the canvas:\n${texts}`);
        }
        assert.equal(discs.length, generals);
        for (const line of lines) {
          assert.ok(line.left >= 0 && line.right <= width && line.top >= 0 && line.bottom <= height,
            `"${line.text}" inside the ${width}x${height} canvas: ${JSON.stringify(line)}`);
          for (const disc of discs) {
            assert.ok(!discMeets(disc, line), `"${line.text}" clear of G${disc.id}'s disc`);
          }
        }
        // Lines of one general's words touch; no two lines overlap.
        for (let a = 0; a < lines.length; a += 1) {
          for (let b = a + 1; b < lines.length; b += 1) {
            assert.ok(!overlaps(lines[a], lines[b]), `"${lines[a].text}" and "${lines[b].text}" overlap`);
          }
        }
        assert.equal(await edgeInk(page), 0, 'nothing drawn along the canvas edges');
      }, { viewport });
    });
  }
}
