// web/src/shell/knob-words.ts: how the page labels and groups knobs: a few
// words for each link name, and its group (data, model, training). Knob names
// mean one thing in every lab, so one table serves them all; a knob missing
// here is shown under its link name in "training". (The engine's knob table
// has no words or groups yet: when it does, this file goes.)
export type KnobGroup = 'data' | 'model' | 'training';

export const GROUPS: { name: KnobGroup; title: string }[] = [
  { name: 'data', title: 'Data' },
  { name: 'model', title: 'Model' },
  { name: 'training', title: 'Training' },
];

const WORDS: Record<string, [string, KnobGroup]> = {
  train_limit: ['Training images used', 'data'],
  noise: ['Noise of the normal points', 'data'],
  noisy_noise: ['Noise of the noisy points', 'data'],
  data_seed: ['Data seed', 'data'],
  encoder_units: ['Encoder hidden units', 'model'],
  code: ['Code size', 'model'],
  decoder_units: ['Decoder hidden units', 'model'],
  hidden: ['Hidden units', 'model'],
  activation: ['Hidden activation', 'model'],
  output: ['Output activation', 'model'],
  init: ['Weight initialisation', 'model'],
  dropout: ['Dropout rate', 'model'],
  loss: ['Loss (cost)', 'model'],
  precision: ['Number precision', 'model'],
  alpha: ['Learning rate', 'training'],
  lr: ['Learning rate', 'training'],
  iterations: ['Training steps', 'training'],
  epochs: ['Epochs', 'training'],
  batch_size: ['Batch size', 'training'],
  optimizer: ['Optimizer', 'training'],
  l2: ['L2 penalty', 'training'],
  seed: ['Random seed', 'training'],
};

export function wordsFor(name: string): { words: string; group: KnobGroup } {
  const row = WORDS[name];
  return row ? { words: row[0], group: row[1] } : { words: name, group: 'training' };
}
