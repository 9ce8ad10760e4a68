// web/src/lessons/shell.ts: what the page shell (../shell/main.ts) calls for
// lessons, in one object: on each link, the lab's lesson and the teacher's
// lesson (knobs locked and hidden in the form, panels hidden, the preset
// picker fixed, the text shown); on each run, its metrics for the challenges;
// the "Share as a lesson" button. `current` is the teacher's lesson, which
// every share link the page writes carries on. A lesson stays with its preset
// for the visit: a link back to it without lesson keys (the lab's own link in
// the nav, after a visit to another lab) brings the lesson and its fixed knob
// values back, so the page offers no way round a lock; a new tab with an
// edited link does (the page says so: guidance, not security).
import type { ConfiguredMsg, DoneMsg, KnobValues, MetricsMsg, Preset } from '../protocol';
import type { EngineChoice } from '../engine-build';
import type { LessonLink, LinkState } from '../shell/link';
import type { KnobForm } from '../shell/knob-form';
import { $ } from '../views/dom';
import { lessonFor, pickChallenges } from './index';
import { LessonPanel } from './panel';
import { hidePanels, labPanels } from './lab-panels';
import { openLessonDialog } from './dialog';

export interface RunNow { preset: Preset | null; applied: KnobValues | null; engine: EngineChoice }

export class LessonShell {
  current: LessonLink | null = null;
  private kept: LessonLink | null = null;     // the visit's lesson, kept while another preset is shown
  private lessonPreset: string | null = null;
  private fixedValues: KnobValues = {};      // the locked and hidden knobs' values, as the lesson's first run took them
  private recordFixed = false;
  private panel = new LessonPanel($('lesson-slot'));

  constructor(private form: KnobForm, now: () => RunNow) {
    $('share-lesson').addEventListener('click', () => {
      const { preset, applied, engine } = now();
      if (!preset || !applied) return;
      openLessonDialog({ preset, knobs: applied, engine, panels: this.panels(), current: this.current,
        challenges: lessonFor(preset.lab)?.challenges ?? [] });
    });
  }

  private panels() {
    return labPanels([$('lab-main'), $('lab-more')]);
  }

  /** A link opened on a lab (after its form is rendered): returns the lesson's messages for the link box. */
  apply(link: LinkState, preset: Preset): string[] {
    let l = link.lesson;
    if (l) {
      this.kept = l;
      this.lessonPreset = preset.name;
      this.recordFixed = true;
    } else if (!link.lessonErrors.length && this.kept && this.lessonPreset === preset.name) {
      l = this.kept;
      Object.assign(link.knobs, this.fixedValues);
    }
    this.current = l;
    this.form.restrict(l?.lock ?? [], l?.hide ?? []);
    $<HTMLSelectElement>('preset').disabled = Boolean(l && (l.lock.length || l.hide.length));
    const panelErrors = hidePanels(this.panels(), l?.hidePanels ?? []);
    const lesson = lessonFor(preset.lab);
    const { challenges, note } = pickChallenges(lesson, l?.challenges);
    this.panel.show(lesson, l ? l.text : null, l?.challenges ? challenges : null);
    return [...link.lessonErrors, ...panelErrors, ...(note ? [note] : [])];
  }

  /** Whether the lesson asks the run to start once configured. */
  get autostart(): boolean {
    return this.current?.autostart ?? false;
  }

  configured(msg: ConfiguredMsg, preset: Preset): void {
    if (this.recordFixed && this.current) {
      const fixed = [...this.current.lock, ...this.current.hide];
      this.fixedValues = Object.fromEntries(Object.entries(msg.knobs).filter(([k]) => fixed.includes(k)));
      this.recordFixed = false;
    }
    this.panel.run(preset, msg.knobs, msg.curveMetric, msg.describe.metrics?.map((m) => m.name));
  }

  metrics(msg: MetricsMsg): void {
    this.panel.metrics(msg);
  }

  done(msg: DoneMsg): void {
    this.panel.done(msg);
  }
}
