// bench/data-load.mjs: what the MNIST lab costs to open (issue 16, offline
// and light). The bytes of MNIST uncompressed (what the page downloaded before
// the data travelled gzip-compressed) and as the page downloads them now, and
// in headless Chromium with the service worker on: the time from navigation to
// the first trained step on a cold visit (a new profile: the app, the engine
// and 11 MB of data from the local server, then unpacked) and on a warm one
// (the same profile: everything from the browser's caches), with the time the
// page spends unpacking. Served from localhost, so the network costs almost
// nothing here; on a classroom's shared Wi-Fi the bytes are what count.
//   node bench/data-load.mjs [--dist DIR] [reps]      (default: web/dist, 3)
// --dist measures another built page (an older tree: its data as it served it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { median } from './machine.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const defaultDist = path.join(root, 'web/dist');
const FILES = ['mnist-train.bin', 'mnist-test.bin'];
const HASH = '#lab=mnist-mlp';

async function browser() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 1000 }, serviceWorkers: 'allow',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { ctx, close: async () => { await ctx.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** One visit: ms to the lab's `ready` and to its first trained step, ms spent unpacking, bytes of data over the wire. */
async function visit(ctx, url) {
  let bytes = 0;
  let all = 0;
  const onDone = async (req) => {
    const n = Math.max(0, (await req.sizes()).responseBodySize);   // -1: answered by the service worker, nothing sent
    all += n;
    if (req.url().includes('/data/')) bytes += n;
  };
  ctx.on('requestfinished', onDone);
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    window.unpack = [];
    document.addEventListener('DOMContentLoaded', () => {
      const t = document.getElementById('loading-text');
      new MutationObserver(() => { if (t.textContent.startsWith('Unpacking')) window.unpack.push([performance.now(), t.textContent]); })
        .observe(t, { childList: true, characterData: true, subtree: true });
    });
  });
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.status === 'ready' && document.body.dataset.lab === 'mnist', null, { timeout: 120_000 });
  const ready = Date.now() - t0;
  await page.click('#step-once');
  await page.waitForFunction(() => Number(document.getElementById('step').dataset.step) >= 1, null, { timeout: 60_000 });
  const step = Date.now() - t0;
  if (await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration()))) {
    await page.evaluate(() => navigator.serviceWorker.ready);   // its copies of the app counted with the visit
  }
  const marks = await page.evaluate(() => window.unpack);
  let unpack = 0;   // per file: the first "Unpacking NAME" to its "… 100 %"
  for (const f of FILES) {
    const mine = marks.filter(([, text]) => text.includes(f));
    if (mine.length) unpack += mine.at(-1)[0] - mine[0][0];
  }
  await page.close();
  ctx.off('requestfinished', onDone);
  await new Promise((r) => setTimeout(r, 200));   // the last sizes() replies
  return { ready_ms: ready, first_step_ms: step, unpack_ms: Math.round(unpack), data_bytes: bytes, all_bytes: all };
}

export async function benchDataLoad({ reps = 3, dist = defaultDist } = {}) {
  const raw = FILES.reduce((n, f) => n + fs.statSync(path.join(root, 'build/data', f)).size, 0);
  const gzPath = (f) => path.join(dist, 'data', `${f}.gz`);
  const gz = FILES.every((f) => fs.existsSync(gzPath(f))) ? FILES.reduce((n, f) => n + fs.statSync(gzPath(f)).size, 0) : NaN;
  const server = await startServer({ root: dist, port: 0 });
  const cold = [];
  const warm = [];
  try {
    for (let i = 0; i < reps; i++) {
      const b = await browser();
      try {
        cold.push(await visit(b.ctx, `${server.url}index.html${HASH}`));
        warm.push(await visit(b.ctx, `${server.url}index.html${HASH}`));
      } finally {
        await b.close();
      }
    }
  } finally {
    await server.close();
  }
  const med = (runs) => Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));
  return { uncompressed_bytes: raw, compressed_bytes: gz, ratio: gz / raw, cold: med(cold), warm: med(warm), reps };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--dist');
  const dist = at >= 0 ? path.resolve(args.splice(at, 2)[1]) : defaultDist;
  const r = await benchDataLoad({ reps: Number(args[0] ?? 3), dist });
  console.log(`page: ${dist}`);
  const packed = Number.isFinite(r.compressed_bytes) ? `${r.compressed_bytes} gzip-compressed (${(100 * r.ratio).toFixed(1)} %)` : 'no .gz copies in this page';
  console.log(`MNIST data: ${r.uncompressed_bytes} bytes uncompressed, ${packed}`);
  console.log(`median of ${r.reps}     ready ms   first step ms   unpacking ms   data bytes   all bytes (the service worker's included)`);
  for (const k of ['cold', 'warm']) {
    const v = r[k];
    console.log(`  ${k.padEnd(14)} ${String(v.ready_ms).padStart(8)}   ${String(v.first_step_ms).padStart(13)}   ${String(v.unpack_ms).padStart(12)}   ${String(v.data_bytes).padStart(10)}   ${v.all_bytes}`);
  }
}
