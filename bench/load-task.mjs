// bench/load-task.mjs: the longest main-thread task while a lab page loads, for built trees
// side by side (the platform's load-time cost, issue 11). Each load is a fresh Chromium (a
// fresh font cache: the cost is the first layout's font lookups), the trees interleaved and
// their order alternating each round; each tree serves its own web/dist with its own
// scripts/serve.mjs. Prints each tree's median and every sample (0 = no task over 50 ms).
//   node bench/load-task.mjs [--hash '#lab=xor&hidden=32'] [--rounds 9] TREE...
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { median } from './machine.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i < 0 ? fallback : args.splice(i, 2)[1]; };
const hash = opt('--hash', '#lab=xor&hidden=32');
const rounds = Number(opt('--rounds', '9'));
const trees = args.map((t) => path.resolve(t));
if (!trees.length) throw new Error('usage: node bench/load-task.mjs [--hash H] [--rounds N] TREE...');

async function longestTask(tree) {
  const { startServer } = await import(pathToFileURL(path.join(tree, 'scripts/serve.mjs')).href);
  const server = await startServer({ root: path.join(tree, 'web/dist'), port: 0 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-'));
  const ctx = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true,
    viewport: { width: 1400, height: 1000 }, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await ctx.newPage();
    await page.addInitScript(() => {
      window.__tasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push(e.duration); })
        .observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${server.url}index.html${hash}`);
    await page.waitForFunction(() => document.body.dataset.status === 'ready', null, { timeout: 30_000 });
    await page.waitForTimeout(1500);
    return Math.max(0, ...await page.evaluate(() => window.__tasks));
  } finally {
    await ctx.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const samples = new Map(trees.map((t) => [t, []]));
for (let r = 0; r < rounds; r++)
  for (const t of r % 2 ? [...trees].reverse() : trees) samples.get(t).push(await longestTask(t));
console.log(`longest main-thread task while loading index.html${hash}, ms (${rounds} fresh loads each)`);
for (const [t, s] of samples)
  console.log(`  ${t}: median ${median(s).toFixed(0)}, over 50 ms in ${s.filter((x) => x > 0).length} of ${s.length}: ${s.map((x) => x.toFixed(0)).join(' ')}`);
