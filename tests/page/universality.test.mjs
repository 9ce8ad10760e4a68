// tests/page/universality.test.mjs: the universality lab (the book's chapter
// 4). The student draws a curve with the mouse; it reaches the engine as the
// drawn-curve data file, and training fits it to a mean absolute error under
// 0.02; a one-point curve gets a message instead; the book's construction
// shows the native runner's error before any training.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, shots, assertNoErrors, nativeJsonl } from './helpers.mjs';
import { drawWave, padMapper } from './universality-pad.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const mae = (page) => page.$eval('#uv-mae', (e) => Number(e.dataset.mae));

test('draw a curve with the mouse, train: the fit reaches a mean absolute error under 0.02', async () => {
  const { page, errors } = await open(env, '#lab=universality');
  await page.waitForFunction(() => document.getElementById('uv-mae').dataset.mae !== undefined);

  // an empty pad and a single click: one point, refused with a message, nothing sent
  await page.click('#uv-clear');
  await page.locator('#uv-pad').scrollIntoViewIfNeeded();
  const at = await padMapper(page);   // where the pad is now (Clear may have scrolled the page)
  await page.mouse.click(...at(0.5, 0.5));
  const message = await page.textContent('#uv-message');
  assert.match(message, /at least 2 points.*has 1/, message);
  assert.ok(!(await page.evaluate(() => location.hash)).includes('curve=drawn'));

  // a wave drawn left to right
  await drawWave(page);
  assert.equal(await page.isHidden('#uv-message'), true);
  await page.waitForFunction(() => / on 100 points/.test(document.getElementById('uv-mae').textContent));
  const before = await mae(page);
  assert.ok(before > 0.02, `before training the error is ${before}`);

  await page.click('#train');
  await page.waitForFunction(() => Number(document.getElementById('uv-mae').dataset.mae) < 0.02, null, { timeout: 30_000 });
  await page.click('#pause');
  await page.waitForFunction(() => document.body.dataset.status === 'paused' || document.body.dataset.status === 'done');
  const after = await mae(page);
  assert.ok(after < 0.02, `after training the error is ${after}`);
  assert.equal(await page.$eval('#uv-mae', (e) => e.classList.contains('uv-good')), true);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.waitForTimeout(200);
  await shot(page, 'universality-1-drawn-fit-1366', { fullPage: false });
  await page.locator('#uv-units').screenshot({ path: `${shots}/universality-2-units.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.locator('#uv-pad').scrollIntoViewIfNeeded();
  await shot(page, 'universality-3-drawn-fit-390', { fullPage: false });
  await shot(page, 'universality-4-drawn-fit-390-full');
  assertNoErrors(errors);
  await page.close();
});

test("the book's construction: the fit before training is the native runner's, and the width knob applies", async () => {
  const { page, errors } = await open(env, '#lab=universality-bumps');
  await page.waitForFunction(() => document.getElementById('uv-mae').dataset.mae !== undefined);
  const first = nativeJsonl('universality-bumps', { iterations: 1 }).find((r) => r.json.step === 0).json;
  assert.ok(Math.abs((await mae(page)) - first.error) < 1e-12, `page ${await mae(page)} native ${first.error}`);
  assert.equal(await page.inputValue('#uv-start'), 'bumps');
  // 40 neurons: 20 narrower bumps, a smaller error before any training
  await page.$eval('#uv-width', (e) => { e.value = '40'; e.dispatchEvent(new Event('input')); e.dispatchEvent(new Event('change')); });
  await page.waitForFunction(() => location.hash.includes('hidden=40') && document.body.dataset.status === 'ready');
  await page.waitForFunction(() => /All 40 neurons/.test(document.getElementById('uv-units-note').textContent));
  const narrower = nativeJsonl('universality-bumps', { iterations: 1, hidden: 40 }).find((r) => r.json.step === 0).json;
  await page.waitForFunction((e) => Math.abs(Number(document.getElementById('uv-mae').dataset.mae) - e) < 1e-12, narrower.error);
  assert.ok(narrower.error < first.error);
  // a curve button (the keyboard's way to a curve)
  await page.focus('.uv-buttons [data-curve="step"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash.includes('curve=step') && document.body.dataset.status === 'ready');
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.waitForTimeout(300);
  await shot(page, 'universality-5-bumps-1366', { fullPage: false });
  await page.locator('#uv-units').screenshot({ path: `${shots}/universality-6-bumps-units.png` });
  assertNoErrors(errors);
  await page.close();
});

test('a drawn curve survives switching the engine build (a new worker gets the curve again)', async () => {
  const { page, errors } = await open(env, '#lab=universality');
  await page.waitForFunction(() => document.getElementById('uv-mae').dataset.mae !== undefined);
  await drawWave(page);
  const drawn = await mae(page);
  await page.click('#engine-relaxed');
  await page.waitForFunction(() => location.hash.includes('engine=relaxed') && document.body.dataset.status === 'ready');
  await page.waitForFunction(() => / on 100 points/.test(document.getElementById('uv-mae').textContent));
  assert.ok((await page.evaluate(() => location.hash)).includes('curve=drawn'));
  assert.equal(await page.isHidden('#error-banner'), true, await page.textContent('#error-banner'));
  assert.equal(await mae(page), drawn);
  assertNoErrors(errors);
  await page.close();
});
