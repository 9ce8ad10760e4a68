// tests/page/state.test.mjs: "Save model" and "Load model" (engine/train/state.h
// through the worker): a run paused, saved to a file, reset and loaded back
// continues to the same final lines as a run never stopped; a file from
// another experiment, a truncated and an altered one are refused in words and
// the run stays as it was. A reload mid-run offers to resume from the
// page's autosave (XOR; the full-size GAN, whose 40 MB state must not stall the page).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, open, shot, waitDone, postLines, assertNoErrors, native } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });
const dir = mkdtempSync(join(tmpdir(), 'synapse-state-'));
const HASH = '#lab=xor&iterations=40000';

const stepOf = (page) => page.$eval('#step', (e) => Number(e.dataset.step));
const waitStatus = (page, s) => page.waitForFunction((want) => document.body.dataset.status === want, s, { timeout: 30_000 });

async function saveModel(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-model')]);
  const file = join(dir, name);
  await download.saveAs(file);
  return file;
}

test('a model saved mid-run, reset and loaded back, finishes as a run never stopped', async () => {
  const { page, errors } = await open(env, HASH);
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  const whole = (await postLines(page)).map((l) => l.text);
  assert.ok(whole.length >= 4, `report lines: ${whole.length}`);

  await page.click('#reset');
  await waitStatus(page, 'ready');
  await page.selectOption('#speed', '10000');   // slow enough to pause mid-run
  await page.click('#train');
  await page.waitForFunction(() => Number(document.querySelector('#step').dataset.step) > 5000, null, { timeout: 30_000 });
  await page.click('#pause');
  await waitStatus(page, 'paused');
  const paused = await stepOf(page);
  assert.ok(paused < 40000, `paused at ${paused}`);
  const file = await saveModel(page, 'xor.synapse');
  assert.equal(readFileSync(file).subarray(0, 8).toString('latin1'), 'SYNSTATE');

  await page.click('#reset');
  await waitStatus(page, 'ready');
  assert.equal(await stepOf(page), 0);
  await page.setInputFiles('#model-file', file);
  await page.waitForFunction((s) => Number(document.querySelector('#step').dataset.step) === s, paused, { timeout: 30_000 });
  await waitStatus(page, 'paused');   // the loaded run, paused where the file left it
  await page.selectOption('#speed', '0');
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  assert.deepEqual((await postLines(page)).map((l) => l.text), whole);
  await shot(page, 'state-1-loaded-finished');
  assertNoErrors(errors);
  await page.close();
});

test('a model file from another experiment, truncated or altered, is refused and the run kept', async () => {
  const first = await open(env, HASH);
  await first.page.click('#step-once');
  await first.page.waitForFunction(() => document.querySelector('#step').dataset.step === '1');
  const file = await saveModel(first.page, 'xor-4.synapse');
  await first.page.close();

  const { page } = await open(env, `${HASH}&hidden=8`);
  await page.click('#step-once');
  await page.waitForFunction(() => document.querySelector('#step').dataset.step === '1');
  const banner = () => page.waitForFunction(() => !document.querySelector('#error-banner').hidden && document.querySelector('#error-banner').textContent, null, { timeout: 30_000 })
    .then((h) => h.jsonValue());
  const refused = async (path, want) => {
    await page.$eval('#error-banner', (b) => { b.hidden = true; b.textContent = ''; });
    await page.setInputFiles('#model-file', path);
    assert.match(await banner(), want);
    await waitStatus(page, 'ready');
    assert.equal(await stepOf(page), 1, 'the run is untouched');
  };
  await refused(file, /saved state: shape of synapse_0: file \(3, 4\), model \(3, 8\)/);
  const bytes = readFileSync(file);
  writeFileSync(join(dir, 'short.synapse'), bytes.subarray(0, bytes.length - 9));
  await refused(join(dir, 'short.synapse'), /\(truncated\)/);
  bytes[bytes.length >> 1] ^= 1;
  writeFileSync(join(dir, 'altered.synapse'), bytes);
  await refused(join(dir, 'altered.synapse'), /hash does not match its contents \(altered or damaged\)/);
  await shot(page, 'state-2-refused');
  await page.close();
});

test('a reload offers to resume where the run stopped, and the resumed run finishes as one never stopped', async () => {
  const hash = '#lab=xor&iterations=60000&seed=3';
  const { page, errors } = await open(env, hash);
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  const whole = (await postLines(page)).map((l) => l.text);

  await page.click('#reset');
  await waitStatus(page, 'ready');
  await page.selectOption('#speed', '10000');   // slow enough to pause mid-run
  await page.click('#train');
  await page.waitForFunction(() => Number(document.querySelector('#step').dataset.step) > 5000, null, { timeout: 30_000 });
  await page.click('#pause');
  await waitStatus(page, 'paused');
  const paused = await stepOf(page);
  // pausing saves the run to the browser's storage at once
  await page.waitForFunction((s) => document.body.dataset.savedStep === String(s), paused, { timeout: 15_000 });
  const saveMs = await page.evaluate(() => Number(document.body.dataset.saveMs));
  console.log(`# saving the XOR run's state took ${saveMs} ms in the worker`);

  await page.reload();
  const offer = await page.waitForSelector('#resume-offer', { timeout: 30_000 });
  assert.equal(await offer.textContent(), `Resume where you stopped (step ${paused.toLocaleString('en')})`);
  await offer.click();
  await page.waitForFunction((s) => Number(document.querySelector('#step').dataset.step) === s, paused, { timeout: 30_000 });
  await waitStatus(page, 'paused');   // the loaded run, paused where the file left it
  // the error curve comes back too, from its first step, not from where the run was saved
  await page.waitForFunction(() => Number(document.querySelector('#curve').dataset.points) > 10, null, { timeout: 10_000 });
  assert.ok(Number(await page.getAttribute('#curve', 'data-first-step')) < 100, 'the curve starts at the run\'s start');
  await shot(page, 'state-3-resumed');
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  assert.deepEqual((await postLines(page)).map((l) => l.text), whole);
  assertNoErrors(errors);
  await page.close();
});

test('the GAN (full size, a 40 MB state) saved while it trains, reloaded, resumed: its last report and state as a run never stopped', async () => {
  const steps = 200, knobs = { iterations: steps, batch_size: 16 };   // the lecture's networks, small batches
  const reference = join(dir, 'gan-native.synapse');
  const out = execFileSync(native, ['run', 'gan-mnist', ...Object.entries(knobs).flatMap(([k, v]) => ['--set', `${k}=${v}`]),
    '--format', 'jsonl', '--save', reference], { encoding: 'utf8' });
  const last = out.trim().split('\n').map((l) => JSON.parse(l)).find((r) => r.step === steps && !r.done);
  // every long task on the main thread, and when the saved step changed (a save stored)
  const init = () => {
    window.longTasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
    window.savesStored = [];
    new MutationObserver(() => window.savesStored.push(performance.now()))
      .observe(document, { subtree: true, attributes: true, attributeFilter: ['data-saved-step'] });
  };
  const hash = `#lab=gan-mnist&iterations=${steps}&batch_size=16`;
  const { page, errors } = await open(env, hash, { init });
  await page.selectOption('#speed', '10');   // slow enough for an autosave mid-run
  await page.click('#train');
  // the first autosave comes 5 s into the run
  await page.waitForFunction(() => Number(document.body.dataset.savedStep) > 0, null, { timeout: 30_000 });
  const save = await page.evaluate(() => ({ ...document.body.dataset, tasks: window.longTasks, at: window.savesStored.at(-1) }));
  const saved = Number(save.savedStep);
  assert.ok(save.at > 0, 'the time the save was stored');
  assert.ok(saved > 0 && saved < steps, `saved at step ${saved}`);
  assert.ok(Number(save.saveBytes) > 40e6, `the full GAN's state: ${save.saveBytes} bytes`);
  const costMs = Number(save.saveMs) + Number(save.saveWriteMs);
  const every = Math.min(15_000, Math.max(5000, costMs / 0.02));   // autosave.ts saveEvery (the figures rounded to 0.01 ms)
  assert.ok(Math.abs(Number(save.saveEveryMs) - every) <= 1, `the next save waits saveEvery(${costMs} ms) = ${every}: ${save.saveEveryMs}`);
  // the save's buffer is transferred: storing it holds the main thread up for no long task
  const during = save.tasks.filter(([t, d]) => t + d >= save.at - Number(save.saveWriteMs) - 20 && t <= save.at);
  assert.deepEqual(during.filter(([, d]) => d > 50), [], `long tasks while the save was stored: ${JSON.stringify(during)}`);
  console.log(`# the GAN's autosave: ${(save.saveBytes / 1e6).toFixed(1)} MB, ${save.saveMs} ms in the worker, ` +
    `${save.saveWriteMs} ms to IndexedDB; the next in ${save.saveEveryMs} ms; main-thread tasks meanwhile: ${JSON.stringify(during)}`);

  await page.reload();   // mid-run, training
  const offer = await page.waitForSelector('#resume-offer', { timeout: 30_000 });
  assert.equal(await offer.textContent(), `Resume where you stopped (step ${saved})`);
  await offer.click();
  await page.waitForFunction((s) => Number(document.querySelector('#step').dataset.step) === s, saved, { timeout: 30_000 });
  await waitStatus(page, 'paused');
  // the per-step loss curve comes back from the run's start (one point a step here, up to the last the page
  // was sent before the save), not from the save's step; drawn on the lab's next frame: wait for it, then check
  const enough = Math.floor(saved / 2);
  await page.waitForFunction((n) => Number(document.querySelector('#gan-chart')?.dataset.points) >= n, enough, { timeout: 10_000 })
    .catch(() => {});
  const points = Number(await page.getAttribute('#gan-chart', 'data-points'));
  assert.ok(points >= enough, `the resumed chart has ${points} points for the ${saved} steps before the save`);
  await page.selectOption('#speed', '0');
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  await shot(page, 'state-4-gan-resumed');
  const text = await page.textContent('#gan-last');
  for (const k of ['d_loss', 'g_loss', 'd_real', 'd_fake']) assert.ok(text.includes(`${k} ${last[k].toFixed(4)}`), `${k}: page "${text}", native ${last[k]}`);
  // the whole state (both networks, Adam's moments, the random stream, the reports) byte for byte
  const file = await saveModel(page, 'gan-resumed.synapse');
  assert.ok(readFileSync(file).equals(readFileSync(reference)), 'the resumed run\'s state is the uninterrupted native run\'s');
  assertNoErrors(errors);
  await page.close();
});
