// web/src/worker/views.ts: serves a named view of a session, for any lab: the
// engine's views (session.view, the names describe().views lists: the lab's
// own and params, update_flips, outputs, train_data, which every lab has). An
// unknown name is an error naming the view and the ones there are.
import type { SessionApi } from '../engine-types';
import type { Described, ViewData } from '../protocol';
import { MessageError } from '../protocol-check';

/** The view names this run can serve: the lab's own and those every lab has (params, update_flips, outputs, train_data). */
export function viewNames(d: Described): string[] {
  return d.views ?? [];
}

export function serveView(s: SessionApi, d: Described, name: string, input?: Float64Array): ViewData {
  if (!viewNames(d).includes(name)) throw new MessageError('name', `unknown view "${name}" (views: ${viewNames(d).join(', ')})`);
  return s.view(name, input);
}

/** The buffers of a view, to transfer. */
export function buffersOf(v: ViewData): ArrayBuffer[] {
  return [v.data.buffer as ArrayBuffer];
}
