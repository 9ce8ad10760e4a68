// web/src/lessons/universality.ts: the lesson of the universality lab (the book's chapter 4).
import type { Lesson } from './types';

export const universalityLesson: Lesson = {
  lab: 'universality',
  shows: 'One hidden layer of sigmoid neurons can follow any continuous curve: two steep sigmoids make a bump, and ' +
    'enough bumps side by side trace the shape. Draw a curve and watch gradient descent find its own bumps.',
  tryThis: [
    'Fewer hidden neurons: how few still follow your curve?',
    'The bumps preset: set the steps by hand, the book\'s construction.',
    'A curve with a sharp corner or a jump.',
  ],
  lookFor: [
    'Where the fit is worst: usually at sharp turns, where a smooth sum of sigmoids struggles.',
  ],
  sources: [
    { title: 'Chapter 4: A visual proof that neural nets can compute any function', where: 'Neural Networks and Deep Learning',
      url: 'http://neuralnetworksanddeeplearning.com/chap4.html' },
  ],
  challenges: [
    { id: 'uv-fit', text: 'Fit the curve with an error under 0.01.', metric: 'error', op: '<', value: 0.01 },
    { id: 'uv-few', text: 'Fit it with an error under 0.05 using at most 3 hidden neurons.', metric: 'error', op: '<', value: 0.05,
      knobs: [{ knob: 'hidden', max: 3 }] },
  ],
};
