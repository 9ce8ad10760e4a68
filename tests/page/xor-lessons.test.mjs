// tests/page/xor-lessons.test.mjs: the XOR lab's optimizer race (issue 15):
// an error target that is not a number gets a message and nothing runs; a
// race draws one curve per optimizer from the same weights and lists the
// finishing order, BFGS first on the post's network; the optimizer knob runs
// BFGS on its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, openMnist, shot, assertNoErrors } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('optimizer race: a bad target is refused, then ten curves and the finishing order', async () => {
  const { page, errors } = await open(env, '#lab=xor');
  await page.waitForSelector('#race-run');
  await page.waitForFunction(() => !document.getElementById('sweep-run').disabled);

  await page.fill('#race-target', 'abc');
  await page.click('#race-run');
  assert.match(await page.textContent('#race-status'), /Error target: "abc" is not a number between 0 and 1/);
  assert.equal(await page.evaluate(() => document.body.dataset.race), undefined);

  await page.fill('#race-target', '0.01');
  await page.press('#race-target', 'Enter');
  await page.waitForFunction(() => document.body.dataset.race === 'done', null, { timeout: 60_000 });
  const order = await page.$$eval('#race-order li', (lis) => lis.map((li) => li.textContent));
  assert.equal(order.length, 10, order.join('\n'));
  assert.match(order[0], /^bfgs \(lr 0\.5\): step 94, 190 passes over the data/, order.join('\n'));
  assert.ok(order.some((o) => /^sgd \(lr 10\): step 1,275/.test(o)), order.join('\n'));
  await page.$eval('#race-title', (e) => e.scrollIntoView());
  await page.waitForFunction(() => document.querySelectorAll('#race-chart .u-legend .u-series').length >= 10, null, { timeout: 10_000 });
  const legend = await page.$$eval('#race-chart .u-legend .u-series .u-label', (els) => els.map((e) => e.textContent));
  for (const name of ['sgd', 'momentum', 'nesterov', 'adagrad', 'adadelta', 'rmsprop', 'adam', 'annealing', 'bfgs', 'lbfgs'])
    assert.ok(legend.includes(name), `${name} in ${legend}`);
  const status = await page.textContent('#race-status');
  assert.match(status, /optimizers reached error < 0\.01 within 60,000 steps; raced in [\d.]+ s/, status);
  console.log(`race in the page: ${status}`);
  await page.$eval('#race-title', (e) => e.scrollIntoView());
  await shot(page, 'xor-race', { fullPage: false });
  assertNoErrors(errors);
});

test('the optimizer knob: BFGS trains the post\'s network to the post\'s error', async () => {
  const { page, errors } = await open(env, '#lab=xor&optimizer=bfgs&lr=0.5&iterations=300');
  await page.waitForFunction(() => !document.getElementById('sweep-run').disabled);
  await page.click('#train');
  await page.waitForFunction(() => ['done', 'diverged'].includes(document.body.dataset.status), null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.status), 'done');
  assertNoErrors(errors);
});

test('error surface: the warm-up\'s two weights, gradient descent\'s path on it; a bad weight number is refused', async () => {
  const { page, errors } = await open(env, '#lab=xor');
  await page.waitForFunction(() => !document.getElementById('sweep-run').disabled);
  await page.selectOption('#preset', 'xor-warmup');
  await page.waitForFunction(() => !document.getElementById('sweep-run').disabled);
  await page.fill('#surface-i', 'w0');
  await page.click('#surface-run');
  assert.match(await page.textContent('#surface-status'), /Weight along x: "w0" is not a weight number/);
  assert.equal(await page.evaluate(() => document.body.dataset.surface), undefined);

  await page.fill('#surface-i', '0');
  await page.click('#surface-run');
  await page.waitForFunction(() => document.body.dataset.surface === 'done', null, { timeout: 30_000 });
  const status = await page.textContent('#surface-status');
  assert.match(status, /Weights 0 \(x\) and 1 \(y\), alpha 1: after 200 steps the pair is at \(/, status);
  // the map is shaded: dark and light pixels both
  const spread = await page.$eval('#surface-map', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let lo = 255, hi = 0;
    for (let k = 0; k < d.length; k += 4) { lo = Math.min(lo, d[k + 2]); hi = Math.max(hi, d[k + 2]); }
    return hi - lo;
  });
  assert.ok(spread > 100, `shading spread ${spread}`);
  await page.$eval('#surface-title', (e) => e.scrollIntoView());
  await shot(page, 'xor-surface', { fullPage: false });
  assertNoErrors(errors);
});

test('BFGS with mini-batches (MNIST, batch 128) is refused with a message naming the optimizer and the batch size', async () => {
  const { page } = await openMnist(env, '#lab=mnist-mlp&optimizer=bfgs');
  const box = page.locator('#link-message');
  await box.waitFor({ state: 'visible', timeout: 60_000 });
  const text = await box.textContent();
  assert.match(text, /optimizer: bfgs needs the whole training set per step \(full batch\); batch_size is 128 of \d+ examples/, text);
  await page.close();
});
