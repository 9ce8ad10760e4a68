// tests/page/gan.test.mjs: the GAN lab, built only on the platform: it trains
// in the Worker with a small network; the samples grid has ink and changes
// from the untrained generator's to the end's; the last report's four figures
// are the native runner's; the gallery keeps grids the student scrubs through
// from the keyboard; the latent walk draws 10 digits and new endpoints redraw
// it; a long run shows its progress continuously and a pause redraws the
// walk; a discriminator that wins is named; Step D, Step G and slow mode show
// the two phases of a step with the discriminator's verdicts, and a run
// mixing them with Train ends where the native runner does; axe-core finds
// nothing before and after; a phone does not scroll sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, waitDone, axeViolations, assertNoErrors, nativeJsonl } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const SMALL = { steps: 40, batch_size: 16, g_hidden: 32, d_hidden: '64,32,16' };
const HASH = '#lab=gan-mnist&steps=40&batch_size=16&g_hidden=32&d_hidden=64,32,16';

/** A canvas's pixels (grey: the red channel) and its size. */
const pixels = (page, id) => page.$eval(id, (c) => ({
  w: c.width, h: c.height,
  grey: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 0)),
}));

/** Per digit cell (28x28 at 2-pixel gaps): the spread of its grey levels (0: a flat cell, no drawing). */
function cellSpreads({ w, grey }, count, cols) {
  const out = [];
  for (let k = 0; k < count; k++) {
    const x0 = 2 + (k % cols) * 30, y0 = 2 + Math.floor(k / cols) * 30;
    let lo = 255, hi = 0;
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
      const v = grey[(y0 + y) * w + x0 + x];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    out.push(hi - lo);
  }
  return out;
}

/** Cell pixels not black (ink, for a generator in [-1, 1] drawn -1 → black). */
function inked({ w, grey }, count, cols) {
  let n = 0;
  for (let k = 0; k < count; k++) {
    const x0 = 2 + (k % cols) * 30, y0 = 2 + Math.floor(k / cols) * 30;
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) if (grey[(y0 + y) * w + x0 + x] > 40) n++;
  }
  return n;
}

test('GAN: trains in the Worker; the grid changes, the four metrics arrive, the gallery fills, the walk draws 10 digits', async () => {
  const { page, errors } = await open(env, HASH);
  await page.setViewportSize({ width: 1366, height: 768 });
  // the configure publish: the untrained generator's grid at step 0
  await page.waitForFunction(() => document.getElementById('gan-grid').dataset.step === '0');
  const early = await pixels(page, '#gan-grid');
  assert.deepEqual([early.w, early.h], [302, 302]);
  assert.ok(inked(early, 100, 10) > 10000, 'the untrained grid has ink (grey noise)');
  await page.waitForFunction(() => document.getElementById('gan-walk').dataset.digits === '10');
  assert.match(await page.textContent('#gan-convention'), /the lecture's epoch 10.*Keras' default Adam \(0\.001, beta_1 0\.9\).*Adam 0\.0002, beta_1 0\.5.*g_lr=0\.0002.*g_beta1=0\.5/s);
  assert.match(await page.textContent('#gan-epoch-size'), /^16$/, 'the lecture\'s epoch is batch_size steps');
  assert.equal(await page.textContent('#gan-epoch-example'), 'step 160 — the lecture\'s epoch 10');
  assert.deepEqual(await axeViolations(page), [], 'axe before training');
  await shot(page, 'gan-1-before-1366', { fullPage: false });

  await page.click('#train');
  assert.equal(await waitDone(page, 120_000), 'done');
  await page.waitForFunction(() => document.getElementById('gan-grid').dataset.step === '40');
  const end = await pixels(page, '#gan-grid');
  assert.ok(inked(end, 100, 10) > 5000, 'the trained grid has ink');
  let changed = 0;
  for (let i = 0; i < end.grey.length; i++) changed += Math.abs(end.grey[i] - early.grey[i]);
  assert.ok(changed / end.grey.length > 5, `the grid changed between step 0 and the end (mean |difference| ${(changed / end.grey.length).toFixed(2)})`);

  // the last report's four figures, as the native runner prints them (to 4 decimals)
  const rows = nativeJsonl('gan-mnist', SMALL);
  const last = rows.find((r) => r.json.step === 40 && !r.json.done).json;
  const text = await page.textContent('#gan-last');
  assert.match(text, /^Last report, step 40 \(the lecture's epoch 2\.5\): d_loss \d\.\d{4} · g_loss \d\.\d{4} · d_real \d\.\d{4} · d_fake \d\.\d{4}$/);
  for (const k of ['d_loss', 'g_loss', 'd_real', 'd_fake']) assert.ok(text.includes(`${k} ${last[k].toFixed(4)}`), `${k}: page "${text}", native ${last[k]}`);
  assert.match(await page.textContent('#gan-step'), /^step 40 — the lecture's epoch 2\.5 · 40 of 40 steps/);

  // the gallery: before training, the lecture's epoch 1 (step 16, the first grid after it), the end
  const count = await page.$eval('#gan-gallery-list', (e) => Number(e.dataset.count));
  assert.ok(count >= 2, `the gallery keeps grids (${count})`);
  assert.match(await page.textContent('#gan-scrub-label'), new RegExp(`^${count} of ${count}: step 40 — the lecture's epoch 2\\.5`));
  await page.focus('#gan-scrub');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => /^1 of \d+: step 0 — the lecture's epoch 0 \(before training\)$/.test(document.getElementById('gan-scrub-label').textContent));
  const first = await pixels(page, '#gan-gallery-grid');
  assert.deepEqual(first.grey, early.grey, 'the first snapshot is the untrained grid');
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.getElementById('gan-gallery-grid').dataset.step === '40');

  // the latent walk: 10 digits, each drawn; new endpoints draw another walk
  await page.waitForFunction(() => /step 40/.test(document.getElementById('gan-walk-note').textContent));
  const walk = await pixels(page, '#gan-walk');
  assert.deepEqual([walk.w, walk.h], [302, 32]);
  const spreads = cellSpreads(walk, 10, 10);
  assert.ok(spreads.every((s) => s > 20), `each of the 10 walk digits is drawn: spreads ${spreads}`);
  await page.click('#gan-walk-new');
  await page.waitForFunction(() => /^Endpoints #2, step 40/.test(document.getElementById('gan-walk-note').textContent));
  const walk2 = await pixels(page, '#gan-walk');
  assert.notDeepEqual(walk2.grey, walk.grey, 'new endpoints, another walk');

  await page.waitForTimeout(200);
  assert.deepEqual(await axeViolations(page), [], 'axe after training');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(100);
  for (const sel of ['#train', '#step', '#gan-grid', '#gan-chart canvas']) {   // one screen: the controls, the grid and the chart
    const b = await page.locator(sel).first().boundingBox();
    assert.ok(b && b.y >= 0 && b.y + b.height <= 768, `${sel} is not on the first screen: ${JSON.stringify(b)}`);
  }
  assert.match(await page.textContent('#gan-scrub-label'), /\(the first grid after the lecture's epoch 1 \(step 16\); the end\)$/);
  await shot(page, 'gan-2-trained-1366', { fullPage: false });
  await shot(page, 'gan-2-trained-full');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `the page is ${scroll} px wide in a ${width} px viewport`);
  await shot(page, 'gan-3-phone', { fullPage: false });
  await shot(page, 'gan-3-phone-full');
  await page.locator('#gan-scrub').scrollIntoViewIfNeeded();
  await shot(page, 'gan-3-phone-gallery', { fullPage: false });
  await page.locator('#gan-walk').scrollIntoViewIfNeeded();
  await shot(page, 'gan-3-phone-walk', { fullPage: false });
  assertNoErrors(errors);
  await page.close();
});

test('GAN: a long run shows its progress as it goes; a pause redraws the walk at the paused step', async () => {
  const { page, errors } = await open(env, '#lab=gan-mnist&steps=100000&batch_size=16&g_hidden=32&d_hidden=64,32,16');
  await page.click('#train');
  const grids = [];
  for (let i = 0; i < 3; i++) {
    const prev = grids.at(-1) ?? 0;
    await page.waitForFunction((p) => Number(document.getElementById('gan-grid').dataset.step) > p, prev, { timeout: 30_000 });
    grids.push(await page.$eval('#gan-grid', (c) => Number(c.dataset.step)));
  }
  assert.ok(grids[2] > grids[1] && grids[1] > grids[0], `the grid follows the run: ${grids}`);
  assert.match(await page.textContent('#gan-step'), /steps\/s/);
  await page.waitForFunction(() => Number(document.getElementById('gan-last').dataset.step) >= 128, null, { timeout: 60_000 });
  await page.click('#pause');
  await page.waitForFunction(() => document.body.dataset.status === 'paused');
  const at = await page.$eval('#step', (e) => Number(e.dataset.step));
  await page.waitForFunction((s) => document.getElementById('gan-walk-note').textContent.includes(`step ${s.toLocaleString('en')} `), at);
  assert.equal(await page.$eval('#gan-grid', (c) => Number(c.dataset.step)), at, 'the pause publishes the grid where it stopped');
  const count = await page.$eval('#gan-gallery-list', (e) => Number(e.dataset.count));
  assert.ok(count >= 3, `before training, epoch 1, the report at 128 (and more): ${count}`);
  await shot(page, 'gan-4-paused', { fullPage: false });
  assertNoErrors(errors);
  await page.close();
});

test('GAN: a generator that hardly learns (g_lr 1e-6) against a quick discriminator: the page says the discriminator is winning', async () => {
  const { page, errors } = await open(env, '#lab=gan-mnist&steps=512&batch_size=16&g_hidden=32&d_hidden=64,32,16&g_lr=0.000001&d_lr=0.001&d_beta1=0.9');
  assert.ok(await page.isHidden('#gan-dwin'));
  await page.click('#train');
  assert.equal(await waitDone(page, 120_000), 'done');
  await page.waitForFunction(() => !document.getElementById('gan-dwin').hidden);
  assert.match(await page.textContent('#gan-dwin'), /^The discriminator is winning: d_fake has stayed below 0\.05 for the last 4 reports/);
  assert.match(await page.textContent('#gan-last'), /step 512 .*d_fake 0\.0003$/);   // as the native runner prints it
  assertNoErrors(errors);
  await page.close();
});

test('GAN: Step D and Step G show each phase with the discriminator\'s verdicts; slow mode plays them; Train then ends where the native run does', async () => {
  const { page, errors } = await open(env, HASH);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.waitForFunction(() => document.getElementById('gan-grid').dataset.step === '0');
  assert.ok(await page.isDisabled('#gan-step-g'), 'the discriminator goes first');
  assert.match(await page.textContent('#gan-phase-next'), /Next: the discriminator's update \(Step D\)/);
  await page.click('#gan-step-d');
  await page.waitForFunction(() => document.getElementById('gan-judged').dataset.phase === 'discriminator');
  const dCells = await page.$$eval('#gan-judged figure', (fs) => fs.map((f) => ({ real: f.classList.contains('real'), text: f.textContent })));
  assert.equal(dCells.length, 16);
  assert.deepEqual(dCells.map((c) => c.real), [...Array(8).fill(true), ...Array(8).fill(false)], '8 reals, then 8 fakes');
  for (const c of dCells) assert.match(c.text, /^(real|fake) 0\.\d\d → 0\.\d\d$/);
  assert.match(await page.textContent('#gan-phase-summary'), /^Step 1, the discriminator's update: on these 8 real images it said 0\.\d\d \(now 0\.\d\d\) on average, on these 8 fakes 0\.\d\d \(now 0\.\d\d\)\. It is trained toward 0\.90 for reals and 0 for fakes/);
  assert.equal(await page.$eval('#step', (e) => e.dataset.step), '0', 'half a step is not a step');
  await page.waitForFunction(() => !document.getElementById('gan-step-g').disabled);
  assert.ok(await page.isDisabled('#gan-step-d'));
  assert.deepEqual(await axeViolations(page), [], 'axe with the judged images');
  await page.locator('#gan-phases-title').scrollIntoViewIfNeeded();
  await shot(page, 'gan-5-step-d', { fullPage: false });

  await page.click('#gan-step-g');
  await page.waitForFunction(() => document.getElementById('gan-judged').dataset.phase === 'generator');
  assert.equal(await page.$$eval('#gan-judged figure.fake', (fs) => fs.length), 8);
  assert.equal(await page.$$eval('#gan-judged figure.real', (fs) => fs.length), 0);
  assert.match(await page.textContent('#gan-phase-summary'), /^Step 1, the generator's update: the discriminator said 0\.\d\d \(now 0\.\d\d\) on average to its 8 fakes/);
  await page.waitForFunction(() => document.getElementById('step').dataset.step === '1');

  // slow mode: the phases play on their own, one after another
  await page.click('#gan-slow');
  assert.equal(await page.getAttribute('#gan-slow', 'aria-pressed'), 'true');
  await page.waitForFunction(() => document.getElementById('gan-judged').dataset.step === '2' &&
    document.getElementById('gan-judged').dataset.phase === 'generator', null, { timeout: 20_000 });
  await page.waitForFunction(() => document.getElementById('gan-judged').dataset.step === '3', null, { timeout: 20_000 });
  await page.click('#gan-slow');
  assert.equal(await page.getAttribute('#gan-slow', 'aria-pressed'), 'false');
  await shot(page, 'gan-6-slow', { fullPage: false });

  // Train finishes the step slow mode began and runs to the end: the native runner's figures
  await page.click('#train');
  assert.equal(await waitDone(page, 120_000), 'done');
  const last = nativeJsonl('gan-mnist', SMALL).find((r) => r.json.step === 40 && !r.json.done).json;
  const text = await page.textContent('#gan-last');
  for (const k of ['d_loss', 'g_loss', 'd_real', 'd_fake']) assert.ok(text.includes(`${k} ${last[k].toFixed(4)}`), `${k}: page "${text}", native ${last[k]}`);
  assert.ok(await page.isDisabled('#gan-step-d'), 'a finished run takes no more phases');
  assertNoErrors(errors);
  await page.close();
});
