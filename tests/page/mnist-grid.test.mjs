// tests/page/mnist-grid.test.mjs: the MNIST lab's hyper-parameter search. A
// 3 x 2 grid (learning rate by orders of magnitude, l2) of short runs trains
// cell after cell in the worker; each cell shows its validation accuracy as a
// heat map and matches the native runner with the same knobs; a cell's link
// opens the full experiment; a grid over 200 cells is refused with a message;
// a cell whose loss exploded says "diverging" (the engine's watch), not a number.
// Needs web/dist/data/mnist-*.bin.gz (the page build puts them there).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { launch, shot, assertNoErrors, axeViolations, nativeJsonl, openMnist, native } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('a grid of lr x l2 on a subset: one cell per pair, their accuracies as the native runner, links to full runs', async () => {
  const { page, errors } = await openMnist(env, '#lab=mnist-nielsen-ch3');
  await page.waitForFunction(() => !document.getElementById('grid-run').disabled, null, { timeout: 20_000 });
  assert.equal(await page.inputValue('#grid-row-knob'), 'lr');
  assert.equal(await page.inputValue('#grid-col-knob'), 'l2');
  await page.fill('#grid-row-values', '0.025, 0.25, 2.5');
  await page.fill('#grid-col-values', '0,0.005');
  await page.fill('#grid-train-limit', '600');
  await page.fill('#grid-epochs', '1');
  const t0 = Date.now();
  await page.click('#grid-run');
  await page.waitForFunction(() => document.body.dataset.grid === 'done', null, { timeout: 60_000 });
  const seconds = (Date.now() - t0) / 1000;
  const cells = await page.$$eval('#grid-table td.cell', (tds) => tds.map((td) => ({
    acc: Number(td.dataset.accuracy), href: td.querySelector('a')?.getAttribute('href') ?? '', bg: td.style.background,
  })));
  assert.equal(cells.length, 6);
  const lrs = ['0.025', '0.25', '2.5'], l2s = ['0', '0.005'];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 2; j++) {
      const cell = cells[i * 2 + j];
      const native = nativeJsonl('mnist-nielsen-ch3', { lr: lrs[i], l2: l2s[j], train_limit: 600, epochs: 1 });
      const last = native.filter((r) => r.json.val_accuracy !== undefined).at(-1).json;
      assert.equal(cell.acc, last.val_accuracy, `cell lr=${lrs[i]} l2=${l2s[j]}`);
      assert.match(cell.href, new RegExp(`lr=${lrs[i].replace('.', '\\.')}`));
      assert.ok(!cell.href.includes('train_limit'), cell.href);   // the full experiment
    }
  }
  assert.ok(new Set(cells.map((c) => c.bg)).size > 1, 'the heat map colours differ');
  assert.match(await page.textContent('#grid-status'), /Done: 6 runs\. Best: lr/);
  await page.locator('.m-grid').scrollIntoViewIfNeeded();
  await shot(page, 'mnist-grid', { fullPage: false });
  assert.deepEqual(await axeViolations(page), []);   // the grid's form, the table and its links
  console.log(`# grid of 6 cells (600 images, 1 epoch each) in ${seconds.toFixed(1)} s: ${(6 / seconds * 60).toFixed(0)} cells per minute`);

  // a cell opens as a full experiment through its share link
  const href = cells[2].href;
  await page.click('#grid-table td.cell[data-cell="2"] a');
  await page.waitForFunction((h) => location.hash === h.slice(h.indexOf('#')), href, { timeout: 10_000 });
  await page.waitForFunction(() => document.body.dataset.status === 'ready', null, { timeout: 30_000 });
  assert.equal(await page.inputValue('#knob-lr'), '0.25');
  assert.equal(await page.inputValue('#knob-l2'), '0');
  assert.equal(await page.inputValue('#knob-train_limit'), '0');

  // over 200 cells: refused, in words
  await page.fill('#grid-row-values', Array.from({ length: 21 }, (_, i) => String(0.01 * (i + 1))).join(','));
  await page.fill('#grid-col-values', Array.from({ length: 10 }, (_, i) => String(0.001 * i)).join(','));
  await page.click('#grid-run');
  assert.equal(await page.evaluate(() => document.body.dataset.grid), 'refused');
  assert.equal(await page.textContent('#grid-status'),
    'grid: 21 x 10 = 210 cells is more than 200; search coarsely first (orders of magnitude), then finer around the best');
  assertNoErrors(errors);
  await page.close();
});

test('a grid cell whose loss exploded says diverging, in words, as the native runner finds it', async () => {
  const { page, errors } = await openMnist(env, '#lab=mnist-nielsen-ch3');
  await page.waitForFunction(() => !document.getElementById('grid-run').disabled, null, { timeout: 20_000 });
  await page.fill('#grid-row-values', '0.25, 1000');
  await page.fill('#grid-col-values', '0.00005');
  await page.fill('#grid-train-limit', '600');
  await page.fill('#grid-epochs', '1');
  await page.click('#grid-run');
  await page.waitForFunction(() => document.body.dataset.grid === 'done', null, { timeout: 60_000 });
  const cells = await page.$$eval('#grid-table td.cell', (tds) => tds.map((td) => ({
    text: td.textContent, title: td.title, step: td.dataset.divergingStep, acc: td.dataset.accuracy })));
  // the native runner exits 3 on a diverging run (its jsonl is complete)
  const args = ['run', 'mnist-nielsen-ch3', '--set', 'lr=1000', '--set', 'l2=0.00005', '--set', 'train_limit=600', '--set', 'epochs=1', '--format', 'jsonl'];
  const out = spawnSync(native, args, { encoding: 'utf8' });
  assert.equal(out.status, 3, out.stderr);
  const done = JSON.parse(out.stdout.trim().split('\n').at(-1));
  assert.equal(done.diverging, true, 'the native runner finds lr=1000 diverging');
  const loss = done.diverging_loss.toExponential(1).replace('e+', 'e');   // run-end.ts lossText
  assert.equal(cells[1].text, 'diverging');
  assert.equal(cells[1].step, String(done.diverging_step));
  assert.match(cells[1].title, new RegExp(`^the loss went from \\S+ to ${loss} by step ${done.diverging_step}; it trained on to its end$`));
  assert.equal(cells[1].acc, undefined, 'no accuracy shown as a result');
  assert.ok(Number(cells[0].acc) > 0.3, `lr 0.25 learns: ${cells[0].acc}`);
  assert.match(await page.textContent('#grid-status'), /Best: lr 0\.25, l2 0\.00005 /);
  await page.locator('.m-grid').scrollIntoViewIfNeeded();
  await shot(page, 'mnist-grid-diverging', { fullPage: false });
  assertNoErrors(errors);
  await page.close();
});
