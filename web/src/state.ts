// web/src/state.ts: share links. The URL hash carries the lab (the preset's
// name) and every knob that differs from its default, in the knob table's
// order, then the engine build when the user opted in to the relaxed-SIMD one
// (engine-build.ts): #lab=xor&alpha=10&hidden=32&engine=relaxed. Parsing keeps
// the values as text; the engine (through the worker) decides which are valid
// and says why not.
import type { KnobValues, Preset } from './protocol';
import type { EngineChoice } from './engine-build';
import { ENGINE_KEY, engineLinkPart, parseEngineKey } from './engine-build';

export interface LinkState {
  preset: string;
  knobs: KnobValues;              // every key of the link but `lab` and `engine`, unvalidated
  labError?: string;              // set when `lab` names no preset
  engine: EngineChoice;
  engineError?: string;           // set when `engine` names no build
}

export function parseHash(hash: string, presets: Preset[]): LinkState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const fallback = presets[0].name;
  const knobs: KnobValues = {};
  let preset = fallback;
  let labError: string | undefined;
  let engine: EngineChoice = 'default';
  let engineError: string | undefined;
  for (const [key, value] of params) {
    if (key === 'lab') {
      if (presets.some((p) => p.name === value)) preset = value;
      else labError = `lab: unknown lab "${value}" (labs: ${presets.map((p) => p.name).join(', ')})`;
    } else if (key === ENGINE_KEY) {
      ({ choice: engine, error: engineError } = parseEngineKey(value));
    } else {
      knobs[key] = value;
    }
  }
  return { preset, knobs, labError, engine, engineError };
}

/** The knob's value equals its default (numerically for numbers: "1.0" is "1"). */
export function isDefault(preset: Preset, name: string, value: string): boolean {
  const knob = preset.knobs.find((k) => k.name === name);
  if (!knob) return false;
  if (value === knob.default) return true;
  if (knob.type === 'choice' || value.trim() === '') return false;
  return Number(value) === Number(knob.default);
}

export function formatHash(preset: Preset, knobs: KnobValues, engine: EngineChoice = 'default'): string {
  const params = new URLSearchParams();
  params.set('lab', preset.name);
  for (const knob of preset.knobs) {
    const v = knobs[knob.name];
    if (v !== undefined && !isDefault(preset, knob.name, v)) params.set(knob.name, v);
  }
  const part = engineLinkPart(engine);
  return '#' + params.toString() + (part ? `&${part}` : '');
}
