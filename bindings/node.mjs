// bindings/node.mjs: loads the WASM engine under Node (tests, bin/synapse.mjs).
// The module is built for the web (ENVIRONMENT=web,worker), so the .wasm
// bytes are handed to it instead of fetched.
//
// Two builds live side by side in the build directory: engine.{mjs,wasm}, the
// reference (bit-identical to the native runner), and engine-relaxed.{mjs,wasm},
// the opt-in relaxed-SIMD build (fused multiply-add in the gemm kernel; faster,
// reproducible within itself, not bit-identical). Ask for the latter with
// {simd: 'relaxed'}: it is used when this runtime validates it (Node 20 only
// with --experimental-wasm-relaxed-simd on its command line), otherwise the
// reference build is loaded instead. engine.build says which one runs
// ('relaxed-simd' or 'simd128', from the module itself) and engine.fallback
// why the relaxed one was not used (null when it was, or was not asked for).
import { readFile } from 'node:fs/promises';
import { Engine } from './facade.mjs';

export const defaultBuildDir = new URL('../build/wasm/', import.meta.url);

export const RELAXED_UNSUPPORTED =
  'relaxed SIMD not supported by this runtime (Node 20 needs --experimental-wasm-relaxed-simd): running the bit-identical build';

export async function loadEngine(dir = defaultBuildDir, moduleArgs = {}, { simd = 'default' } = {}) {
  if (simd !== 'default' && simd !== 'relaxed') throw new Error(`loadEngine: simd must be 'default' or 'relaxed', got ${JSON.stringify(simd)}`);
  let name = 'engine';
  let wasmBinary = null;
  let fallback = null;
  if (simd === 'relaxed') {
    // Validate the very bytes that would run: a module with one unsupported
    // instruction fails to compile as a whole (TOOLCHAIN §6).
    const bytes = await readFile(new URL('engine-relaxed.wasm', dir));
    if (WebAssembly.validate(bytes)) {
      name = 'engine-relaxed';
      wasmBinary = bytes;
    } else {
      fallback = RELAXED_UNSUPPORTED;
    }
  }
  const { default: createEngine } = await import(new URL(`${name}.mjs`, dir).href);
  wasmBinary ??= await readFile(new URL(`${name}.wasm`, dir));
  const M = await createEngine({ wasmBinary, ...moduleArgs });
  const engine = new Engine(M);
  engine.fallback = fallback;
  return engine;
}
