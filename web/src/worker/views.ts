// web/src/worker/views.ts: serves a named view of a session, for any lab. The
// engine's own views (session.view, the names describe().views lists) come
// first. Three views are the session's generic accessors, for every lab:
// `params`, `update_flips`, `outputs`. Until the engine serves its views,
// `decision_map` and `predicted` are computed here (LEGACY: delete them and
// grid.ts once describe().views lists them). An unknown name is an error
// naming the view and the ones there are.
import type { SessionApi } from '../engine-types';
import type { Described, ViewData } from '../protocol';
import { MessageError } from '../protocol-check';
import { decisionMap } from './grid';

type Accessor = (s: SessionApi, d: Described, input?: Float64Array) => ViewData;

const flat = (data: Float64Array | Int32Array | Uint8Array): ViewData => ({ shape: [data.length], data, meta: {} });

const SESSION_VIEWS: Record<string, Accessor> = {
  params: (s) => flat(s.params()),
  update_flips: (s) => flat(s.updateFlips()),
  outputs: (s) => flat(s.outputs()),
};

const LEGACY_VIEWS: Record<string, Accessor> = {
  decision_map: (s, d) => decisionMap(s, d),
  predicted: (s) => flat(s.predictedClasses()),
};

/** The view names this run can serve. */
export function viewNames(d: Described): string[] {
  return [...new Set([...(d.views ?? []), ...Object.keys(SESSION_VIEWS), ...(d.views ? [] : Object.keys(LEGACY_VIEWS))])];
}

export function serveView(s: SessionApi, d: Described, name: string, input?: Float64Array): ViewData {
  if (s.view && d.views?.includes(name)) return s.view(name, input);
  const accessor = SESSION_VIEWS[name] ?? (d.views ? undefined : LEGACY_VIEWS[name]);
  if (!accessor) throw new MessageError('name', `unknown view "${name}" (views: ${viewNames(d).join(', ')})`);
  return accessor(s, d, input);
}

/** The buffers of a view, to transfer. */
export function buffersOf(v: ViewData): ArrayBuffer[] {
  return [v.data.buffer as ArrayBuffer];
}
