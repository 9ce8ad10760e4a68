// web/src/shell/knob-form.ts: the knob form, generated from the engine's knob
// table for any lab: grouped (data, model, training), each knob labelled in
// words with its link name beside it, its help on one line with the rest (and
// the allowed values) on demand, and an error slot. It reports edits; it never
// validates (the engine does, through the worker). It marks the knobs whose
// value differs from the running experiment's ("pending": applied at the next Train).
// A lesson link (link.ts) locks knobs (shown, disabled, kept at the link's values
// whatever sets them: the form, a lab's own control) and hides others (kept too).
import type { KnobValues, Preset, Rejected } from '../protocol';
import { el } from '../views/dom';
import type { KnobGroup } from '../protocol';

/** The knob groups in the order the form shows them (the engine's table says which knob is in which). */
const GROUPS: { name: KnobGroup; title: string }[] = [
  { name: 'data', title: 'Data' },
  { name: 'model', title: 'Model' },
  { name: 'training', title: 'Training' },
];

export class KnobForm {
  private preset: Preset | null = null;
  private fields = new Map<string, HTMLInputElement | HTMLSelectElement>();
  private fixed = new Set<string>();          // locked or hidden by a lesson: only a link sets them

  constructor(private root: HTMLElement, private onEdit: () => void) {}

  render(preset: Preset): void {
    this.preset = preset;
    this.fields.clear();
    this.fixed.clear();
    this.root.replaceChildren();
    for (const g of GROUPS) {
      const knobs = preset.knobs.filter((k) => k.group === g.name);
      if (!knobs.length) continue;
      const set = el('fieldset', 'knob-group');
      set.append(el('legend', '', g.title));
      for (const knob of knobs) set.append(this.field(knob));
      this.root.append(set);
    }
  }

  private field(knob: Preset['knobs'][number]): HTMLElement {
    const id = `knob-${knob.name}`;
    const wrap = el('div', 'field');
    const label = el('label', 'field-label');
    label.htmlFor = id;
    label.append(el('span', 'words', knob.label), ' ', el('code', 'link-name', knob.name));
    let input: HTMLInputElement | HTMLSelectElement;
    if (knob.type === 'choice') {
      input = el('select');
      for (const c of knob.choices ?? []) input.append(Object.assign(el('option', '', c), { value: c }));
    } else {
      const text = el('input');
      text.type = 'text';
      text.inputMode = knob.type === 'number' ? 'decimal' : knob.type === 'integer' ? 'numeric' : 'text';
      text.spellcheck = false;
      text.autocomplete = 'off';
      input = text;
    }
    input.id = id;
    input.name = knob.name;
    input.value = knob.default;
    input.setAttribute('aria-describedby', `${id}-help ${id}-error`);
    input.addEventListener('change', () => this.onEdit());
    const allowed = knob.type === 'choice' ? (knob.choices ?? []).join(', ')
      : knob.type === 'integer_list' ? `comma-separated integers, each ${knob.range}` : knob.range;
    const help = el('small', 'field-help one-line', knob.help);
    help.id = `${id}-help`;
    const more = el('details', 'more');
    const summary = el('summary', '', 'more');
    summary.setAttribute('aria-label', `more about ${knob.name}`);
    more.append(summary, el('p', 'field-help', `${knob.help}. Allowed: ${allowed}; default ${knob.default}.`));
    const error = el('p', 'field-error');
    error.id = `${id}-error`;
    error.setAttribute('aria-live', 'polite');
    wrap.append(label, input, help, more, error);
    this.fields.set(knob.name, input);
    return wrap;
  }

  values(): KnobValues {
    const out: KnobValues = {};
    for (const [name, input] of this.fields) out[name] = input.value.trim();
    return out;
  }

  /** Sets every knob (defaults for the missing); a knob a lesson fixed keeps its value unless `fromLink`. */
  set(knobs: KnobValues, fromLink = false): void {
    if (!this.preset) return;
    for (const knob of this.preset.knobs) {
      const input = this.fields.get(knob.name);
      if (input && (fromLink || !this.fixed.has(knob.name))) input.value = knobs[knob.name] ?? knob.default;
    }
  }

  /** A lesson's restrictions (after render): `lock` shown but disabled, `hide` not shown; both keep their values. */
  restrict(lock: string[], hide: string[]): void {
    for (const [name, input] of this.fields) {
      const locked = lock.includes(name);
      const hidden = hide.includes(name);
      const wrap = input.closest<HTMLElement>('.field')!;
      input.disabled = locked || hidden;
      wrap.hidden = hidden;
      wrap.classList.toggle('locked', locked);
      if (locked) wrap.querySelector('.field-label')!.append(el('span', 'lock-note', ' (locked by the lesson)'));
      if (locked || hidden) this.fixed.add(name);
    }
    for (const set of this.root.querySelectorAll<HTMLElement>('.knob-group')) {
      set.hidden = [...set.querySelectorAll<HTMLElement>('.field')].every((f) => f.hidden);
    }
  }

  /** Shows the engine's messages in the knobs' error slots (and marks those fields invalid). */
  showErrors(rejected: Rejected[]): void {
    const byKnob = new Map(rejected.map((r) => [r.knob, r.message]));
    for (const [name, input] of this.fields) {
      const msg = byKnob.get(name) ?? '';
      input.setAttribute('aria-invalid', msg ? 'true' : 'false');
      const slot = document.getElementById(`${input.id}-error`);
      if (slot) slot.textContent = msg;
    }
  }

  /** Marks the knobs whose value differs from `applied` (defaults filled in); returns their names. */
  markPending(applied: KnobValues | null): string[] {
    const changed: string[] = [];
    for (const knob of this.preset?.knobs ?? []) {
      const input = this.fields.get(knob.name)!;
      const differs = applied !== null && input.value.trim() !== (applied[knob.name] ?? knob.default);
      input.closest('.field')?.classList.toggle('pending', differs);
      if (differs) changed.push(knob.name);
    }
    return changed;
  }
}
