// tests/page/engine-build.test.mjs: the opt-in relaxed-SIMD engine on both lab
// pages, served under a sub-path. A link with engine=relaxed runs it (the
// line says so), trains to the native runner's figures within tolerance and
// keeps the key in the share link; unticking "Fast math" restarts the worker
// on the bit-identical build with the same knobs, which then matches the
// native runner digit for digit; a browser that rejects the relaxed module
// gets the bit-identical build and a line saying why; a bad engine value is
// named in the link message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, assertNoErrors, nativeJsonl } from './helpers.mjs';

let env;
before(async () => { env = await launch({ prefix: '/sub/path/' }); });
after(async () => { await env?.close(); });

/** Opens mnist.html at `hash` in `ctx` and waits until the engine and data are loaded and the run configured. */
async function openMnist(ctx, hash) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') errors.push(`worker console: ${m.text()}`); }));
  await page.goto(`${env.server.url}mnist.html${hash}`);
  await waitReady(page);
  return { page, errors };
}

async function waitReady(page) {
  await page.waitForFunction(() => ['ready', 'failed'].includes(document.body.dataset.status) && document.getElementById('engine-build').dataset.build,
    null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.status), 'ready', await page.textContent('#error-banner'));
}

/** The running build as the page shows it: {build, text, fallback, checked}. */
async function engineLine(page) {
  return page.evaluate(() => {
    const line = document.getElementById('engine-build');
    return { build: line.dataset.build, text: line.textContent, fallback: line.classList.contains('engine-fallback'),
      checked: document.getElementById('engine-relaxed').checked };
  });
}

/** Switches the "Fast math" box and waits for the restarted worker's run to be configured. */
async function setFastMath(page, on, build) {
  if (on) await page.check('#engine-relaxed');
  else await page.uncheck('#engine-relaxed');
  await page.waitForFunction((b) => document.getElementById('engine-build').dataset.build === b && document.body.dataset.status === 'ready', build, { timeout: 60_000 });
}

async function trainMnist(page) {
  await page.click('#train');
  await page.waitForFunction(() => ['done', 'diverged'].includes(document.body.dataset.status), null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.status), 'done');
  return page.$eval('#test-result', (e) => ({ accuracy: e.dataset.testAccuracy, loss: e.dataset.testLoss }));
}

const knobs = { epochs: 1, train_limit: 2000 };
const native = () => {
  const done = nativeJsonl('mnist-mlp', knobs).at(-1);
  return { accuracy: done.line.match(/"test_accuracy":([^,}]+)/)[1], loss: done.line.match(/"test_loss":([^,}]+)/)[1] };
};

test('MNIST with engine=relaxed: relaxed SIMD runs, trains within tolerance of native, the link keeps the key; unticking restores the bit-identical build', async () => {
  const { page, errors } = await openMnist(env.ctx, '#lab=mnist-mlp&epochs=1&train_limit=2000&engine=relaxed');
  let line = await engineLine(page);
  assert.equal(line.build, 'relaxed-simd');
  assert.match(line.text, /relaxed SIMD .*not bit-identical to the native runner/);
  assert.equal(line.checked, true);
  assert.equal(line.fallback, false);
  assert.equal(await page.evaluate(() => location.hash), '#lab=mnist-mlp&epochs=1&train_limit=2000&engine=relaxed');
  const ref = native();
  const relaxed = await trainMnist(page);
  // The builds differ in the gemm's roundings only (fused multiply-add): a short run's figures
  // agree to ~1e-8 relative (tests/js/relaxed-simd.test.mjs); a test digit may flip.
  assert.ok(Math.abs(Number(relaxed.accuracy) - Number(ref.accuracy)) <= 0.002, `relaxed ${relaxed.accuracy}, native ${ref.accuracy}`);
  assert.ok(Math.abs(Number(relaxed.loss) - Number(ref.loss)) <= 1e-4 * Number(ref.loss), `relaxed ${relaxed.loss}, native ${ref.loss}`);
  assert.equal(await page.inputValue('#share-url'), `${env.server.url}index.html#lab=mnist-mlp&epochs=1&train_limit=2000&engine=relaxed`);
  await page.locator('.knob-panel').scrollIntoViewIfNeeded();
  await shot(page, 'engine-1-mnist-relaxed');

  // Untick: a new worker on the bit-identical build, the knobs kept, the key gone from the link.
  await setFastMath(page, false, 'simd128');
  line = await engineLine(page);
  assert.match(line.text, /bit-identical to the native runner/);
  assert.equal(line.checked, false);
  assert.equal(await page.inputValue('#knob-train_limit'), '2000');
  assert.equal(await page.inputValue('#knob-epochs'), '1');
  assert.equal(await page.evaluate(() => location.hash), '#lab=mnist-mlp&epochs=1&train_limit=2000');
  assert.equal(await page.inputValue('#share-url'), `${env.server.url}index.html#lab=mnist-mlp&epochs=1&train_limit=2000`);
  const exact = await trainMnist(page);
  assert.equal(exact.accuracy, ref.accuracy);
  assert.equal(exact.loss, ref.loss);

  // And back, with an edited knob: the edit survives the restart too.
  await page.fill('#knob-seed', '4');
  await page.press('#knob-seed', 'Enter');
  await page.waitForFunction(() => location.hash.includes('seed=4') && document.body.dataset.status === 'ready');
  await setFastMath(page, true, 'relaxed-simd');
  assert.equal(await page.inputValue('#knob-seed'), '4');
  assert.equal(await page.evaluate(() => location.hash), '#lab=mnist-mlp&epochs=1&seed=4&train_limit=2000&engine=relaxed');
  assertNoErrors(errors);
  await page.close();
});

test('a browser that rejects the relaxed module runs the bit-identical build and says so', async () => {
  const ctx = env.ctx;
  // What a browser without relaxed SIMD sees: bytes WebAssembly.validate refuses.
  const invalid = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0xfd, 0xff]);
  let served = 0;
  const route = (r) => { served++; return r.fulfill({ status: 200, body: invalid, contentType: 'application/wasm' }); };
  await ctx.route('**/engine-relaxed-*.wasm', route);
  try {
    const { page, errors } = await openMnist(ctx, '#lab=mnist-mlp&epochs=1&train_limit=2000&engine=relaxed');
    assert.ok(served > 0, 'the relaxed .wasm was not requested');
    const line = await engineLine(page);
    assert.equal(line.build, 'simd128');
    assert.equal(line.text, 'Relaxed SIMD not supported by this browser: running the bit-identical build.');
    assert.equal(line.fallback, true);
    assert.equal(line.checked, true);   // the user's choice stands (and stays in the link for other browsers)
    assert.equal(await page.evaluate(() => location.hash), '#lab=mnist-mlp&epochs=1&train_limit=2000&engine=relaxed');
    const r = await trainMnist(page);
    assert.equal(r.accuracy, native().accuracy);
    await page.locator('.knob-panel').scrollIntoViewIfNeeded();
    await shot(page, 'engine-2-mnist-fallback');
    assertNoErrors(errors);
    await page.close();
  } finally {
    await ctx.unroute('**/engine-relaxed-*.wasm', route);
  }
});

test('XOR page: engine=relaxed runs relaxed SIMD; switching restarts both workers and keeps the knobs', async () => {
  const { page, errors } = await open(env, '#lab=xor&alpha=10&hidden=8&engine=relaxed');
  await page.waitForFunction(() => document.getElementById('engine-build').dataset.build);
  assert.equal((await engineLine(page)).build, 'relaxed-simd');
  assert.equal(await page.evaluate(() => location.hash), '#lab=xor&lr=10&hidden=8&engine=relaxed');   // alpha: lr's older name
  await setFastMath(page, false, 'simd128');
  assert.equal(await page.inputValue('#knob-lr'), '10');
  assert.equal(await page.inputValue('#knob-hidden'), '8');
  assert.equal(await page.evaluate(() => location.hash), '#lab=xor&lr=10&hidden=8');
  await page.waitForFunction(() => !document.getElementById('sweep-run').disabled);   // the batch worker is back
  await setFastMath(page, true, 'relaxed-simd');
  assert.equal(await page.inputValue('#share-url'), `${env.server.url}index.html#lab=xor&lr=10&hidden=8&engine=relaxed`);
  await page.click('#train');
  await page.waitForFunction(() => document.body.dataset.status === 'done', null, { timeout: 60_000 });
  await shot(page, 'engine-3-xor-relaxed');
  assertNoErrors(errors);
  await page.close();
});

test('a link with an unknown engine names it and runs the default build; a pasted link with engine=relaxed switches', async () => {
  const { page, errors } = await open(env, '#lab=xor&hidden=8&engine=fast');
  const box = page.locator('#link-message');
  await box.waitFor({ state: 'visible' });
  assert.match(await box.textContent(), /engine: unknown build "fast" \(builds: default, relaxed\)/);
  await page.waitForFunction(() => document.getElementById('engine-build').dataset.build);
  assert.equal((await engineLine(page)).build, 'simd128');
  assert.equal(await page.evaluate(() => location.hash), '#lab=xor&hidden=8');
  // A new link in the address bar (hashchange) with the key: restart, then that link's knobs.
  await page.evaluate(() => { location.hash = '#lab=xor&hidden=16&alpha=100&engine=relaxed'; });
  await page.waitForFunction(() => document.getElementById('engine-build').dataset.build === 'relaxed-simd' && document.body.dataset.status === 'ready');
  await page.waitForFunction(() => document.getElementById('knob-hidden').value === '16');
  assert.equal(await page.inputValue('#knob-lr'), '100');
  assert.equal((await engineLine(page)).checked, true);
  assert.equal(await page.evaluate(() => location.hash), '#lab=xor&lr=100&hidden=16&engine=relaxed');
  assertNoErrors(errors);
  await page.close();
});
