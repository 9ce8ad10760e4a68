// tests/page/crash.test.mjs: a worker that dies mid-run (web/src/shell/recovery.ts).
// The test makes the page's worker throw an uncaught WebAssembly.RuntimeError
// (evaluated in the worker through the DevTools protocol: no test hook in the
// product). The page must say what happened in words, start a new worker,
// restore the last save, keep the error chart and the printed lines, and the
// continued run must end on the native runner's final error. A run that
// crashes again before a newer save (or while it is being restored) is
// restored from the same save; restarts that get the run no further stop
// after MAX_WITHOUT_PROGRESS, and the dead worker is ended.
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

/** Trains at 10,000 steps a second past `past`, pauses, and waits for the pause's save: returns its step. */
async function trainPauseSave(page, past) {
  await page.selectOption('#speed', '10000');   // slow enough to pause and crash mid-run
  await page.click('#train');
  await page.waitForFunction((n) => Number(document.querySelector('#step').dataset.step) > n, past, { timeout: 30_000 });
  await page.click('#pause');
  await waitStatus(page, 'paused');
  const paused = await stepOf(page);
  await page.waitForFunction((s) => document.body.dataset.savedStep === String(s), paused, { timeout: 15_000 });
  return paused;
}

test('a killed worker is replaced, the last save restored and the charts kept; the run ends as the native one', async () => {
  const { page, errors } = await open(env, HASH);
  assert.equal(page.workers().length, 1);
  const paused = await trainPauseSave(page, 4000);
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

/** Waits for the note after a crash (blanked by `blankNote` before it) and returns the step it says the run restarted from. */
async function restartedFrom(page) {
  await page.waitForFunction(() => /Restarted from|Nothing had been saved/.test(document.querySelector('#crash-note:not([hidden])')?.textContent ?? ''),
    null, { timeout: 30_000 });
  const note = await page.textContent('#crash-note');
  const m = note.match(/Restarted from the last save at step ([\d,]+)\.$/);
  assert.ok(m, `restored from a save, not started over: ${note}`);
  await waitStatus(page, 'paused');
  return Number(m[1].replace(/,/g, ''));
}
const blankNote = (page) => page.$eval('#crash-note', (n) => { n.textContent = ''; });

test('a restored run that crashes again before a newer save, or while it is restored, gets the same save back', async () => {
  const { page, errors } = await open(env, HASH);
  const saved = await trainPauseSave(page, 3000);

  await crashWorker(page);                       // 1: restored from the pause's save
  assert.equal(await restartedFrom(page), saved);
  await blankNote(page);
  await crashWorker(page);                       // 2: at once, paused at the restored step: the same save again
  assert.equal(await restartedFrom(page), saved);
  assert.equal(await stepOf(page), saved);
  await blankNote(page);
  await page.click('#train');                    // on, and a crash within a second: before the next save (every 5 s)
  await page.waitForFunction((s) => Number(document.querySelector('#step').dataset.step) > s + 500, saved, { timeout: 30_000 });
  const newest = Number(await page.evaluate(() => document.body.dataset.savedStep));
  await crashWorker(page);                       // 3
  const third = await restartedFrom(page);
  assert.equal(third, newest, 'the newest save of the run (the restored one unless an autosave came in between)');
  await blankNote(page);
  // 4: the new worker dies as soon as it exists, before its engine loaded the save
  const replacement = page.waitForEvent('worker');
  await crashWorker(page);
  const fresh = await replacement;
  await fresh.evaluate(() => { setTimeout(() => { throw new WebAssembly.RuntimeError('memory access out of bounds'); }); });
  assert.equal(await restartedFrom(page), third);
  assert.equal(await stepOf(page), third);
  assert.equal(page.workers().length, 1);
  await shot(page, 'crash-4-restored-again');
  assertNoErrors(errors.filter((e) => !/memory access out of bounds/.test(e)));
  await page.close();
});

test('three restarts without progress, then the next crash stops the page with words and ends the worker', async () => {
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
  assert.match(await page.textContent('#crash-note'), /It stopped 4 times in a row without the run getting any further, so it is not restarted again/);
  assert.match(await page.textContent('#error-banner'), /the engine stopped 4 times in a row without the run getting any further/);
  for (let i = 0; i < 50 && page.workers().length; i++) await page.waitForTimeout(100);   // its target closes a moment later
  assert.equal(page.workers().length, 0, 'the dead worker is terminated');
  await shot(page, 'crash-3-crash-loop');
  assertNoErrors(errors.filter((e) => !/memory access out of bounds/.test(e)));
  await page.close();
});
