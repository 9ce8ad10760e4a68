// tests/page/offline.test.mjs: offline and light (issue 16). MNIST travels
// gzip-compressed, about a fifth of its bytes, and is unpacked in the page
// with progress; a second lab on the same data downloads nothing; after one
// visit the service worker (web/src/sw.ts) serves the app and both engine
// builds, so with the network off every lab opens and trains a step; a new
// build is taken on the next visit, never mid-lesson; a damaged compressed
// file is refused naming the file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, open, openMnist, shot, assertNoErrors, dist, repo } from './helpers.mjs';

const MNIST = ['mnist-train.bin', 'mnist-test.bin'];

let env;
before(async () => {
  for (const f of MNIST) {
    if (!fs.existsSync(path.join(dist, 'data', `${f}.gz`))) throw new Error(`web/dist/data/${f}.gz is missing: build the page`);
  }
  env = await launch({ serviceWorkers: 'allow' });
});
after(async () => { await env?.close(); });

/** Every response under data/ in the context: [{file, bytes}] (bytes as they came over the wire). */
function watchData(ctx) {
  const seen = [];
  const onFinished = async (req) => {
    if (!req.url().includes('/data/')) return;
    const sizes = await req.sizes();
    seen.push({ file: path.basename(new URL(req.url()).pathname), bytes: sizes.responseBodySize });
  };
  ctx.on('requestfinished', onFinished);
  return { seen, stop: () => ctx.off('requestfinished', onFinished) };
}

/** Records every text the loading card shows, in window.loadingTexts (an init script for open()). */
function recordLoadingTexts() {
  window.loadingTexts = [];
  document.addEventListener('DOMContentLoaded', () => {
    const t = document.getElementById('loading-text');
    new MutationObserver(() => window.loadingTexts.push(t.textContent)).observe(t, { childList: true, characterData: true, subtree: true });
  });
}

async function ready(page) {
  assert.equal(await page.evaluate(() => document.body.dataset.status), 'ready', await page.textContent('#error-banner'));
}

async function stepOnce(page) {
  await page.click('#step-once');
  await page.waitForFunction(() => Number(document.getElementById('step').dataset.step) >= 1, null, { timeout: 60_000 });
}

test('MNIST travels gzip-compressed: about a fifth of the bytes, unpacked with progress in the page', async () => {
  const today = MNIST.reduce((n, f) => n + fs.statSync(path.join(repo, 'build/data', f)).size, 0);   // 54,950,112
  const data = watchData(env.ctx);
  const { page, errors } = await open(env, '#lab=mnist-mlp', { init: recordLoadingTexts });
  data.stop();
  await ready(page);
  assert.deepEqual(data.seen.map((s) => s.file).sort(), MNIST.map((f) => `${f}.gz`).sort());
  const sent = data.seen.reduce((n, s) => n + s.bytes, 0);
  const onDisk = MNIST.reduce((n, f) => n + fs.statSync(path.join(dist, 'data', `${f}.gz`)).size, 0);
  assert.equal(sent, onDisk, 'the bytes transferred are the .gz files');
  assert.ok(sent <= 0.21 * today, `MNIST took ${sent} bytes, ${(100 * sent / today).toFixed(1)} % of the ${today} uncompressed`);
  console.log(`# MNIST transferred: ${sent} bytes (${(100 * sent / today).toFixed(1)} % of ${today})`);
  const texts = await page.evaluate(() => window.loadingTexts);
  assert.ok(texts.some((t) => /^Downloading mnist-train\.bin … \d+ % \(\d+\.\d of 9\.6 MB\)$/.test(t)), texts.join('\n'));
  assert.ok(texts.some((t) => /^Unpacking mnist-train\.bin … 100 %$/.test(t)), texts.join('\n'));
  await stepOnce(page);
  assertNoErrors(errors);
  await page.close();
});

test('a second lab on the same data (the GAN, then CNN) downloads nothing', async () => {
  const data = watchData(env.ctx);
  const { page, errors } = await open(env, '#lab=gan-mnist');
  await ready(page);
  assert.match(await page.textContent('#loading-text'), /mnist-train\.bin from the browser's cache/);
  // and within one page: switching to another lab on MNIST reuses what the worker holds
  const cnn = await page.evaluate(() => [...document.querySelectorAll('#lab-nav a')].some((a) => a.textContent === 'CNN'));
  if (cnn) {
    await page.evaluate(() => { location.hash = '#lab=mnist-cnn'; });
    await page.waitForFunction(() => document.body.dataset.lab === 'cnn' && document.body.dataset.status === 'ready', null, { timeout: 60_000 });
  }
  data.stop();
  assert.deepEqual(data.seen, []);
  assertNoErrors(errors);
  await page.close();
});

test('the GAN, then MNIST from the lab picker: MNIST gets its digits without a second download and trains', async () => {
  const fresh = await launch();   // an empty cache: each file is downloaded exactly once in this page
  try {
    const data = watchData(fresh.ctx);
    const { page, errors } = await open(fresh, '#lab=gan-mnist');
    await ready(page);
    await page.click('#lab-nav a:text-is("MNIST")');
    await page.waitForFunction(() => document.body.dataset.lab === 'mnist' && document.body.dataset.status === 'ready', null, { timeout: 60_000 });
    // the training digits come from the worker's copy of mnist-train.bin (the GAN's download), not from a second one
    await page.waitForFunction(() => document.querySelectorAll('#train-digits canvas, #train-digits img, #train-digits .digit').length > 0, null, { timeout: 30_000 });
    assert.equal(await page.isEnabled('#more-digits'), true, 'the training digits are shown');
    await page.fill('#knob-epochs', '1');
    await page.fill('#knob-train_limit', '2000');
    await page.press('#knob-train_limit', 'Tab');   // the edit applies on leaving the field: a new run with these knobs
    await page.waitForFunction(() => /epochs=1&train_limit=2000/.test(location.hash) && document.body.dataset.status === 'ready', null, { timeout: 30_000 });
    await page.click('#train');
    await page.waitForFunction(() => ['done', 'diverged', 'failed'].includes(document.body.dataset.status), null, { timeout: 60_000 });
    assert.equal(await page.evaluate(() => document.body.dataset.status), 'done', await page.textContent('#error-banner'));
    const accuracy = Number(await page.$eval('#test-result', (e) => e.dataset.testAccuracy));
    assert.ok(accuracy > 0.5, `test accuracy ${accuracy} after 2,000 images: well above chance (0.1)`);
    await shot(page, 'offline-gan-then-mnist');
    data.stop();
    assert.deepEqual(data.seen.map((s) => s.file).sort(), MNIST.map((f) => `${f}.gz`).sort(), 'each MNIST file downloaded once');
    assertNoErrors(errors);
    await page.close();
  } finally {
    await fresh.close();
  }
});

test('after one visit, with the network off, every lab opens and trains a step', async () => {
  // The visit, online: the MNIST lab, then the LSTM lab (the airline series) in the same tab. Every
  // other lab trains on no file or on MNIST.
  const first = await open(env, '#lab=mnist-mlp');
  await ready(first.page);
  await first.page.evaluate(() => { location.hash = '#lab=lstm-airline'; });
  await first.page.waitForFunction(() => document.body.dataset.lab === 'lstm' && document.body.dataset.status === 'ready', null, { timeout: 60_000 });
  await first.page.evaluate(() => navigator.serviceWorker.ready);
  const labs = await first.page.$$eval('#lab-nav a[href^="#lab="]', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(labs.length >= 5, labs.join(' '));
  await first.page.close();
  await env.ctx.setOffline(true);
  try {
    for (const hash of labs) {
      const { page, errors } = await open(env, hash);
      await ready(page);
      assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), `${hash}: served by the service worker`);
      await stepOnce(page);
      await shot(page, `offline-${hash.slice(5)}`, { fullPage: false });
      assertNoErrors(errors);
      // what the service worker does not keep really is out of reach (the browser logs the failure)
      assert.equal(await page.evaluate(() => fetch('sw.js?probe').then(() => 'online', () => 'offline')), 'offline');
      await page.close();
    }
    // the relaxed-SIMD build was kept too
    const { page, errors } = await open(env, '#lab=xor&engine=relaxed');
    await ready(page);
    await page.waitForFunction(() => document.getElementById('engine-build').dataset.build);
    assert.equal(await page.$eval('#engine-build', (e) => e.dataset.build), 'relaxed-simd');
    await stepOnce(page);
    assertNoErrors(errors);
    await page.close();
  } finally {
    await env.ctx.setOffline(false);
  }
});

test('a damaged compressed file is refused with a message naming it', async () => {
  const good = fs.readFileSync(path.join(dist, 'data', 'mnist-test.bin.gz'));
  const flipped = Buffer.from(good);
  flipped[flipped.length >> 1] ^= 0x10;
  for (const [what, body] of [['cut short', good.subarray(0, good.length >> 1)], ['one bit flipped', flipped]]) {
    const fresh = await launch();   // an empty cache
    try {
      await fresh.ctx.route('**/data/mnist-test.bin.gz', (route) => route.fulfill({ status: 200, body, contentType: 'application/octet-stream' }));
      const { page } = await openMnist(fresh, '#lab=mnist-mlp');
      assert.equal(await page.evaluate(() => document.body.dataset.status), 'failed', what);
      const banner = await page.textContent('#error-banner');
      assert.match(banner, /mnist-test\.bin: damaged download/, `${what}: ${banner}`);
      assert.ok(!(await page.evaluate(() => caches.keys().then((ks) => Promise.all(ks.map((k) => caches.open(k).then((c) => c.keys())))).then((l) => l.flat().map((r) => r.url)))).some((u) => u.endsWith('mnist-test.bin.gz')),
        `${what}: the damaged file is not kept`);
      if (what === 'cut short') await shot(page, 'offline-damaged-download');
    } finally {
      await fresh.close();
    }
  }
});

test('a new build is taken on the next visit, never during this one', async () => {
  // A copy of the site to change under the open page (the data is not needed: the XOR lab).
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'site-'));
  fs.cpSync(dist, root, { recursive: true, filter: (src) => !src.includes(`${path.sep}data`) });
  const own = await launch({ root, serviceWorkers: 'allow' });
  try {
    const buildOf = (page) => page.evaluate(() => document.querySelector('meta[name="synapse-build"]')?.content ?? 'old');
    const a = await open(own, '#lab=xor');
    await ready(a.page);
    await a.page.evaluate(() => navigator.serviceWorker.ready);
    // The next build: another page and another sw.js.
    const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
    fs.writeFileSync(path.join(root, 'index.html'), html.replace('<head>', '<head>\n<meta name="synapse-build" content="new">'));
    const sw = fs.readFileSync(path.join(root, 'sw.js'), 'utf8');
    fs.writeFileSync(path.join(root, 'sw.js'), sw.replace(/"version":"([0-9a-f]+)"/, '"version":"$1-new"'));
    await a.page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg.update();
    });
    await a.page.waitForFunction(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting, null, { timeout: 30_000, polling: 200 });
    // Mid-lesson: the open page and a second tab opened now still run the old build.
    const b = await open(own, '#lab=xor');
    await ready(b.page);
    assert.equal(await buildOf(b.page), 'old');
    await stepOnce(b.page);
    await b.page.close();
    await a.page.close();
    // Every tab closed: the waiting build activates (the browser does that a moment after the
    // last tab closes; a visit in that moment may still get the old one), the old copy is gone,
    // and the next visit runs the new build.
    const probe = await open(own, '#lab=xor');
    await probe.page.waitForFunction(async () => {
      const keys = (await caches.keys()).filter((k) => k.startsWith('synapse-app-'));
      return keys.length === 1 && keys[0].endsWith('-new');
    }, null, { timeout: 30_000, polling: 200 });
    await probe.page.close();
    const c = await open(own, '#lab=xor');
    await ready(c.page);
    assert.equal(await buildOf(c.page), 'new');
    assert.deepEqual((await c.page.evaluate(() => caches.keys())).filter((k) => k.startsWith('synapse-app-')).map((k) => k.endsWith('-new')), [true]);
    assertNoErrors([...a.errors, ...b.errors, ...probe.errors, ...c.errors]);
    await c.page.close();
  } finally {
    await own.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
