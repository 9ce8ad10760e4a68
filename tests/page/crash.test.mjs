// tests/page/crash.test.mjs: a worker that dies mid-run (web/src/shell/recovery.ts).
// The test makes the page's worker throw an uncaught WebAssembly.RuntimeError
// (evaluated in the worker through the DevTools protocol: no test hook in the
// product). The page must say what happened in words, start a new worker,
// restore the last save, keep the error chart and the printed lines, and the
// continued run must end on the native runner's final error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, waitDone, postLines, assertNoErrors, nativeJsonl, nativeValueText } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });
const HASH = '#lab=xor&iterations=40000';

const stepOf = (page) => page.$eval('#step', (e) => Number(e.dataset.step));
const waitStatus = (page, s) => page.waitForFunction((want) => document.body.dataset.status === want, s, { timeout: 30_000 });
/** Pixels of the error curve's colour (PALETTE[0], #2563eb) on the chart's canvas: 0 when the chart was cleared. */
const curvePixels = (page) => page.$eval('#curve canvas', (c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 0x25) < 40 && Math.abs(d[i + 1] - 0x63) < 40 && Math.abs(d[i + 2] - 0xeb) < 40) n++;
  return n;
});
const crashWorker = (page) => page.workers()[0].evaluate(() => {
  setTimeout(() => { throw new WebAssembly.RuntimeError('memory access out of bounds'); });
});

test('a killed worker is replaced, the last save restored and the charts kept; the run ends as the native one', async () => {
  const { page, errors } = await open(env, HASH);
  assert.equal(page.workers().length, 1);
  await page.selectOption('#speed', '10000');   // slow enough to pause and crash mid-run
  await page.click('#train');
  await page.waitForFunction(() => Number(document.querySelector('#step').dataset.step) > 4000, null, { timeout: 30_000 });
  await page.click('#pause');
  await waitStatus(page, 'paused');
  const paused = await stepOf(page);
  await page.waitForFunction((s) => document.body.dataset.savedStep === String(s), paused, { timeout: 15_000 });
  await page.click('#train');                    // on again: the crash comes while training, past the save and the report at 10,000
  await page.waitForFunction(() => Number(document.querySelector('#step').dataset.step) > 12000, null, { timeout: 30_000 });
  const lost = await stepOf(page);
  const saved = Number(await page.evaluate(() => document.body.dataset.savedStep));   // the pause's, or an autosave since
  assert.ok(saved >= paused && saved < lost, `saved at ${saved}, paused at ${paused}, crashed after ${lost}`);
  const pixels = await curvePixels(page);
  const linesBefore = (await postLines(page)).length;
  assert.ok(pixels > 100, `the curve is drawn before the crash (${pixels} pixels)`);
  const oldWorker = page.workers()[0];

  await crashWorker(page);
  await page.waitForFunction(() => /Restarted from/.test(document.querySelector('#crash-note:not([hidden])')?.textContent ?? ''), null, { timeout: 30_000 });
  const note = await page.textContent('#crash-note');
  assert.match(note, /^The engine stopped: an engine error \(a memory access out of bounds\) while training \(step [\d,]+\)\. Restarted from the last save at step ([\d,]+)\.$/);
  const restored = Number(note.match(/last save at step ([\d,]+)/)[1].replace(/,/g, ''));
  assert.ok(restored >= saved && restored < lost, `restored from step ${restored}: the newest save (${saved}) or one made just before the crash`);
  assert.ok(Number(note.match(/training \(step ([\d,]+)/)[1].replace(/,/g, '')) >= lost);
  await waitStatus(page, 'paused');
  assert.equal(await stepOf(page), restored, 'the run is back at the saved step');
  assert.equal(page.workers().length, 1, 'one worker, a new one');
  assert.notEqual(page.workers()[0], oldWorker);
  await page.waitForTimeout(300);                // a frame or two for the chart
  const kept = await curvePixels(page);
  assert.ok(kept >= pixels * 0.9, `the error chart keeps its curve: ${kept} pixels against ${pixels} before the crash`);
  assert.ok(linesBefore >= 2 && (await postLines(page)).length === linesBefore, 'the printed lines are kept, none twice');
  assert.equal(await page.$eval('#error-banner', (b) => b.hidden), true, 'a recovered crash is a note, not an error');
  await shot(page, 'crash-1-recovered');

  await page.selectOption('#speed', '0');
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  const lines = await postLines(page);
  const steps = lines.map((l) => l.step);
  assert.deepEqual(steps, [...new Set(steps)].sort((a, b) => a - b), 'each report line once, in order');
  const native = nativeJsonl('xor', { iterations: 40000 });
  assert.equal(lines.at(-1).step, 40000);
  assert.equal(lines.at(-1).value, nativeValueText(native, 40000));
  await shot(page, 'crash-2-finished');
  assertNoErrors(errors.filter((e) => !/memory access out of bounds/.test(e)));   // the crash itself, as the browser logs it
  await page.close();
});

test('three crashes in a minute are restarted, the fourth stops the page with words', async () => {
  const { page, errors } = await open(env, HASH);
  for (let i = 1; i <= 3; i++) {
    await crashWorker(page);
    await page.waitForFunction(() => /Nothing had been saved yet, so the run starts over/.test(document.querySelector('#crash-note')?.textContent ?? ''),
      null, { timeout: 30_000 });
    await waitStatus(page, 'ready');
    await page.$eval('#crash-note', (n) => { n.textContent = ''; });
  }
  await crashWorker(page);
  await page.waitForFunction(() => /not restarted again/.test(document.querySelector('#crash-note')?.textContent ?? ''), null, { timeout: 30_000 });
  await waitStatus(page, 'failed');
  assert.match(await page.textContent('#error-banner'), /the engine stopped 4 times within a minute/);
  await shot(page, 'crash-3-crash-loop');
  assertNoErrors(errors.filter((e) => !/memory access out of bounds/.test(e)));
  await page.close();
});
