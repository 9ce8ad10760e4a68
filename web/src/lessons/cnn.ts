// web/src/lessons/cnn.ts: the lesson of the CNN lab (the lecture's CNN, the book's chapter 6).
import type { Lesson } from './types';

export const cnnLesson: Lesson = {
  lab: 'cnn',
  shows: 'A convolutional layer slides small filters (5 by 5 pixels here) over the image, so the same few weights look ' +
    'for the same stroke everywhere; pooling keeps the strongest answer of each small window. Far fewer weights than a ' +
    'dense layer, and better accuracy on digits.',
  tryThis: [
    'Kernel size 3, 5 or 9; padding same (the map keeps its size) against valid (it shrinks).',
    'Fewer filters in the first layer: how much accuracy does each one buy?',
    'The book\'s steps one at a time: a second conv-pool layer, ReLU, L2, expanded data, dropout.',
  ],
  lookFor: [
    'The learned kernels: after training, many look like small edge or stroke detectors.',
    'The feature maps of one digit: each filter lights up on different parts of it.',
  ],
  sources: [
    { title: 'the lecture\'s CNN', where: 'the course lecture on convolutional networks in Keras' },
    { title: 'Chapter 6: Deep learning', where: 'Neural Networks and Deep Learning', url: 'http://neuralnetworksanddeeplearning.com/chap6.html' },
  ],
  challenges: [
    { id: 'cnn-one-epoch', text: 'Reach 98 % test accuracy in one epoch.', metric: 'test_accuracy', op: '>=', value: 0.98,
      knobs: [{ knob: 'epochs', max: 1 }] },
    { id: 'cnn-99', text: 'Reach 99 % test accuracy.', metric: 'test_accuracy', op: '>=', value: 0.99 },
    { id: 'cnn-small', text: 'Reach 90 % test accuracy training on 1,000 examples only.', metric: 'test_accuracy', op: '>=', value: 0.9,
      knobs: [{ knob: 'train_limit', min: 1, max: 1000 }] },
  ],
};
