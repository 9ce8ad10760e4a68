// web/src/lessons/mnist.ts: the lesson of the MNIST lab (the Keras notebook's MLP, the book's chapters 1, 3 and 5).
import type { Lesson } from './types';

const BOOK = 'http://neuralnetworksanddeeplearning.com/';

export const mnistLesson: Lesson = {
  lab: 'mnist',
  shows: 'Handwritten digits, 28 by 28 grey pixels, read by a network of fully connected layers. A few epochs of ' +
    'mini-batch training take it from guessing (10 %) to about 97 or 98 % on digits it has never seen. The presets ' +
    'follow the notebook (ReLU, Adam) and the book (sigmoid neurons, plain SGD, then its chapter 3 improvements).',
  tryThis: [
    'The notebook\'s exercise: batch size 32 against 10,000. Which trains faster per epoch, which learns more per epoch?',
    'One hidden layer against two (hidden=200 against 200,60).',
    'On the book\'s network, swap the quadratic cost for cross-entropy and the N(0, 1) start for the scaled one.',
    'Train on 1,000 examples only (train_limit) and watch the training and validation accuracy drift apart.',
  ],
  lookFor: [
    'Overfitting: training accuracy still rising while validation accuracy stalls or falls.',
    'The wrongly classified digits: many are ones a person would hesitate over too.',
    'In the deep presets (chapter 5), the first hidden layer learns far more slowly than the last.',
  ],
  sources: [
    { title: 'the Keras MNIST notebook', where: 'the course notebook: 784, 200, 60, 10 with ReLU and Adam' },
    { title: 'Chapter 1: Using neural nets to recognize handwritten digits', where: 'Neural Networks and Deep Learning', url: `${BOOK}chap1.html` },
    { title: 'Chapter 3: Improving the way neural networks learn', where: 'Neural Networks and Deep Learning', url: `${BOOK}chap3.html` },
    { title: 'Chapter 5: Why are deep neural networks hard to train?', where: 'Neural Networks and Deep Learning', url: `${BOOK}chap5.html` },
  ],
  challenges: [
    { id: 'mnist-one-layer', text: 'Reach 97 % test accuracy with one hidden layer.', metric: 'test_accuracy', op: '>=', value: 0.97,
      knobs: [{ knob: 'hidden', layers: 1 }] },
    { id: 'mnist-book', text: 'Reach the book\'s 95 % validation accuracy with its [784, 30, 10] network.', metric: 'val_accuracy',
      op: '>=', value: 0.95, knobs: [{ knob: 'hidden', equals: '30' }] },
    { id: 'mnist-98', text: 'Beat 98 % test accuracy.', metric: 'test_accuracy', op: '>=', value: 0.98 },
    { id: 'mnist-overfit', text: 'Overfit on purpose: with at most 1,000 training examples, make the training accuracy at ' +
      'least 1.1 times the validation accuracy.', metric: 'accuracy', over: 'val_accuracy', op: '>=', value: 1.1,
      knobs: [{ knob: 'train_limit', min: 1, max: 1000 }] },
  ],
};
