// Issue 12 in the page: the narration caption, the Attack / Retreat / Add a
// general buttons (echoed as commands), the EIG tree in the inspector (the
// same contents as the native tests in src/ui/eig_tree.rs, collapse and
// expand, hover and focus highlighting the chain on the canvas), the message
// table, every lesson loading without errors, lesson 5's search finding the
// break, the two worlds side by side (a node focused or hovered in one world
// marks the same chain in the other), and a keyboard-only walk through the
// basics.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { afterFrames, clickGeneral, consoleLines, linesOf, run, type, waitIdle, withPage } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const snapshot = (page) => page.evaluate(() => window.wasmBindings.snapshot());
const caption = (page) => page.locator('#caption').textContent();
const eigNodes = (page, root = '#inspector-eig') => page.locator(`${root} .eig-node`).allTextContents();

/** Opens the message table and waits for its rows. */
async function openTable(page) {
  await page.click('#message-table > summary');
  await page.waitForFunction(() => document.querySelectorAll('#table-rows tr').length > 0);
}

/** Opens the Lessons panel and lesson `n`. */
async function openLesson(page, n) {
  await page.click('#lessons > summary');
  await page.click(`#lesson-${n} > summary`);
}

/** Opens lesson 4 and sets its two worlds side by side. */
async function showTwoWorlds(page) {
  await openLesson(page, 4);
  await page.click('#lesson-4 .lesson-worlds');
}

test('the caption narrates each round and the outcome; the order buttons echo their commands', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    assert.match(await caption(page), /^No order yet\./);
    await type(page, 'g-state 3 faulty two-faced');
    assert.equal(await page.locator('#caption').getAttribute('aria-live'), 'polite');
    const before = (await consoleLines(page)).length;
    await page.click('#btn-attack');
    assert.deepEqual((await consoleLines(page)).slice(before, before + 1), [
      { kind: 'echo', text: '> actual-order attack' },
    ]);
    assert.equal(
      await caption(page),
      'Round 1 of 2: G1, the commander, sends its order (attack) to the other 3 generals (3 messages).',
    );
    assert.equal(await page.locator('#btn-attack').isDisabled(), true, 'no second order while one runs');
    await page.waitForFunction(() => document.getElementById('caption').textContent.startsWith('Round 2'));
    assert.equal(
      await caption(page),
      'Round 2 of 2: each lieutenant tells the other 2 what G1 told it (6 messages). '
        + 'G3 is faulty (two-faced): it tells G2 attack and G4 retreat.',
    );
    await waitIdle(page);
    await page.waitForFunction(() => document.getElementById('caption').textContent.startsWith('Outcome'));
    assert.equal(
      await caption(page),
      'Outcome: at least 3 of the 4 generals, a quorum, decided attack, so the army will attack. '
        + 'Agreement (IC1) held: every loyal lieutenant decided the same. '
        + 'Validity (IC2) held: the loyal lieutenants obeyed the loyal commander.',
    );

    await page.click('#btn-add');
    const echoes = await linesOf(page, 'echo');
    assert.equal(echoes.at(-1), '> g-add 1');
    assert.equal((await snapshot(page)).generals, 5);
    await page.click('#btn-retreat');
    assert.equal((await linesOf(page, 'echo')).at(-1), '> actual-order retreat');
    await waitIdle(page);
  });
});

test('the message table lists who told whom what, lies flagged, and pages by round', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    await run(page, 'g-state 3 faulty two-faced');
    await run(page, 'actual-order attack');
    await openTable(page);
    assert.equal(await page.locator('#table-where').textContent(), 'Round 2 of 2: 6 messages, page 1 of 1');
    const rows = await page.$$eval('#table-rows tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(rows, [
      ['G1 → G2', 'G3', 'attack', ''],
      ['G1 → G2', 'G4', 'attack', ''],
      ['G1 → G3', 'G2', 'attack', ''],
      ['G1 → G3', 'G4', 'retreat', 'lie: G3 changed it'],
      ['G1 → G4', 'G2', 'attack', ''],
      ['G1 → G4', 'G3', 'attack', ''],
    ]);
    await page.click('#table-prev-round');
    assert.equal(await page.locator('#table-where').textContent(), 'Round 1 of 2: 3 messages, page 1 of 1');
    assert.equal(await page.locator('#table-prev-round').isDisabled(), true);
  });
});

test('the inspector shows the EIG tree of OM(1): values, the lie, the majority; levels collapse and expand', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=7', async ({ page }) => {
    await run(page, 'g-state 3 faulty two-faced');
    await run(page, 'actual-order attack');
    // G4 is the third of three secondaries.
    await clickGeneral(page, 4);
    await page.waitForSelector('#inspector:not([hidden])');
    assert.equal(await page.locator('#inspector-title').textContent(), 'G4');
    assert.deepEqual(await eigNodes(page), [
      'G1: attack \u21d2 attack',
      'G1 \u2192 G2: attack',
      'G1 \u2192 G3: retreat lie: G3 had attack',
    ]);
    const toggle = page.locator('#inspector-eig button.eig-toggle').first();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await toggle.click();
    assert.deepEqual(await eigNodes(page), ['G1: attack \u21d2 attack']);
    assert.match(await page.locator('#inspector-eig').textContent(), /2 below/);
    await page.locator('#inspector-eig button.eig-toggle').first().click();
    assert.equal((await eigNodes(page)).length, 3);

    // Hovering a node highlights its chain's hops; focusing does too.
    await page.locator('#inspector-eig .eig-node', { hasText: 'G1 \u2192 G3' }).hover();
    assert.deepEqual((await snapshot(page)).highlighted, [[1, 3], [3, 4]]);
    await page.mouse.move(1, 1);
    assert.deepEqual((await snapshot(page)).highlighted, []);
    await page.locator('#inspector-eig .eig-node', { hasText: 'G1 \u2192 G2' }).focus();
    assert.deepEqual((await snapshot(page)).highlighted, [[1, 2], [2, 4]]);
  });
});

test('the EIG tree of OM(2) matches the native model, lies included', async () => {
  await withPage(browser, '?generals=5&primary=1&seed=1&om=2', async ({ page }) => {
    await run(page, 'g-state 3 faulty liar');
    await run(page, 'actual-order retreat');
    // G2 is the first of four secondaries, at the top.
    await clickGeneral(page, 2);
    await page.waitForSelector('#inspector:not([hidden])');
    assert.equal(await page.locator('#inspector-title').textContent(), 'G2');
    // The same lines as om2_with_a_liar_lieutenant in src/ui/eig_tree.rs.
    assert.deepEqual(await eigNodes(page), [
      'G1: retreat \u21d2 retreat',
      'G1 \u2192 G3: attack lie: G3 had retreat \u21d2 attack',
      'G1 \u2192 G3 \u2192 G4: attack',
      'G1 \u2192 G3 \u2192 G5: attack',
      'G1 \u2192 G4: retreat \u21d2 retreat',
      'G1 \u2192 G4 \u2192 G3: attack lie: G3 had retreat',
      'G1 \u2192 G4 \u2192 G5: retreat',
      'G1 \u2192 G5: retreat \u21d2 retreat',
      'G1 \u2192 G5 \u2192 G3: attack lie: G3 had retreat',
      'G1 \u2192 G5 \u2192 G4: retreat',
    ]);
  });
});

test('every lesson loads its scenario without errors', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    await page.click('#lessons > summary');
    // The lessons' text is fetched when the panel is first opened.
    await page.locator('#lessons-list > li').first().waitFor();
    const count = await page.locator('#lessons-list > li').count();
    assert.ok(count >= 8, `${count} lessons`);
    for (let n = 1; n <= count; n += 1) {
      // The panel is closed again after each reload: open it and the lesson.
      if ((await page.locator('#lessons').getAttribute('open')) === null) await page.click('#lessons > summary');
      await page.click(`#lesson-${n} > summary`);
      const paragraphs = await page.locator(`#lesson-${n} > p:not(.hint)`).count();
      assert.ok(paragraphs >= 2 && paragraphs <= 5, `lesson ${n}: ${paragraphs} paragraphs`);
      assert.match(await page.locator(`#lesson-${n} .hint`).textContent(), /^Hint: /);
      await Promise.all([
        page.waitForEvent('load'),
        page.click(`#lesson-${n} .lesson-load`),
      ]);
      await page.waitForFunction(() => document.body.dataset.ready === 'true');
      await waitIdle(page);
      assert.deepEqual(await linesOf(page, 'error'), [], `lesson ${n} printed errors`);
      const notes = await linesOf(page, 'note');
      assert.ok(notes.some((l) => l.startsWith('check: ')), `lesson ${n} ran an order`);
      assert.match(await caption(page), /^Outcome: /, `lesson ${n}`);
    }
  });
});

test('lesson 4 sets the two worlds side by side with G2\'s identical view highlighted in both', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    await showTwoWorlds(page);
    const worlds = page.locator('#two-worlds-4 .world');
    assert.equal(await worlds.count(), 2);
    const [a, b] = [await worlds.nth(0).boundingBox(), await worlds.nth(1).boundingBox()];
    assert.ok(Math.abs(a.y - b.y) < 1 && b.x >= a.x + a.width - 1, 'side by side');
    const views = [
      await eigNodes(page, '#two-worlds-4 .world:nth-child(1) .watched'),
      await eigNodes(page, '#two-worlds-4 .world:nth-child(2) .watched'),
    ];
    assert.deepEqual(views[0], ['G1: attack \u21d2 undefined', 'G1 \u2192 G3: retreat lie: G3 had attack']);
    // Same chains and values; only world A knows G3 lied.
    const values = (lines) => lines.map((l) => l.replace(/ lie: .*?(?= \u21d2|$)/, ''));
    assert.deepEqual(values(views[0]), values(views[1]));
    for (const n of [1, 2]) {
      const watched = page.locator(`#two-worlds-4 .world:nth-child(${n}) .watched`);
      assert.equal(await watched.getAttribute('data-watch'), '2');
      const outline = await watched.evaluate((e) => getComputedStyle(e).outlineStyle);
      assert.equal(outline, 'solid', 'the watched view is highlighted');
    }
    assert.equal(await page.locator('#two-worlds-4 button').count(), 0, 'no controls that do nothing');
    assert.match(await worlds.nth(0).textContent(), /G3 \(lieutenant\) is a traitor \(liar\)/);
    assert.match(await worlds.nth(1).textContent(), /G1 \(commander\) is a traitor \(two-faced\)/);
  });
});

test('keyboard only: reach Attack, run an order, open the table and the lessons', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    await page.locator('#console-input').blur();
    const focusTo = async (selector) => {
      for (let i = 0; i < 60; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await focusTo('#btn-attack');
    await page.keyboard.press('Enter');
    assert.equal((await linesOf(page, 'echo')).at(-1), '> actual-order attack');
    await waitIdle(page);
    await focusTo('#message-table > summary');
    await page.keyboard.press('Enter');
    assert.notEqual(await page.locator('#message-table').getAttribute('open'), null);
    await focusTo('#lessons > summary');
    await page.keyboard.press('Enter');
    // The lessons come with the Experiments module, loaded on this first
    // open ("Loading…" meanwhile): a visitor waits for them to appear.
    await page.waitForSelector('#lesson-2 > summary');
    await focusTo('#lesson-2 > summary');
    await page.keyboard.press('Enter');
    assert.notEqual(await page.locator('#lesson-2').getAttribute('open'), null);
    await focusTo('#lesson-2 .lesson-load');
    // The focus is visible: the browser's focus ring or the page's own outline.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');
  });
});

test('lesson 5 runs the adversary search: it finds the break and replays it', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    await openLesson(page, 5);
    assert.match(await page.locator('#lesson-5').textContent(), /g-search, the adversary search/);
    await Promise.all([page.waitForEvent('load'), page.click('#lesson-5 .lesson-load')]);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    await waitIdle(page);
    assert.equal((await linesOf(page, 'echo')).at(-1), '> g-search');
    const notes = await linesOf(page, 'note');
    assert.ok(notes.includes('search: IC1 broken (behaviour 10 of 32, exhaustive): G1 told G2 retreat; '
      + 'G3 told G2 retreat; replaying it as an order'), notes.join('\n'));
    assert.equal(notes.at(-1),
      'check: IC1 broken (loyal lieutenants disagree: G4 attack; G2 retreat); IC2 n/a (faulty commander)');
    assert.match(await caption(page), /Agreement \(IC1\) broke: loyal lieutenants decided differently \(G4 attack; G2 retreat\)/);
    // The replayed order is the page's: G2's tree holds the two lies.
    await clickGeneral(page, 2);
    await page.waitForSelector('#inspector:not([hidden])');
    assert.deepEqual(await eigNodes(page), [
      'G1: retreat lie: G1 had attack \u21d2 retreat',
      'G1 \u2192 G3: retreat lie: G3 had attack',
      'G1 \u2192 G4: attack',
    ]);
  });
});

test('two worlds: focusing or hovering a node of G2\'s view marks the same chain in the other world', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    await showTwoWorlds(page);
    const marked = () => page.$$eval('#two-worlds-4 .same-chain', (nodes) => nodes.map((n) => [
      n.closest('.world').getAttribute('aria-label'), n.dataset.chain, n.textContent,
    ]));
    assert.deepEqual(await marked(), [], 'nothing marked at first');
    const nodeOf = (world, chain) => page.locator(`#two-worlds-4 .world:nth-child(${world}) .eig-node[data-chain="${chain}"]`);
    // Keyboard: Tab from the button that showed the worlds to world A's first node.
    await page.focus('#lesson-4 .lesson-worlds');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.chain), '1');
    assert.deepEqual(await marked(), [['World A', '1', 'G1: attack \u21d2 undefined'], ['World B', '1', 'G1: attack \u21d2 undefined']]);
    await page.keyboard.press('Tab');
    assert.deepEqual(await marked(), [
      ['World A', '1,3', 'G1 \u2192 G3: retreat lie: G3 had attack'],
      ['World B', '1,3', 'G1 \u2192 G3: retreat'],
    ]);
    // The twin is seen: world B's node is drawn differently from an unmarked one.
    const look = (locator) => locator.evaluate((e) => {
      const style = getComputedStyle(e);
      return `${style.outlineStyle} ${style.backgroundColor}`;
    });
    assert.notEqual(await look(nodeOf(2, '1,3')), await look(nodeOf(2, '1')));
    assert.equal((await look(nodeOf(2, '1,3'))).split(' ')[0], 'solid');
    // Leaving clears the marks; the pointer marks as the focus does.
    await page.focus('#lesson-4 .lesson-worlds');
    assert.deepEqual(await marked(), []);
    await nodeOf(2, '1').hover();
    assert.deepEqual((await marked()).map(([world, chain]) => `${world} ${chain}`), ['World A 1', 'World B 1']);
    await page.mouse.move(1, 1);
    assert.deepEqual(await marked(), []);
  });
});

/**
 * The vertical extent of each element, to check nothing overlaps; an element
 * whose content spills out of its box (a squeezed caption) counts its content.
 */
const extents = (page, selectors) => page.evaluate((list) => list.map((s) => {
  const e = document.querySelector(s);
  const r = e.getBoundingClientRect();
  return [Math.round(r.top), Math.round(r.top + Math.max(r.height, e.scrollHeight))];
}), selectors);
const EXPLAIN_PARTS = ['#caption', '#explain .order-buttons', '#message-table', '#lessons'];

test('the explanation\'s parts never overlap: a long outcome with the table open on the desktop', async () => {
  await withPage(browser, '?generals=5&primary=1&seed=4&om=2', async ({ page }) => {
    await run(page, 'g-state 3 faulty liar');
    await run(page, 'actual-order attack');
    await openTable(page);
    const parts = await extents(page, EXPLAIN_PARTS);
    for (let i = 1; i < parts.length; i += 1) {
      assert.ok(parts[i][0] >= parts[i - 1][1], `${EXPLAIN_PARTS[i]} starts below ${EXPLAIN_PARTS[i - 1]}: ${JSON.stringify(parts)}`);
    }
  });
});

test('the console keeps its newest line in view, and room for lines, when the panels above it open', async () => {
  await withPage(browser, '?generals=7&primary=1&seed=3', async ({ page }) => {
    await run(page, 'g-state 3 faulty liar');
    await run(page, 'actual-order attack');
    await openTable(page);
    await page.click('.orders-panel > summary');
    await page.click('#lessons > summary');
    await page.waitForSelector('#lessons-list li');
    await afterFrames(page, 3);
    const view = await page.evaluate(() => {
      const output = document.getElementById('console-output');
      const style = getComputedStyle(output);
      const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
      return {
        below: output.scrollHeight - output.scrollTop - output.clientHeight,
        lines: (output.clientHeight - padding) / parseFloat(style.lineHeight),
        last: output.lastElementChild.textContent,
      };
    });
    assert.match(view.last, /^check: /, 'the order\'s last line is the check note');
    assert.ok(view.below <= 1, `the newest line is in view: ${JSON.stringify(view)}`);
    assert.ok(view.lines >= 5, `at least five lines of room: ${JSON.stringify(view)}`);
  });
});

test('at 390x844 the lessons and the two worlds read in the page, within its width', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    await showTwoWorlds(page);
    const box = await page.evaluate(() => {
      const explain = document.getElementById('explain');
      const worlds = [...document.querySelectorAll('#two-worlds-4 .world')].map((w) => w.getBoundingClientRect());
      return {
        pageWidth: document.documentElement.scrollWidth,
        innerScroll: explain.scrollHeight - explain.clientHeight,
        worlds: worlds.map((r) => [Math.round(r.left), Math.round(r.right), Math.round(r.top)]),
      };
    });
    assert.equal(box.pageWidth, 390, 'nothing wider than the screen');
    assert.equal(box.innerScroll, 0, 'no box scrolled inside the scrolled page');
    const [a, b] = box.worlds;
    assert.ok(a[0] >= 0 && b[1] <= 390 && a[1] <= b[0] && a[2] === b[2], `side by side on the screen: ${JSON.stringify(box.worlds)}`);
    const parts = await extents(page, EXPLAIN_PARTS);
    for (let i = 1; i < parts.length; i += 1) assert.ok(parts[i][0] >= parts[i - 1][1], JSON.stringify(parts));
  }, { viewport: { width: 390, height: 844 } });
});
