// web/src/lessons/panel.ts: the lesson, under a lab's main chart (so the run
// controls and the main chart keep the first screen): a teacher's instructions,
// when a lesson link brought them, in a card of their own (text only, never
// markup), then a collapsible card (closed at first) with what the lab shows,
// what to try and look for, its sources, and its challenges, each marked as it
// is met with the step it was met at. Its summary line counts the met ones.
import type { DoneMsg, KnobValues, MetricsMsg, Preset } from '../protocol';
import { count, el } from '../views/dom';
import type { Lesson } from './types';
import { ChallengeChecker, samplesOf } from './checker';
import type { Challenge } from './checker';
import './lessons.css';

export class LessonPanel {
  private lesson: Lesson | null = null;
  private picked: Challenge[] | null = null;   // the built-in challenges a lesson link chose (null: all of the lesson's)
  private checker = new ChallengeChecker([]);
  private curveMetric = '';
  private details = el('details', 'card lesson-panel');
  private score = el('span', 'lesson-score');
  private teacher = el('section', 'card lesson-teacher');
  private challengeList = el('ul', 'challenges');
  private pickNote = el('p', 'note challenge-pick');
  private announce = el('p', 'sr-only');

  constructor(private root: HTMLElement) {
    this.details.id = 'lesson';
    this.announce.setAttribute('role', 'status');
    this.teacher.setAttribute('aria-labelledby', 'lesson-teacher-title');
    root.append(this.teacher, this.details);
  }

  /**
   * Shows the lab's lesson and the teacher's text, if any; `picked`: the built-in challenges a lesson link
   * chose (null: all). The checker starts over when the lab or the chosen challenges change.
   */
  show(lesson: Lesson | undefined, teacherText: string | null, picked: Challenge[] | null = null): void {
    this.root.hidden = !lesson && teacherText === null;
    const same = (a: Challenge[] | null, b: Challenge[] | null) => a === b || (!!a && !!b && a.map((c) => c.id).join() === b.map((c) => c.id).join());
    if (lesson !== this.lesson || !same(picked, this.picked)) {
      this.lesson = lesson ?? null;
      this.picked = picked;
      this.checker = new ChallengeChecker(picked ?? lesson?.challenges ?? []);
      this.details.open = false;
    }
    this.renderTeacher(teacherText);
    this.render();
  }

  private renderTeacher(text: string | null): void {
    this.teacher.hidden = text === null;
    this.teacher.replaceChildren();
    if (text === null) return;
    const h = el('h2', '', 'From your teacher');
    h.id = 'lesson-teacher-title';
    const body = el('p', 'lesson-teacher-text');
    body.id = 'lesson-teacher-text';
    body.textContent = text || '(no instructions: the link fixes some knobs or panels only)';
    const honest = el('p', 'note', 'This lesson link fixes or hides some knobs and panels. It is guidance, not security: ' +
      'anyone can edit the link itself to change them.');
    this.teacher.append(h, body, honest);
  }

  private render(): void {
    const summary = el('summary');
    const title = el('h2', 'lesson-title', 'Lesson');
    summary.append(title, ' ', this.score);
    this.details.replaceChildren(summary, this.announce);
    const l = this.lesson;
    if (!l) return this.renderChallenges();
    const list = (items: string[]) => { const ul = el('ul'); for (const t of items) ul.append(el('li', '', t)); return ul; };
    const sources = el('ul', 'lesson-sources');
    for (const s of l.sources) {
      const li = el('li');
      if (s.url) {
        const a = el('a', '', s.title);
        a.href = s.url;
        a.target = '_blank';
        a.rel = 'noopener';
        li.append(a);
      } else li.append(el('cite', '', s.title));
      li.append(` — ${s.where}`);
      sources.append(li);
    }
    this.details.append(
      el('h3', '', 'What it shows'), el('p', '', l.shows),
      el('h3', '', 'Challenges'), this.challengeList, this.pickNote,
      el('h3', '', 'Try'), list(l.tryThis),
      el('h3', '', 'Look for'), list(l.lookFor),
      el('h3', '', 'Sources'), sources,
    );
    this.renderChallenges();
  }

  private renderChallenges(): void {
    this.challengeList.replaceChildren();
    const shown = this.checker.shown();
    let met = 0;
    for (const c of shown) {
      const { met: m, blocked } = this.checker.status(c.id);
      const li = el('li', m ? 'challenge met' : 'challenge');
      li.dataset.challenge = c.id;
      const mark = el('span', 'challenge-mark', m ? '✓' : '○');
      mark.setAttribute('aria-hidden', 'true');
      const state = el('span', 'challenge-state', m ? `met at step ${count(m.step)} (${c.metric}${c.over ? ` / ${c.over}` : ''} ` +
        `${m.value.toPrecision(4)})` : blocked ? `not with this run's knobs (${blocked.join('; ')})` : 'not yet');
      if (m) { met++; li.dataset.metStep = String(m.step); }
      li.append(mark, el('span', 'challenge-text', c.text), ' ', state);
      this.challengeList.append(li);
    }
    this.pickNote.hidden = !this.picked;
    this.pickNote.textContent = !this.picked ? '' : shown.length ? 'Your teacher chose these; their own challenges, if any, are in their instructions.'
      : 'Your teacher chose none of the lab\'s challenges; their own, if any, are in their instructions.';
    this.score.textContent = shown.length ? `${met} of ${shown.length} challenges met` : '';
  }

  /** A new run: which challenges apply to its preset, knobs and metrics; the curve's metric. */
  run(preset: Preset, knobs: KnobValues, curveMetric: string, metrics?: string[]): void {
    this.curveMetric = curveMetric;
    this.checker.run(preset.name, knobs, Object.fromEntries(preset.knobs.map((k) => [k.name, k.default])), metrics);
    this.renderChallenges();
  }

  metrics(msg: MetricsMsg): void {
    this.observe(samplesOf(msg.reports, this.curveMetric, msg.curveSteps, msg.curveValues));
  }

  /** A run that went NaN counts as diverged at that step (as the native runner says); one that ended diverging, at the step its loss exploded. */
  done(msg: DoneMsg): void {
    const at = msg.diverged ? msg.step : msg.diverging?.step;
    if (at !== undefined) this.observe([{ step: at, values: { diverged: 1 } }]);
  }

  private observe(samples: Parameters<ChallengeChecker['observe']>[0]): void {
    if (!samples.length) return;
    const fresh = this.checker.observe(samples);
    if (!fresh.length) return;
    this.renderChallenges();
    const texts = fresh.map((id) => this.checker.challenges.find((c) => c.id === id)!.text);
    this.announce.textContent = `Challenge met: ${texts.join(' ')}`;
  }
}
