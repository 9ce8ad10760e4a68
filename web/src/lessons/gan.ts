// web/src/lessons/gan.ts: the lesson of the GAN lab (the lecture's GAN on MNIST).
import type { Lesson } from './types';

export const ganLesson: Lesson = {
  lab: 'gan',
  shows: 'Two networks trained against each other: the generator turns random noise into images, the discriminator ' +
    'tells real digits from generated ones. Each improves by exploiting the other\'s weakness, and digits emerge ' +
    'from noise without the generator ever seeing a real image.',
  tryThis: [
    'The two learning rates: the lecture\'s code trains the generator with Keras\' default Adam, its prose says 0.0002.',
    'Real labels of 1.0 instead of 0.9 (no label smoothing).',
    'Two discriminator steps per generator step.',
  ],
  lookFor: [
    'The discriminator\'s output on reals and on fakes: if it is sure of both, the generator has nothing to learn from.',
    'Collapse: every sample in the grid the same digit.',
  ],
  sources: [
    { title: 'the lecture\'s GAN', where: 'the course lecture on generative adversarial networks in Keras' },
    { title: 'Adam', where: 'Keras documentation', url: 'https://keras.io/api/optimizers/adam/' },
  ],
  challenges: [
    { id: 'gan-fool', text: 'Fool the discriminator: its output on fakes above 0.3 after step 1,000.', metric: 'd_fake', op: '>', value: 0.3,
      minStep: 1000 },
    { id: 'gan-balance', text: 'Keep the game balanced: the generator\'s loss under 2 after step 1,000 (each report is one ' +
      'batch, so it swings: watch a few).', metric: 'g_loss', op: '<', value: 2, minStep: 1000 },
  ],
};
