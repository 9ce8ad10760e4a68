// web/src/shell/link.ts: share links, for every lab. The URL hash carries the
// preset (`lab`, as links always have), every knob that differs from its
// default in the knob table's order, then the engine build when the user
// opted in to the relaxed-SIMD one (../engine-build.ts):
//   index.html#lab=xor&alpha=10&hidden=32   index.html#lab=mnist-mlp&hidden=128,64&engine=relaxed
// A hash without `lab` is the start page. Parsing keeps values as text; the
// engine (through the worker) says which are valid. A knob's older name (its
// alias in the engine's table: alpha for lr) is read as the knob itself, so
// links made before the rename keep working; links are written with the name. No DOM here, and no
// imports but engine-build.ts, so tests/js compiles it alone.
//
// A lesson link (a teacher's, made by the "share as a lesson" dialog) adds, after the knobs:
//   lesson=TEXT        the teacher's instructions and challenges, plain text, at most LESSON_TEXT_LIMIT characters
//   lock=lr,hidden     knobs fixed at the link's values (shown, not editable)
//   hide=seed,init     knobs not shown (fixed at the link's values too)
//   hide_panels=maps   the lab's panels not shown (a panel's name: its title's id without "-title")
//   challenges=xor-error,xor-fast   the lab's built-in challenges shown, by id (../lessons/<lab>.ts);
//                      absent: all of them, empty: none (the teacher's own are in the text)
//   autostart=1        the run starts once configured
// A lesson text over the limit refuses the whole lesson (the knobs still apply); a challenge list over it
// is left out (all challenges show); an unknown knob in `lock` or `hide` is named and left out. Challenge
// ids are checked against the lab's lesson by the page (../lessons/shell.ts), which notes unknown ones. A lesson is guidance, not security: anyone can edit a link.
import type { KnobValues, Preset } from '../protocol';
import type { EngineChoice } from '../engine-build';
import { ENGINE_KEY, engineLinkPart, parseEngineKey, quoted } from '../engine-build';

/** The longest lesson text a link carries, in characters (UTF-16 code units, as the dialog's maxlength counts). */
export const LESSON_TEXT_LIMIT = 2000;

export interface LessonLink {
  text: string;
  lock: string[];
  hide: string[];
  hidePanels: string[];
  /** The built-in challenges shown, by id; absent: every one of the lab's. */
  challenges?: string[];
  autostart: boolean;
}

const LESSON_KEYS = ['lesson', 'lock', 'hide', 'hide_panels', 'challenges', 'autostart'] as const;

/** Why a lesson field's text is too long for a link (over LESSON_TEXT_LIMIT characters), or null. */
function overLimit(key: string, what: string, value: string, consequence: string): string | null {
  if (value.length <= LESSON_TEXT_LIMIT) return null;
  return `${key}: ${what} is ${value.length.toLocaleString('en')} characters, a lesson link holds at most ` +
    `${LESSON_TEXT_LIMIT.toLocaleString('en')}; ${consequence}`;
}

export interface LinkState {
  preset: string | null;          // null: no `lab` key, the start page
  knobs: KnobValues;              // every key but `lab` and `engine`, unvalidated
  labError?: string;              // `lab` names no preset (the first preset is used)
  engine: EngineChoice;
  engineError?: string;           // `engine` names no build
  lesson: LessonLink | null;      // a teacher's lesson link's fields (null: none, or refused)
  lessonErrors: string[];         // what was wrong with them, one line each
}

export function parseHash(hash: string, presets: Preset[]): LinkState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const knobs: KnobValues = {};
  let preset: string | null = null;
  let labError: string | undefined;
  let engine: EngineChoice = 'default';
  let engineError: string | undefined;
  const lessonFields = new Map<string, string>();
  for (const [key, value] of params) {
    if ((LESSON_KEYS as readonly string[]).includes(key)) lessonFields.set(key, value);
    else if (key === ENGINE_KEY) ({ choice: engine, error: engineError } = parseEngineKey(value));
    else if (key !== 'lab') knobs[key] = value;
    else if (presets.some((p) => p.name === value)) preset = value;
    else {
      labError = `lab: unknown lab ${quoted(value)} (labs: ${presets.map((p) => p.name).join(', ')})`;
      preset = presets[0]?.name ?? null;
    }
  }
  const known = presets.find((p) => p.name === preset);
  for (const k of known?.knobs ?? []) {
    if (k.alias && k.alias in knobs) {
      if (!(k.name in knobs)) knobs[k.name] = knobs[k.alias];
      delete knobs[k.alias];
    }
  }
  const { lesson, errors: lessonErrors } = known && lessonFields.size ? parseLesson(lessonFields, known) : { lesson: null, errors: [] };
  return { preset, knobs, labError, engine, engineError, lesson, lessonErrors };
}

/** A lesson link's fields, checked against the preset's knobs: the lesson, or null and why it was refused. */
function parseLesson(fields: Map<string, string>, preset: Preset): { lesson: LessonLink | null; errors: string[] } {
  const errors: string[] = [];
  const text = fields.get('lesson') ?? '';
  const tooLong = overLimit('lesson', 'the text', text, 'the lesson was not applied (the knobs were)');
  if (tooLong) return { lesson: null, errors: [tooLong] };
  const knobList = (key: string): string[] => {
    const out: string[] = [];
    for (const raw of (fields.get(key) ?? '').split(',')) {
      const name = raw.trim();
      if (!name) continue;
      const knob = preset.knobs.find((k) => k.name === name || k.alias === name);
      if (knob) { if (!out.includes(knob.name)) out.push(knob.name); }
      else errors.push(`${key}: unknown knob ${quoted(name)} (knobs: ${preset.knobs.map((k) => k.name).join(', ')})`);
    }
    return out;
  };
  const lock = knobList('lock');
  const hide = knobList('hide');
  const hidePanels: string[] = [];
  for (const raw of (fields.get('hide_panels') ?? '').split(',')) {
    const name = raw.trim();
    if (!name) continue;
    if (/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) hidePanels.push(name);
    else errors.push(`hide_panels: ${quoted(name)} is not a panel name (lower-case letters, digits and dashes)`);
  }
  const ids = fields.get('challenges');
  const idsTooLong = ids === undefined ? null : overLimit('challenges', 'the list', ids, 'every challenge is shown');
  if (idsTooLong) errors.push(idsTooLong);
  const challenges = ids === undefined || idsTooLong ? undefined
    : [...new Set(ids.split(',').map((id) => id.trim()).filter(Boolean))];
  const start = fields.get('autostart');
  if (start !== undefined && start !== '1' && start !== '0') errors.push(`autostart: must be 1 or 0, got ${quoted(start)}`);
  return { lesson: { text, lock, hide, hidePanels, ...(challenges && { challenges }), autostart: start === '1' }, errors };
}

/** The lesson's part of a link ('' for none). */
export function lessonLinkPart(lesson: LessonLink | null): string {
  if (!lesson) return '';
  const parts: string[] = [];
  const list = (xs: string[]) => xs.map(encodeURIComponent).join(',');
  if (lesson.text) parts.push(`lesson=${encodeURIComponent(lesson.text)}`);
  if (lesson.lock.length) parts.push(`lock=${list(lesson.lock)}`);
  if (lesson.hide.length) parts.push(`hide=${list(lesson.hide)}`);
  if (lesson.hidePanels.length) parts.push(`hide_panels=${list(lesson.hidePanels)}`);
  if (lesson.challenges) parts.push(`challenges=${list(lesson.challenges)}`);
  if (lesson.autostart) parts.push('autostart=1');
  return parts.join('&');
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

export function formatHash(preset: Preset, knobs: KnobValues, engine: EngineChoice = 'default', lesson: LessonLink | null = null): string {
  const parts = [`lab=${encodeURIComponent(preset.name)}`];
  for (const knob of preset.knobs) {
    const v = knobs[knob.name];
    // commas stay readable in the link (hidden=128,64)
    if (v !== undefined && !isDefault(preset, knob.name, v)) parts.push(`${knob.name}=${encodeURIComponent(v).replace(/%2C/gi, ',')}`);
  }
  const part = engineLinkPart(engine);
  if (part) parts.push(part);
  const lessonPart = lessonLinkPart(lesson);
  if (lessonPart) parts.push(lessonPart);
  return '#' + parts.join('&');
}

/** An old page's address as the one page's: mnist.html#… is index.html#… (mnist.html alone: the MNIST lab). */
export function legacyTarget(path: string, hash: string): string | null {
  if (!/(^|\/)mnist\.html$/.test(path)) return null;
  return `index.html${hash && hash !== '#' ? hash : '#lab=mnist-mlp'}`;
}
