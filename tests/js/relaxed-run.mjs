// tests/js/relaxed-run.mjs: support for relaxed-simd.test.mjs (not a test file).
// Node accepts relaxed SIMD only when --experimental-wasm-relaxed-simd is on
// its command line, so the test runs this file in child processes:
//   node [--experimental-wasm-relaxed-simd] tests/js/relaxed-run.mjs <default|relaxed> [--force-invalid]
// It loads the engine through bindings/node.mjs, trains a short MNIST run and
// prints one JSON line: {build, fallback, fused, report, paramsHash}.
// --force-invalid makes WebAssembly.validate answer false (the fallback path).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadEngine } from '../../bindings/node.mjs';

const dataDir = fileURLToPath(new URL('../../build/data/', import.meta.url));

/** The short run both builds train: 2,000 training images, one epoch (16 steps of 128), then the 10,000 test images. */
export const SHORT_RUN = { train_limit: '2000', epochs: '1', seed: '5' };

// A 60-byte module: f(a, b, c) = lane 0 of f32x4.relaxed_madd(splat a, splat b, splat c).
const PROBE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7d, 0x7d, 0x7d, 0x01, 0x7d,   // type: (f32 f32 f32) -> f32
  0x03, 0x02, 0x01, 0x00,                                       // function 0 has that type
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,                     // export "f"
  0x0a, 0x16, 0x01, 0x14, 0x00,                                 // code: one body of 20 bytes, no locals
  0x20, 0x00, 0xfd, 0x13, 0x20, 0x01, 0xfd, 0x13, 0x20, 0x02, 0xfd, 0x13,   // local.get, f32x4.splat (x3)
  0xfd, 0x85, 0x02,                                             // f32x4.relaxed_madd
  0xfd, 0x1f, 0x00,                                             // f32x4.extract_lane 0
  0x0b,
]);

/**
 * Whether this runtime's relaxed multiply-add is fused: (1+2^-23)(1-2^-23) - 1 is -2^-46 in one
 * rounding and 0 as mul+add. null when relaxed SIMD is not available at all.
 */
export function relaxedMaddIsFused() {
  if (!WebAssembly.validate(PROBE)) return null;
  const { f } = new WebAssembly.Instance(new WebAssembly.Module(PROBE)).exports;
  const r = f(1 + 2 ** -23, 1 - 2 ** -23, -1);
  if (r === -(2 ** -46)) return true;
  if (r === 0) return false;
  throw new Error(`relaxed madd probe gave ${r}, which no multiply-add gives`);
}

/** Trains SHORT_RUN on `engine`: the last report and a hash of every parameter's bits. */
export function trainShort(engine) {
  for (const name of ['mnist-train.bin', 'mnist-test.bin']) engine.provideDataFile(name, readFileSync(path.join(dataDir, name)));
  const session = engine.newSession();
  try {
    session.configure('mnist-mlp', SHORT_RUN);
    let m;
    do m = session.run(1000); while (!m.done);
    if (m.diverged) throw new Error('the short MNIST run diverged');
    const params = session.params();
    return {
      report: session.reports().at(-1),
      paramsHash: createHash('sha256').update(new Uint8Array(params.buffer, params.byteOffset, params.byteLength)).digest('hex'),
    };
  } finally {
    session.delete();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const simd = process.argv[2] ?? 'default';
  const fused = relaxedMaddIsFused();   // before any forcing: what the runtime itself does
  if (process.argv.includes('--force-invalid')) WebAssembly.validate = () => false;
  const engine = await loadEngine(undefined, {}, { simd });
  console.log(JSON.stringify({ build: engine.build, fallback: engine.fallback, fused, ...trainShort(engine) }));
}
