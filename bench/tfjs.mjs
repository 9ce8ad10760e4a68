// bench/tfjs.mjs: our engine against TensorFlow.js 4.22 in headless Chromium
// (Debian's /usr/bin/chromium via playwright-core, the tests/page/helpers.mjs
// recipe), every contestant in a dedicated Worker as the MNIST page runs, the
// repo served by scripts/serve.mjs (bench/browser/bench.html).
//   (a) MNIST MLP 784-200-60-10, ReLU/softmax, cross-entropy, Adam 1e-3, batch 128,
//       one shuffled epoch of 60,000, then the 10,000 test images: ours (wasm), ours in the
//       opt-in relaxed-SIMD build (fused multiply-add, not bit-identical), tfjs-wasm (SIMD),
//       tfjs-cpu (2,000 samples only: it is slow), and the native runner.
//   (b) float32 256x256x256 matrix product, GFLOP/s (ours through M.benchGemm when the build has it).
// Repetitions are interleaved (the order rotates each repetition); speeds are medians. The
// matrix product is short, so each repetition runs it `gemmRounds` times per contestant,
// interleaved: the machine's speed drifts over seconds, and more short pairs tell it apart.
// Test accuracy after one epoch depends on the seed (about ±0.6 points for both libraries), so
// accuracies are compared on their means over the repetitions' seeds.
// `node bench/tfjs.mjs [reps]` prints a table and writes bench/results/tfjs.json;
// BENCH_TASKS=gemm (or mlp, or autoencoder: bench/autoencoder.mjs, or gan: bench/gan.mjs, or lstm:
// bench/lstm.mjs, or cnn: bench/cnn.mjs) runs one workload only (a comma-separated list: several).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { machine, median } from './machine.mjs';
import { autoencoderRunners, formatAutoencoder, summariseAutoencoder } from './autoencoder.mjs';
import { formatGan, ganRunners, summariseGan } from './gan.mjs';
import { formatLstm, lstmRunners, summariseLstm } from './lstm.mjs';
import { cnnRunners, formatCnn, summariseCnn } from './cnn.mjs';

const repo = fileURLToPath(new URL('../', import.meta.url));
const SNAPSHOT_FILES = ['build/wasm/engine.mjs', 'build/wasm/engine.wasm', 'build/wasm/engine-relaxed.mjs',
  'build/wasm/engine-relaxed.wasm', 'build/native/synapse', 'build/native/cnn_bench'];
const sha = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 16);

/**
 * Copies the engine's builds (wasm and native) once, so a whole run measures one build even if
 * the build directory is rewritten meanwhile: files untouched for 5 s, same mtimes before and after.
 */
async function snapshotBuilds(dir) {
  for (let attempt = 0; attempt < 60; ++attempt) {
    const stat = () => SNAPSHOT_FILES.map((f) => fs.statSync(path.join(repo, f)).mtimeMs);
    const before = stat();
    if (Date.now() - Math.max(...before) < 5000) { await new Promise((r) => setTimeout(r, 2000)); continue; }
    const files = Object.fromEntries(SNAPSHOT_FILES.map((f) => [f, fs.readFileSync(path.join(repo, f))]));
    if (stat().some((m, i) => m !== before[i])) continue;
    const native = path.join(dir, 'synapse'), cnnBench = path.join(dir, 'cnn_bench');
    fs.writeFileSync(native, files['build/native/synapse'], { mode: 0o755 });
    fs.writeFileSync(cnnBench, files['build/native/cnn_bench'], { mode: 0o755 });
    return { files, native, cnnBench, ids: Object.fromEntries(Object.entries(files).map(([f, b]) => [f, `sha256:${sha(b)} ${new Date(before[SNAPSHOT_FILES.indexOf(f)]).toISOString()}`])) };
  }
  throw new Error('the engine builds kept changing for 2 minutes: is a build running?');
}
const tfjsVersion = () => JSON.parse(fs.readFileSync(path.join(repo, 'node_modules/@tensorflow/tfjs/package.json'), 'utf8')).version;

/** CPU time counters of /proc/stat: {busy, total} in jiffies (all cores). */
export function cpuTimes() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}
const cores = os.cpus().length;
export const busyCores = (a, b) => (a && b && b.total > a.total ? ((b.busy - a.busy) / (b.total - a.total)) * cores : null);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits (up to maxMs) until the machine is quiet: fewer than `quiet` cores busy over a 1 s window.
 * The machine may be shared (builds, tests); returns {waited_s, busy_cores_before}.
 */
export async function waitQuiet({ quiet = 0.35, maxMs = 20_000 } = {}) {
  const t0 = performance.now();
  for (;;) {
    const a = cpuTimes();
    await sleep(1000);
    const busy = busyCores(a, cpuTimes());
    if (busy == null || busy < quiet || performance.now() - t0 > maxMs) return { waited_s: (performance.now() - t0) / 1000, busy_cores_before: busy };
  }
}

/** Runs fn after waitQuiet(), and records how many cores were busy meanwhile (ours takes about one). */
async function measured(fn) {
  const q = await waitQuiet();
  const a = cpuTimes();
  const res = await fn();
  return { ...res, machine_busy_cores: busyCores(a, cpuTimes()), quiet_wait_s: q.waited_s, busy_cores_before: q.busy_cores_before };
}

/** `synapse run mnist-mlp --set epochs=1 --format jsonl`, process wall time (data loading and test set included). */
function nativeMlp(nativeBin, seed) {
  const t0 = performance.now();
  const r = spawnSync(nativeBin, ['run', 'mnist-mlp', '--set', 'epochs=1', '--set', `seed=${seed}`, '--format', 'jsonl', '--data-dir', path.join(repo, 'build/data')], { encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`native runner failed: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const done = lines.find((l) => l.done);
  const epoch = lines.findLast((l) => l.epoch !== undefined);
  return { samples: 60000, total_seconds: seconds, samples_per_s: 60000 / seconds, train_accuracy: epoch?.accuracy, test_accuracy: done.test_accuracy, seed };
}

export async function benchTfjs({ reps = 3, log = console.log, cpuSamples = 2000, gemmN = 256, gemmRounds = 5,
  tasks = ['mlp', 'gemm', 'autoencoder', 'gan', 'lstm', 'cnn'], aeEpochs = 20, gan = {}, lstm = {}, cnn = {} } = {}) {
  const server = await startServer({ root: repo, port: 0 });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  const snap = await snapshotBuilds(userDataDir);
  // the module worker gets the snapshot's engine{,-relaxed}.{mjs,wasm}, not whatever build/wasm holds now
  let routed = 0;
  await ctx.route(/\/build\/wasm\/engine(-relaxed)?\.(mjs|wasm)$/, (route) => {
    routed += 1;
    const f = `build/wasm/${new URL(route.request().url()).pathname.split('/').pop()}`;
    route.fulfill({ status: 200, body: snap.files[f], contentType: f.endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8', headers: { 'Cache-Control': 'no-cache' } });
  });
  try {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') errors.push(`worker console: ${m.text()}`); }));
    await page.goto(`${server.url}bench/browser/bench.html`);
    await page.waitForFunction(() => document.body.dataset.status === 'ready', null, { timeout: 20_000 });
    const job = (kind, j) => page.evaluate(([k, jj]) => window.benchJob(k, jj), [kind, j]);

    const out = {
      builds: snap.ids,
      versions: { tfjs: tfjsVersion(), chromium: ctx.browser()?.version() ?? 'unknown', node: process.version },
      mlp: { ours_wasm: [], ours_relaxed: [], tfjs_wasm: [], tfjs_cpu: [], ours_native: [] },
      gemm: { ours_wasm: [], ours_relaxed: [], tfjs_wasm: [], tfjs_cpu: [] },
      autoencoder: { ours_wasm: [], tfjs_wasm: [], ours_native: [] },
      gan: { ours_wasm: [], ours_relaxed: [], tfjs_wasm: [], ours_native: [] },
      lstm: {},
      cnn: {},
    };
    const aeRunners = autoencoderRunners(job, snap.native, aeEpochs);
    const gRunners = ganRunners(job, snap.native, repo, gan);
    const lRunners = lstmRunners(job, snap.native, repo, lstm);
    for (const name of Object.keys(lRunners)) out.lstm[name] = [];
    const cRunners = cnnRunners(job, snap.cnnBench, repo, cnn);
    for (const name of Object.keys(cRunners)) out.cnn[name] = [];
    const mlpRunners = {
      ours_wasm: (r) => job('engine', { task: 'mlp', seed: r + 1 }),
      ours_relaxed: (r) => job('engine', { task: 'mlp', seed: r + 1, build: 'relaxed' }),
      tfjs_wasm: () => job('tfjs', { task: 'mlp', backend: 'wasm', limit: 0 }),
      tfjs_cpu: () => job('tfjs', { task: 'mlp', backend: 'cpu', limit: cpuSamples }),
      ours_native: async (r) => nativeMlp(snap.native, r + 1),
    };
    const gemmRunners = {
      ours_wasm: () => job('engine', { task: 'gemm', n: gemmN, reps: 30, inner: 10 }),
      ours_relaxed: () => job('engine', { task: 'gemm', n: gemmN, reps: 30, inner: 10, build: 'relaxed' }),
      tfjs_wasm: () => job('tfjs', { task: 'gemm', backend: 'wasm', n: gemmN, reps: 30, inner: 10 }),
      tfjs_cpu: () => job('tfjs', { task: 'gemm', backend: 'cpu', n: gemmN, reps: 9, warmup: 1, inner: 1 }),
    };
    const rotate = (xs, r) => xs.map((_, i) => xs[(i + r) % xs.length]);

    for (let r = 0; r < reps; ++r) {
      for (const name of tasks.includes('mlp') ? rotate(Object.keys(mlpRunners), r) : []) {
        const res = await measured(() => mlpRunners[name](r));
        out.mlp[name].push(res);
        log(`  rep ${r + 1}/${reps} mlp  ${name.padEnd(12)} ${res.samples_per_s.toFixed(0).padStart(6)} samples/s  test accuracy ${res.test_accuracy.toFixed(4)}` +
          `  (${res.samples} samples, ${(res.train_seconds ?? res.total_seconds).toFixed(2)} s; ${res.machine_busy_cores?.toFixed(2)} cores busy)`);
      }
      for (let g = 0; g < (tasks.includes('gemm') ? gemmRounds : 0); ++g) {
        for (const name of rotate(Object.keys(gemmRunners), r * gemmRounds + g)) {
          const res = { ...(await measured(() => gemmRunners[name]())), round: r * gemmRounds + g };
          out.gemm[name].push(res);
          log(`  rep ${r + 1}/${reps} gemm ${g + 1}/${gemmRounds} ${name.padEnd(12)} ${res.available === false ? 'n/a (no M.benchGemm in this build)' : `${res.gflops.toFixed(2)} GFLOP/s`}  (${res.machine_busy_cores?.toFixed(2)} cores busy)`);
        }
      }
      for (const name of tasks.includes('autoencoder') ? rotate(Object.keys(aeRunners), r) : []) {
        const res = { ...(await measured(() => aeRunners[name]())), round: r };
        out.autoencoder[name].push(res);
        log(`  rep ${r + 1}/${reps} autoencoder ${name.padEnd(12)} ${res.ms_per_epoch.toFixed(2).padStart(7)} ms/epoch  (${res.epochs} epochs; ${res.machine_busy_cores?.toFixed(2)} cores busy)`);
      }
      for (const name of tasks.includes('gan') ? rotate(Object.keys(gRunners), r) : []) {
        const res = { ...(await measured(() => gRunners[name]())), round: r };
        out.gan[name].push(res);
        log(`  rep ${r + 1}/${reps} gan ${name.padEnd(12)} ${res.steps_per_s.toFixed(2).padStart(6)} steps/s  (${res.steps} steps; ${res.machine_busy_cores?.toFixed(2)} cores busy, ${res.busy_cores_before?.toFixed(2)} before)`);
      }
      for (const name of tasks.includes('lstm') ? rotate(Object.keys(lRunners), r) : []) {
        const res = { ...(await measured(() => lRunners[name]())), round: r };
        out.lstm[name].push(res);
        log(`  rep ${r + 1}/${reps} lstm ${name.padEnd(20)} ${res.ms_per_epoch.toFixed(2).padStart(8)} ms/epoch  (${res.epochs} epochs; ${res.machine_busy_cores?.toFixed(2)} cores busy, ${res.busy_cores_before?.toFixed(2)} before)`);
      }
      for (const name of tasks.includes('cnn') ? rotate(Object.keys(cRunners), r) : []) {
        const res = { ...(await measured(() => cRunners[name]())), round: r };
        out.cnn[name].push(res);
        log(`  rep ${r + 1}/${reps} cnn ${name.padEnd(12)} ${(res.samples_per_s ?? res.forward_samples_per_s).toFixed(1).padStart(7)} samples/s  (${res.machine_busy_cores?.toFixed(2)} cores busy, ${res.busy_cores_before?.toFixed(2)} before)`);
      }
    }
    if (routed === 0) throw new Error('the engine worker did not load the snapshot (route not hit)');
    out.snapshot_requests = routed;
    if (errors.length) throw new Error(`the bench page reported errors:\n${errors.join('\n')}`);
    out.summary = summarise(out, cpuSamples, gemmN);
    if (tasks.includes('autoencoder')) out.autoencoder_summary = summariseAutoencoder(out.autoencoder);
    if (tasks.includes('gan')) out.gan_summary = summariseGan(out.gan);
    if (tasks.includes('lstm')) out.lstm_summary = summariseLstm(out.lstm);
    if (tasks.includes('cnn')) out.cnn_summary = summariseCnn(out.cnn);
    return out;
  } finally {
    await ctx.close();
    await server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

/**
 * The median over rounds of a/b, each pair measured in the same round (seconds apart). The
 * machine's speed drifts by up to 2x over minutes (other tenants); a ratio of two medians
 * taken over different moments carries that drift, a paired ratio cancels most of it.
 */
export function pairedRatio(a, b) {
  const byRound = new Map(b.filter((x) => x.gflops > 0).map((x) => [x.round, x.gflops]));
  const ratios = a.filter((x) => x.gflops > 0 && byRound.has(x.round)).map((x) => x.gflops / byRound.get(x.round));
  return ratios.length ? median(ratios) : null;
}

export function summarise(out, cpuSamples, gemmN) {
  const numbers = (rs, k) => (rs.length && rs.every((x) => typeof x[k] === 'number') ? rs.map((x) => x[k]) : null);
  const med = (rs, k) => { const xs = numbers(rs, k); return xs && median(xs); };
  const mean = (rs, k) => { const xs = numbers(rs, k); return xs && xs.reduce((a, b) => a + b, 0) / xs.length; };
  const ref = { sps: med(out.mlp.tfjs_wasm, 'samples_per_s'), acc: mean(out.mlp.tfjs_wasm, 'test_accuracy'), gflops: med(out.gemm.tfjs_wasm, 'gflops') };
  const rows = {};
  const labels = {
    ours_wasm: 'ours, wasm (module Worker)',
    ours_relaxed: 'ours, wasm relaxed-SIMD (opt-in)',
    tfjs_wasm: 'tfjs 4.22 wasm (SIMD, 1 thread)',
    tfjs_cpu: `tfjs 4.22 cpu (${cpuSamples.toLocaleString('en')} samples only)`,
    ours_native: 'ours, native (process wall)',
  };
  for (const name of Object.keys(labels)) {
    const m = out.mlp[name];
    const g = out.gemm[name] ?? [];
    const sps = med(m, 'samples_per_s');
    const acc = mean(m, 'test_accuracy');
    const gflops = g.length && g.every((x) => x.available !== false) ? med(g, 'gflops') : null;
    rows[name] = {
      label: labels[name], reps: m.length, gemm_reps: g.length, samples: m[0]?.samples,
      samples_per_s: sps, samples_per_s_all: m.map((x) => x.samples_per_s),
      samples_per_s_vs_tfjs_wasm: sps && ref.sps ? sps / ref.sps : null,
      train_seconds: med(m, 'train_seconds'), total_seconds: med(m, 'total_seconds'),
      test_accuracy_mean: acc, test_accuracy_all: m.map((x) => x.test_accuracy),
      // a partial epoch (tfjs-cpu) is not comparable
      test_accuracy_minus_tfjs_wasm_pp: acc != null && ref.acc != null && m[0]?.samples === out.mlp.tfjs_wasm[0]?.samples ? (acc - ref.acc) * 100 : null,
      machine_busy_cores_max: Math.max(...m.map((x) => x.machine_busy_cores ?? 0)),
      gemm_n: gemmN, gflops, gflops_all: g.map((x) => (x.available === false ? null : x.gflops)),
      gflops_vs_tfjs_wasm: gflops && ref.gflops ? gflops / ref.gflops : null,
      gflops_vs_tfjs_wasm_paired: gflops ? pairedRatio(g, out.gemm.tfjs_wasm) : null,
    };
  }
  return rows;
}

export function formatTable(summary) {
  const f = (x, d) => (x == null ? 'n/a' : x.toFixed(d));
  const lines = [
    `  ${'contestant'.padEnd(34)} ${'samples/s'.padStart(9)} ${'x tfjs-w'.padStart(8)} ${'mean acc'.padStart(8)} ${'Δ pp'.padStart(6)} ${'GFLOP/s'.padStart(7)} ${'x tfjs-w'.padStart(8)}  reps (mlp/gemm)`,
  ];
  for (const r of Object.values(summary)) {
    lines.push(`  ${r.label.padEnd(34)} ${f(r.samples_per_s, 0).padStart(9)} ${f(r.samples_per_s_vs_tfjs_wasm, 2).padStart(8)} ${f(r.test_accuracy_mean, 4).padStart(8)} ` +
      `${f(r.test_accuracy_minus_tfjs_wasm_pp, 2).padStart(6)} ${f(r.gflops, 2).padStart(7)} ${f(r.gflops_vs_tfjs_wasm, 2).padStart(8)}  ${r.reps}/${r.gemm_reps}`);
  }
  return lines.join('\n');
}

/**
 * The issue's targets, judged on the medians: (a) at least 7x tfjs-wasm's samples/s with the
 * mean test accuracy within 0.5 points, (b) at least 1.8x its 256^3 GFLOP/s (paired by round), (c) the native runner
 * at least as fast as the Worker. Each of our WASM builds is judged on its own.
 */
export function judgeTargets(summary) {
  const out = [];
  const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'met' : 'NOT met');
  for (const name of ['ours_wasm', 'ours_relaxed']) {
    const r = summary[name];
    if (!r) continue;
    const a = r.samples_per_s_vs_tfjs_wasm != null && r.test_accuracy_minus_tfjs_wasm_pp != null
      ? r.samples_per_s_vs_tfjs_wasm >= 7 && Math.abs(r.test_accuracy_minus_tfjs_wasm_pp) <= 0.5 : null;
    out.push({ target: 'a', contestant: name, met: a,
      text: `(a) ${r.label}: ${r.samples_per_s_vs_tfjs_wasm?.toFixed(2)}x tfjs-wasm samples/s (>= 7x), ` +
        `accuracy ${r.test_accuracy_minus_tfjs_wasm_pp >= 0 ? '+' : ''}${r.test_accuracy_minus_tfjs_wasm_pp?.toFixed(2)} pp (within 0.5): ${verdict(a)}` });
    const b = r.gflops_vs_tfjs_wasm_paired != null ? r.gflops_vs_tfjs_wasm_paired >= 1.8 : null;
    out.push({ target: 'b', contestant: name, met: b,
      text: `(b) ${r.label}: ${r.gflops_vs_tfjs_wasm_paired?.toFixed(2)}x tfjs-wasm GFLOP/s at 256^3, median of ${r.gemm_reps} ` +
        `same-round ratios (>= 1.8x; ratio of the medians ${r.gflops_vs_tfjs_wasm?.toFixed(2)}x): ${verdict(b)}` });
    const n = summary.ours_native;
    const c = n?.samples_per_s != null && r.samples_per_s != null ? n.samples_per_s >= r.samples_per_s : null;
    out.push({ target: 'c', contestant: name, met: c,
      text: `(c) native runner ${n?.samples_per_s?.toFixed(0)} samples/s (whole process) vs ${r.label} ${r.samples_per_s?.toFixed(0)}: ` +
        `${n?.samples_per_s && r.samples_per_s ? (n.samples_per_s / r.samples_per_s).toFixed(2) : 'n/a'}x: ${verdict(c)}` });
  }
  return out;
}

export const formatTargets = (targets) => ['  targets (median speeds, mean accuracies):', ...targets.map((t) => `    ${t.text}`)].join('\n');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const reps = Number(process.argv[2] ?? process.env.BENCH_REPS ?? 3);
  const info = machine();
  console.log(`machine: ${info.cpu}, ${info.cores} cores, ${info.memory_gib} GiB; node ${info.node}; ${info.chromium}`);
  const t0 = performance.now();
  const tasks = process.env.BENCH_TASKS ? process.env.BENCH_TASKS.split(',') : undefined;
  const res = await benchTfjs({ reps, tasks });
  console.log(`versions: tfjs ${res.versions.tfjs} (tfjs-backend-wasm ${res.versions.tfjs}), chromium ${res.versions.chromium}, node ${res.versions.node}`);
  console.log(`builds measured: ${Object.entries(res.builds).map(([f, id]) => `${f} ${id}`).join('; ')}`);
  const w = res.mlp.tfjs_wasm[0] ?? res.autoencoder.tfjs_wasm[0] ?? res.gan.tfjs_wasm[0] ?? res.lstm.tfjs_wasm_steps?.[0] ?? res.cnn.tfjs_forward?.[0];
  console.log(`tfjs wasm backend: simd ${w?.simd}, multithread ${w?.multithread} (crossOriginIsolated ${w?.cross_origin_isolated})`);
  if (res.autoencoder_summary) {
    console.log(`\nAutoencoder lab (2-32-16-32-2, SGD 0.01, batch 100, 10,000 points + 2,000 validation), ms per epoch, ${res.autoencoder.ours_wasm.length} interleaved samples:`);
    console.log(formatAutoencoder(res.autoencoder_summary));
  }
  if (res.gan_summary) {
    console.log(`\nGAN lab (gan-mnist: G 100-256-512-784, D 784-1024-512-256-1, batch 128), training steps per second, ${res.gan.ours_wasm.length} interleaved samples:`);
    console.log(formatGan(res.gan_summary));
  }
  if (res.lstm_summary) {
    console.log(`\nLSTM lab (airline: LSTM(128) -> Dense(1), Adam 0.001, batch 1, 90 windows shuffled), ms per epoch, ${res.lstm.ours_wasm_steps.length} interleaved samples:`);
    console.log(formatLstm(res.lstm_summary));
  }
  if (res.cnn_summary) {
    console.log(`\nCNN lab (mnist-cnn, the lecture's CNN, batch 128), training samples per second, ${res.cnn.ours_wasm.length} interleaved samples:`);
    console.log(formatCnn(res.cnn_summary));
  }
  if (!tasks || tasks.includes('mlp') || tasks.includes('gemm')) {
    console.log(`\nMNIST MLP 784-200-60-10, Adam 1e-3, batch 128, one epoch, then 10,000 test images; 256^3 float32 matmul. Medians of ${reps} interleaved repetitions.`);
    console.log(formatTable(res.summary));
    console.log('  samples/s: training only (ours: run() of the epoch\'s steps; tfjs: model.fit, shuffle and metrics included, tensors built beforehand);');
    console.log('  native: whole process wall time (data loading and test set included). Δ pp: test accuracy minus tfjs-wasm\'s, percentage points.');
    console.log(formatTargets(judgeTargets(res.summary)));
  }
  const targets = judgeTargets(res.summary);
  const result = { machine: info, wall_seconds: (performance.now() - t0) / 1000, ...res, targets };
  fs.mkdirSync(path.join(repo, 'bench/results'), { recursive: true });
  const file = tasks?.length === 1 && ['autoencoder', 'gan', 'lstm', 'cnn'].includes(tasks[0]) ? `${tasks[0]}.json` : 'tfjs.json';
  fs.writeFileSync(path.join(repo, 'bench/results', file), JSON.stringify(result, null, 1) + '\n');
  console.log(`\nwrote bench/results/${file} (${result.wall_seconds.toFixed(0)} s)`);
}
