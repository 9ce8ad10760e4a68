// bench/lstm.mjs: the LSTM lab (issue 12) workload of bench/tfjs.mjs, ms per epoch of the
// lecture's airline model, LSTM(128) -> Dense(1), MSE, Adam 0.001, batch 1, the 90 training
// windows shuffled, in both of its versions:
//   steps     version 2, preset lstm-airline-steps: each window as 5 steps of 1 value, (5, 1)
//   features  version 1, preset lstm-airline: each window as 1 step of 5 values, (1, 5)
// for
//   ours_wasm    the preset through the facade in a module Worker (bench/browser/engine-worker.mjs:
//                the airline CSV handed over with provideDataFile, run(90) per epoch until done)
//   tfjs_wasm    TensorFlow.js wasm, the same model, model.fit(batchSize 1, shuffle) (tfjs-worker.js)
//   ours_native  `synapse run <preset> --set epochs=N`: the marginal time per epoch,
//                (wall(N) - wall(1)) / (N - 1), which leaves out process start and the data
// Every epoch of ours includes what the lab does per epoch (the loss report); the last one also
// the train and test RMSE (132 predictions), as Keras' fit + predict would after it.
// Target: version 2 at most 20 ms per epoch in the Worker (the lecture's 500 epochs in 10 s).
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { median } from './machine.mjs';

export const LSTM_TARGET_MS = 20;
export const LSTM_VERSIONS = { steps: 'lstm-airline-steps', features: 'lstm-airline' };

function nativeWall(nativeBin, preset, epochs, dataDir) {
  const t0 = performance.now();
  const r = spawnSync(nativeBin, ['run', preset, '--set', `epochs=${epochs}`, '--format', 'jsonl', '--data-dir', dataDir],
    { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`native runner failed: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  return { ms, last: lines.findLast((l) => l.epoch !== undefined), done: lines.find((l) => l.done) };
}

/** Native runner: 1 epoch and N epochs back to back; the difference is the cost of N - 1 epochs. */
export function nativeLstm(nativeBin, version, epochs, dataDir) {
  const preset = LSTM_VERSIONS[version];
  const one = nativeWall(nativeBin, preset, 1, dataDir);
  const all = nativeWall(nativeBin, preset, epochs, dataDir);
  return {
    version, preset, epochs, total_seconds: all.ms / 1000, one_epoch_process_ms: one.ms,
    ms_per_epoch: (all.ms - one.ms) / (epochs - 1), ms_per_epoch_process: all.ms / epochs,
    final_loss: all.last?.loss, train_rmse: all.done?.train_rmse, test_rmse: all.done?.test_rmse,
  };
}

/**
 * The runners bench/tfjs.mjs interleaves, one per contestant and version (`ours_wasm_steps`,
 * ...); job(kind, job) runs a job in a fresh Worker of the bench page.
 */
export const lstmRunners = (job, nativeBin, repo, { epochs = 40, tfjsEpochs = 3, nativeEpochs = 60, warmup = 2 } = {}) => {
  const runners = {};
  for (const version of Object.keys(LSTM_VERSIONS)) {
    runners[`ours_wasm_${version}`] = () => job('engine', { task: 'lstm', preset: LSTM_VERSIONS[version], epochs, warmup });
    runners[`tfjs_wasm_${version}`] = () => job('tfjs', { task: 'lstm', backend: 'wasm', version, epochs: tfjsEpochs, warmup: 1 });
    runners[`ours_native_${version}`] = async () => nativeLstm(nativeBin, version, nativeEpochs, path.join(repo, 'build/data'));
  }
  return runners;
};

const LABELS = {
  ours_wasm: 'ours, wasm (module Worker)',
  tfjs_wasm: 'tfjs 4.22 wasm (SIMD, 1 thread)',
  ours_native: 'ours, native (marginal)',
};

/** Per version: medians of ms/epoch, ratios to tfjs-wasm and to ours_wasm (also medians of same-round ratios). */
export function summariseLstm(samples) {
  const out = {};
  for (const version of Object.keys(LSTM_VERSIONS)) {
    const key = (c) => `${c}_${version}`;
    const ms = (c) => (samples[key(c)] ?? []).map((x) => x.ms_per_epoch);
    const paired = (a, b) => {
      const byRound = new Map((samples[key(b)] ?? []).map((x) => [x.round, x.ms_per_epoch]));
      const rs = (samples[key(a)] ?? []).filter((x) => byRound.has(x.round)).map((x) => byRound.get(x.round) / x.ms_per_epoch);
      return rs.length ? median(rs) : null;
    };
    const ref = ms('tfjs_wasm').length ? median(ms('tfjs_wasm')) : null;
    const ours = ms('ours_wasm').length ? median(ms('ours_wasm')) : null;
    const rows = {};
    for (const [c, label] of Object.entries(LABELS)) {
      const xs = ms(c);
      if (!xs.length) continue;
      const m = median(xs);
      const inner = samples[key(c)].every((x) => x.epoch_ms_median != null) ? median(samples[key(c)].map((x) => x.epoch_ms_median)) : null;
      rows[c] = {
        label, reps: xs.length, epochs: samples[key(c)][0].epochs, ms_per_epoch: m, ms_per_epoch_all: xs,
        epoch_ms_median_inside: inner,
        tfjs_over_this: ref ? ref / m : null, tfjs_over_this_paired: paired(c, 'tfjs_wasm'),
        ours_wasm_over_this: ours ? ours / m : null, ours_wasm_over_this_paired: paired(c, 'ours_wasm'),
        busy_cores_all: samples[key(c)].map((x) => x.machine_busy_cores),
        final_loss_all: samples[key(c)].map((x) => x.final_loss),
      };
    }
    out[version] = { preset: LSTM_VERSIONS[version], rows };
  }
  return out;
}

export function formatLstm(summary) {
  const f = (x, d) => (x == null ? 'n/a' : x.toFixed(d));
  const lines = [];
  for (const [version, { preset, rows }] of Object.entries(summary)) {
    lines.push(`  ${version === 'steps' ? 'version 2' : 'version 1'} (${preset}, input ${version === 'steps' ? '(5, 1)' : '(1, 5)'}):`);
    lines.push(`    ${'contestant'.padEnd(32)} ${'ms/epoch'.padStart(8)} ${'(inside)'.padStart(8)} ${'tfjs/this'.padStart(9)} ${'paired'.padStart(7)} ${'ours-w/this'.padStart(11)}  samples (ms/epoch)`);
    for (const r of Object.values(rows)) {
      lines.push(`    ${r.label.padEnd(32)} ${f(r.ms_per_epoch, 2).padStart(8)} ${f(r.epoch_ms_median_inside, 2).padStart(8)} ` +
        `${f(r.tfjs_over_this, 2).padStart(9)} ${f(r.tfjs_over_this_paired, 2).padStart(7)} ${f(r.ours_wasm_over_this, 2).padStart(11)}  ` +
        `${r.ms_per_epoch_all.map((x) => x.toFixed(1)).join(' / ')}`);
    }
  }
  lines.push('  ms/epoch: median over samples of (time of N epochs) / N; Workers: N run(90) calls (ours) or one model.fit of N epochs');
  lines.push('  (tfjs) after warm-up epochs; (inside): median single epoch; native: (wall(N) - wall(1)) / (N - 1) of two processes.');
  lines.push('  tfjs/this: ratio of medians; paired: median of the same-round ratios.');
  const w = summary.steps?.rows.ours_wasm;
  const met = w ? w.ms_per_epoch <= LSTM_TARGET_MS : null;
  lines.push(`  target: version 2 <= ${LSTM_TARGET_MS} ms/epoch in the Worker (500 epochs in 10 s): ours ${f(w?.ms_per_epoch, 2)} ms/epoch ` +
    `(500 epochs in ${w ? (w.ms_per_epoch * 0.5).toFixed(1) : 'n/a'} s, ${f(w?.tfjs_over_this_paired, 1)}x tfjs-wasm paired): ` +
    `${met == null ? 'n/a' : met ? 'met' : 'NOT met'}`);
  return lines.join('\n');
}
