// tests/page/diverging.test.mjs: a loss that stays finite but explodes far
// above its start (engine/train/divergence.h) is a warning on the page, in
// words, in the bar's status and above the charts, and the run ends as
// diverging, not done (web/src/shell/run-end.ts). MNIST with Adam and lr = 100
// on 1,000 examples goes from 2.3 to ~1e10 at once; the native runner says at
// which step and to what, and the page must say the same. A healthy run shows
// no warning, and a reset or a new run clears it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { launch, openMnist, shot, waitDone, axeViolations, assertNoErrors, native } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const KNOBS = { optimizer: 'adam', lr: 100, train_limit: 1000, epochs: 1 };
const HASH = '#lab=mnist-mlp&epochs=1&train_limit=1000&optimizer=adam&lr=100';

/** The page's loss figures: three significant digits, "7.6e9" from 10,000 up (run-end.ts). */
const lossText = (v) => (Math.abs(v) >= 1e4 ? v.toExponential(1).replace('e+', 'e') : v.toPrecision(3));

test('MNIST, Adam, lr = 100: the page warns as soon as the loss explodes, and the run ends diverging, not done', async () => {
  // the native runner: `"diverging":true` on its last line, exit code 3
  const args = ['run', 'mnist-mlp', ...Object.entries(KNOBS).flatMap(([k, v]) => ['--set', `${k}=${v}`]), '--format', 'jsonl'];
  const cli = spawnSync(native, args, { encoding: 'utf8' });
  assert.equal(cli.status, 3, cli.stderr);
  const end = JSON.parse(cli.stdout.trim().split('\n').at(-1));
  assert.equal(end.diverging, true, JSON.stringify(end));

  const { page, errors } = await openMnist(env, HASH);
  await page.setViewportSize({ width: 1366, height: 768 });
  const banner = page.locator('#divergence');
  assert.ok(await banner.isHidden());
  // step by step: the warning comes with the step the loss exploded at, while the run can still go on
  for (let i = 0; i <= end.diverging_step; i++) await page.click('#step-once');
  await banner.waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.body.dataset.status), 'paused');
  const text = await banner.textContent();
  const m = text.match(/^Diverging: the loss went from (\S+) to (\S+) by step (\d+) — lr = 100 is likely too large: try a smaller learning rate\.$/);
  assert.ok(m, text);
  assert.equal(m[2], lossText(end.diverging_loss));
  assert.equal(Number(m[3]), end.diverging_step);
  assert.ok(Math.abs(Number(m[1]) - Math.log(10)) < 0.3, `the first loss ${m[1]} is not near ln 10`);
  assert.equal(await banner.getAttribute('data-kind'), 'diverging');
  assert.match(await page.textContent('#status'), new RegExp(`^paused at step \\d+ \\(diverging since step ${end.diverging_step}\\)$`));
  await shot(page, 'diverging-1-warning-1366', { fullPage: false });

  // to the end: diverging, not done; the warning stays, the status says how it ended
  await page.click('#train');
  assert.equal(await waitDone(page), 'diverging');
  assert.equal(await banner.textContent(), text);
  assert.equal(await page.textContent('#status'), `diverging (loss ${lossText(end.diverging_loss)} at step ${end.diverging_step})`);
  assert.equal(await page.textContent('#train'), 'Train again');
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'diverging-2-ended-1366', { fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `the page is ${scroll} px wide in a ${width} px viewport`);
  await shot(page, 'diverging-3-ended-390', { fullPage: false });
  await page.setViewportSize({ width: 1366, height: 768 });

  // reset: a new run, no warning
  await page.click('#reset');
  await page.waitForFunction(() => document.body.dataset.status === 'ready');
  assert.ok(await banner.isHidden());
  assert.doesNotMatch(await page.textContent('#status'), /diverging/);
  // Train again after a diverging end: the warning comes back with the run, and goes with the next one
  await page.click('#train');
  assert.equal(await waitDone(page), 'diverging');
  assert.ok(await banner.isVisible());
  const runId = await page.evaluate(() => document.body.dataset.runId);
  await page.click('#train');   // "Train again"
  await page.waitForFunction((id) => document.body.dataset.runId !== id, runId);
  assert.equal(await waitDone(page), 'diverging');
  assert.equal(await banner.textContent(), text);   // the same run again: the same warning, once
  assertNoErrors(errors);
  await page.close();
});

test('a healthy run (the same with lr = 0.001) shows no warning and ends done', async () => {
  const { page, errors } = await openMnist(env, HASH.replace('lr=100', 'lr=0.001'));
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  assert.ok(await page.locator('#divergence').isHidden());
  assert.match(await page.textContent('#status'), /^done in /);
  // a diverging run, then an edit back to a healthy rate: the new run clears the warning
  await page.fill('#knob-lr', '100');
  await page.press('#knob-lr', 'Enter');
  await page.waitForFunction(() => document.body.dataset.status === 'ready' && location.hash.includes('lr=100'));
  await page.click('#train');
  assert.equal(await waitDone(page), 'diverging');
  assert.ok(await page.locator('#divergence').isVisible());
  await page.fill('#knob-lr', '0.001');
  await page.press('#knob-lr', 'Enter');
  await page.waitForFunction(() => document.body.dataset.status === 'ready' && !location.hash.includes('lr='));
  assert.ok(await page.locator('#divergence').isHidden());
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  assert.ok(await page.locator('#divergence').isHidden());
  assertNoErrors(errors);
  await page.close();
});
