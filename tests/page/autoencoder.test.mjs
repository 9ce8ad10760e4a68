// tests/page/autoencoder.test.mjs: the autoencoder lab, built only on the
// platform: it trains in the Worker, reports the notebook's line, draws the
// error histograms; moving the threshold changes what is flagged; picking a
// point shows its code; axe-core finds nothing; a phone does not scroll
// sideways; a bad knob is named and blocks Train; its data downloads as CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { launch, open, shot, waitDone, axeViolations, assertNoErrors, native } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const flagged = (page) => page.$$eval('#ae-caught tbody tr', (rows) =>
  Object.fromEntries(rows.map((r) => [r.dataset.set, Number(r.dataset.flagged)])));

test('autoencoder: trains in the Worker, histograms appear, the threshold moves what is flagged', async () => {
  const { page, errors } = await open(env, '#lab=autoencoder&epochs=40');
  await page.setViewportSize({ width: 1366, height: 768 });
  assert.deepEqual(await axeViolations(page), [], 'axe before training');
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  await page.waitForFunction(() => document.body.dataset.histogram === 'drawn');
  const final = await page.$eval('#ae-final', (e) => e.textContent);
  assert.match(final, /^Clean loss = 0\.\d{4}, Test loss = 0\.\d{4} Noisy loss = 0\.\d{4}, Wrong loss = 0\.\d{4}$/);
  // the histogram canvas has ink of the four colours
  const inked = await page.$eval('#ae-histogram', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
    return n;
  });
  assert.ok(inked > 1000, `the histogram looks empty (${inked} inked pixels)`);
  const before = await flagged(page);
  assert.deepEqual(Object.keys(before), ['clean', 'test', 'noisy', 'wrong']);
  assert.ok(before.wrong > before.clean, `at the first threshold more wrong points (${before.wrong}) than clean ones (${before.clean}) are flagged`);
  // drag the threshold all the way down (keyboard: Home, 1e-6): nearly everything is flagged
  await page.focus('#ae-threshold');
  await page.keyboard.press('Home');
  await page.waitForFunction((n) => Number(document.querySelector('#ae-caught tr[data-set="clean"]')?.dataset.flagged) > n, before.clean);
  const low = await flagged(page);
  const sizes = { clean: 10000, test: 2000, noisy: 10000, wrong: 10000 };
  for (const [set, n] of Object.entries(sizes)) {
    assert.ok(low[set] >= before[set] && low[set] > 0.95 * n, `${set}: ${low[set]} of ${n} flagged at 1e-6`);
  }
  await page.keyboard.press('End');   // 1e0: nothing is that badly reconstructed
  await page.waitForFunction(() => document.querySelector('#ae-caught tr[data-set="wrong"]')?.dataset.flagged === '0');
  // pick a point: its 16-number code
  const box = await page.$eval('#ae-plane', (c) => { const r = c.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
  await page.mouse.click(box.x + box.w * 0.5, box.y + box.h * 0.5);
  await page.waitForFunction(() => document.querySelectorAll('#ae-code-bars .ae-bar').length === 16);
  assert.match(await page.$eval('#ae-code-point', (e) => e.textContent), /^The code of \(0\.\d{3}, -?0\.\d{3}\):$/);
  await page.waitForTimeout(150);
  assert.deepEqual(await axeViolations(page), [], 'axe after training');
  await shot(page, 'autoencoder-1-trained-1366', { fullPage: false });
  await shot(page, 'autoencoder-1-trained-full');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `the page is ${scroll} px wide in a ${width} px viewport`);
  await shot(page, 'autoencoder-2-phone');
  assertNoErrors(errors);
  await page.close();
});

test('autoencoder: a code size of 0 and a negative noise are named, and the lab stays usable', async () => {
  const { page, errors } = await open(env, '#lab=autoencoder&code=0&noise=-1&epochs=2');
  const message = await page.$eval('#link-message', (e) => e.textContent);
  assert.match(message, /code: must be an integer in 1\.\.4096, got "0"/);
  assert.match(message, /noise: must be a finite number in \[0, 10\], got "-1"/);
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  assertNoErrors(errors);
  await page.close();
});

test('the data a lab trains on downloads as the same CSV synapse data prints', async () => {
  const { page, errors } = await open(env, '#lab=autoencoder&epochs=1');
  const names = await page.$$eval('#data-list button', (bs) => bs.map((b) => b.dataset.set));
  assert.deepEqual(names, ['autoencoder-train', 'autoencoder-test', 'autoencoder-noisy', 'autoencoder-wrong']);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#data-list button[data-set="autoencoder-test"]')]);
  assert.equal(download.suggestedFilename(), 'autoencoder-test.csv');
  const text = fs.readFileSync(await download.path(), 'utf8');
  assert.equal(text, execFileSync(native, ['data', 'autoencoder-test'], { encoding: 'utf8' }));
  assert.match(await page.textContent('#data-status'), /autoencoder-test\.csv: 2,000 rows saved\./);
  // the XOR lab offers its tables
  await page.goto(`${env.server.url}index.html#lab=xor`);
  await page.waitForFunction(() => document.body.dataset.status === 'ready');
  assert.deepEqual(await page.$$eval('#data-list button', (bs) => bs.map((b) => b.dataset.set)), ['xor', 'xor-warmup']);
  assertNoErrors(errors);
  await page.close();
});
