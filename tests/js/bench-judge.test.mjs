// The TensorFlow.js benchmark's arithmetic (bench/tfjs.mjs): same-round ratios,
// accuracy means, and the verdicts on the targets. No browser: the
// measurements are made up, so every figure below can be checked by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeTargets, pairedRatio, summarise } from '../../bench/tfjs.mjs';

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
