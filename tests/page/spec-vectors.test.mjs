// The exercise's test vectors T1-T10 (SPEC.md), typed into the page's console
// one by one: each command must add exactly its echo and the expected
// transcript lines, character for character (EN DASH U+2013 included).
// The vectors come from tests/vectors/spec_t1_t10.txt, shared with the
// native tests.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { consoleLines, readVectors, run, setSpeed, withPage } from './helpers.mjs';

const VECTORS = readVectors('tests/vectors/spec_t1_t10.txt');

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the vector file holds T1-T10 with their EN DASHes', () => {
  assert.equal(VECTORS.length, 10);
  const verdicts = VECTORS.flatMap((s) => s.expected).filter((l) => l.startsWith('Execute order:'));
  assert.equal(verdicts.length, 4);
  for (const verdict of verdicts) assert.ok(verdict.includes(' \u2013 '), `EN DASH in: ${verdict}`);
});

test('T1-T10 typed into the page print exactly the spec lines', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    const [banner] = await consoleLines(page);
    assert.deepEqual(banner, {
      kind: 'note',
      text: 'Byzantine generals: 4 generals, G1 primary, OM(1), seed 1. Type help for the commands.',
    });
    await setSpeed(page, 8);

    for (const [index, { command, expected }] of VECTORS.entries()) {
      const before = (await consoleLines(page)).length;
      await run(page, command);
      const added = (await consoleLines(page)).slice(before);
      // Notes (the tally and the IC1/IC2 check after an order) are not
      // transcript: the transcript is exactly the spec's.
      assert.deepEqual(
        added.filter((line) => line.kind !== 'note'),
        [
          { kind: 'echo', text: `> ${command}` },
          ...expected.map((text) => ({ kind: 'output', text })),
        ],
        `T${index + 1} \`${command}\``,
      );
      // The note right after a verdict tallies the majorities just printed.
      const majorities = expected.map((text) => /majority=(\w+)/.exec(text)?.[1]).filter(Boolean);
      if (majorities.length) {
        const count = (value) => majorities.filter((m) => m === value).length;
        const verdict = added.findIndex((line) => line.text.startsWith('Execute order: '));
        assert.deepEqual(
          added[verdict + 1],
          { kind: 'note', text: `tally: ${count('attack')} attack, ${count('retreat')} retreat, ${count('undefined')} undefined` },
          `T${index + 1} tally note`,
        );
      }
      const checks = added.filter((line) => line.kind === 'note' && line.text.startsWith('check: '));
      assert.equal(checks.length, command.startsWith('actual-order') ? 1 : 0, `T${index + 1} check note`);
    }
  });
});
