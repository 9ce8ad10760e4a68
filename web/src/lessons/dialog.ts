// web/src/lessons/dialog.ts: "Share as a lesson" — a modal <dialog> (Escape
// closes it, focus stays inside) where a teacher writes instructions and
// challenges (plain text, at most LESSON_TEXT_LIMIT characters), chooses for
// each knob free / locked / hidden (at the value it has now), which of the
// lab's panels show, which of its built-in challenges (./<lab>.ts) the
// students see, and whether the run starts by itself; the lesson link
// below follows every change (link.ts writes it) and copies with one button.
import type { KnobValues, Preset } from '../protocol';
import type { EngineChoice } from '../engine-build';
import { LESSON_TEXT_LIMIT, formatHash } from '../shell/link';
import type { LessonLink } from '../shell/link';
import { count, el } from '../views/dom';
import type { LabPanel } from './lab-panels';
import type { Challenge } from './checker';

/** challenges: the lab's built-in ones (every preset's; the dialog offers the current preset's). */
export interface LessonSource {
  preset: Preset; knobs: KnobValues; engine: EngineChoice; panels: LabPanel[]; current: LessonLink | null; challenges: Challenge[];
}

type Mode = 'free' | 'locked' | 'hidden';

function labelled(text: string, control: HTMLElement, id: string): HTMLLabelElement {
  const label = el('label', 'field-label', text);
  label.htmlFor = id;
  control.id = id;
  return label;
}

export function openLessonDialog(src: LessonSource): HTMLDialogElement {
  const dialog = el('dialog', 'lesson-dialog');
  dialog.id = 'lesson-dialog';
  dialog.setAttribute('aria-labelledby', 'lesson-dialog-title');
  const title = el('h2', '', 'Share as a lesson');
  title.id = 'lesson-dialog-title';
  const intro = el('p', 'note', 'Students who open the link get this experiment with the knobs as they are now. Locked knobs ' +
    'are shown but cannot be changed on the page; hidden ones are not shown. A lesson link is guidance, not security: ' +
    'anyone can edit the link itself.');

  const text = el('textarea');
  text.rows = 5;
  text.maxLength = LESSON_TEXT_LIMIT;
  text.value = src.current?.text ?? '';
  const textLabel = labelled(`Instructions and your own challenges (plain text, at most ${count(LESSON_TEXT_LIMIT)} characters)`, text, 'lesson-text');
  const counter = el('small', 'field-help');
  counter.id = 'lesson-text-count';
  counter.setAttribute('aria-live', 'polite');
  text.setAttribute('aria-describedby', counter.id);

  const knobSet = el('fieldset', 'lesson-knobs');
  knobSet.append(el('legend', '', 'Knobs'));
  const modes = new Map<string, HTMLSelectElement>();
  for (const k of src.preset.knobs) {
    const select = el('select');
    for (const m of ['free', 'locked', 'hidden'] as Mode[]) select.append(Object.assign(el('option', '', m), { value: m }));
    select.value = src.current?.hide.includes(k.name) ? 'hidden' : src.current?.lock.includes(k.name) ? 'locked' : 'free';
    const row = el('div', 'lesson-knob');
    row.append(labelled(`${k.label} (${k.name} = ${src.knobs[k.name] ?? k.default})`, select, `lesson-knob-${k.name}`), select);
    knobSet.append(row);
    modes.set(k.name, select);
  }

  const panelSet = el('fieldset', 'lesson-panels');
  panelSet.append(el('legend', '', 'Panels shown'));
  const shows = new Map<string, HTMLInputElement>();
  for (const p of src.panels) {
    const box = el('input');
    box.type = 'checkbox';
    box.checked = !src.current?.hidePanels.includes(p.name);
    const label = el('label', 'toggle');
    label.append(box, ` ${p.title}`);
    box.id = `lesson-panel-${p.name}`;
    panelSet.append(label);
    shows.set(p.name, box);
  }

  const challengeSet = el('fieldset', 'lesson-challenges');
  challengeSet.append(el('legend', '', 'The lab\'s challenges shown'));
  const picks = new Map<string, HTMLInputElement>();
  for (const c of src.challenges.filter((x) => !x.presets || x.presets.includes(src.preset.name))) {
    const box = el('input');
    box.type = 'checkbox';
    box.id = `lesson-challenge-${c.id}`;
    box.checked = !src.current?.challenges || src.current.challenges.includes(c.id);
    const label = el('label', 'toggle');
    label.append(box, ` ${c.text}`);
    challengeSet.append(label);
    picks.set(c.id, box);
  }
  challengeSet.hidden = picks.size === 0;

  const autostart = el('input');
  autostart.type = 'checkbox';
  autostart.id = 'lesson-autostart';
  autostart.checked = src.current?.autostart ?? false;
  const startLabel = el('label', 'toggle');
  startLabel.append(autostart, ' Start the run when the link opens');

  const link = el('input');
  link.type = 'text';
  link.readOnly = true;
  const linkLabel = labelled('Lesson link', link, 'lesson-link');
  const copy = el('button', '', 'Copy lesson link');
  copy.type = 'button';
  const copied = el('small', 'field-help');
  copied.setAttribute('aria-live', 'polite');
  const close = el('button', 'primary', 'Close');
  close.type = 'button';

  const lesson = (): LessonLink => ({
    text: text.value,
    lock: [...modes].filter(([, s]) => s.value === 'locked').map(([n]) => n),
    hide: [...modes].filter(([, s]) => s.value === 'hidden').map(([n]) => n),
    hidePanels: [...shows].filter(([, b]) => !b.checked).map(([n]) => n),
    // every one ticked: the link names none (the lab's all, and the shortest link)
    ...([...picks.values()].every((b) => b.checked) ? {} : { challenges: [...picks].filter(([, b]) => b.checked).map(([id]) => id) }),
    autostart: autostart.checked,
  });
  const update = () => {
    counter.textContent = `${count(text.value.length)} of ${count(LESSON_TEXT_LIMIT)} characters`;
    link.value = `${location.origin}${location.pathname}${formatHash(src.preset, src.knobs, src.engine, lesson())}`;
    copied.textContent = '';
  };
  dialog.addEventListener('input', update);
  dialog.addEventListener('change', update);
  copy.addEventListener('click', () => {
    link.select();
    navigator.clipboard?.writeText(link.value).then(() => { copied.textContent = 'Copied.'; },
      () => { copied.textContent = 'Select the link and copy it (the browser refused the clipboard).'; });
  });
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());

  const linkRow = el('div', 'share-row');
  linkRow.append(link, copy);
  dialog.append(title, intro, textLabel, text, counter, knobSet, panelSet, challengeSet, startLabel, linkLabel, linkRow, copied, close);
  document.body.append(dialog);
  update();
  dialog.showModal();
  text.focus();
  return dialog;
}
