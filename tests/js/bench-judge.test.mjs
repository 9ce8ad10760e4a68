// The TensorFlow.js benchmark's arithmetic (bench/tfjs.mjs, bench/cnn.mjs): same-round ratios,
// accuracy means, and the verdicts on the targets. No browser: the
// measurements are made up, so every figure below can be checked by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeTargets, pairedRatio, summarise } from '../../bench/tfjs.mjs';
import { formatCnn, summariseCnn } from '../../bench/cnn.mjs';

const gemm = (gflops) => gflops.map((g, round) => ({ available: true, gflops: g, round }));

test('pairedRatio takes the median of ratios measured in the same round', () => {
  // the machine slows down 2x after round 1; ours stays 1.9x tfjs in every round
  const tfjs = gemm([20, 20, 10, 10, 10]);
  const ours = gemm([38, 38, 19, 19, 19]);
  assert.equal(pairedRatio(ours, tfjs), 1.9);
  // rounds missing on either side are left out, not paired with another round
  assert.equal(pairedRatio([{ gflops: 30, round: 7 }, ...ours.slice(0, 1)], tfjs), 1.9);
  assert.equal(pairedRatio(ours, []), null);
});

function run({ oursAcc, tfjsAcc, oursGemm, tfjsGemm, oursSps = 30000, tfjsSps = 3000, nativeSps = 40000 }) {
  const mlp = (sps, accs) => accs.map((a) => ({ samples: 60000, samples_per_s: sps, test_accuracy: a }));
  return summarise({
    mlp: {
      ours_wasm: mlp(oursSps, oursAcc), ours_relaxed: mlp(oursSps, oursAcc), tfjs_wasm: mlp(tfjsSps, tfjsAcc),
      tfjs_cpu: [{ samples: 2000, samples_per_s: 500, test_accuracy: 0.7 }], ours_native: mlp(nativeSps, oursAcc),
    },
    gemm: { ours_wasm: gemm(oursGemm), ours_relaxed: gemm(oursGemm), tfjs_wasm: gemm(tfjsGemm), tfjs_cpu: gemm([0.5]) },
  }, 2000, 256);
}

test('accuracies are compared on their means over the seeds', () => {
  // medians 0.9520 vs 0.9575 (-0.55 pp) but means 0.95323 vs 0.95297 (+0.027 pp)
  const s = run({ oursAcc: [0.9585, 0.9492, 0.9520], tfjsAcc: [0.9575, 0.9435, 0.9579], oursGemm: [36], tfjsGemm: [20] });
  assert.ok(Math.abs(s.ours_wasm.test_accuracy_mean - 0.95323) < 1e-5);
  assert.ok(Math.abs(s.ours_wasm.test_accuracy_minus_tfjs_wasm_pp - 0.0267) < 1e-3);
  assert.equal(s.tfjs_cpu.test_accuracy_minus_tfjs_wasm_pp, null, 'a partial epoch is not compared');
  const a = judgeTargets(s).find((t) => t.target === 'a' && t.contestant === 'ours_wasm');
  assert.equal(a.met, true);
});

test('targets: (a) needs 7x and 0.5 pp, (b) 1.8x paired, (c) native at least the Worker', () => {
  const verdicts = (s) => Object.fromEntries(judgeTargets(s).filter((t) => t.contestant === 'ours_wasm').map((t) => [t.target, t.met]));
  assert.deepEqual(verdicts(run({ oursAcc: [0.95], tfjsAcc: [0.95], oursGemm: [36, 18], tfjsGemm: [20, 10] })), { a: true, b: true, c: true });
  assert.deepEqual(verdicts(run({ oursAcc: [0.944], tfjsAcc: [0.95], oursGemm: [35, 17], tfjsGemm: [20, 10], oursSps: 20000 })),
    { a: false, b: false, c: true });
  assert.deepEqual(verdicts(run({ oursAcc: [0.95], tfjsAcc: [0.95], oursGemm: [36], tfjsGemm: [20], oursSps: 20000, nativeSps: 19000 })),
    { a: false, b: true, c: false });
  const s = run({ oursAcc: [0.95], tfjsAcc: [0.95], oursGemm: [36, 36], tfjsGemm: [20, 24] });
  assert.equal(s.ours_wasm.gflops_vs_tfjs_wasm_paired, (1.8 + 1.5) / 2);
});

test('CNN bench: medians, ConvNetJS ratios paired by round, the tfjs error and the 300 samples/s verdict', () => {
  // the machine slows 2x in round 2; ours stays 40x ConvNetJS and 1.5x slower than native in every round
  const rounds = (xs, extra = {}) => xs.map((s, round) => ({ samples_per_s: s, round, ...extra }));
  const s = summariseCnn({
    ours_wasm: rounds([400, 400, 200]),
    ours_native: rounds([600, 600, 300]),
    convnetjs: rounds([10, 10, 5]),
    tfjs_forward: [0, 1, 2].map((round) => ({ forward_samples_per_s: 600, round, trains: false,
      train_error: "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'" })),
  });
  assert.equal(s.rows.ours_wasm.samples_per_s, 400);
  assert.equal(s.rows.ours_wasm.over_convnetjs, 40);
  assert.equal(s.rows.ours_wasm.over_convnetjs_paired, 40);
  assert.equal(s.rows.ours_native.over_ours_wasm_paired, 1.5);
  assert.equal(s.rows.ours_wasm.gflop_per_s, 400 * 84 / 1000);
  assert.equal(s.rows.tfjs_forward.forward_only, true);
  assert.equal(s.rows.tfjs_forward.gflop_per_s, 600 * 28 / 1000, 'a forward is a third of a training sample');
  assert.equal(s.rows.ours_relaxed, undefined, 'a contestant that did not run has no row');
  assert.equal(s.tfjs_trains, false);
  const text = formatCnn(s);
  assert.match(text, /training step: fails: Kernel 'Conv2DBackpropFilter' not registered/);
  assert.match(text, /ours, wasm \(module Worker\) 400\.0 samples\/s \(an epoch in 2\.5 min\): met/);
  const slow = formatCnn(summariseCnn({ ours_wasm: rounds([250, 299, 310]) }));
  assert.match(slow, /299\.0 samples\/s .*NOT met/);
});
