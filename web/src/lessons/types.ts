// web/src/lessons/types.ts: what a lab's lesson is — a short text in our own
// words (what the experiment shows, what to try, what to look for), the
// sources it comes from, and challenges the page checks against the run's
// metrics (checker.ts). One file per lab in this folder, listed in index.ts.
import type { Challenge } from './checker';

export interface Source { title: string; where: string; url?: string }

export interface Lesson {
  /** The engine's lab name (`preset.lab`). */
  lab: string;
  /** What the experiment shows. */
  shows: string;
  tryThis: string[];
  lookFor: string[];
  sources: Source[];
  challenges: Challenge[];
}
