// web/src/lessons/autoencoder.ts: the lesson of the autoencoder lab (the lecture's anomaly detector).
import type { Lesson } from './types';

export const autoencoderLesson: Lesson = {
  lab: 'autoencoder',
  shows: 'The network squeezes each point through a narrow code and rebuilds it. Trained only on points near one line, ' +
    'it rebuilds those well and anything else badly, so the reconstruction error flags points that do not belong: ' +
    'anomaly detection without a single labelled anomaly.',
  tryThis: [
    'Make the code smaller or larger.',
    'Add noise to the training points, or make the noisy test set noisier.',
    'Fewer epochs: when does the detector start to tell the sets apart?',
    'Move the threshold and count how many anomalies it catches and how many normal points it flags.',
  ],
  lookFor: [
    'The error histograms: clean and test points overlap, noisy and wrong points sit to the right.',
    'A good detector needs the sets apart, not a tiny loss.',
  ],
  sources: [
    { title: 'the lecture\'s autoencoder', where: 'the course lecture on autoencoders in Keras' },
    { title: 'the Dense layer', where: 'Keras documentation', url: 'https://keras.io/api/layers/core_layers/dense/' },
  ],
  challenges: [
    { id: 'ae-noisy-4x', text: 'Make the noisy points\' error at least 4 times the clean ones\'.', metric: 'noisy_loss', over: 'clean_loss',
      op: '>=', value: 4 },
    { id: 'ae-wrong-8x', text: 'Make the wrong-line points\' error at least 8 times the clean ones\'.', metric: 'wrong_loss',
      over: 'clean_loss', op: '>=', value: 8 },
    { id: 'ae-clean', text: 'Get the clean points\' error under 0.0005 (the lecture\'s plain SGD ends near 0.0009: what else could you change?).', metric: 'clean_loss', op: '<', value: 0.0005 },
  ],
};
