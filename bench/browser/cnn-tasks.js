// bench/browser/cnn-tasks.js: the CNN lab's two outside contestants, loaded by
// tfjs-worker.js (importScripts: a classic Worker; digits, median and
// useBackend are its globals). The lecture's CNN on MNIST (28, 28, 1):
//   Conv 32 5x5 'same' ReLU -> MaxPool 2/2 -> Conv 64 5x5 ReLU -> Conv 128 5x5 ReLU
//   -> Conv 64 5x5 ReLU ('valid') -> MaxPool 2/2 -> Flatten -> Dense 1024 ReLU
//   -> Dropout 0.1 -> Dense 10 softmax, categorical cross-entropy, batch 128.
// Jobs:
//   {task: 'cnn', backend, repeats}     TensorFlow.js: tries one Adam training step
//        (model.trainOnBatch), records the error it throws (4.22's wasm backend has no
//        Conv2DBackpropFilter), then times model.predict on 128 images: forward samples/s
//   {task: 'convnetjs', samples, warmup}  ConvNetJS 0.3.0 (npm): the same layers as close as
//        it allows, trainer.train one image at a time: training samples/s

/* global tf, digits, median, useBackend, convnetjs */

/** 128 training images as a (128, 28, 28, 1) tensor with one-hot labels. */
function cnnBatch(d, n = 128) {
  const x = new Float32Array(n * 784);
  for (let i = 0; i < n * 784; ++i) x[i] = d.pixels[i] / 255;
  const y = new Float32Array(n * 10);
  for (let i = 0; i < n; ++i) y[i * 10 + d.labels[i]] = 1;
  return { x: tf.tensor4d(x, [n, 28, 28, 1]), y: tf.tensor2d(y, [n, 10]) };
}

function lectureCnnTfjs() {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  for (const filters of [64, 128, 64]) m.add(tf.layers.conv2d({ filters, kernelSize: 5, padding: 'valid', activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 1024, activation: 'relu' }));
  m.add(tf.layers.dropout({ rate: 0.1 }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return m;
}

async function cnnTfjs({ backend = 'wasm', repeats = 3, warmup = 1 }) {
  const info = await useBackend(backend);
  const d = await digits('mnist-train.bin');
  const model = lectureCnnTfjs();
  const { x, y } = cnnBatch(d);
  let trainError = null;
  try {
    await model.trainOnBatch(x, y);
  } catch (e) {
    trainError = String(e?.message ?? e).split('\n')[0];
  }
  const forward = async () => {
    const p = model.predict(x);
    await p.data();
    p.dispose();
  };
  for (let i = 0; i < warmup; ++i) await forward();
  const sps = [];
  for (let r = 0; r < repeats; ++r) {
    const t = performance.now();
    await forward();
    sps.push(128 / ((performance.now() - t) / 1000));
  }
  x.dispose();
  y.dispose();
  model.dispose();
  return { ...info, batch: 128, repeats, trains: trainError == null, train_error: trainError,
    forward_samples_per_s: median(sps), forward_samples_per_s_all: sps };
}

let convnetjsLoaded = false;
function loadConvnetjs() {
  if (convnetjsLoaded) return;
  self.window = self;   // its build attaches itself to `window` outside Node
  importScripts('../../node_modules/convnetjs/build/convnet.js');
  convnetjsLoaded = true;
}

/**
 * ConvNetJS' version of the lecture's CNN. Where it differs: no 'same' keyword (pad 2 on a
 * 5x5 kernel is the same shape), no Adam in 0.3.0 (Adadelta keeps the same two accumulators
 * per weight), Float64 arithmetic throughout, its own weight initialisation; dropout is the
 * dense layer's drop_prob; the flatten is implicit in 'fc'; softmax is its loss layer.
 */
function lectureCnnConvnetjs() {
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
    { type: 'conv', sx: 5, filters: 32, stride: 1, pad: 2, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'conv', sx: 5, filters: 64, stride: 1, pad: 0, activation: 'relu' },
    { type: 'conv', sx: 5, filters: 128, stride: 1, pad: 0, activation: 'relu' },
    { type: 'conv', sx: 5, filters: 64, stride: 1, pad: 0, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'fc', num_neurons: 1024, activation: 'relu', drop_prob: 0.1 },
    { type: 'softmax', num_classes: 10 },
  ]);
  return net;
}

/**
 * trainer.train(image, label) per sample; ConvNetJS sums gradients and updates once per
 * batch_size samples, so the timed samples (k = 1..n) make no update: one update is timed
 * on its own (the 128th sample's call minus a plain sample's time) and added as 1/128 of it.
 */
async function cnnConvnetjs({ samples = 20, warmup = 2 }) {
  loadConvnetjs();
  const d = await digits('mnist-train.bin');
  const net = lectureCnnConvnetjs();
  const trainer = new convnetjs.Trainer(net, { method: 'adadelta', batch_size: 128, l2_decay: 0 });
  const image = (i) => {
    const v = new convnetjs.Vol(28, 28, 1, 0.0);
    for (let p = 0; p < 784; ++p) v.w[p] = d.pixels[i * 784 + p] / 255;
    return v;
  };
  const vols = Array.from({ length: warmup + samples + 1 }, (_, i) => image(i));
  for (let i = 0; i < warmup; ++i) trainer.train(vols[i], d.labels[i]);
  const ms = [];
  for (let i = warmup; i < warmup + samples; ++i) {
    const t = performance.now();
    trainer.train(vols[i], d.labels[i]);
    ms.push(performance.now() - t);
  }
  trainer.k = 127;   // the next call completes a batch of 128: one sample plus the update
  const t = performance.now();
  trainer.train(vols[warmup + samples], d.labels[warmup + samples]);
  const sampleMs = median(ms);
  const updateMs = Math.max(0, performance.now() - t - sampleMs);
  return { library: 'convnetjs 0.3.0', method: 'adadelta', samples, warmup, sample_ms_median: sampleMs, update_ms: updateMs,
    samples_per_s: 1000 / (sampleMs + updateMs / 128), samples_per_s_no_update: 1000 / sampleMs,
    param_count: net.getParamsAndGrads().reduce((n, p) => n + p.params.length, 0) };
}
