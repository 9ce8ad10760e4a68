// web/src/lessons/lstm.ts: the lesson of the LSTM lab (the lecture's airline passengers).
import type { Lesson } from './types';

export const lstmLesson: Lesson = {
  lab: 'lstm',
  shows: 'Twelve years of monthly airline passengers: the network sees a few months and predicts the next one. An LSTM ' +
    'carries a memory from step to step, with gates that decide what to keep and what to forget; the first two thirds ' +
    'of the series train it, the last third tests it on years it never saw.',
  tryThis: [
    'Version 1 against version 2: the same five months as one step of five features, or five steps of one.',
    'The stateful version: a tiny LSTM of 4 units that carries its state from batch to batch.',
    'The plain recurrent preset (rnn-airline) instead of the LSTM.',
    'A longer look-back window.',
  ],
  lookFor: [
    'The test years grow beyond anything in training: does the prediction keep up with the peaks?',
    'The gap between the training and the test error, in passengers.',
  ],
  sources: [
    { title: 'the lecture\'s LSTM on airline passengers', where: 'the course lecture on recurrent networks in Keras' },
    { title: 'the LSTM layer', where: 'Keras documentation', url: 'https://keras.io/api/layers/recurrent_layers/lstm/' },
  ],
  challenges: [
    { id: 'lstm-test-50', text: 'Get the test error under 50 passengers (RMSE).', metric: 'test_rmse', op: '<', value: 50 },
    { id: 'lstm-train-15', text: 'Get the training error under 15 passengers, then compare the test error: a closer fit to the ' +
      'training years is not always a better forecast.', metric: 'train_rmse', op: '<', value: 15 },
    { id: 'lstm-gap', text: 'Find a run whose test error is at least 4 times its training error.', metric: 'test_rmse', over: 'train_rmse',
      op: '>=', value: 4 },
  ],
};
