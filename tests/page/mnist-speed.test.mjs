// tests/page/mnist-speed.test.mjs: the MNIST lab's chapter 3 and 5 additions.
// The chapter 5 card draws each hidden layer's speed of learning as mnist-deep-4
// trains (one curve per layer) and says how much slower the first layer learns
// at the start; relu closes the gap. The chapter 3 knobs are on the form and a
// link with patience and digits trains to the native runner's figures.
// Needs web/dist/data/mnist-*.bin.gz (the page build puts them there).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot, assertNoErrors, axeViolations, nativeJsonl, openMnist, waitDone } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('mnist-deep-4: the speed-of-learning card draws four layers, the first ~100x slower at the start', async () => {
  const { page, errors } = await openMnist(env, '#lab=mnist-deep-4&train_limit=1200&epochs=2');
  assert.equal(await page.evaluate(() => document.body.dataset.status), 'ready');
  // measured before the first step: the card shows it as soon as the run is configured
  await page.waitForFunction(() => document.getElementById('layer-speed').dataset.rows === '1', null, { timeout: 10_000 });
  const atStart = await page.textContent('#speed-ratio');
  await page.click('#train');
  assert.equal(await waitDone(page, 120_000), 'done');
  await page.waitForFunction(() => document.getElementById('layer-speed').dataset.rows === '11', null, { timeout: 10_000 });
  assert.equal(await page.getAttribute('#layer-speed', 'data-layers'), '4');
  assert.ok(!(await page.isVisible('#speed-empty')));
  const ratio = Number(await page.getAttribute('#speed-ratio', 'data-ratio'));
  assert.ok(ratio >= 10, `first vs last hidden layer at the start: ${ratio}x`);   // the engine test: 96x
  assert.match(await page.textContent('#speed-ratio'), /hidden layer 1 learns \d+x slower than hidden layer 4/);
  assert.equal(await page.textContent('#speed-ratio'), atStart);
  // the chart has drawn: a canvas with coloured pixels, and a legend row per layer
  const legend = await page.$$eval('#layer-speed .u-legend .u-series', (rows) => rows.map((r) => r.textContent));
  for (let l = 1; l <= 4; l++) assert.ok(legend.some((t) => t.includes(`hidden layer ${l}`)), legend.join(' | '));
  const coloured = await page.$eval('#layer-speed canvas', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && Math.abs(d[i] - d[i + 2]) > 60) n++;
    return n;
  });
  assert.ok(coloured > 200, `coloured pixels: ${coloured}`);
  await page.locator('.m-speed').scrollIntoViewIfNeeded();
  await shot(page, 'mnist-speed-sigmoid', { fullPage: false });
  assert.deepEqual(await axeViolations(page), []);

  // relu: the same network, the gap below tenfold from the start
  await page.selectOption('#knob-activation', 'relu');
  await page.waitForFunction(() => document.body.dataset.status === 'ready' &&
    document.getElementById('layer-speed').dataset.rows === '1', null, { timeout: 30_000 });
  const relu = Number(await page.getAttribute('#speed-ratio', 'data-ratio'));
  assert.ok(relu < 10 && relu < ratio / 5, `relu: ${relu}x, sigmoid ${ratio}x`);
  await page.locator('.m-speed').scrollIntoViewIfNeeded();
  await shot(page, 'mnist-speed-relu', { fullPage: false });
  assertNoErrors(errors);
  await page.close();
});

test('mnist-nielsen-ch3 with patience and digits: the form has the toolbox knobs, the log says where it stopped', async () => {
  const knobs = { digits: '0,1', train_limit: '600', hidden: '10', lr: '3', epochs: '40', patience: '3' };
  const hash = '#lab=mnist-nielsen-ch3&' + Object.entries(knobs).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const { page, errors } = await openMnist(env, hash);
  for (const k of ['l1', 'expand', 'patience', 'lr_schedule', 'lr_factor', 'lr_every', 'digits']) {
    assert.equal(await page.locator(`#knob-${k}`).count(), 1, `knob ${k} on the form`);
  }
  assert.equal(await page.inputValue('#knob-digits'), '0,1');
  await page.click('#train');
  assert.equal(await waitDone(page, 120_000), 'done');
  const native = nativeJsonl('mnist-nielsen-ch3', knobs).at(-1).json;
  const log = await page.textContent('#keras-log');
  const result = await page.textContent('#test-result');
  const text = `${log}\n${result}`;
  assert.match(text, new RegExp(`Stopped at epoch: ${native.stopped_epoch}\\b`), text);
  assert.match(text, new RegExp(`Weights kept from epoch: ${native.best_epoch}\\b`), text);
  await shot(page, 'mnist-ch3-patience', { fullPage: false });
  assertNoErrors(errors);
  await page.close();
});
