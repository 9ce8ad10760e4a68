// web/src/engine-build.ts: which WebAssembly build of the engine a page runs,
// shared by the shell and the worker (no DOM, no engine here).
//
// The default build is bit-identical to the native runner. The relaxed-SIMD
// build (engine-relaxed.wasm) uses fused multiply-add in its matrix products:
// faster, reproducible within itself, not bit-identical. It runs only when
// the user opts in, with the share-link key `engine=relaxed` (so a teacher's
// link reproduces the same build) or the page's checkbox, and only where the
// browser validates it; otherwise the worker loads the default build and
// says so. The page tells its worker the choice through the Worker's name
// (the worker loads the engine as it starts, before any message).

/** What the user asked for. */
export type EngineChoice = 'default' | 'relaxed';
/** What runs (the module's own engineBuild()). */
export type EngineBuild = 'simd128' | 'relaxed-simd';

export interface EngineInfo {
  requested: EngineChoice;
  build: EngineBuild;
  /** Why the relaxed build was asked for but the default one runs. */
  fallback?: string;
}

export const ENGINE_KEY = 'engine';

/** The value of the link's `engine` key: 'relaxed' or 'default'; anything else is an error (default build). */
/** A value from a link as a message quotes it: escaped (one line) and at most 40 characters. */
export function quoted(value: string): string {
  const short = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(short).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);   // line breaks JSON leaves as they are
}

export function parseEngineKey(value: string | null): { choice: EngineChoice; error?: string } {
  if (value === null || value === 'default') return { choice: 'default' };
  if (value === 'relaxed') return { choice: 'relaxed' };
  return { choice: 'default', error: `${ENGINE_KEY}: unknown build ${quoted(value)} (builds: default, relaxed)` };
}

/** The choice a page's hash asks for (before the presets are known: the worker starts with it). */
export function engineChoiceOf(hash: string): EngineChoice {
  return parseEngineKey(new URLSearchParams(hash.replace(/^#/, '')).get(ENGINE_KEY)).choice;
}

/** The share link's `engine` part: only the opt-in is written, so default links stay as they were. */
export function engineLinkPart(choice: EngineChoice): string {
  return choice === 'relaxed' ? `${ENGINE_KEY}=relaxed` : '';
}

const WORKER_PREFIX = 'synapse-engine:';

export function workerName(choice: EngineChoice): string {
  return WORKER_PREFIX + choice;
}

export function choiceOfWorkerName(name: string): EngineChoice {
  return name === workerName('relaxed') ? 'relaxed' : 'default';
}

/** The line the page shows about the running build. */
export function describeBuild(info: EngineInfo | null): string {
  if (!info) return 'Engine: starting…';
  if (info.build === 'relaxed-simd') {
    return 'Engine: relaxed SIMD (fused multiply-add): faster, not bit-identical to the native runner.';
  }
  if (info.requested === 'relaxed') return info.fallback ?? 'Relaxed SIMD not available: running the bit-identical build.';
  return 'Engine: WebAssembly SIMD, bit-identical to the native runner.';
}

export const RELAXED_UNSUPPORTED = 'Relaxed SIMD not supported by this browser: running the bit-identical build.';
