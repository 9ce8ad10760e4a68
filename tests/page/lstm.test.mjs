// tests/page/lstm.test.mjs: the LSTM lab, built only on the platform: it
// trains in the Worker; the series is drawn with the training and test
// predictions over it and the split marked; the RMSE shown is the native
// runner's; the forecast past 1960 is drawn for the months asked, and a bad
// number of months is named and loses nothing; the previous run stays as a
// faded line until cleared; the gradient back through time has one bar per
// time step and keeps the LSTM's beside the plain RNN's; the versions are one
// click apart; the look_back control sets the knob; a phone does not scroll
// sideways; a stateful run redrawn as it trains ends where the native runner
// does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, waitDone, assertNoErrors, nativeJsonl } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const series = (page) => page.$eval('#lstm-series', (e) => ({ ...e.dataset }));

/** Pixels of the series chart's canvas close to the colour `hex` (its lines' ink). */
const ink = (page, hex) => page.$eval('#lstm-series canvas', (c, hex) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 60) n++;
  return n;
}, hex);

const legend = (page) => page.$$eval('#lstm-legend li', (els) => els.map((e) => e.textContent));

test('LSTM: trains in the Worker; predictions over the series, the split, the native RMSE, a 24-month forecast', async () => {
  const { page, errors } = await open(env, '#lab=lstm-airline&epochs=3');
  await page.setViewportSize({ width: 1366, height: 768 });
  // the configure publish: the 144 months and the untrained network's predictions
  await page.waitForFunction(() => document.getElementById('lstm-series').dataset.months === '144');
  assert.ok(await ink(page, '#111827') > 300, 'the passengers are drawn before training');
  assert.match(await page.textContent('#lstm-score'), /^Not trained yet/);
  assert.equal(await page.getAttribute('.lstm-version[data-preset="lstm-airline"]', 'aria-current'), 'true');
  await shot(page, 'lstm-1-before-1366', { fullPage: false });

  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  await page.waitForFunction(() => document.getElementById('lstm-score').dataset.testRmse !== undefined);
  const native = nativeJsonl('lstm-airline', { epochs: 3 }).at(-1).json;
  assert.equal(native.done, true);
  const score = await page.$eval('#lstm-score', (e) => ({ ...e.dataset, text: e.textContent }));
  assert.equal(score.trainRmse, native.train_rmse.toFixed(2), 'train RMSE: the native runner\'s');
  assert.equal(score.testRmse, native.test_rmse.toFixed(2), 'test RMSE: the native runner\'s');
  assert.ok(score.text.startsWith(`Train Score: ${native.train_rmse.toFixed(2)} RMSE · Test Score: ${native.test_rmse.toFixed(2)} RMSE`), score.text);
  // at the end: the trained network's predictions (step 270 = 3 epochs of 90 windows) and a 12-month forecast
  await page.waitForFunction(() => document.getElementById('lstm-series').dataset.forecastMonths === '12');
  assert.equal((await series(page)).step, '270');
  assert.ok(await ink(page, '#2563eb') > 200, 'the training predictions are drawn');
  assert.ok(await ink(page, '#ea580c') > 100, 'the test predictions are drawn');

  // 24 months ahead
  await page.fill('#lstm-ahead', '24');
  await page.click('#lstm-forecast');
  await page.waitForFunction(() => document.getElementById('lstm-series').dataset.forecastMonths === '24');
  assert.match(await page.textContent('#lstm-forecast-note'), /^Forecast: 24 months, January 1961 to December 1962/);
  assert.ok(await ink(page, '#9333ea') > 40, 'the forecast is drawn');
  assert.ok((await legend(page)).some((t) => /^forecast/.test(t)));
  for (const sel of ['#train', '#step', '#lstm-series canvas', '#lstm-score', '#lstm-forecast']) {   // one screen
    const b = await page.locator(sel).first().boundingBox();
    assert.ok(b && b.y >= 0 && b.y + b.height <= 768, `${sel} is not on the first screen: ${JSON.stringify(b)}`);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'lstm-2-trained-1366', { fullPage: false });
  await shot(page, 'lstm-2-trained-full');

  // a bad number of months is named; the forecast drawn stays
  for (const bad of ['0', '61', '2.5']) {
    await page.fill('#lstm-ahead', bad);
    await page.press('#lstm-ahead', 'Enter');
    assert.equal(await page.textContent('#lstm-ahead-error'),
      `Months ahead: must be a whole number from 1 to 60, got "${bad}". The chart keeps what it shows.`);
    assert.equal(await page.getAttribute('#lstm-ahead', 'aria-invalid'), 'true');
  }
  await page.waitForTimeout(200);
  assert.equal((await series(page)).forecastMonths, '24', 'the forecast drawn is kept');
  await page.fill('#lstm-ahead', '6');
  await page.click('#lstm-forecast');
  await page.waitForFunction(() => document.getElementById('lstm-series').dataset.forecastMonths === '6');
  assert.equal(await page.textContent('#lstm-ahead-error'), '');

  // another seed: the finished run stays as the faded comparison line, until cleared
  await page.fill('#knob-seed', '2');
  await page.press('#knob-seed', 'Enter');
  await page.waitForFunction(() => document.getElementById('lstm-series').dataset.previous === 'lstm-airline');
  await page.waitForFunction(() => location.hash === '#lab=lstm-airline&epochs=3&seed=2' && document.body.dataset.status === 'ready');
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  assert.ok((await legend(page)).some((t) => t === `previous run: lstm-airline, test months (Test Score ${native.test_rmse.toFixed(2)} RMSE)`),
    `legend: ${await legend(page)}`);
  assert.ok(await ink(page, '#2dd4bf') > 20, 'the previous run is drawn');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'lstm-2b-previous-1366', { fullPage: false });
  await page.click('#lstm-clear');
  await page.waitForFunction(() => document.getElementById('lstm-series').dataset.previous === '');
  assert.equal(await page.isHidden('#lstm-clear'), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lstm-forecast', 'the focus stays in the row');
  assertNoErrors(errors);
  await page.close();
});

test('LSTM: the gradient back through time, 5 steps, the LSTM beside the plain RNN; versions one click apart', async () => {
  const { page, errors } = await open(env, '#lab=lstm-airline-steps&epochs=1');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  await page.waitForFunction(() => document.getElementById('lstm-grad-lstm').dataset.t === '5');
  const lstm = await page.$eval('#lstm-grad-lstm', (c) => ({ ...c.dataset, label: c.getAttribute('aria-label') }));
  assert.deepEqual([lstm.layers, lstm.preset], ['1', 'lstm-airline-steps']);
  assert.match(lstm.label, /^LSTM: gradient norms per time step in lstm-airline-steps at step 90; layer 1, oldest to newest step: (\d\.\d\de-?\d+|[\d.]+)(, [^,]+){4}$/);
  assert.match(await page.textContent('#lstm-grad-note-lstm'), /^lstm-airline-steps, step 90: the oldest of 5 steps gets .+ of the newest step's gradient\.$/);
  assert.equal(await page.getAttribute('#lstm-grad-simple_rnn', 'data-t'), '0');

  // the plain RNN, one click away (the link is the preset), one epoch
  await page.click('.lstm-version[data-preset="rnn-airline"]');
  await page.waitForFunction(() => document.getElementById('preset').value === 'rnn-airline' && document.body.dataset.status === 'ready');
  assert.equal(await page.getAttribute('.lstm-version[data-preset="rnn-airline"]', 'aria-current'), 'true');
  assert.equal(await page.getAttribute('.lstm-version[data-preset="lstm-airline-steps"]', 'aria-current'), null);
  await page.fill('#knob-epochs', '1');
  await page.press('#knob-epochs', 'Enter');
  await page.waitForFunction(() => location.hash === '#lab=rnn-airline&epochs=1' && document.body.dataset.status === 'ready');
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  await page.waitForFunction(() => document.getElementById('lstm-grad-simple_rnn').dataset.t === '5');
  assert.equal(await page.getAttribute('#lstm-grad-simple_rnn', 'data-preset'), 'rnn-airline');
  assert.equal(await page.getAttribute('#lstm-grad-lstm', 'data-preset'), 'lstm-airline-steps', 'the LSTM\'s is kept beside it');
  // the finished LSTM run is the comparison line on the RNN's chart
  assert.equal((await series(page)).previous, 'lstm-airline-steps');
  const bars = await page.$eval('#lstm-grad-simple_rnn', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 80 && d[i + 1] < 140 && d[i + 2] > 200) n++;   // layer 1's blue
    return n;
  });
  assert.ok(bars > 500, `the RNN's bars are drawn (${bars} blue pixels)`);
  // the lecture's plain RNN, with a sigmoid: the gradient all but vanishes five months back
  await page.click('.lstm-version-list a[href="#lab=rnn-airline&rnn_activation=sigmoid"]');
  await page.waitForFunction(() => document.getElementById('knob-rnn_activation')?.value === 'sigmoid' && document.body.dataset.status === 'ready');
  await page.fill('#knob-epochs', '1');
  await page.press('#knob-epochs', 'Enter');
  await page.waitForFunction(() => location.hash === '#lab=rnn-airline&rnn_activation=sigmoid&epochs=1' && document.body.dataset.status === 'ready');
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  await page.waitForFunction(() => /^rnn-airline \(sigmoid\), step 90/.test(document.getElementById('lstm-grad-note-simple_rnn').textContent));
  const norms = (await page.getAttribute('#lstm-grad-simple_rnn', 'aria-label')).split(': ').at(-1).split(', ').map(Number);
  assert.equal(norms.length, 5);
  assert.ok(norms[0] / norms[4] < 0.05, `the sigmoid RNN's gradient fades back in time: ${norms}`);
  await page.locator('.lstm-grads').scrollIntoViewIfNeeded();
  await shot(page, 'lstm-3-gradients-1366', { fullPage: false });

  // version 1: the window is one time step
  await page.click('.lstm-version[data-preset="lstm-airline"]');
  await page.waitForFunction(() => document.getElementById('preset').value === 'lstm-airline' && document.body.dataset.status === 'ready');
  await page.fill('#knob-epochs', '1');
  await page.press('#knob-epochs', 'Enter');
  await page.waitForFunction(() => location.hash === '#lab=lstm-airline&epochs=1' && document.body.dataset.status === 'ready');
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  await page.waitForFunction(() => document.getElementById('lstm-grad-lstm').dataset.preset === 'lstm-airline');
  assert.equal(await page.getAttribute('#lstm-grad-lstm', 'data-t'), '1');
  assert.match(await page.textContent('#lstm-grad-note-lstm'), /went in as one time step/);
  assertNoErrors(errors);
  await page.close();
});

test('LSTM: the look_back control sets the knob and the link; a phone does not scroll sideways', async () => {
  const { page, errors } = await open(env, '#lab=lstm-airline-steps&units=16&epochs=2');
  await page.waitForFunction(() => document.getElementById('lstm-series').dataset.months === '144');
  assert.equal(await page.inputValue('#lstm-look-back'), '5');
  await page.focus('#lstm-look-back');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.hash === '#lab=lstm-airline-steps&look_back=6&units=16&epochs=2' && document.body.dataset.status === 'ready');
  assert.equal(await page.inputValue('#knob-look_back'), '6');
  assert.equal(await page.textContent('#lstm-look-back-value'), '6');
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  await page.waitForFunction(() => document.getElementById('lstm-score').dataset.testRmse !== undefined);
  const native = nativeJsonl('lstm-airline-steps', { look_back: 6, units: 16, epochs: 2 }).at(-1).json;
  assert.equal(await page.getAttribute('#lstm-score', 'data-test-rmse'), native.test_rmse.toFixed(2));
  assert.equal(await page.getAttribute('#lstm-series', 'data-step'), '178', '2 epochs of 89 windows of 6 months');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `the page is ${scroll} px wide in a ${width} px viewport`);
  const chart = await page.locator('#lstm-series canvas').first().boundingBox();
  assert.ok(chart && chart.x >= 0 && chart.x + chart.width <= 390, `the chart fits the phone: ${JSON.stringify(chart)}`);
  await shot(page, 'lstm-4-phone', { fullPage: false });
  await shot(page, 'lstm-4-phone-full');
  assertNoErrors(errors);
  await page.close();
});

// A stateful run carries its state from batch to batch; the forecast view, served mid-run, runs other
// windows through the same model, so the engine puts the carry back afterwards. Slowed down, the chart is
// redrawn many times during the run, and the run still ends where the native runner's does.
test('LSTM: a stateful run drawn while it trains ends where the native runner does', async () => {
  const { page, errors } = await open(env, '#lab=lstm-airline-stateful&look_back=6&epochs=2');
  await page.selectOption('#speed', '100');   // slow enough that the chart is redrawn mid-run
  await page.click('#train');
  await page.waitForFunction(() => { const s = Number(document.getElementById('lstm-series').dataset.step); return s > 0 && s < 178; });
  assert.equal(await waitDone(page), 'done');
  await page.waitForFunction(() => document.getElementById('lstm-score').dataset.testRmse !== undefined);
  const native = nativeJsonl('lstm-airline-stateful', { look_back: 6, epochs: 2 }).at(-1).json;
  assert.equal(await page.getAttribute('#lstm-score', 'data-train-rmse'), native.train_rmse.toFixed(2));
  assert.equal(await page.getAttribute('#lstm-score', 'data-test-rmse'), native.test_rmse.toFixed(2));
  assertNoErrors(errors);
  await page.close();
});
