// bench/autoencoder.mjs: the autoencoder lab (Lab 5) workload of bench/tfjs.mjs, ms per epoch
// (10,000 points, batch 100, the validation pass on 2,000 points included, as Keras' fit with
// validation_data does), for
//   ours_wasm    the preset through the facade in a module Worker (bench/browser/engine-worker.mjs)
//   tfjs_wasm    TensorFlow.js wasm, the same model, model.fit with validationData (tfjs-worker.js)
//   ours_native  `synapse run autoencoder --set epochs=N`: process wall time / N, and the
//                marginal time per epoch, (wall(N) - wall(1)) / (N - 1), which leaves out process
//                start and data generation
// Target: at most 10 ms per epoch in the Worker (200 epochs in 2 s).
import { spawnSync } from 'node:child_process';
import { median } from './machine.mjs';

export const AUTOENCODER_TARGET_MS = 10;

function nativeWall(nativeBin, epochs) {
  const t0 = performance.now();
  const r = spawnSync(nativeBin, ['run', 'autoencoder', '--set', `epochs=${epochs}`, '--format', 'jsonl'], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`native runner failed: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const last = lines.findLast((l) => l.epoch !== undefined);
  return { ms, last };
}

/** Native runner: N epochs and 1 epoch back to back (the difference is the marginal cost of N - 1 epochs). */
export function nativeAutoencoder(nativeBin, epochs) {
  const one = nativeWall(nativeBin, 1);
  const all = nativeWall(nativeBin, epochs);
  return {
    epochs, total_seconds: all.ms / 1000, ms_per_epoch: all.ms / epochs,
    epoch_ms_marginal: epochs > 1 ? (all.ms - one.ms) / (epochs - 1) : null, one_epoch_process_ms: one.ms,
    final_loss: all.last?.loss, final_val_loss: all.last?.val_loss,
  };
}

/** The runners bench/tfjs.mjs interleaves; job(kind, job) runs a job in a fresh Worker of the bench page. */
export const autoencoderRunners = (job, nativeBin, epochs, warmup = 2) => ({
  ours_wasm: () => job('engine', { task: 'autoencoder', epochs, warmup }),
  tfjs_wasm: () => job('tfjs', { task: 'autoencoder', backend: 'wasm', epochs, warmup }),
  ours_native: async () => nativeAutoencoder(nativeBin, epochs),
});

const LABELS = {
  ours_wasm: 'ours, wasm (module Worker)',
  tfjs_wasm: 'tfjs 4.22 wasm (SIMD, 1 thread)',
  ours_native: 'ours, native (process wall / N)',
};

/** Medians of ms/epoch, ratios to tfjs-wasm and to ours_wasm (also as medians of same-round ratios). */
export function summariseAutoencoder(samples) {
  const rows = {};
  const msOf = (name) => (samples[name] ?? []).map((x) => x.ms_per_epoch);
  const paired = (a, b) => {
    const rs = (samples[a] ?? []).map((x, i) => (samples[b]?.[i] ? x.ms_per_epoch / samples[b][i].ms_per_epoch : null)).filter((x) => x != null);
    return rs.length ? median(rs) : null;
  };
  const ref = msOf('tfjs_wasm').length ? median(msOf('tfjs_wasm')) : null;
  const ours = msOf('ours_wasm').length ? median(msOf('ours_wasm')) : null;
  for (const [name, label] of Object.entries(LABELS)) {
    const xs = msOf(name);
    if (!xs.length) continue;
    const ms = median(xs);
    const marg = samples[name].every((x) => x.epoch_ms_marginal != null) ? median(samples[name].map((x) => x.epoch_ms_marginal)) : null;
    const inner = samples[name].every((x) => x.epoch_ms_median != null) ? median(samples[name].map((x) => x.epoch_ms_median)) : null;
    rows[name] = {
      label, reps: xs.length, epochs: samples[name][0].epochs, ms_per_epoch: ms, ms_per_epoch_all: xs,
      epoch_ms_marginal: marg, epoch_ms_median_inside: inner,
      tfjs_over_this: ref ? ref / ms : null, tfjs_over_this_paired: paired('tfjs_wasm', name),
      this_over_ours_wasm: ours ? ms / ours : null, this_over_ours_wasm_paired: paired(name, 'ours_wasm'),
      final_val_loss_all: samples[name].map((x) => x.final_val_loss),
    };
  }
  return rows;
}

export function formatAutoencoder(summary) {
  const f = (x, d) => (x == null ? 'n/a' : x.toFixed(d));
  const lines = [`  ${'contestant'.padEnd(32)} ${'ms/epoch'.padStart(8)} ${'(inside)'.padStart(8)} ${'tfjs/this'.padStart(9)} ${'paired'.padStart(6)} ${'this/ours-w'.padStart(11)}  samples (ms/epoch)`];
  for (const r of Object.values(summary)) {
    lines.push(`  ${r.label.padEnd(32)} ${f(r.ms_per_epoch, 2).padStart(8)} ${f(r.epoch_ms_median_inside ?? r.epoch_ms_marginal, 2).padStart(8)} ` +
      `${f(r.tfjs_over_this, 2).padStart(9)} ${f(r.tfjs_over_this_paired, 2).padStart(6)} ${f(r.this_over_ours_wasm, 2).padStart(11)}  ${r.ms_per_epoch_all.map((x) => x.toFixed(1)).join(' / ')}`);
  }
  lines.push('  ms/epoch: median over samples of (time of N epochs) / N, validation included; (inside): median epoch inside the run');
  lines.push('  (Worker: per run() of one epoch; tfjs: onEpochEnd to onEpochEnd), native: (wall(N) - wall(1)) / (N - 1).');
  const w = summary.ours_wasm;
  const met = w ? w.ms_per_epoch <= AUTOENCODER_TARGET_MS : null;
  lines.push(`  target: <= ${AUTOENCODER_TARGET_MS} ms/epoch in the Worker (200 epochs in 2 s): ours ${f(w?.ms_per_epoch, 2)} ms/epoch ` +
    `(200 epochs in ${w ? (w.ms_per_epoch * 0.2).toFixed(2) : 'n/a'} s): ${met == null ? 'n/a' : met ? 'met' : 'NOT met'}`);
  return lines.join('\n');
}
