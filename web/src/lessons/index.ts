// web/src/lessons/index.ts: the lesson of each lab, by the engine's lab name.
import type { Lesson } from './types';
import type { Challenge } from './checker';
import { quoted } from '../engine-build';
import { xorLesson } from './xor';
import { mnistLesson } from './mnist';
import { cnnLesson } from './cnn';
import { lstmLesson } from './lstm';
import { autoencoderLesson } from './autoencoder';
import { ganLesson } from './gan';
import { universalityLesson } from './universality';

export const LESSONS: Lesson[] = [xorLesson, mnistLesson, cnnLesson, lstmLesson, autoencoderLesson, ganLesson, universalityLesson];

export function lessonFor(lab: string): Lesson | undefined {
  return LESSONS.find((l) => l.lab === lab);
}

/**
 * The lesson's built-in challenges a lesson link picked by id (`ids` absent: all of them), in the lesson's
 * order, and a one-line note naming the ids the lesson does not have (they are ignored), or null.
 */
export function pickChallenges(lesson: Lesson | undefined, ids: string[] | undefined): { challenges: Challenge[]; note: string | null } {
  const all = lesson?.challenges ?? [];
  if (!ids) return { challenges: all, note: null };
  const unknown = ids.filter((id) => !all.some((c) => c.id === id));
  const named = unknown.slice(0, 3).map(quoted).join(', ') + (unknown.length > 3 ? ` and ${(unknown.length - 3).toLocaleString('en')} more` : '');
  const note = unknown.length ? `challenges: ${unknown.length === 1 ? 'no challenge' : 'no challenges'} ${named} in this lab's lesson, ` +
    `ignored (challenges: ${all.map((c) => c.id).join(', ') || 'none'})` : null;
  return { challenges: all.filter((c) => ids.includes(c.id)), note };
}
