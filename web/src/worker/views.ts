// web/src/worker/views.ts: serves a named view of a session, for any lab: the
// engine's own views (session.view, the names describe().views lists), and
// three generic session accessors every lab has: `params`, `update_flips`,
// `outputs`. An unknown name is an error naming the view and the ones there are.
import type { SessionApi } from '../engine-types';
import type { Described, ViewData } from '../protocol';
import { MessageError } from '../protocol-check';

const flat = (data: Float64Array | Int32Array | Uint8Array): ViewData => ({ shape: [data.length], data, meta: {} });

const SESSION_VIEWS: Record<string, (s: SessionApi) => ViewData> = {
  params: (s) => flat(s.params()),
  update_flips: (s) => flat(s.updateFlips()),
  outputs: (s) => flat(s.outputs()),
};

/** The view names this run can serve. */
export function viewNames(d: Described): string[] {
  return [...(d.views ?? []), ...Object.keys(SESSION_VIEWS)];
}

export function serveView(s: SessionApi, d: Described, name: string, input?: Float64Array): ViewData {
  if (d.views?.includes(name)) return s.view(name, input);
  const accessor = SESSION_VIEWS[name];
  if (!accessor) throw new MessageError('name', `unknown view "${name}" (views: ${viewNames(d).join(', ')})`);
  return accessor(s);
}

/** The buffers of a view, to transfer. */
export function buffersOf(v: ViewData): ArrayBuffer[] {
  return [v.data.buffer as ArrayBuffer];
}
