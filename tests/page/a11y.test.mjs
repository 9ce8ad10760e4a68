// tests/page/a11y.test.mjs: every lab page (and the start page) is usable by
// everyone: axe-core finds no violations before and after training; on a
// 390-px-wide phone no page scrolls sideways; from the keyboard the skip link
// comes first and leads to Train, and focus is never dropped to the body.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, openMnist, shot, waitDone, axeViolations, assertNoErrors } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function noViolations(page, what) {
  const v = await axeViolations(page);
  assert.deepEqual(v, [], `${what}: axe-core found ${JSON.stringify(v, null, 1)}`);
}

/** The page is no wider than the viewport (nothing scrolls sideways). */
async function noSideways(page, what) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `${what}: the page is ${scroll} px wide in a ${width} px viewport`);
}

test('start page: no axe violations; no sideways scrolling on a phone', async () => {
  const page = await env.ctx.newPage();
  await page.goto(`${env.server.url}index.html`);
  await page.waitForFunction(() => document.querySelectorAll('#lab-cards .lab-card').length >= 2);
  await noViolations(page, 'start page');
  await page.setViewportSize({ width: 390, height: 844 });
  await noSideways(page, 'start page');
  await shot(page, 'a11y-1-start-390', { fullPage: false });
  await page.close();
});

test('XOR lab: no axe violations before and after training, at 1366x768 and on a phone', async () => {
  const { page, errors } = await open(env, '#lab=xor');
  await page.setViewportSize({ width: 1366, height: 768 });
  await noViolations(page, 'XOR before training');
  await page.click('#train');
  await waitDone(page);
  await page.click('#sweep-run');
  await page.waitForFunction(() => document.body.dataset.sweep === 'done', null, { timeout: 60_000 });
  await page.waitForTimeout(200);
  await noViolations(page, 'XOR after training');
  await shot(page, 'a11y-2-xor-1366', { fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await noSideways(page, 'XOR lab');
  await shot(page, 'a11y-3-xor-390', { fullPage: false });
  await shot(page, 'a11y-3-xor-390-full');
  assertNoErrors(errors);
  await page.close();
});

test('MNIST lab: no axe violations before and after training, at 1366x768 and on a phone', async () => {
  const { page, errors } = await openMnist(env, '#lab=mnist-mlp&epochs=1&train_limit=3000');
  await page.setViewportSize({ width: 1366, height: 768 });
  await noViolations(page, 'MNIST before training');
  await shot(page, 'a11y-4-mnist-1366-before', { fullPage: false });
  await page.click('#train');
  await waitDone(page);
  await page.waitForFunction(() => document.body.dataset.eval !== undefined);
  await page.waitForTimeout(200);
  await noViolations(page, 'MNIST after training');
  for (const sel of ['#train', '#step', '#loss-curve canvas']) {   // one screen: the controls and the main chart
    const b = await page.locator(sel).first().boundingBox();
    assert.ok(b && b.y >= 0 && b.y + b.height <= 768, `${sel} is not on the first screen: ${JSON.stringify(b)}`);
  }
  await shot(page, 'a11y-5-mnist-1366', { fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await noSideways(page, 'MNIST lab');
  await shot(page, 'a11y-6-mnist-390', { fullPage: false });
  await shot(page, 'a11y-6-mnist-390-full');
  assertNoErrors(errors);
  await page.close();
});

test('LSTM lab: no axe violations before and after training, at 1366x768 and on a phone', async () => {
  const { page, errors } = await open(env, '#lab=lstm-airline&epochs=3');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.waitForFunction(() => document.getElementById('lstm-series').dataset.months === '144');
  await noViolations(page, 'LSTM before training');
  await page.click('#train');
  await waitDone(page);
  await page.waitForFunction(() => document.getElementById('lstm-series').dataset.forecastMonths === '12');
  await page.fill('#lstm-ahead', '0');
  await page.click('#lstm-forecast');   // the error message and the invalid field are checked too
  await page.waitForTimeout(300);
  await noViolations(page, 'LSTM after training');
  for (const sel of ['#train', '#step', '#lstm-series canvas', '#lstm-score']) {   // one screen: the controls and the main chart
    const b = await page.locator(sel).first().boundingBox();
    assert.ok(b && b.y >= 0 && b.y + b.height <= 768, `${sel} is not on the first screen: ${JSON.stringify(b)}`);
  }
  await shot(page, 'a11y-11-lstm-1366', { fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await noSideways(page, 'LSTM lab');
  await shot(page, 'a11y-12-lstm-390-full');
  assertNoErrors(errors);
  await page.close();
});

test('CNN lab: no axe violations before and after training, at 1366x768 and on a phone', async () => {
  const { page, errors } = await open(env, '#lab=mnist-cnn-book&epochs=1&train_limit=300');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.waitForFunction(() => document.getElementById('cnn-kernels').dataset.filters === '20');
  await noViolations(page, 'CNN before training');
  await page.click('#train');
  await waitDone(page, 120_000);
  await page.waitForFunction(() => document.getElementById('cnn-predicted').dataset.predicted !== undefined);
  await page.fill('#cnn-index', '-1');
  await page.press('#cnn-index', 'Enter');   // the error message and the invalid field are checked too
  await page.waitForTimeout(300);
  await noViolations(page, 'CNN after training');
  for (const sel of ['#train', '#step', '#cnn-loss canvas']) {   // one screen: the controls and the main chart
    const b = await page.locator(sel).first().boundingBox();
    assert.ok(b && b.y >= 0 && b.y + b.height <= 768, `${sel} is not on the first screen: ${JSON.stringify(b)}`);
  }
  await shot(page, 'a11y-15-cnn-1366', { fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await noSideways(page, 'CNN lab');
  await shot(page, 'a11y-16-cnn-390-full');
  assertNoErrors(errors);
  await page.close();
});

test('autoencoder lab: no axe violations before and after training, at 1366x768 and on a phone', async () => {
  const { page, errors } = await open(env, '#lab=autoencoder&epochs=20');
  await page.setViewportSize({ width: 1366, height: 768 });
  await noViolations(page, 'autoencoder before training');
  await page.click('#train');
  await waitDone(page);
  await page.waitForTimeout(300);
  await noViolations(page, 'autoencoder after training');
  await shot(page, 'a11y-7-autoencoder-1366', { fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await noSideways(page, 'autoencoder lab');
  await shot(page, 'a11y-8-autoencoder-390-full');
  assertNoErrors(errors);
  await page.close();
});

test('GAN lab: no axe violations before and after training, at 1366x768 and on a phone', async () => {
  const { page, errors } = await open(env, '#lab=gan-mnist&steps=40&batch_size=16&g_hidden=32&d_hidden=64,32,16');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.waitForFunction(() => document.getElementById('gan-grid').dataset.step === '0');
  await noViolations(page, 'GAN before training');
  await page.click('#train');
  await waitDone(page);
  await page.waitForFunction(() => document.getElementById('gan-walk').dataset.digits === '10');
  await page.waitForTimeout(300);
  await noViolations(page, 'GAN after training');
  await shot(page, 'a11y-9-gan-1366', { fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await noSideways(page, 'GAN lab');
  await shot(page, 'a11y-10-gan-390-full');
  assertNoErrors(errors);
  await page.close();
});

test('universality lab: no axe violations before and after training, at 1366x768 and on a phone', async () => {
  const { page, errors } = await open(env, '#lab=universality&iterations=3000');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.waitForFunction(() => document.getElementById('uv-mae').dataset.mae !== undefined);
  await noViolations(page, 'universality before training');
  await page.click('#uv-clear');   // the empty pad's message is checked too
  await noViolations(page, 'universality with an empty pad');
  await page.click('.uv-buttons [data-curve="wave"]');
  await page.waitForFunction(() => location.hash.includes('curve=wave') && document.body.dataset.status === 'ready');
  await page.click('#train');
  await waitDone(page);
  await page.waitForTimeout(300);
  await noViolations(page, 'universality after training');
  await shot(page, 'a11y-13-universality-1366', { fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await noSideways(page, 'universality lab');
  await shot(page, 'a11y-14-universality-390-full');
  assertNoErrors(errors);
  await page.close();
});

test('keyboard: the skip link first, Train a Tab or two later; focus stays on the controls through a run', async () => {
  const { page, errors } = await open(env, '#lab=xor&iterations=20000');
  await page.focus('body');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'train');
  await page.keyboard.press('Space');
  await waitDone(page);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'train', 'focus stayed on Train through the run');
  // without the skip link: Train within a few Tabs of the top
  await page.focus('body');
  let tabs = 0;
  while (tabs < 8 && (await page.evaluate(() => document.activeElement.id)) !== 'train') { await page.keyboard.press('Tab'); tabs++; }
  assert.ok(tabs < 8, 'Train within 8 Tabs');
  // Pause from the keyboard: the button says it does nothing now, and keeps the focus
  await page.fill('#knob-iterations', '5000000');
  await page.press('#knob-iterations', 'Enter');
  await page.waitForFunction(() => location.hash.includes('iterations=5000000') && document.body.dataset.status === 'ready');
  await page.focus('#train');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset.status === 'running');
  await page.focus('#pause');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset.status === 'paused');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pause');
  assertNoErrors(errors);
  await page.close();
});

test('lessons: the lesson panel (open, a teacher\'s text, a met challenge) and the "share as a lesson" dialog have no axe violations', async () => {
  const { page, errors } = await open(env, '#lab=xor&iterations=10000&lesson=Read%20the%20curve.&lock=lr&hide=seed');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.click('#lesson summary');
  await page.click('#train');
  await waitDone(page);
  await page.waitForSelector('#lesson li.challenge.met');
  await noViolations(page, 'lesson panel');
  await page.click('#share-lesson');
  await page.waitForSelector('#lesson-dialog[open]');
  await noViolations(page, 'lesson dialog');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  await noSideways(page, 'XOR lesson');
  assertNoErrors(errors);
  await page.close();
});
