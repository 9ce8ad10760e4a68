// tests/page/core.test.mjs: the XOR lab trains in a worker — the error falls and
// the post's lines appear; Pause is heard at once and the main thread stays
// free; everything works from the keyboard with labelled controls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, waitDone, postLines, assertNoErrors } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('default XOR: Train, the error falls, the post\'s lines appear', async () => {
  const { page, errors } = await open(env);
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  const lines = await postLines(page);
  assert.ok(lines.length >= 6, `expected the report lines, got ${lines.length}`);
  const first = Number(lines[0].value);
  const last = Number(lines.at(-1).value);
  assert.ok(first > last, `error should fall: first ${first}, last ${last}`);
  assert.ok(last < 0.01, `final error ${last} should be < 0.01`);
  assert.ok(lines.some((l) => l.text.startsWith('Error after 50000 iterations:')), 'the "Error after 50000 iterations:" line');
  assert.equal(await page.$eval('#step', (e) => e.dataset.step), '60000');
  // the curve chart drew something: a uPlot canvas with non-background pixels
  const inked = await page.$eval('#curve canvas', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 2] < 200)) n++;
    return n;
  });
  assert.ok(inked > 500, `the curve canvas looks empty (${inked} inked pixels)`);
  await page.waitForTimeout(150);
  await shot(page, '1-default-trained');
  assertNoErrors(errors);
  await page.close();
});

test('a knob typed and Train clicked at once: the run trains with the typed value', async () => {
  // The click blurs the field: its check is still in the engine when Train is pressed. This run
  // used to start with the old knobs, then be replaced by the checked one, which never started.
  const { page, errors } = await open(env);
  await page.fill('#knob-iterations', '5000');
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  assert.equal(await page.$eval('#step', (e) => e.dataset.step), '5000');
  assert.match(page.url(), /iterations=5000/);
  assertNoErrors(errors);
  await page.close();
});

test('Pause stops the step counter at once; training never runs on the main thread', async () => {
  const longTasks = () => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
  };
  const { page, errors } = await open(env, '#lab=xor&iterations=2000000', { init: longTasks });
  // the page's own realm has no engine and never fetched the wasm
  const mainThread = await page.evaluate(() => ({
    engine: ['Module', 'createEngine', 'engine', 'Engine', 'Session'].filter((k) => k in window),
    wasm: performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.endsWith('.wasm')),
  }));
  assert.deepEqual(mainThread, { engine: [], wasm: [] });
  await page.evaluate(() => { window.__longTasks.length = 0; });
  await page.click('#train');
  await page.waitForFunction(() => Number(document.getElementById('step').dataset.step) > 20000);
  await page.waitForTimeout(700);
  await page.click('#pause');
  await page.waitForFunction(() => document.body.dataset.status === 'paused', null, { timeout: 2000 });
  const atPause = await page.$eval('#step', (e) => Number(e.dataset.step));
  await page.waitForTimeout(300);
  const later = await page.$eval('#step', (e) => Number(e.dataset.step));
  assert.equal(later, atPause, 'the step counter moved after the paused state was shown');
  assert.ok(atPause < 2_000_000, 'paused mid-run');
  assert.match(await page.textContent('#status'), /paused at step/);
  const long = await page.evaluate(() => window.__longTasks.filter((d) => d > 200));
  assert.deepEqual(long, [], 'no main-thread task over 200 ms while training');
  // Resume, then Step once
  await page.click('#train');
  await page.waitForFunction((s) => Number(document.getElementById('step').dataset.step) > s, atPause);
  await page.click('#pause');
  await page.waitForFunction(() => document.body.dataset.status === 'paused');
  const before1 = await page.$eval('#step', (e) => Number(e.dataset.step));
  await page.click('#step-once');
  await page.waitForFunction((s) => Number(document.getElementById('step').dataset.step) === s + 1, before1);
  await shot(page, '4-paused');
  assertNoErrors(errors);
  await page.close();
});

test('keyboard: Tab reaches every knob and Train; Enter/Space trains; every control is labelled', async () => {
  const { page, errors } = await open(env);
  const knobIds = await page.$$eval('#knobs input, #knobs select', (els) => els.map((e) => e.id));
  assert.ok(knobIds.length >= 8, `expected the xor knobs, got ${knobIds}`);
  const reached = new Set();
  await page.focus('body');
  for (let i = 0; i < 60 && !(knobIds.every((id) => reached.has(id)) && reached.has('train')); i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement?.id ?? ''));
  }
  for (const id of [...knobIds, 'train']) assert.ok(reached.has(id), `Tab never reached #${id}`);
  // every input/select/button has an accessible label
  const unlabelled = await page.$$eval('input, select, button', (els) => els.filter((e) => {
    if (e.tagName === 'BUTTON') return !e.textContent.trim() && !e.getAttribute('aria-label');
    return !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.closest('label');
  }).map((e) => e.id || e.outerHTML.slice(0, 60)));
  assert.deepEqual(unlabelled, []);
  // each knob is labelled in words with its link name beside it
  const names = await page.$$eval('#knobs input, #knobs select', (els) => els.map((e) => e.labels[0].querySelector('.link-name').textContent));
  assert.ok(names.includes('lr') && names.includes('hidden'));
  assert.match(await page.textContent('label[for="knob-lr"]'), /^Learning rate\s+lr$/);
  // focus Train with the keyboard and press Space
  await page.focus('#knobs input');
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate(() => document.activeElement?.id === 'train')) break;
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'train');
  await page.keyboard.press('Space');
  assert.equal(await waitDone(page), 'done');
  // Enter on "Train again" starts a fresh run
  const firstRun = await page.evaluate(() => Number(document.body.dataset.runId));
  await page.focus('#train');
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => Number(document.body.dataset.runId) > id &&
    document.body.dataset.status === 'done', firstRun, { timeout: 60_000 });
  await shot(page, '5-keyboard');
  assertNoErrors(errors);
  await page.close();
});
