// web/src/lessons/xor.ts: the lesson of the XOR lab (presets xor, xor-warmup).
import type { Lesson } from './types';

const POST = 'http://iamtrask.github.io/2015/07/27/python-network-part2/';

export const xorLesson: Lesson = {
  lab: 'xor',
  shows: 'Four examples, one hidden layer and plain gradient descent: the network has to find a combination of its ' +
    'hidden units that is on for 01 and 10 and off for 00 and 11, something no single layer can do. The learning rate ' +
    'decides how far each step moves the weights, and that decides whether it learns slowly, well, or not at all.',
  tryThis: [
    'Sweep the learning rate from 0.001 to 1000 (the post\'s alphas) and compare the curves.',
    'Give the hidden layer 32 units instead of 4: the same rates behave differently.',
    'Change the seed: the start decides where gradient descent ends up.',
    'Make both activations linear: without a non-linearity the network cannot learn XOR, and large rates blow up.',
  ],
  lookFor: [
    'A rate that is too large overshoots: the update direction of a weight keeps flipping.',
    'A run that stalls near an error of 0.5 is stuck, not slow.',
    'The warm-up preset has one layer and no hidden units, and still learns: its target is just the first input.',
  ],
  sources: [
    { title: 'A Neural Network in 13 lines of Python (Part 2 - Gradient Descent)', where: 'the numpy blog post, iamtrask', url: POST },
  ],
  challenges: [
    { id: 'xor-error', text: 'Get the XOR error under 0.01.', metric: 'error', op: '<', value: 0.01, presets: ['xor'] },
    { id: 'xor-fast', text: 'Get the XOR error under 0.01 in fewer than 5,000 steps.', metric: 'error', op: '<', value: 0.01,
      maxStep: 4999, presets: ['xor'] },
    { id: 'xor-diverge', text: 'With linear hidden and output activations, find the smallest learning rate that diverges ' +
      '(two decimals: any rate up to 0.25 that diverges counts).', metric: 'diverged', op: '>=', value: 1, presets: ['xor'],
      knobs: [{ knob: 'activation', equals: 'linear' }, { knob: 'output', equals: 'linear' }, { knob: 'lr', max: 0.25 }] },
    { id: 'warmup-error', text: 'Get the warm-up\'s error under 0.005.', metric: 'error', op: '<', value: 0.005, presets: ['xor-warmup'] },
  ],
};
