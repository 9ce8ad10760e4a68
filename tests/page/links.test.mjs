// tests/page/links.test.mjs: share links. A link restores the controls and
// reproduces the native runner digit for digit; a broken link names each bad
// key and what is allowed and applies the rest; a diverging link stops at
// the native runner's step with a clear message and no NaN anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, waitDone, postLines, assertNoErrors, nativeJsonl, nativeValueText, nativeText } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('#lab=xor&alpha=10&hidden=32 restores the controls and matches the native runner digit for digit', async () => {
  const { page, errors } = await open(env, '#lab=xor&alpha=10&hidden=32');
  assert.equal(await page.inputValue('#knob-lr'), '10');
  assert.equal(await page.inputValue('#knob-hidden'), '32');
  assert.equal(await page.inputValue('#knob-iterations'), '60000');
  assert.equal(await page.inputValue('#preset'), 'xor');
  assert.ok(await page.isHidden('#link-message'));
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  const expected = nativeValueText(nativeJsonl('xor', { alpha: 10, hidden: 32 }), 50000);
  const line = (await postLines(page)).find((l) => l.step === 50000);
  assert.ok(line, 'no "Error after 50000 iterations" line');
  assert.equal(line.text, `Error after 50000 iterations:${expected}`);
  await page.waitForTimeout(150);
  await shot(page, '2-link-alpha10-hidden32');
  // editing a control rewrites the hash (history.replaceState)
  await page.fill('#knob-seed', '7');
  await page.press('#knob-seed', 'Enter');
  await page.waitForFunction(() => location.hash.includes('seed=7'));
  assert.equal(await page.evaluate(() => location.hash), '#lab=xor&lr=10&hidden=32&seed=7');
  assert.equal(await page.inputValue('#share-url'), `${env.server.url}index.html#lab=xor&lr=10&hidden=32&seed=7`);
  assertNoErrors(errors);
  await page.close();
});

test('a broken link names the bad keys and what is allowed, and applies the rest', async () => {
  const { page, errors } = await open(env, '#lab=xor&alpha=nan&bogus=1&hidden=8');
  const box = page.locator('#link-message');
  await box.waitFor({ state: 'visible' });
  const text = await box.textContent();
  assert.match(text, /lr: must be a finite number in \(0, 1000000\], got "nan"/);
  assert.match(text, /unknown knob "bogus" \(knobs: optimizer, lr, hidden/);
  assert.equal(await page.inputValue('#knob-hidden'), '8');
  assert.equal(await page.inputValue('#knob-lr'), '1');        // left at its default
  assert.equal(await page.evaluate(() => location.hash), '#lab=xor&hidden=8');
  assert.match(await page.textContent('#network-note'), /^3 → 8 → 1/);
  await shot(page, '3-broken-link');
  // still trains
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  assertNoErrors(errors);
  await page.close();
});

test('divergence: linear/linear alpha=1 stops at the native runner\'s step with a clear message', async () => {
  const knobs = { activation: 'linear', output: 'linear', alpha: 1 };
  const m = nativeText('xor', knobs).match(/diverged at step (\d+)/);
  assert.ok(m, 'the native runner should print "diverged at step N"');
  const { page, errors } = await open(env, '#lab=xor&activation=linear&output=linear&alpha=1');
  await page.click('#train');
  assert.equal(await waitDone(page), 'diverged');
  const msg = await page.textContent('#divergence');
  assert.ok(await page.isVisible('#divergence'));
  assert.match(msg, new RegExp(`Diverged at step ${m[1]}\\b`));
  assert.match(msg, /alpha = 1 is likely too large/);
  assert.equal(await page.$eval('#step', (e) => e.dataset.step), m[1]);
  const lines = await page.textContent('#post-lines');
  assert.doesNotMatch(lines, /NaN|Infinity/);
  assert.doesNotMatch(await page.textContent('#outputs'), /NaN/);
  await shot(page, '6-diverged');
  assertNoErrors(errors);
  await page.close();
});

test('Copy link puts the share link on the clipboard', async () => {
  await env.ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url.replace(/\/$/, '') });
  const { page, errors } = await open(env, '#lab=xor&alpha=10&hidden=32');
  await page.click('#copy-link');
  await page.waitForFunction(() => /Copied|selected/.test(document.getElementById('copy-status').textContent));
  const shared = await page.inputValue('#share-url');
  assert.match(shared, /#lab=xor&lr=10&hidden=32$/);
  if (/Copied/.test(await page.textContent('#copy-status'))) {
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shared);
  } else {
    // No clipboard for this origin: the fallback selects the field for Ctrl+C.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'share-url');
  }
  assertNoErrors(errors);
  await page.close();
});
