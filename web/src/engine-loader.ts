// web/src/engine-loader.ts: loads the engine in the worker (worker/worker.ts),
// the build its page chose (engine-build.ts): the default build, or
// on request the relaxed-SIMD one when this browser validates it. The
// relaxed module is a separate chunk and .wasm, fetched only on request; its
// bytes are validated first (one unsupported instruction makes the whole
// module fail to compile) and then handed to it, so they are fetched once.
import createEngine from './generated/engine.mjs';
import { Engine } from '../../bindings/facade.mjs';
import type { EngineBuild, EngineInfo } from './engine-build';
import { choiceOfWorkerName, RELAXED_UNSUPPORTED } from './engine-build';

type CreateEngine = (args?: { wasmBinary?: ArrayBuffer }) => Promise<unknown>;

/** The engine and which build it is. `T` is the worker's view of the facade (engine-types.ts). */
export async function loadWorkerEngine<T>(): Promise<{ engine: T; info: EngineInfo }> {
  const requested = choiceOfWorkerName(self.name);
  let fallback: string | undefined;
  if (requested === 'relaxed') {
    try {
      const res = await fetch(new URL('./generated/engine-relaxed.wasm', import.meta.url));
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const bytes = await res.arrayBuffer();
      if (WebAssembly.validate(bytes)) {
        const { default: createRelaxed } = (await import('./generated/engine-relaxed.mjs')) as { default: CreateEngine };
        return wrap<T>(await createRelaxed({ wasmBinary: bytes }), { requested });
      }
      fallback = RELAXED_UNSUPPORTED;
    } catch (e) {
      // A missing or unreadable relaxed build is not worth a broken page: the default one runs, and says why.
      fallback = `The relaxed SIMD build could not be loaded (${(e as Error).message}): running the bit-identical build.`;
    }
  }
  return wrap<T>(await (createEngine as CreateEngine)(), { requested, fallback });
}

function wrap<T>(M: unknown, info: Omit<EngineInfo, 'build'>): { engine: T; info: EngineInfo } {
  const engine = new Engine(M);
  const build = engine.build as EngineBuild;
  return { engine: engine as unknown as T, info: info.fallback ? { ...info, build } : { requested: info.requested, build } };
}
