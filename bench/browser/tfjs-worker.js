// bench/browser/tfjs-worker.js: TensorFlow.js in a classic Worker: the UMD
// bundles from node_modules (importScripts), the wasm binaries served from
// node_modules/@tensorflow/tfjs-backend-wasm/dist/ (setWasmPaths). Jobs:
//   {task: 'mlp', backend, limit}   Layers API: tf.sequential + model.fit (batch 128,
//                                   1 epoch, shuffle) on the first `limit` training images
//                                   (0 = all 60,000), then model.evaluate on the 10,000 test images
//   {task: 'gemm', backend, n, reps} tf.matMul n x n x n float32, seconds per product
//   {task: 'autoencoder', backend, epochs, warmup}  Lab 5's autoencoder, model.fit with
//                                   validationData: ms per epoch
//   {task: 'gan', backend, steps, warmup}  Lab 6's GAN, the lecture's Keras step (train_on_batch): steps per second
//   {task: 'lstm', backend, version, epochs, warmup}  the LSTM lab's airline model (version 'steps': (5, 1),
//                                   'features': (1, 5)), model.fit batch 1, shuffle: ms per epoch
//   {task: 'cnn' | 'convnetjs', ...}  the CNN lab's lecture CNN: cnn-tasks.js
importScripts(
  '../../node_modules/@tensorflow/tfjs/dist/tf.min.js',
  '../../node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js',
  './cnn-tasks.js',
);

const base = new URL('../../', self.location.href);
tf.wasm.setWasmPaths(new URL('node_modules/@tensorflow/tfjs-backend-wasm/dist/', base).href);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function useBackend(name) {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`asked for ${name}, got ${tf.getBackend()}`);
  const info = { backend: name, tfjs: tf.version.tfjs };
  if (name === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.multithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    info.cross_origin_isolated = self.crossOriginIsolated === true;
  }
  return info;
}

/** The .bin file of datasets/README.md: {count, pixels (views), labels}. */
async function digits(name) {
  const res = await fetch(new URL(`build/data/${name}`, base));
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const h = new DataView(bytes.buffer);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  // datasets/README.md, version 2: dims at 16 (count, rows, cols), classes at 36, values from 56
  const version = h.getUint32(4, true), dtype = h.getUint32(8, true);
  const count = h.getUint32(16, true), rows = h.getUint32(20, true), cols = h.getUint32(24, true), classes = h.getUint32(36, true);
  if (magic !== 'SYND' || version !== 2 || dtype !== 1 || rows * cols !== 784 || classes !== 10) throw new Error(`${name}: unexpected header`);
  const pixels = bytes.subarray(56, 56 + count * 784);
  const labels = bytes.subarray(56 + count * 784, 56 + count * 785);
  return { count, pixels, labels };
}

/** A hand-written epoch: shuffled batches by tf.gather, optimizer.minimize on the model's loss. */
async function loop(model, tr, n) {
  const opt = model.optimizer;
  const idx = tf.util.createShuffledIndices(n);
  let lossSum = 0, correct = 0;
  for (let s = 0; s < n; s += 128) {
    const ids = tf.tensor1d(Int32Array.from(idx.subarray(s, Math.min(n, s + 128))), 'int32');
    const xb = tf.gather(tr.x, ids), yb = tf.gather(tr.y, ids);
    let pred;
    const loss = opt.minimize(() => {
      pred = model.apply(xb, { training: true });
      return tf.losses.softmaxCrossEntropy(yb, pred).mean();
    }, true);
    lossSum += (await loss.data())[0];
    tf.dispose([ids, xb, yb, loss]);
  }
  return { history: { loss: [lossSum / Math.ceil(n / 128)], acc: [NaN] } };
}

/** Float tensors x (n, 784) = pixels/255 and one-hot y (n, 10). */
function tensors(d, n) {
  const x = new Float32Array(n * 784);
  for (let i = 0; i < n * 784; ++i) x[i] = d.pixels[i] / 255;
  const y = new Float32Array(n * 10);
  for (let i = 0; i < n; ++i) y[i * 10 + d.labels[i]] = 1;
  return { x: tf.tensor2d(x, [n, 784]), y: tf.tensor2d(y, [n, 10]) };
}

async function mlp({ backend, limit = 0, yieldEvery = 'auto', api = 'fit' }) {
  const info = await useBackend(backend);
  const train = await digits('mnist-train.bin');
  const test = await digits('mnist-test.bin');
  const n = limit > 0 ? Math.min(limit, train.count) : train.count;
  const c0 = performance.now();
  const tr = tensors(train, n);
  const te = tensors(test, test.count);
  const convertSeconds = (performance.now() - c0) / 1000;

  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 200, activation: 'relu' }),
      tf.layers.dense({ units: 60, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  const t0 = performance.now();
  const h = api === 'fit'
    ? await model.fit(tr.x, tr.y, { batchSize: 128, epochs: 1, shuffle: true, verbose: 0, yieldEvery })
    : await loop(model, tr, n);
  const t1 = performance.now();
  const [loss, acc] = model.evaluate(te.x, te.y, { batchSize: 1000 });
  const testAccuracy = (await acc.data())[0];
  const testLoss = (await loss.data())[0];
  const t2 = performance.now();
  const trainSeconds = (t1 - t0) / 1000;
  const out = {
    ...info, samples: n, batch: 128, api: 'Layers API: tf.sequential, model.fit (batchSize 128, epochs 1, shuffle true)',
    convert_seconds: convertSeconds, train_seconds: trainSeconds, eval_seconds: (t2 - t1) / 1000,
    total_seconds: (t2 - t0) / 1000, samples_per_s: n / trainSeconds,
    train_accuracy: (h.history.acc ?? h.history.accuracy)[0], train_loss: h.history.loss[0],
    test_accuracy: testAccuracy, test_loss: testLoss,
  };
  tf.dispose([loss, acc, tr.x, tr.y, te.x, te.y]);
  model.dispose();
  return out;
}

async function gemm({ backend, n = 256, reps = 50, warmup = 5, inner = 10 }) {
  const info = await useBackend(backend);
  const a = tf.randomUniform([n, n], -0.5, 0.5, 'float32');
  const b = tf.randomUniform([n, n], -0.5, 0.5, 'float32');
  // `inner` products per timed sample: a worker's performance.now() is coarsened to 0.1 ms
  const once = () => {
    const t0 = performance.now();
    for (let i = 0; i < inner; ++i) {
      const c = tf.matMul(a, b);
      c.dataSync();               // the product is done (and read back: n*n floats)
      c.dispose();
    }
    return (performance.now() - t0) / 1000 / inner;
  };
  for (let i = 0; i < warmup; ++i) once();
  const seconds = [];
  for (let i = 0; i < reps; ++i) seconds.push(once());
  tf.dispose([a, b]);
  const s = median(seconds);
  return { ...info, n, reps, inner, warmup, seconds: s, min_seconds: Math.min(...seconds), gflops: (2 * n ** 3) / s / 1e9 };
}

/** n points x ~ U(0,1), y = 2x - 1 + U(-0.1, 0.1), as a (n, 2) tensor (the values do not matter for timing). */
function linePoints(n) {
  const a = new Float32Array(2 * n);
  for (let i = 0; i < n; ++i) {
    const x = Math.random();
    a[2 * i] = x;
    a[2 * i + 1] = 2 * x - 1 + (Math.random() * 0.2 - 0.1);
  }
  return tf.tensor2d(a, [n, 2]);
}

/**
 * The autoencoder lab's model (2 -> 32 relu -> 16 relu -> 32 relu -> 2 tanh, Glorot-uniform,
 * zero biases, MSE, SGD 0.01), model.fit(x, x, batch 100, shuffle, validationData [xt, xt]) on
 * 10,000 points, 2,000 for validation. `warmup` epochs in a first fit call, not timed; an
 * onEpochEnd callback records each epoch's time.
 */
async function autoencoder({ backend, epochs = 20, warmup = 2, train = 10000, test = 2000 }) {
  const info = await useBackend(backend);
  const x = linePoints(train), xt = linePoints(test);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 16, activation: 'relu' }),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 2, activation: 'tanh' }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  const options = { batchSize: 100, shuffle: true, verbose: 0, validationData: [xt, xt] };
  if (warmup > 0) await model.fit(x, x, { ...options, epochs: warmup });
  const epochMs = [];
  let te = 0;
  const t0 = performance.now();
  te = t0;
  const h = await model.fit(x, x, { ...options, epochs,
    callbacks: { onEpochEnd: () => { const t = performance.now(); epochMs.push(t - te); te = t; } } });
  const ms = performance.now() - t0;
  const out = {
    ...info, epochs, warmup, batch: 100, train, test,
    api: 'Layers API: tf.sequential, model.fit (batchSize 100, shuffle, validationData)',
    total_seconds: ms / 1000, ms_per_epoch: ms / epochs, epoch_ms_median: median(epochMs),
    final_loss: h.history.loss.at(-1), final_val_loss: h.history.val_loss.at(-1),
  };
  tf.dispose([x, xt]);
  model.dispose();
  return out;
}

/**
 * The GAN lab's two models as the lecture's Keras code builds them (Glorot-uniform, zero
 * biases): generator 100 -> 256 -> 512 (LeakyReLU 0.2) -> 784 tanh; discriminator 784 -> 1024 ->
 * 512 -> 256 (LeakyReLU 0.2, Dropout 0.3 after the first two) -> 1 sigmoid, compiled with
 * adam(0.0002, 0.5) and binaryCrossentropy; the combined model (generator then the frozen
 * discriminator) compiled with adam(0.001). One step, as the lecture's loop: 128 fakes from
 * generator.predict on normal noise, 128 random reals, d.trainOnBatch on the 256 images
 * (reals 0.9, fakes 0), then gan.trainOnBatch on 128 new noise vectors (labels 1), the
 * discriminator's trainable flag set before each as the lecture does. The reals are random
 * values in [-1, 1] (2,048 of them, 128 picked per step): the values do not matter for timing.
 * `warmup` steps first (kernel set-up), not timed.
 */
async function gan({ backend, steps = 3, warmup = 1, batch = 128, noise = 100, pool = 2048 }) {
  const info = await useBackend(backend);
  const leaky = () => tf.layers.leakyReLU({ alpha: 0.2 });
  const generator = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [noise], units: 256 }), leaky(),
      tf.layers.dense({ units: 512 }), leaky(),
      tf.layers.dense({ units: 784, activation: 'tanh' }),
    ],
  });
  generator.compile({ optimizer: tf.train.adam(0.0002, 0.5), loss: 'binaryCrossentropy' });
  const discriminator = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 1024 }), leaky(), tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({ units: 512 }), leaky(), tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({ units: 256 }), leaky(),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  discriminator.compile({ optimizer: tf.train.adam(0.0002, 0.5), loss: 'binaryCrossentropy' });
  discriminator.trainable = false;
  const combined = tf.sequential({ layers: [generator, discriminator] });
  combined.compile({ optimizer: tf.train.adam(0.001), loss: 'binaryCrossentropy' });

  const reals = tf.randomUniform([pool, 784], -1, 1, 'float32');
  const yDis = tf.concat([tf.fill([batch, 1], 0.9), tf.zeros([batch, 1])]);
  const yGen = tf.ones([batch, 1]);
  let dLoss = NaN, gLoss = NaN;
  const step = async () => {
    const z = tf.randomNormal([batch, noise]);
    const fakes = generator.predict(z);
    const ids = tf.tensor1d(Int32Array.from({ length: batch }, () => Math.floor(Math.random() * pool)), 'int32');
    const x = tf.concat([tf.gather(reals, ids), fakes]);
    discriminator.trainable = true;
    dLoss = await discriminator.trainOnBatch(x, yDis);
    const z2 = tf.randomNormal([batch, noise]);
    discriminator.trainable = false;
    gLoss = await combined.trainOnBatch(z2, yGen);
    tf.dispose([z, fakes, ids, x, z2]);
  };
  for (let i = 0; i < warmup; ++i) await step();
  const stepMs = [];
  const t0 = performance.now();
  for (let i = 0; i < steps; ++i) {
    const t = performance.now();
    await step();
    stepMs.push(performance.now() - t);
  }
  const ms = performance.now() - t0;
  const leaked = tf.memory().numTensors;
  tf.dispose([reals, yDis, yGen]);
  combined.dispose();
  return {
    ...info, steps, warmup, batch,
    api: 'Layers API: tf.sequential models, generator.predict, discriminator.trainOnBatch, combined.trainOnBatch (Keras train_on_batch)',
    total_seconds: ms / 1000, steps_per_s: steps / (ms / 1000), step_ms_median: median(stepMs),
    d_loss: dLoss, g_loss: gLoss, tensors_after: leaked,
  };
}

/**
 * The airline series as the lecture prepares it (bench/browser serves build/data): scaled to
 * [0, 1] over the whole series (MinMaxScaler), the first 67 % (96 months) for training, windows
 * of look_back 5 months with the next month as the target: 96 - 5 - 1 = 90 windows.
 */
async function airlineWindows(version, lookBack = 5) {
  const res = await fetch(new URL('build/data/airline-passengers.csv', base));
  if (!res.ok) throw new Error(`airline-passengers.csv: HTTP ${res.status}`);
  const values = (await res.text()).trim().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
  if (values.length !== 144 || values.some((v) => !Number.isFinite(v))) throw new Error('airline-passengers.csv: unexpected contents');
  const lo = Math.min(...values), hi = Math.max(...values);
  const scaled = values.map((v) => (v - lo) / (hi - lo));
  const train = scaled.slice(0, Math.trunc(values.length * 0.67));
  const n = train.length - lookBack - 1;
  const x = new Float32Array(n * lookBack), y = new Float32Array(n);
  for (let i = 0; i < n; ++i) {
    for (let k = 0; k < lookBack; ++k) x[i * lookBack + k] = train[i + k];
    y[i] = train[i + lookBack];
  }
  const shape = version === 'steps' ? [n, lookBack, 1] : [n, 1, lookBack];
  return { n, x: tf.tensor3d(x, shape), y: tf.tensor2d(y, [n, 1]), inputShape: shape.slice(1) };
}

/**
 * The LSTM lab's model as the lecture's Keras code builds it: LSTM(128) -> Dense(1), the
 * engine's preset settings spelled out (tfjs' LSTM defaults differ: hard-sigmoid gates and a
 * Glorot-normal kernel): sigmoid gates, Glorot-uniform kernel, orthogonal recurrent kernel,
 * forget-gate bias 1; MSE, Adam 0.001, model.fit(batchSize 1, shuffle) on the 90 windows.
 * `warmup` epochs in a first fit call, not timed; an onEpochEnd callback times each epoch.
 */
async function lstm({ backend, version = 'steps', epochs = 3, warmup = 1 }) {
  const info = await useBackend(backend);
  const d = await airlineWindows(version);
  const model = tf.sequential({
    layers: [
      tf.layers.lstm({ inputShape: d.inputShape, units: 128, recurrentActivation: 'sigmoid', kernelInitializer: 'glorotUniform',
        recurrentInitializer: 'orthogonal', unitForgetBias: true }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });
  const options = { batchSize: 1, shuffle: true, verbose: 0 };
  if (warmup > 0) await model.fit(d.x, d.y, { ...options, epochs: warmup });
  const epochMs = [];
  const t0 = performance.now();
  let te = t0;
  const h = await model.fit(d.x, d.y, { ...options, epochs,
    callbacks: { onEpochEnd: () => { const t = performance.now(); epochMs.push(t - te); te = t; } } });
  const ms = performance.now() - t0;
  const out = {
    ...info, version, epochs, warmup, batch: 1, windows: d.n, input_shape: d.inputShape, params: model.countParams(),
    api: 'Layers API: tf.sequential [lstm(128), dense(1)], model.fit (batchSize 1, shuffle)',
    total_seconds: ms / 1000, ms_per_epoch: ms / epochs, epoch_ms_median: median(epochMs),
    final_loss: h.history.loss.at(-1),
  };
  tf.dispose([d.x, d.y]);
  model.dispose();
  return out;
}

const TASKS = { mlp, gemm, autoencoder, gan, lstm, cnn: cnnTfjs, convnetjs: cnnConvnetjs };

self.onmessage = async ({ data: job }) => {
  try {
    const result = TASKS[job.task] ? await TASKS[job.task](job) : null;
    if (!result) throw new Error(`unknown task ${job.task}`);
    self.postMessage({ ok: true, result });
  } catch (e) {
    self.postMessage({ ok: false, error: e?.stack ?? String(e) });
  }
};
