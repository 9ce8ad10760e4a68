// bench/gan.mjs: the GAN lab (Lab 6) workload of bench/tfjs.mjs, training steps per second at
// batch 128 (one step = the discriminator on 128 reals + 128 fakes, then the generator through
// the frozen discriminator on 128 new noise vectors; about 3.6 GFLOP), for
//   ours_wasm    the gan-mnist preset through the facade in a module Worker (bench/browser/engine-worker.mjs:
//                mnist-train.bin handed over with provideDataFile, run(1) until done)
//   ours_relaxed the same with the opt-in relaxed-SIMD build (fused multiply-add, not bit-identical)
//   tfjs_wasm    TensorFlow.js wasm, the lecture's two Keras models and train_on_batch step (tfjs-worker.js)
//   ours_native  `synapse run gan-mnist --set steps=N`: the marginal cost, (N - 1) / (wall(N) - wall(1)),
//                which leaves out process start, loading MNIST and building the models
// Target: at least 7 steps per second in the Worker (2,000 steps in under five minutes).
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { median } from './machine.mjs';

export const GAN_TARGET_STEPS_PER_S = 7;

function nativeWall(nativeBin, steps, dataDir) {
  const t0 = performance.now();
  const r = spawnSync(nativeBin, ['run', 'gan-mnist', '--set', `steps=${steps}`, '--format', 'jsonl', '--data-dir', dataDir], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`native runner failed: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  return { ms, last: lines.findLast((l) => l.d_loss !== undefined) };
}

/** Native runner: 1 step and N steps back to back; the difference is the cost of N - 1 steps. */
export function nativeGan(nativeBin, steps, dataDir) {
  const one = nativeWall(nativeBin, 1, dataDir);
  const all = nativeWall(nativeBin, steps, dataDir);
  const marginal = (all.ms - one.ms) / (steps - 1);
  return {
    steps, total_seconds: all.ms / 1000, one_step_process_ms: one.ms,
    step_ms_marginal: marginal, steps_per_s: 1000 / marginal, steps_per_s_process: steps / (all.ms / 1000),
    d_loss: all.last?.d_loss, g_loss: all.last?.g_loss, d_real: all.last?.d_real, d_fake: all.last?.d_fake,
  };
}

/** The runners bench/tfjs.mjs interleaves; job(kind, job) runs a job in a fresh Worker of the bench page. */
export const ganRunners = (job, nativeBin, repo, { steps = 30, tfjsSteps = 4, nativeSteps = 40 } = {}) => ({
  ours_wasm: () => job('engine', { task: 'gan', steps, warmup: 2 }),
  ours_relaxed: () => job('engine', { task: 'gan', steps, warmup: 2, build: 'relaxed' }),
  tfjs_wasm: () => job('tfjs', { task: 'gan', backend: 'wasm', steps: tfjsSteps, warmup: 1 }),
  ours_native: async () => nativeGan(nativeBin, nativeSteps, path.join(repo, 'build/data')),
});

const LABELS = {
  ours_wasm: 'ours, wasm (module Worker)',
  ours_relaxed: 'ours, wasm relaxed-SIMD (opt-in)',
  tfjs_wasm: 'tfjs 4.22 wasm (SIMD, 1 thread)',
  ours_native: 'ours, native (marginal)',
};

/** Medians of steps/s, ratios to tfjs-wasm (ratio of medians, and the median of same-round ratios). */
export function summariseGan(samples) {
  const rows = {};
  const sps = (name) => (samples[name] ?? []).map((x) => x.steps_per_s);
  const paired = (a, b) => {
    const byRound = new Map((samples[b] ?? []).map((x) => [x.round, x.steps_per_s]));
    const rs = (samples[a] ?? []).filter((x) => byRound.has(x.round)).map((x) => x.steps_per_s / byRound.get(x.round));
    return rs.length ? median(rs) : null;
  };
  const ref = sps('tfjs_wasm').length ? median(sps('tfjs_wasm')) : null;
  const ours = sps('ours_wasm').length ? median(sps('ours_wasm')) : null;
  for (const [name, label] of Object.entries(LABELS)) {
    const xs = sps(name);
    if (!xs.length) continue;
    const s = median(xs);
    const inner = samples[name].every((x) => x.step_ms_median != null) ? median(samples[name].map((x) => x.step_ms_median)) : null;
    rows[name] = {
      label, reps: xs.length, steps: samples[name][0].steps, steps_per_s: s, steps_per_s_all: xs,
      step_ms_median_inside: inner, gflop_per_s: s * 3.6,
      over_tfjs: ref ? s / ref : null, over_tfjs_paired: paired(name, 'tfjs_wasm'),
      over_ours_wasm: ours ? s / ours : null, over_ours_wasm_paired: paired(name, 'ours_wasm'),
      busy_cores_all: samples[name].map((x) => x.machine_busy_cores),
      d_loss_all: samples[name].map((x) => x.d_loss), g_loss_all: samples[name].map((x) => x.g_loss),
    };
  }
  return rows;
}

export function formatGan(summary) {
  const f = (x, d) => (x == null ? 'n/a' : x.toFixed(d));
  const lines = [`  ${'contestant'.padEnd(32)} ${'steps/s'.padStart(7)} ${'ms/step'.padStart(8)} ${'GFLOP/s'.padStart(7)} ${'x tfjs'.padStart(7)} ${'paired'.padStart(7)} ${'x ours-w'.padStart(8)}  samples (steps/s)`];
  for (const r of Object.values(summary)) {
    lines.push(`  ${r.label.padEnd(32)} ${f(r.steps_per_s, 2).padStart(7)} ${f(1000 / r.steps_per_s, 1).padStart(8)} ${f(r.gflop_per_s, 1).padStart(7)} ` +
      `${f(r.over_tfjs, 2).padStart(7)} ${f(r.over_tfjs_paired, 2).padStart(7)} ${f(r.over_ours_wasm, 2).padStart(8)}  ${r.steps_per_s_all.map((x) => x.toFixed(2)).join(' / ')}`);
  }
  lines.push('  steps/s: median over samples; Workers: N timed steps after warm-up steps (ours run(1) per step, tfjs one');
  lines.push('  generator.predict + 2 trainOnBatch per step); native: (N - 1) / (wall(N) - wall(1)) of two processes.');
  lines.push('  x tfjs: ratio of medians; paired: median of the same-round ratios. GFLOP/s at 3.6 GFLOP per step.');
  for (const name of ['ours_wasm', 'ours_relaxed']) {
    const w = summary[name];
    if (!w) continue;
    const met = w.steps_per_s >= GAN_TARGET_STEPS_PER_S;
    lines.push(`  target: >= ${GAN_TARGET_STEPS_PER_S} steps/s in the Worker (2,000 steps in under 5 min): ${w.label} ${f(w.steps_per_s, 2)} steps/s ` +
      `(2,000 steps in ${(2000 / w.steps_per_s / 60).toFixed(1)} min): ${met ? 'met' : 'NOT met'}`);
  }
  return lines.join('\n');
}
