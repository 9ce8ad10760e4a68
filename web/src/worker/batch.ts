// web/src/worker/batch.ts: a batch of fresh runs, one per knob variation, for
// any lab (XOR's alpha sweep and random starts, MNIST's batch-size exercise).
// `together`: the runs advance in round-robin slices (~15 ms a round);
// otherwise one after another. A `batch-progress` message at most ~10 times a
// second, when a run ends, and at the end (finished) carries each run's new
// curve points, its time, the engine's diverging watch (a loss exploded: the
// run trains on) and, once done, its last report. A run that cannot
// be built keeps the engine's message in `error`. A new batch or `cancel`
// abandons the old one. It runs beside the lab's run, in the same worker.
import type { EngineApi, SessionApi } from '../engine-types';
import type { BatchMsg, BatchRun, Diverging, Report } from '../protocol';
import { CurveSampler, strideFor } from './curve';
import { shapeOf, type RunShape } from './schedule';
import { checkKnobs, divergingOf, nextK, post } from './util';
import { yieldToEvents } from '../yield';

const ROUND_MS = 15;
const POST_MS = 100;

interface Member {
  label: string; value: number;
  session: SessionApi | null; shape: RunShape | null; sampler: CurveSampler | null;
  step: number; seconds: number; done: boolean; diverged: boolean; diverging: Diverging | null; final?: Report; error?: string;
}

let token = 0;

export function cancelBatch(): void {
  token++;
}

export function startBatch(eng: EngineApi, msg: BatchMsg): void {
  const mine = ++token;
  const { good } = checkKnobs(eng, msg.preset, msg.knobs);
  const members: Member[] = msg.variants.map((v) => {
    const m: Member = { label: v.label, value: v.value, session: null, shape: null, sampler: null, step: 0, seconds: 0, done: false, diverged: false, diverging: null };
    const session = eng.newSession();
    try {
      m.shape = shapeOf(session.configure(msg.preset, { ...good, ...v.knobs }));
      m.session = session;
      m.sampler = new CurveSampler(strideFor(m.shape.schedule.total_steps, msg.points));
    } catch (e) {
      session.delete();
      m.error = (e as Error).message;   // e.g. "batch_size: 10000 is larger than the training set": shown in its row
      m.done = true;
    }
    return m;
  });
  void loop(members, msg, mine)
    .catch((e: Error) => post({ type: 'error', runId: msg.runId, message: e.message, stack: e.stack }))
    .finally(() => { for (const m of members) m.session?.delete(); });
}

function advance(m: Member, k: number): number {
  const s = m.session!;
  const start = m.step;
  const t0 = performance.now();
  const res = s.run(k);
  const ms = performance.now() - t0;
  m.seconds += ms / 1000;
  m.sampler!.add(s.curve(), start);
  m.step = res.step;
  m.done = res.done;
  m.diverged = res.diverged;
  m.diverging = divergingOf(res);
  if (m.done) {
    m.sampler!.close();
    m.final = s.reports().at(-1);
    if (m.final && m.shape!.schedule.unit === 'iterations') m.sampler!.push(m.final.step, m.final[m.shape!.curveMetric] ?? NaN);
  }
  return ms;
}

function report(members: Member[], msg: BatchMsg, finished: boolean): void {
  const transfer: Transferable[] = [];
  const runs: BatchRun[] = members.map((m) => {
    const { steps, values } = m.sampler ? m.sampler.take() : { steps: new Float64Array(0), values: new Float64Array(0) };
    transfer.push(steps.buffer, values.buffer);
    return { label: m.label, value: m.value, step: m.step, totalSteps: m.shape?.schedule.total_steps ?? 0, seconds: m.seconds,
      done: m.done, diverged: m.diverged, diverging: m.diverging, curveSteps: steps, curveValues: values, final: m.final, error: m.error };
  });
  post({ type: 'batch-progress', runId: msg.runId, runs, finished }, transfer);
}

async function loop(members: Member[], msg: BatchMsg, mine: number): Promise<void> {
  let k = 1;
  let nextPostAt = 0;
  report(members, msg, false);
  while (mine === token) {
    const active = members.filter((m) => !m.done);
    if (!active.length) {
      report(members, msg, true);
      return;
    }
    let ms = 0;
    let ended = false;
    for (const m of msg.together ? active : active.slice(0, 1)) {
      ms += advance(m, k);
      ended ||= m.done;
    }
    k = ended && !msg.together ? 1 : nextK(k, k, ms, ROUND_MS);   // the next run may cost more per step
    if (ended || performance.now() >= nextPostAt) {
      report(members, msg, false);
      nextPostAt = performance.now() + POST_MS;
    }
    await yieldToEvents();
  }
}
