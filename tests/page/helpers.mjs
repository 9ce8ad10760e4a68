// tests/page/helpers.mjs: shared set-up for the page tests (not a test file).
// One Chromium per test file (TOOLCHAIN.md §3 recipe), the built page served
// by scripts/serve.mjs on a free port, page errors collected so every test
// can fail on them, screenshots under test-output/page/, and the native
// runner for reference numbers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const dist = path.join(repo, 'web/dist');
export const native = path.join(repo, 'build/native/synapse');
export const shots = path.join(repo, 'test-output/page');

/**
 * Starts the server and a browser: {server, ctx, close()}. The page's service worker (web/src/sw.ts) is
 * blocked unless `serviceWorkers: 'allow'` (tests/page/offline.test.mjs): a worker answering from its cache
 * would hide requests from the tests that route them.
 */
export async function launch({ prefix = '/', root = dist, serviceWorkers = 'block' } = {}) {
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error('web/dist is missing: build the page first');
  fs.mkdirSync(shots, { recursive: true });
  const server = await startServer({ root, port: 0, prefix });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true,
    viewport: { width: 1400, height: 1000 }, serviceWorkers,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    server,
    ctx,
    async close() {
      await ctx.close();
      await server.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the page at `hash` (default: the XOR lab; a hash without `lab` is the start page) and waits
 * until the first run is configured. `errors` collects
 * uncaught page errors (and console errors); call assertNoErrors(errors) at the end of a test.
 */
export async function open(env, hash = '#lab=xor', { init } = {}) {
  const page = await env.ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') errors.push(`worker console: ${m.text()}`); }));
  if (init) await page.addInitScript(init);
  await page.goto(`${env.server.url}index.html${hash}`);
  await page.waitForFunction(() => document.body.dataset.status === 'ready', null, { timeout: 20_000 });
  return { page, errors };
}

export function assertNoErrors(errors) {
  if (errors.length) throw new Error(`the page reported errors:\n${errors.join('\n')}`);
}

export async function shot(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage });
}

/** Waits for the run to finish (done, diverged, or diverging: its loss exploded, web/src/shell/run-end.ts). */
export async function waitDone(page, timeout = 60_000) {
  await page.waitForFunction(() => ['done', 'diverged', 'diverging'].includes(document.body.dataset.status), null, { timeout });
  return page.evaluate(() => document.body.dataset.status);
}

/** The "Error after N iterations:" lines: [{step, text, value}] where value is the text after the colon. */
export async function postLines(page) {
  return page.$$eval('#post-lines .post-line[data-step]', (els) => els.map((e) => {
    const text = e.querySelector('.post-main').textContent;
    return { step: Number(e.dataset.step), text, value: text.slice(text.indexOf(':') + 1) };
  }));
}

/** Runs the native runner: `synapse run <preset> --set k=v ... --format jsonl`, parsed. */
export function nativeJsonl(preset, knobs = {}) {
  const args = ['run', preset, ...Object.entries(knobs).flatMap(([k, v]) => ['--set', `${k}=${v}`]), '--format', 'jsonl'];
  const out = execFileSync(native, args, { encoding: 'utf8' });
  return out.trim().split('\n').map((l) => ({ line: l, json: JSON.parse(l) }));
}

/** The value text the native jsonl printed for `key` at report `step` (digits exactly as printed). */
export function nativeValueText(rows, step, key = 'error') {
  const row = rows.find((r) => r.json.step === step && key in r.json && !r.json.done);
  if (!row) throw new Error(`native output has no report for step ${step}`);
  const m = row.line.match(new RegExp(`"${key}":([^,}]+)`));
  return m[1];
}

/** The native text runner's output (for its "diverged at step N" line). */
export function nativeText(preset, knobs = {}) {
  const args = ['run', preset, ...Object.entries(knobs).flatMap(([k, v]) => ['--set', `${k}=${v}`])];
  try {
    return execFileSync(native, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

/** axe-core's violations on the page as it is now: [{id, help, nodes: [selector]}] (none is the goal). */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // evaluated through the DevTools protocol: the page's CSP (no inline scripts) refuses a <script> tag
    await page.evaluate(fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  }
  return page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => ({
    id: v.id, help: v.help, nodes: v.nodes.slice(0, 6).map((n) => n.target.join(' ')),
  })));
}

/** Opens the MNIST lab at `hash` (through mnist.html when `legacy`) and waits until its data is loaded and the run configured. */
export async function openMnist(env, hash, { legacy = false, ctx = env.ctx } = {}) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') errors.push(`worker console: ${m.text()}`); }));
  await page.goto(`${env.server.url}${legacy ? 'mnist.html' : 'index.html'}${hash}`);
  await page.waitForFunction(() => ['ready', 'failed'].includes(document.body.dataset.status) && document.body.dataset.lab === 'mnist',
    null, { timeout: 60_000 });
  return { page, errors };
}
