// web/src/mnist/link.ts: share links. The hash carries the lab (the preset's
// name) and every knob that differs from its default, in the knob table's
// order, then the engine build when the user opted in to the relaxed-SIMD one
// (../engine-build.ts): mnist.html#lab=mnist-mlp&batch_size=64&hidden=128,64&engine=relaxed.
// Parsing keeps values as text; the engine (through the worker) says which are valid.
import type { KnobValues, Preset } from './protocol';
import type { EngineChoice } from '../engine-build';
import { ENGINE_KEY, engineLinkPart, parseEngineKey } from '../engine-build';

export interface LinkState {
  preset: string;
  knobs: KnobValues;
  labError?: string;
  engine: EngineChoice;
  engineError?: string;
}

export function parseHash(hash: string, presets: Preset[]): LinkState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const knobs: KnobValues = {};
  let preset = presets[0].name;
  let labError: string | undefined;
  let engine: EngineChoice = 'default';
  let engineError: string | undefined;
  for (const [key, value] of params) {
    if (key === ENGINE_KEY) ({ choice: engine, error: engineError } = parseEngineKey(value));
    else if (key !== 'lab') knobs[key] = value;
    else if (presets.some((p) => p.name === value)) preset = value;
    else labError = `lab: unknown lab "${value}" (labs: ${presets.map((p) => p.name).join(', ')})`;
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
