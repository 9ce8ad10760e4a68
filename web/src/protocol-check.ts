// web/src/protocol-check.ts: the one place the worker checks what arrives.
// Every page→worker type of protocol.ts has a row here (a field and its kind);
// checkMessage() throws a MessageError naming the first bad field ("alpha"
// is the engine's business; "knobs.alpha: must be text" is this file's). The
// worker answers with an `error` message and stays usable. It imports only
// protocol.ts, so tests/js can compile the two alone (typescript.transpileModule).
import type { SaveTarget, ToWorker, ViewWhen } from './protocol';
import { SAVE_TARGETS, VIEW_WHEN } from './protocol';

type Kind = 'count' | 'int' | 'number' | 'text' | 'bool' | 'knobs' | 'views' | 'files' | 'f64' | 'bytes' | 'buffer' | 'target' | 'variants';
interface Field { kind: Kind; optional?: boolean }

const runId: Field = { kind: 'count' };
const WHEN: readonly ViewWhen[] = VIEW_WHEN;
const SCHEMA: { [T in ToWorker['type']]: Record<string, Field> } = {
  load: { runId, base: { kind: 'text' }, files: { kind: 'files' } },
  provide: { runId, name: { kind: 'text' }, bytes: { kind: 'bytes' } },
  configure: { runId, preset: { kind: 'text' }, knobs: { kind: 'knobs' }, views: { kind: 'views' } },
  check: { runId, preset: { kind: 'text' }, knobs: { kind: 'knobs' } },
  start: { runId },
  pause: { runId },
  step: { runId, count: { kind: 'count', optional: true } },
  phase: { runId, part: { kind: 'text' } },
  reset: { runId },
  speed: { runId, stepsPerSecond: { kind: 'number' } },
  view: { runId, name: { kind: 'text' }, input: { kind: 'f64', optional: true } },
  forward: { runId, input: { kind: 'f64' }, rows: { kind: 'count' } },
  batch: { runId, preset: { kind: 'text' }, knobs: { kind: 'knobs' }, variants: { kind: 'variants' }, together: { kind: 'bool' }, points: { kind: 'count' } },
  cancel: { runId },
  'data-csv': { runId, name: { kind: 'text' }, rows: { kind: 'int' } },
  'save-state': { runId, to: { kind: 'target' } },
  'load-state': { runId, bytes: { kind: 'buffer' }, curveSteps: { kind: 'f64', optional: true }, curveValues: { kind: 'f64', optional: true } },
};

export const MESSAGE_TYPES = Object.keys(SCHEMA) as ToWorker['type'][];

/** A message the worker cannot take: `field` names what is wrong (a dotted path). */
export class MessageError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'MessageError';
  }
}

/** A value as a message quotes it: JSON when it has one (escaped, one line), shortened; never throws (BigInt, cycles). */
function shown(v: unknown): string {
  let s: string | undefined;
  try { s = JSON.stringify(v); } catch { s = undefined; }
  if (s === undefined) s = typeof v === 'bigint' ? `${v}n` : typeof v === 'object' || typeof v === 'function' ? Object.prototype.toString.call(v) : String(typeof v);
  s = s.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);   // line breaks JSON leaves as they are
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** A knob's or key's place in a dotted path: `.name`, or `["quoted"]` for a key that is not a plain name. */
const keyPath = (path: string, k: string): string => (/^[\w-]{1,60}$/.test(k) ? `${path}.${k}` : `${path}[${shown(k)}]`);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkKnobs(v: unknown, path: string): void {
  if (!isObject(v)) throw new MessageError(path, 'must be an object of knob values');
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') throw new MessageError(keyPath(path, k), `must be text, got ${typeof x}`);
}

function checkField(v: unknown, f: Field, path: string): void {
  switch (f.kind) {
    case 'count':
      if (!Number.isInteger(v) || (v as number) < 0) throw new MessageError(path, `must be a whole number >= 0, got ${shown(v)}`);
      return;
    case 'int':
      if (!Number.isInteger(v)) throw new MessageError(path, `must be a whole number, got ${shown(v)}`);
      return;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new MessageError(path, `must be a finite number >= 0, got ${shown(v)}`);
      return;
    case 'text':
      if (typeof v !== 'string' || v === '') throw new MessageError(path, `must be non-empty text, got ${shown(v)}`);
      return;
    case 'bool':
      if (typeof v !== 'boolean') throw new MessageError(path, `must be true or false, got ${shown(v)}`);
      return;
    case 'knobs':
      return checkKnobs(v, path);
    case 'f64':
      if (!(v instanceof Float64Array)) throw new MessageError(path, 'must be a Float64Array');
      return;
    case 'bytes':
      if (!(v instanceof Uint8Array)) throw new MessageError(path, 'must be a Uint8Array');
      return;
    case 'target':
      if (!SAVE_TARGETS.includes(v as SaveTarget)) throw new MessageError(path, `must be ${SAVE_TARGETS.join(' or ')}, got ${shown(v)}`);
      return;
    case 'buffer':
      if (!(v instanceof ArrayBuffer)) throw new MessageError(path, 'must be an ArrayBuffer');
      return;
    case 'views':
      if (!Array.isArray(v)) throw new MessageError(path, 'must be a list of view requests');
      v.forEach((r, i) => {
        if (!isObject(r) || typeof r.name !== 'string' || !r.name) throw new MessageError(`${path}[${i}].name`, 'must be a view name');
        if (!WHEN.includes(r.when as ViewWhen)) throw new MessageError(`${path}[${i}].when`, `must be ${WHEN.join(', ')}, got ${shown(r.when)}`);
        if (r.everyMs !== undefined) checkField(r.everyMs, { kind: 'number' }, `${path}[${i}].everyMs`);
      });
      return;
    case 'files':
      if (!Array.isArray(v)) throw new MessageError(path, 'must be a list of data files');
      v.forEach((r, i) => {
        if (!isObject(r) || typeof r.name !== 'string' || !/^[\w.-]+$/.test(r.name)) throw new MessageError(`${path}[${i}].name`, 'must be a file name');
      });
      return;
    case 'variants':
      if (!Array.isArray(v) || v.length === 0 || v.length > 1000) throw new MessageError(path, 'must be a list of 1 to 1000 variants');
      v.forEach((r, i) => {
        if (!isObject(r) || typeof r.label !== 'string') throw new MessageError(`${path}[${i}].label`, 'must be text');
        if (typeof r.value !== 'number') throw new MessageError(`${path}[${i}].value`, 'must be a number');
        checkKnobs(r.knobs, `${path}[${i}].knobs`);
      });
      return;
  }
}

/** The message as the worker may trust it, or a MessageError naming the field at fault. */
export function checkMessage(data: unknown): ToWorker {
  if (!isObject(data)) throw new MessageError('message', 'must be an object with a "type"');
  const type = data.type;
  if (typeof type !== 'string' || !Object.hasOwn(SCHEMA, type)) {
    throw new MessageError('type', `unknown message type ${shown(type)} (types: ${MESSAGE_TYPES.join(', ')})`);
  }
  const schema = SCHEMA[type as ToWorker['type']];
  for (const [name, field] of Object.entries(schema)) {
    const v = data[name];
    if (v === undefined) {
      if (!field.optional) throw new MessageError(name, 'is missing');
      continue;
    }
    checkField(v, field, name);
  }
  return data as unknown as ToWorker;
}

/** The runId of a message that may be malformed (0 when it has none), so an error still reaches its run. */
export function runIdOf(data: unknown): number {
  return isObject(data) && Number.isInteger(data.runId) ? (data.runId as number) : 0;
}
