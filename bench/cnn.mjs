// bench/cnn.mjs: the CNN lab (issue 14) workload of bench/tfjs.mjs, training samples per second
// of the lecture's CNN (preset mnist-cnn: Conv 32 5x5 'same' ReLU -> MaxPool 2/2 -> Conv 64 5x5
// -> Conv 128 5x5 -> Conv 64 5x5 'valid' ReLU -> MaxPool 2/2 -> Flatten -> Dense 1024 ReLU ->
// Dropout 0.1 -> Dense 10 softmax; Adam, batch 128; about 84 MFLOP per training sample), for
//   ours_wasm     the preset through the facade in a module Worker (bench/browser/engine-worker.mjs:
//                 both MNIST files handed over, run(steps) timed `repeats` times after warm-up steps)
//   ours_relaxed  the same with the opt-in relaxed-SIMD build (fused multiply-add, not bit-identical)
//   ours_native   build/native/cnn_bench rate: the same experiment, run(steps) timed the same way
//   convnetjs     ConvNetJS 0.3.0 from npm in a classic Worker, the same layers as close as it
//                 allows (bench/browser/cnn-tasks.js says where it differs), one sample at a time
//   tfjs_forward  TensorFlow.js 4.22 wasm: a training step is tried and its error recorded (no
//                 Conv2DBackpropFilter in the wasm backend); model.predict on 128 images timed:
//                 forward-only samples per second, not comparable with the training rates
// Target: at least 300 training samples per second in the Worker (one thread).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { median } from './machine.mjs';

export const CNN_TARGET_SAMPLES_PER_S = 300;
export const CNN_MFLOP_PER_SAMPLE = 84;

/** build/native/cnn_bench rate: one JSON line. */
export function nativeCnn(cnnBench, steps, repeats, dataDir) {
  const r = spawnSync(cnnBench, ['rate', String(steps), String(repeats), dataDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cnn_bench failed: ${r.stderr || r.error}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
  return { ...out, samples_per_s_all: out.all };
}

/** The runners bench/tfjs.mjs interleaves; job(kind, job) runs a job in a fresh Worker of the bench page. */
export const cnnRunners = (job, cnnBench, repo, { steps = 2, repeats = 3, warmup = 2, convnetjsSamples = 16 } = {}) => ({
  ours_wasm: () => job('engine', { task: 'cnn', steps, repeats, warmup }),
  ours_relaxed: () => job('engine', { task: 'cnn', steps, repeats, warmup, build: 'relaxed' }),
  ours_native: async () => nativeCnn(cnnBench, steps, repeats, path.join(repo, 'build/data')),
  convnetjs: () => job('tfjs', { task: 'convnetjs', samples: convnetjsSamples, warmup: 2 }),
  tfjs_forward: () => job('tfjs', { task: 'cnn', backend: 'wasm', repeats }),
});

const LABELS = {
  ours_wasm: 'ours, wasm (module Worker)',
  ours_relaxed: 'ours, wasm relaxed-SIMD (opt-in)',
  ours_native: 'ours, native',
  convnetjs: 'ConvNetJS 0.3.0 (Worker)',
  tfjs_forward: 'tfjs 4.22 wasm, forward only',
};

const rate = (x) => x.samples_per_s ?? x.forward_samples_per_s;

/** Medians of samples/s, ratios to ConvNetJS and to ours_wasm (ratio of medians, and the median of same-round ratios). */
export function summariseCnn(samples) {
  const rows = {};
  const sps = (name) => (samples[name] ?? []).map(rate);
  const paired = (a, b) => {
    const byRound = new Map((samples[b] ?? []).map((x) => [x.round, rate(x)]));
    const rs = (samples[a] ?? []).filter((x) => byRound.has(x.round)).map((x) => rate(x) / byRound.get(x.round));
    return rs.length ? median(rs) : null;
  };
  const ref = sps('convnetjs').length ? median(sps('convnetjs')) : null;
  const ours = sps('ours_wasm').length ? median(sps('ours_wasm')) : null;
  for (const [name, label] of Object.entries(LABELS)) {
    const xs = sps(name);
    if (!xs.length) continue;
    const s = median(xs);
    rows[name] = {
      label, reps: xs.length, samples_per_s: s, samples_per_s_all: xs, forward_only: name === 'tfjs_forward',
      gflop_per_s: name === 'tfjs_forward' ? (s * CNN_MFLOP_PER_SAMPLE) / 3 / 1000 : (s * CNN_MFLOP_PER_SAMPLE) / 1000,
      over_convnetjs: ref ? s / ref : null, over_convnetjs_paired: paired(name, 'convnetjs'),
      over_ours_wasm: ours ? s / ours : null, over_ours_wasm_paired: paired(name, 'ours_wasm'),
      busy_cores_all: samples[name].map((x) => x.machine_busy_cores),
    };
  }
  const t = samples.tfjs_forward?.[0];
  return { rows, tfjs_trains: t ? t.trains : null, tfjs_train_error: t ? t.train_error : null };
}

export function formatCnn(summary) {
  const f = (x, d) => (x == null ? 'n/a' : x.toFixed(d));
  const lines = [`  ${'contestant'.padEnd(32)} ${'samples/s'.padStart(9)} ${'GFLOP/s'.padStart(7)} ${'x convnetjs'.padStart(11)} ${'paired'.padStart(7)} ${'x ours-w'.padStart(8)}  samples (samples/s)`];
  for (const r of Object.values(summary.rows)) {
    lines.push(`  ${r.label.padEnd(32)} ${f(r.samples_per_s, 1).padStart(9)} ${f(r.gflop_per_s, 1).padStart(7)} ` +
      `${f(r.over_convnetjs, 1).padStart(11)} ${f(r.over_convnetjs_paired, 1).padStart(7)} ${f(r.over_ours_wasm, 2).padStart(8)}  ` +
      `${r.samples_per_s_all.map((x) => x.toFixed(1)).join(' / ')}`);
  }
  lines.push('  samples/s: median over samples; ours: run(steps of 128) timed after warm-up steps, median of the repeats in');
  lines.push('  each sample; ConvNetJS: trainer.train per image plus 1/128 of one update; tfjs: model.predict on 128 images.');
  lines.push(`  GFLOP/s at ${CNN_MFLOP_PER_SAMPLE} MFLOP per training sample (a third of it per forward-only sample). x convnetjs: ratio of`);
  lines.push('  medians; paired: median of the same-round ratios.');
  if (summary.tfjs_trains != null)
    lines.push(`  tfjs 4.22 wasm training step: ${summary.tfjs_trains ? 'ran' : `fails: ${summary.tfjs_train_error}`}`);
  for (const name of ['ours_wasm', 'ours_relaxed']) {
    const w = summary.rows[name];
    if (!w) continue;
    const met = w.samples_per_s >= CNN_TARGET_SAMPLES_PER_S;
    lines.push(`  target: >= ${CNN_TARGET_SAMPLES_PER_S} samples/s in the Worker (one epoch of 60,000 in under 4 min): ${w.label} ` +
      `${f(w.samples_per_s, 1)} samples/s (an epoch in ${(60000 / w.samples_per_s / 60).toFixed(1)} min): ${met ? 'met' : 'NOT met'}`);
  }
  return lines.join('\n');
}
