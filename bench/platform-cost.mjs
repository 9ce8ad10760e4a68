// bench/platform-cost.mjs: what a change costs the existing labs, two built trees measured in
// one run: (1) the MNIST MLP epoch in a Chromium Worker (bench/browser's engine worker, the
// `mlp` job that is bench/tfjs.mjs's ours_wasm contestant), (2) the XOR lab in the page
// (bench/page-xor.mjs: Worker it/s, the native runner's it/s, the longest main-thread task).
//   node bench/platform-cost.mjs --before /tmp/before [--after .] [--out FILE] [rounds]   (default 5 rounds)
// Each tree is built in place (scripts/build.sh: build/wasm, build/native, build/data, web/dist)
// and copied once at the start, so a rebuild during the run cannot change what is measured.
// Both trees get the same harness (this tree's bench/browser) with their own engine, facade and
// data. Rounds interleave the trees workload by workload, the order alternating each round
// (before-after, then after-before); the ratios are after/before within a round, seconds apart,
// so most of the machine's drift cancels. Writes bench/results/platform-cost.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/serve.mjs';
import { machine, median } from './machine.mjs';
import { launchBrowser, servePage, pageRun, nativeSeconds } from './page-xor.mjs';
import { cpuTimes, busyCores, waitQuiet } from './tfjs.mjs';

const here = fileURLToPath(new URL('../', import.meta.url));
const ENGINE_FILES = ['build/wasm/engine.mjs', 'build/wasm/engine.wasm', 'build/wasm/engine-relaxed.mjs',
  'build/wasm/engine-relaxed.wasm', 'bindings/facade.mjs', 'build/data/mnist-train.bin', 'build/data/mnist-test.bin'];
const HARNESS = ['bench/browser/bench.html', 'bench/browser/bench.mjs', 'bench/browser/engine-worker.mjs'];
const XOR_ITERATIONS = 600000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);

function listFiles(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? listFiles(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]));
}

/**
 * Copies one tree's builds into `dir`: site/ (the harness, the engine, the facade, the MNIST
 * files, served for the mlp job), dist/ (web/dist without its data/, served for the XOR lab)
 * and synapse. Retries until nothing was written in the last 5 s and nothing changed meanwhile.
 */
async function snapshotTree(name, root, dir) {
  const distFiles = listFiles(path.join(root, 'web/dist')).filter((f) => !f.startsWith(`data${path.sep}`));
  const sources = [...ENGINE_FILES, 'build/native/synapse', ...distFiles.map((f) => path.join('web/dist', f))];
  for (let attempt = 0; attempt < 60; ++attempt) {
    const stat = () => sources.map((f) => fs.statSync(path.join(root, f)).mtimeMs);
    const before = stat();
    if (Date.now() - Math.max(...before) < 5000) { await sleep(2000); continue; }
    fs.rmSync(dir, { recursive: true, force: true });
    for (const f of ENGINE_FILES) fs.cpSync(path.join(root, f), path.join(dir, 'site', f));
    for (const f of HARNESS) fs.cpSync(path.join(here, f), path.join(dir, 'site', f));
    for (const f of distFiles) fs.cpSync(path.join(root, 'web/dist', f), path.join(dir, 'dist', f));
    fs.copyFileSync(path.join(root, 'build/native/synapse'), path.join(dir, 'synapse'));
    fs.chmodSync(path.join(dir, 'synapse'), 0o755);
    if (stat().some((m, i) => m !== before[i])) continue;
    const git = (...a) => { try { return execFileSync('git', ['-C', root, ...a], { encoding: 'utf8' }).trim(); } catch { return 'unknown'; } };
    return {
      name, root, dir, dist: path.join(dir, 'dist'), native: path.join(dir, 'synapse'),
      commit: git('rev-parse', '--short', 'HEAD'),
      ids: {
        'build/wasm/engine.wasm': sha(path.join(dir, 'site/build/wasm/engine.wasm')),
        'build/native/synapse': sha(path.join(dir, 'synapse')),
        'web/dist/index.html': sha(path.join(dir, 'dist/index.html')),
      },
    };
  }
  throw new Error(`${root}: the builds kept changing for 2 minutes: is a build running?`);
}

/** Runs fn once the machine is quiet (at most 15 s of waiting); adds the cores busy meanwhile. */
async function quietly(fn) {
  const q = await waitQuiet({ maxMs: 15_000 });
  const a = cpuTimes();
  const res = await fn();
  return { ...res, busy_cores: busyCores(a, cpuTimes()), busy_cores_before: q.busy_cores_before };
}

/** The two trees' servers and pages in one browser: {mlp(seed), xor(hidden, iterations), native(hidden)}. */
async function openTree(ctx, tree) {
  const site = await startServer({ root: path.join(tree.dir, 'site'), port: 0 });
  const env = await servePage(ctx, tree.dist);
  const bench = await ctx.newPage();
  const errors = [];
  bench.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await bench.goto(`${site.url}bench/browser/bench.html`);
  await bench.waitForFunction(() => document.body.dataset.status === 'ready', null, { timeout: 20_000 });
  return {
    ...tree,
    errors,
    mlp: (seed) => bench.evaluate((j) => window.benchJob('engine', j), { task: 'mlp', seed }),
    xor: (hidden, iterations = XOR_ITERATIONS) => pageRun(env, { hidden, iterations }),
    native: (hidden) => ({ seconds: nativeSeconds(tree.native, { hidden, iterations: XOR_ITERATIONS }) }),
    close: async () => { await bench.close(); await env.close(); await site.close(); },
  };
}

/** The figures, each taken from one measurement: [key, label, higher is better, fn(result)]. */
const FIGURES = [
  ['mlp_train_s', 'MNIST MLP epoch in the Worker, s (training steps)', false, 'mlp', (r) => r.train_seconds],
  ['mlp_total_s', 'MNIST MLP epoch + test set in the Worker, s', false, 'mlp', (r) => r.total_seconds],
  ['xor4_worker', 'XOR hidden 4, Worker it/s', true, 'xor4', (r) => XOR_ITERATIONS / r.seconds],
  ['xor32_worker', 'XOR hidden 32, Worker it/s', true, 'xor32', (r) => XOR_ITERATIONS / r.seconds],
  ['xor4_native', 'XOR hidden 4, native it/s', true, 'native4', (r) => XOR_ITERATIONS / r.seconds],
  ['xor32_native', 'XOR hidden 32, native it/s', true, 'native32', (r) => XOR_ITERATIONS / r.seconds],
  ['xor4_longtask', 'XOR hidden 4, longest main-thread task, ms', false, 'xor4', (r) => r.longest_task_ms],
  ['xor32_longtask', 'XOR hidden 32, longest main-thread task, ms', false, 'xor32', (r) => r.longest_task_ms],
  ['xor4_longtask_run', 'XOR hidden 4, longest task after Train, ms', false, 'xor4', (r) => r.longest_task_in_run_ms],
  ['xor32_longtask_run', 'XOR hidden 32, longest task after Train, ms', false, 'xor32', (r) => r.longest_task_in_run_ms],
];
const WORKLOADS = {
  mlp: (t, r) => t.mlp(r + 1),
  xor4: (t) => t.xor(4),
  xor32: (t) => t.xor(32),
  native4: async (t) => t.native(4),
  native32: async (t) => t.native(32),
};

export async function platformCost({ before, after = here, rounds = 5, log = console.log }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-cost-'));
  const browser = await launchBrowser();
  const trees = [];
  try {
    for (const [name, root] of [['before', before], ['after', after]]) {
      const snap = await snapshotTree(name, path.resolve(root), path.join(tmp, name));
      log(`${name}: ${snap.root} at ${snap.commit}; ${Object.entries(snap.ids).map(([f, id]) => `${f} ${id}`).join(', ')}`);
      trees.push(await openTree(browser.ctx, snap));
    }
    // warm-up, not recorded: the page's first load and compilation, one MNIST epoch
    for (const t of trees) {
      await t.xor(4, 20000);
      await t.xor(32, 20000);
      await t.mlp(99);
    }
    const samples = Object.fromEntries(trees.map((t) => [t.name, Object.fromEntries(Object.keys(WORKLOADS).map((w) => [w, []]))]));
    for (let r = 0; r < rounds; ++r) {
      const order = r % 2 ? [...trees].reverse() : trees;
      for (const [w, run] of Object.entries(WORKLOADS)) {
        for (const t of order) {
          const res = { ...(await quietly(() => run(t, r))), round: r, first: t === order[0] };
          samples[t.name][w].push(res);
        }
      }
      const line = (t) => FIGURES.filter(([k]) => !k.endsWith('total_s')).map(([k, , , w, f]) => `${k} ${fmt(f(samples[t.name][w][r]))}`).join(', ');
      for (const t of order) log(`  round ${r + 1}/${rounds} ${t.name.padEnd(6)} ${line(t)}`);
    }
    for (const t of trees) if (t.errors.length) throw new Error(`${t.name}: the bench page reported errors:\n${t.errors.join('\n')}`);
    return { trees: trees.map(({ name, root, commit, ids }) => ({ name, root, commit, ids })), rounds, samples, summary: summarise(samples, rounds) };
  } finally {
    for (const t of trees) await t.close();
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const fmt = (x) => (x == null ? 'n/a' : Math.abs(x) >= 1000 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3));

export function summarise(samples, rounds) {
  const out = {};
  for (const [key, label, higherBetter, w, f] of FIGURES) {
    const b = samples.before[w].map(f), a = samples.after[w].map(f);
    const ratios = Array.from({ length: rounds }, (_, r) => (b[r] > 0 ? a[r] / b[r] : null));
    const valid = ratios.filter((x) => x != null);
    out[key] = {
      label, higher_is_better: higherBetter, before: b, after: a,
      before_median: median(b), after_median: median(a),
      ratios, ratio_median: valid.length ? median(valid) : null,
      ratio_min: valid.length ? Math.min(...valid) : null, ratio_max: valid.length ? Math.max(...valid) : null,
    };
  }
  const acc = (t) => samples[t].mlp.map((x) => x.test_accuracy);
  out.mlp_test_accuracy = { before: acc('before'), after: acc('after') };
  out.busy_cores = Object.fromEntries(['before', 'after'].map((t) => [t, Object.values(samples[t]).flat().map((x) => x.busy_cores)]));
  return out;
}

/** The summary as one markdown table: medians, the per-round after/before ratios, their median and range. */
export function formatTable(summary, rounds) {
  const head = ['figure', 'before (median)', 'after (median)', ...Array.from({ length: rounds }, (_, r) => `r${r + 1}`), 'after/before (median)', 'range'];
  const rows = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const [key] of FIGURES) {
    const s = summary[key];
    const rs = s.ratios.map((x) => (x == null ? '—' : x.toFixed(3)));
    const med = s.ratio_median == null ? '—' : `**${s.ratio_median.toFixed(3)}**`;
    const range = s.ratio_min == null ? '—' : `${s.ratio_min.toFixed(3)}–${s.ratio_max.toFixed(3)}`;
    rows.push(`| ${s.label} | ${fmt(s.before_median)} | ${fmt(s.after_median)} | ${rs.join(' | ')} | ${med} | ${range} |`);
  }
  return rows.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, def) => { const i = args.indexOf(name); return i < 0 ? def : args.splice(i, 2)[1]; };
  const before = opt('--before', null);
  const after = opt('--after', here);
  if (!before) { console.error('usage: node bench/platform-cost.mjs --before DIR [--after DIR] [rounds]'); process.exit(2); }
  const out = path.resolve(opt('--out', path.join(here, 'bench/results/platform-cost.json')));
  const rounds = Number(args[0] ?? 5);
  const info = machine();
  console.log(`machine: ${info.cpu}, ${info.cores} cores, ${info.memory_gib} GiB; node ${info.node}; ${info.chromium}; ${info.date}`);
  const t0 = performance.now();
  const res = await platformCost({ before, after, rounds });
  console.log(`\n${rounds} rounds; ratios are after/before per round (it/s: below 1 is slower; seconds and ms: above 1 is slower)\n`);
  console.log(formatTable(res.summary, rounds));
  const acc = res.summary.mlp_test_accuracy;
  console.log(`\nMNIST test accuracy after the epoch (seeds 1..${rounds}): before ${acc.before.map((x) => x.toFixed(4)).join(' / ')}, after ${acc.after.map((x) => x.toFixed(4)).join(' / ')}`);
  const busy = Object.values(res.summary.busy_cores).flat().filter((x) => x != null);
  console.log(`cores busy during the measurements: ${Math.min(...busy).toFixed(2)}–${Math.max(...busy).toFixed(2)} (median ${median(busy).toFixed(2)})`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ machine: info, wall_seconds: (performance.now() - t0) / 1000, ...res }, null, 1) + '\n');
  console.log(`wrote ${path.relative(here, out)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
