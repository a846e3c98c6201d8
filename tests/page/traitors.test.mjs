// Traitors in the page (issue 9), used as a user would on a phone in the
// dark scheme: the inspector's strategy picker, by mouse and by keyboard
// (each pick runs and echoes `g-state <ID> faulty <S>`, and `g-faulty`
// agrees); the strategy written under a faulty general; under SM(m) the set
// V and the signature chains in the inspector; after a breaking order (a
// lying lieutenant among three under OM(1), and g-search's replay) the
// generals the check names are marked on the canvas, until the army changes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { afterFrames, consoleLines, linesOf, run, setSpeed, withPage } from './helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, colorScheme: 'dark' };
const THREE = '?generals=3&primary=1&seed=7';
const FOUR = { generals: 4, primary: 1 };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/**
 * Page coordinates of general `id` (ids 1..n, primary `primary`): where the
 * app says it drew it (window.wasmBindings.general_position) when the build
 * exports that, otherwise by src/ui/layout.rs's geometry for up to 40
 * secondaries: the primary in the centre, the others on a ring of radius
 * 0.82 * (min(w, h) / 2 - 24), the first at the top, clockwise in id order.
 */
async function generalAt(page, id, { generals = 3, primary = 1 } = {}) {
  const box = await page.locator('#view').boundingBox();
  const drawn = await page.evaluate((g) => window.wasmBindings.general_position?.(g) ?? null, id);
  if (drawn) return { x: box.x + drawn[0], y: box.y + drawn[1] };
  if (id === primary) return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const k = id < primary ? id - 1 : id - 2;
  const ring = 0.82 * (Math.min(box.width, box.height) / 2 - 24);
  const angle = -Math.PI / 2 + (k * 2 * Math.PI) / (generals - 1);
  return {
    x: box.x + box.width / 2 + ring * Math.cos(angle),
    y: box.y + box.height / 2 + ring * Math.sin(angle),
  };
}

/** Clicks general `id` on the canvas (in view first: the console may have scrolled the page). */
async function clickGeneral(page, id, army) {
  await page.locator('#view').scrollIntoViewIfNeeded();
  const { x, y } = await generalAt(page, id, army);
  await page.mouse.click(x, y);
}

const text = (page, selector) => page.locator(selector).textContent();
const checked = (page) => page.$$eval(
  '#inspector-strategy input[type=radio]',
  (radios) => radios.filter((r) => r.checked).map((r) => r.value),
);

/** The console lines printed since `before` lines were on it. */
async function linesSince(page, before) {
  return (await consoleLines(page)).slice(before);
}

/**
 * How many pixels of the check's square colour (--breaks) lie on the row
 * through general `id`'s centre, within `reach` CSS pixels either side: the
 * square's two vertical sides cross that row; nothing else is that colour.
 */
async function markPixels(page, id, reach = 90) {
  await page.locator('#view').scrollIntoViewIfNeeded();
  const box = await page.locator('#view').boundingBox();
  const at = await generalAt(page, id);
  return page.evaluate(({ x, y, reach }) => {
    const canvas = document.getElementById('view');
    const ratio = canvas.width / canvas.clientWidth;
    const probe = document.createElement('div');
    probe.style.color = 'var(--breaks)';
    document.body.append(probe);
    const [r, g, b] = getComputedStyle(probe).color.match(/\d+/g).map(Number);
    probe.remove();
    const left = Math.max(0, Math.round((x - reach) * ratio));
    const width = Math.min(canvas.width - left, Math.round(2 * reach * ratio));
    const row = canvas.getContext('2d').getImageData(left, Math.round(y * ratio), width, 1).data;
    let count = 0;
    for (let i = 0; i < row.length; i += 4) {
      const near = Math.abs(row[i] - r) + Math.abs(row[i + 1] - g) + Math.abs(row[i + 2] - b) <= 24;
      if (near) count += 1;
    }
    return count;
  }, { x: at.x - box.x, y: at.y - box.y, reach });
}

test('the inspector picks a strategy by mouse and by keyboard; each pick is an echoed command', async () => {
  await withPage(browser, THREE, async ({ page }) => {
    await clickGeneral(page, 3);
    await page.waitForSelector('#inspector:not([hidden])');
    assert.equal(await text(page, '#inspector-strategy legend'), 'Strategy when faulty');
    assert.deepEqual(
      await page.locator('#inspector-strategy label').allTextContents(),
      ['coina coin per message', 'liarthe opposite', 'two-facedhalf attack, half retreat', 'silentsends nothing'],
    );
    assert.deepEqual(await checked(page), [], 'a loyal general follows no strategy');

    // The mouse: two-faced.
    let before = (await consoleLines(page)).length;
    await page.click('#inspector-strategy-two-faced');
    assert.deepEqual(await linesSince(page, before), [
      { kind: 'echo', text: '> g-state 3 faulty two-faced' },
      { kind: 'output', text: 'G1, state=NF' },
      { kind: 'output', text: 'G2, state=NF' },
      { kind: 'output', text: 'G3, state=F' },
    ]);
    assert.deepEqual(await checked(page), ['two-faced']);
    assert.equal(await text(page, '#inspector-state'), 'faulty (F)');

    // The keyboard alone: focus the checked radio, arrow to the next one.
    await page.focus('#inspector-strategy-two-faced');
    before = (await consoleLines(page)).length;
    await page.keyboard.press('ArrowDown');
    assert.deepEqual((await linesSince(page, before))[0], { kind: 'echo', text: '> g-state 3 faulty silent' });
    assert.deepEqual(await checked(page), ['silent']);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.deepEqual(await checked(page), ['liar']);
    await run(page, 'g-faulty');
    assert.deepEqual((await linesOf(page, 'output')).slice(-1), ['G3, secondary, strategy=liar']);

    // Made loyal with the button, no strategy is checked; picking one makes
    // it faulty again.
    await page.click('#inspector-toggle');
    assert.deepEqual(await checked(page), []);
    await page.click('#inspector-strategy-coin');
    assert.deepEqual(await checked(page), ['coin']);
    await run(page, 'g-faulty');
    assert.deepEqual((await linesOf(page, 'output')).slice(-1), ['G3, secondary, strategy=coin']);
  }, PHONE);
});

test('under SM(m) the inspector shows the set V and each signature chain, once, in place of the EIG tree', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=5', async ({ page }) => {
    await setSpeed(page, 8);
    await run(page, 'g-protocol sm 1');
    await run(page, 'g-state 1 faulty two-faced');
    await run(page, 'actual-order attack');
    await clickGeneral(page, 2, FOUR);
    await page.waitForSelector('#inspector:not([hidden])');
    // One section shows V and the chains: the EIG section, retitled.
    const headings = () => page.locator('#inspector h3:visible').allTextContents();
    assert.deepEqual(await headings(), ['Heard', 'Signed orders (SM): the set V and each signature chain']);
    const showingV = () => page.$$eval('#inspector *', (all) => all.filter((e) => e.checkVisibility()
      && [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.startsWith('V = '))).length);
    assert.equal(await showingV(), 1, 'the set V is shown once');
    // G1 signed attack for G2 and G3, retreat for G4; G3 and G4 relayed.
    assert.equal(await text(page, '#inspector-eig .eig-summary'), 'V = {attack, retreat}: choice(V) = retreat');
    assert.deepEqual(
      await page.locator('#inspector-eig .eig-node').allTextContents(),
      ['attack:G1', 'attack:G1:G3', 'retreat:G1:G4 lie: G1 was given attack'],
    );
    assert.equal(await page.locator('#inspector-eig .eig-node').first().getAttribute('data-chain'), '1');

    // The commander keeps no V; oral messages carry no chains.
    await page.click('#inspector-close');
    await clickGeneral(page, 1, FOUR);
    await page.waitForSelector('#inspector:not([hidden])');
    assert.equal(await text(page, '#inspector-title'), 'G1');
    assert.equal(await showingV(), 0);
    assert.match(await text(page, '#inspector-eig'), /^The commander hears nothing/);
    await run(page, 'g-protocol om 1');
    await run(page, 'actual-order attack');
    await page.click('#inspector-close');
    await clickGeneral(page, 2, FOUR);
    await page.waitForSelector('#inspector:not([hidden])');
    assert.equal(await text(page, '#inspector-title'), 'G2');
    assert.equal(await showingV(), 0);
    assert.deepEqual(await headings(), ['Heard', 'EIG tree: what it heard along each chain, and the majority at each level']);
  }, PHONE);
});

test('the generals the check names as breaking IC1/IC2 are marked on the canvas until the army changes', async () => {
  await withPage(browser, THREE, async ({ page }) => {
    await setSpeed(page, 8);
    await clickGeneral(page, 3);
    await page.click('#inspector-strategy-liar');
    await page.click('#inspector-close');
    assert.equal(await markPixels(page, 2), 0, 'no mark before an order');

    await run(page, 'actual-order attack');
    assert.equal(
      (await linesOf(page, 'note')).at(-1),
      'check: IC1 holds; IC2 broken (loyal commander G1 ordered attack; G2 decided undefined)',
    );
    // Let the frame after the verdict be drawn.
    await afterFrames(page);
    assert.ok(await markPixels(page, 2) >= 4, 'G2, who disobeyed, wears the square');
    assert.equal(await markPixels(page, 3), 0, 'the liar is not marked: faulty generals never count');

    // The army changes (the liar turns two-faced): the marks go.
    await clickGeneral(page, 3);
    await page.click('#inspector-strategy-two-faced');
    await page.click('#inspector-close');
    await afterFrames(page);
    assert.equal(await markPixels(page, 2), 0, 'the mark went with the army');

    // The search finds the break again and replays it on the canvas.
    await run(page, 'g-search');
    const notes = await linesOf(page, 'note');
    assert.ok(notes.some((n) => n.startsWith('search: IC2 broken')), notes.join('\n'));
    assert.equal(
      notes.at(-1),
      'check: IC1 holds; IC2 broken (loyal commander G1 ordered attack; G2 decided undefined)',
    );
    await afterFrames(page);
    assert.ok(await markPixels(page, 2) >= 4, 'the replayed break is marked too');
  }, PHONE);
});
