// bench/page-xor.mjs: the XOR lab inside the page's Worker in headless
// Chromium: iterations per second (press Train, wait for done) and the
// longest main-thread task meanwhile, against the native runner on the same
// run in the same invocation. The tree is a parameter: `dist` (a built
// web/dist; its index.html#lab=xor is the XOR lab, Train is #train) and
// `native` (a synapse binary), so one script measures two trees
// (bench/platform-cost.mjs). Alone:
//   node bench/page-xor.mjs [--dist DIR] [--native BIN] [reps]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { open, waitDone } from '../tests/page/helpers.mjs';
import { median } from './machine.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
export const defaultTree = { dist: path.join(root, 'web/dist'), native: path.join(root, 'build/native/synapse') };

/** Headless Chromium as tests/page/helpers.mjs launches it: {ctx, close()}. */
export async function launchBrowser() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { ctx, close: async () => { await ctx.close(); fs.rmSync(userDataDir, { recursive: true, force: true }); } };
}

/** Serves one tree's built page to `ctx`: the env that open() and pageRun() take ({server, ctx, close()}). */
export async function servePage(ctx, dist) {
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: build the page first`);
  const server = await startServer({ root: dist, port: 0 });
  return { server, ctx, close: () => server.close() };
}

/** Seconds for `synapse run xor --set k=v ... --format jsonl`, one process (start included). */
export function nativeSeconds(native, knobs) {
  const args = ['run', 'xor', '--format', 'jsonl'];
  for (const [k, v] of Object.entries(knobs)) args.push('--set', `${k}=${v}`);
  const t0 = performance.now();
  const r = spawnSync(native, args);
  if (r.status !== 0) throw new Error(String(r.stderr));
  return (performance.now() - t0) / 1000;
}

/** Opens index.html#lab=xor&knobs, presses Train, waits for done: {seconds, longest_task_ms, longest_task_in_run_ms}. */
export async function pageRun(env, knobs) {
  const hash = '#lab=xor&' + Object.entries(knobs).map(([k, v]) => `${k}=${v}`).join('&');
  const { page } = await open(env, hash, {
    init: () => {
      window.__tasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__tasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    },
  });
  const t0 = await page.evaluate(() => performance.now());
  await page.click('#train');
  await waitDone(page, 600_000);
  const t1 = await page.evaluate(() => performance.now());
  const tasks = await page.evaluate(() => window.__tasks);
  await page.close();
  const longest = (ts) => Math.max(0, ...ts.map(([, d]) => d));
  // from page load on, and only the tasks that started after Train was pressed
  return { seconds: (t1 - t0) / 1000, longest_task_ms: longest(tasks), longest_task_in_run_ms: longest(tasks.filter(([t]) => t >= t0)) };
}

export async function benchPageXor({ reps = 3, log = console.log, dist = defaultTree.dist, native: bin = defaultTree.native } = {}) {
  const browser = await launchBrowser();
  const env = await servePage(browser.ctx, dist);
  const out = {};
  try {
    for (const hidden of [4, 32]) {
      const knobs = { hidden, iterations: 600000 };
      const page = [], native = [], longest = [];
      await pageRun(env, { hidden, iterations: 20000 });   // warm the browser's caches
      for (let i = 0; i < reps; ++i) {
        const p = await pageRun(env, knobs);
        page.push(knobs.iterations / p.seconds);
        longest.push(p.longest_task_ms);
        native.push(knobs.iterations / nativeSeconds(bin, knobs));
        log(`  hidden ${hidden} rep ${i + 1}/${reps}: worker ${page.at(-1).toFixed(0)} it/s, native ${native.at(-1).toFixed(0)} it/s, longest main-thread task ${p.longest_task_ms.toFixed(0)} ms`);
      }
      out[`hidden_${hidden}`] = {
        iterations: knobs.iterations,
        worker_its_per_s: median(page),
        native_its_per_s: median(native),
        native_over_worker: median(native) / median(page),
        longest_main_thread_task_ms: Math.max(...longest),
        samples: { worker: page, native, longest_task_ms: longest },
      };
    }
  } finally {
    await env.close();
    await browser.close();
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, def) => { const i = args.indexOf(name); return i < 0 ? def : args.splice(i, 2)[1]; };
  const dist = path.resolve(opt('--dist', defaultTree.dist));
  const native = path.resolve(opt('--native', defaultTree.native));
  const reps = Number(args[0] ?? process.env.BENCH_REPS ?? 3);
  console.log(`XOR lab in the page: ${dist}, native ${native}`);
  const out = await benchPageXor({ reps, dist, native });
  for (const [k, v] of Object.entries(out))
    console.log(`  ${k}: worker ${v.worker_its_per_s.toFixed(0)} it/s, native ${v.native_its_per_s.toFixed(0)} it/s, longest main-thread task ${v.longest_main_thread_task_ms.toFixed(0)} ms`);
}
