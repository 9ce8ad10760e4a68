// web/src/shell/link.ts: share links, for every lab. The URL hash carries the
// preset (`lab`, as links always have), every knob that differs from its
// default in the knob table's order, then the engine build when the user
// opted in to the relaxed-SIMD one (../engine-build.ts):
//   index.html#lab=xor&alpha=10&hidden=32   index.html#lab=mnist-mlp&hidden=128,64&engine=relaxed
// A hash without `lab` is the start page. Parsing keeps values as text; the
// engine (through the worker) says which are valid. A knob's older name (its
// alias in the engine's table: alpha for lr) is read as the knob itself, so
// links made before the rename keep working; links are written with the name. No DOM here, and no
// imports but engine-build.ts, so tests/js compiles it alone.
import type { KnobValues, Preset } from '../protocol';
import type { EngineChoice } from '../engine-build';
import { ENGINE_KEY, engineLinkPart, parseEngineKey } from '../engine-build';

export interface LinkState {
  preset: string | null;          // null: no `lab` key, the start page
  knobs: KnobValues;              // every key but `lab` and `engine`, unvalidated
  labError?: string;              // `lab` names no preset (the first preset is used)
  engine: EngineChoice;
  engineError?: string;           // `engine` names no build
}

export function parseHash(hash: string, presets: Preset[]): LinkState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const knobs: KnobValues = {};
  let preset: string | null = null;
  let labError: string | undefined;
  let engine: EngineChoice = 'default';
  let engineError: string | undefined;
  for (const [key, value] of params) {
    if (key === ENGINE_KEY) ({ choice: engine, error: engineError } = parseEngineKey(value));
    else if (key !== 'lab') knobs[key] = value;
    else if (presets.some((p) => p.name === value)) preset = value;
    else {
      labError = `lab: unknown lab "${value}" (labs: ${presets.map((p) => p.name).join(', ')})`;
      preset = presets[0]?.name ?? null;
    }
  }
  const known = presets.find((p) => p.name === preset);
  for (const k of known?.knobs ?? []) {
    if (k.alias && k.alias in knobs) {
      if (!(k.name in knobs)) knobs[k.name] = knobs[k.alias];
      delete knobs[k.alias];
    }
  }
  return { preset, knobs, labError, engine, engineError };
}

/** The value equals the knob's default (numerically for numbers, "1.0" is "1"; "200, 60" is "200,60"). */
export function isDefault(preset: Preset, name: string, value: string): boolean {
  const knob = preset.knobs.find((k) => k.name === name);
  if (!knob) return false;
  if (value === knob.default) return true;
  if (knob.type === 'choice' || value.trim() === '') return false;
  if (knob.type === 'integer_list') return value.replace(/\s+/g, '') === knob.default.replace(/\s+/g, '');
  return Number(value) === Number(knob.default);
}

export function formatHash(preset: Preset, knobs: KnobValues, engine: EngineChoice = 'default'): string {
  const parts = [`lab=${encodeURIComponent(preset.name)}`];
  for (const knob of preset.knobs) {
    const v = knobs[knob.name];
    // commas stay readable in the link (hidden=128,64)
    if (v !== undefined && !isDefault(preset, knob.name, v)) parts.push(`${knob.name}=${encodeURIComponent(v).replace(/%2C/gi, ',')}`);
  }
  const part = engineLinkPart(engine);
  if (part) parts.push(part);
  return '#' + parts.join('&');
}

/** An old page's address as the one page's: mnist.html#… is index.html#… (mnist.html alone: the MNIST lab). */
export function legacyTarget(path: string, hash: string): string | null {
  if (!/(^|\/)mnist\.html$/.test(path)) return null;
  return `index.html${hash && hash !== '#' ? hash : '#lab=mnist-mlp'}`;
}
