// web/src/labs/index.ts: the lab registry — one row per lab the page can
// show. A lab is its presets (from the engine, `preset.lab` names it) plus
// its views module (labs/<lab>/). docs/adding-a-lab.md says how to add one.
import type { LabViews } from './types';
import { xorLab } from './xor';
import { mnistLab } from './mnist';
import { autoencoderLab } from './autoencoder';
import { ganLab } from './gan';
import { lstmLab } from './lstm';
import { universalityLab } from './universality';
import { cnnLab } from './cnn';

export const LABS: LabViews[] = [xorLab, mnistLab, cnnLab, lstmLab, autoencoderLab, ganLab, universalityLab];

export function labViews(name: string): LabViews | undefined {
  return LABS.find((l) => l.name === name);
}
