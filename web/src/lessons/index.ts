// web/src/lessons/index.ts: the lesson of each lab, by the engine's lab name.
import type { Lesson } from './types';
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
