// tests/page/cnn.test.mjs: the CNN lab, built only on the platform: the
// summary shows the lecture's shapes and its 538,698 parameters before
// training; a few batches train in the Worker and the feature maps after
// every conv and pool layer are drawn and change as it learns, with the
// first conv layer's kernels; another test digit (or a drawing) changes the
// maps and the network's answer; a knob that changes the shapes updates the
// summary before training; a bad knob is refused with the layer and the
// shapes named, and the page keeps what it showed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, waitDone, assertNoErrors } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

/** A layer's maps canvas: its size, the step it shows, a checksum of its pixels and how many are not black. */
const maps = (page, layer) => page.$eval(`#cnn-maps canvas[data-layer="${layer}"]`, (c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let sum = 0, lit = 0;
  for (let i = 0; i < d.length; i += 4) { sum = (sum * 31 + d[i]) >>> 0; if (d[i] > 0) lit++; }
  return { w: c.width, h: c.height, cols: Number(c.dataset.cols), pixel: Number(c.dataset.pixel), step: c.dataset.step, sum, lit };
});

const summary = (page) => page.$$eval('#cnn-summary tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent).join(' | ')));
const predicted = (page) => page.$eval('#cnn-predicted', (e) => ({ ...e.dataset, text: e.textContent }));

test('CNN: the lecture\'s summary; a few batches in the Worker; maps and kernels drawn and changing; another digit, a drawing', async () => {
  const { page, errors } = await open(env, '#lab=mnist-cnn&train_limit=1024&batch_size=64');
  await page.setViewportSize({ width: 1366, height: 900 });
  // before training: the summary as Keras prints it for the lecture's CNN
  await page.waitForFunction(() => document.querySelectorAll('#cnn-summary tbody tr').length === 10);
  assert.deepEqual(await summary(page), [
    'conv2d_0 (Conv2D) | (None, 28, 28, 32) | 832', 'max_pool_0 (MaxPooling2D) | (None, 14, 14, 32) | 0',
    'conv2d_1 (Conv2D) | (None, 10, 10, 64) | 51,264', 'conv2d_2 (Conv2D) | (None, 6, 6, 128) | 204,928',
    'conv2d_3 (Conv2D) | (None, 2, 2, 64) | 204,864', 'max_pool_1 (MaxPooling2D) | (None, 1, 1, 64) | 0',
    'flatten (Flatten) | (None, 64) | 0', 'dense_0 (Dense) | (None, 1024) | 66,560', 'dropout_0 (Dropout) | (None, 1024) | 0',
    'dense_1 (Dense) | (None, 10) | 10,250']);
  assert.equal(await page.textContent('#cnn-total-params'), '538,698');
  // one panel per conv and pool layer, drawn for the untrained network (step 0)
  const layers = await page.$$eval('#cnn-maps canvas', (cs) => cs.map((c) => c.dataset.layer));
  assert.deepEqual(layers, ['conv2d_0', 'max_pool_0', 'conv2d_1', 'conv2d_2', 'conv2d_3', 'max_pool_1']);
  await page.waitForFunction(() => [...document.querySelectorAll('#cnn-maps canvas')].every((c) => c.dataset.step === '0'));
  const before0 = await maps(page, 'conv2d_0');
  // 32 tiles of 28x28 in 8 columns (each value 2x2 canvas pixels, tiles 2 apart)
  assert.deepEqual([before0.cols, before0.pixel, before0.w, before0.h], [8, 2, 8 * 58 - 2, 4 * 58 - 2]);
  assert.ok(before0.lit > 2000, `the first layer's maps are drawn: ${before0.lit} lit pixels`);
  const pool0 = await maps(page, 'max_pool_0');
  assert.deepEqual([pool0.cols, pool0.w], [8, 8 * (14 * pool0.pixel + 2) - 2]);
  assert.ok((await maps(page, 'max_pool_1')).lit > 0, 'the last pool\'s 1x1 maps are drawn');
  await page.waitForFunction(() => document.getElementById('cnn-kernels').dataset.filters === '32');
  const kernels0 = await page.$eval('#cnn-kernels', (c) => [c.width, c.height, c.toDataURL(), Number(c.dataset.pixel)]);
  const kp = kernels0[3];
  assert.deepEqual(kernels0.slice(0, 2), [8 * (5 * kp + 2) - 2, 4 * (5 * kp + 2) - 2], '32 kernels of 5x5');
  // the digit itself, from the engine's digit view
  await page.waitForFunction(() => document.getElementById('cnn-digit-caption').textContent === 'test digit 0, a 7');
  const ink = await page.$eval('#cnn-digit', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 128) n++;
    return [c.width, c.height, n];
  });
  assert.ok(ink[0] === 28 && ink[1] === 28 && ink[2] > 50 && ink[2] < 300, `the 7 is drawn: ${ink}`);
  const p0 = await predicted(page);
  assert.equal(p0.index, '0');
  assert.match(p0.text, /^Test digit 0 \(a 7\): the network says \d \(\d+\.\d %\) — untrained, so a guess\.$/);
  await shot(page, 'cnn-1-before-1366');

  // a few batches in the Worker: 16 steps of 64 images; the maps are redrawn as it trains and at the end
  const seen = page.evaluate(() => new Promise((resolve) => {
    const steps = new Set();
    const c = document.querySelector('#cnn-maps canvas[data-layer="conv2d_0"]');
    const obs = new MutationObserver(() => {
      steps.add(c.dataset.step);
      if (document.body.dataset.status === 'done' && c.dataset.step === '16') { obs.disconnect(); resolve([...steps]); }
    });
    obs.observe(c, { attributes: true, attributeFilter: ['data-step'] });
  }));
  await page.click('#train');
  assert.equal(await waitDone(page, 120_000), 'done');
  const steps = await seen;
  assert.ok(steps.includes('16'), `the maps after the last step: ${steps}`);
  const after0 = await maps(page, 'conv2d_0');
  assert.notEqual(after0.sum, before0.sum, 'the first layer\'s maps changed as the network learned');
  assert.notEqual((await maps(page, 'conv2d_3')).sum, undefined);
  const kernels1 = await page.$eval('#cnn-kernels', (c) => c.toDataURL());
  assert.notEqual(kernels1, kernels0[2], 'the kernels changed');
  await page.waitForFunction(() => !document.getElementById('cnn-predicted').textContent.includes('untrained'));
  assert.ok(Number(await page.getAttribute('#cnn-loss', 'data-points')) >= 2, 'the loss curve has points');
  await shot(page, 'cnn-2-trained-1366');

  // another test digit: other maps, and (within a few digits) another answer
  const first = await predicted(page);
  let other = first;
  for (let i = 0; i < 12 && other.predicted === first.predicted; i++) {
    const before = (await maps(page, 'conv2d_0')).sum;
    await page.click('#cnn-next');
    await page.waitForFunction((i) => document.getElementById('cnn-predicted').dataset.index === String(i), i + 1);
    await page.waitForFunction(([s]) => {
      const c = document.querySelector('#cnn-maps canvas[data-layer="conv2d_0"]');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let sum = 0;
      for (let k = 0; k < d.length; k += 4) sum = (sum * 31 + d[k]) >>> 0;
      return sum !== s;
    }, [before]);
    other = await predicted(page);
  }
  assert.notEqual(other.predicted, first.predicted, `another digit, another answer: ${first.text} / ${other.text}`);
  assert.match(other.text, /^Test digit \d+ \(a \d\): the network says \d \(\d+\.\d %\): (right|wrong)\.$/);
  // a typed number that is not a digit index is named, and the maps stay
  const kept = await maps(page, 'conv2d_0');
  await page.fill('#cnn-index', '10000');
  await page.press('#cnn-index', 'Enter');
  assert.match(await page.textContent('#cnn-index-error'), /^Test digit: must be a whole number from 0 to 9,999, got "10000"/);
  assert.equal((await maps(page, 'conv2d_0')).sum, kept.sum);

  // a drawing: its maps and the network's answer for it
  await page.locator('#cnn-pad').scrollIntoViewIfNeeded();
  const pad = await page.locator('#cnn-pad').boundingBox();
  await page.mouse.move(pad.x + 140, pad.y + 50);
  await page.mouse.down();
  await page.mouse.move(pad.x + 140, pad.y + 230, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => document.getElementById('cnn-predicted').dataset.index === 'drawn');
  assert.match(await page.textContent('#cnn-predicted'), /^Your drawing: the network says \d/);
  assert.equal(await page.textContent('#cnn-digit-caption'), 'your drawing');
  assert.equal(await page.textContent('#cnn-pad-answer'), await page.textContent('#cnn-predicted'), 'the answer beside the pad too');
  await page.click('#cnn-pad-test');
  await page.waitForFunction(() => document.getElementById('cnn-predicted').dataset.index !== 'drawn');
  await shot(page, 'cnn-3-digit-1366');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `no sideways scrolling on a phone: ${scroll} > ${width}`);
  await shot(page, 'cnn-4-phone-390');
  assertNoErrors(errors);
  await page.close();
});

test('CNN: a kernel too large or a stride of 0 is refused, naming the layer and the shapes, and nothing changes', async () => {
  const { page, errors } = await open(env, '#lab=mnist-cnn&train_limit=256');
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.waitForFunction(() => document.getElementById('cnn-total-params')?.textContent === '538,698');
  await page.waitForFunction(() => [...document.querySelectorAll('#cnn-maps canvas')].every((c) => c.dataset.step === '0'));
  const kept = { rows: await summary(page), maps: await maps(page, 'conv2d_0'), hash: await page.evaluate(() => location.hash) };
  // block 2's kernel 9: 14x14 -> conv2d_1 6x6 -> conv2d_2 cannot take (6, 6, 64) with 'valid'
  await page.fill('#knob-conv2_kernel', '9');
  await page.press('#knob-conv2_kernel', 'Enter');
  await page.waitForFunction(() => document.getElementById('knob-conv2_kernel-error').textContent !== '');
  assert.match(await page.textContent('#knob-conv2_kernel-error'),
    /conv2d layer "conv2d_2" cannot take \(6, 6, 64\): its kernel 9x9 is larger than the input and padding 'valid' leaves nothing/);
  assert.match(await page.textContent('#train-blocked'), /Train is blocked/);
  // a stride of 0: the knob and its value named
  await page.fill('#knob-conv1_stride', '0');
  await page.press('#knob-conv1_stride', 'Enter');
  await page.waitForFunction(() => document.getElementById('knob-conv1_stride-error').textContent !== '');
  assert.match(await page.textContent('#knob-conv1_stride-error'), /conv1_stride: must be an integer in 1\.\.9, got "0"/);
  await page.waitForTimeout(500);
  assert.deepEqual(await summary(page), kept.rows, 'the summary keeps the model that runs');
  assert.equal((await maps(page, 'conv2d_0')).sum, kept.maps.sum, 'the maps keep what they showed');
  assert.equal(await page.evaluate(() => location.hash), kept.hash, 'the share link keeps the model that runs');
  await shot(page, 'cnn-5-refused-1366', { fullPage: false });
  // fixed: the refusals go, and the model asked for is built (block 2's kernel 3: 14 -> 12 -> 10 -> 8 -> 4)
  await page.fill('#knob-conv1_stride', '1');
  await page.press('#knob-conv1_stride', 'Enter');
  await page.fill('#knob-conv2_kernel', '3');
  await page.press('#knob-conv2_kernel', 'Enter');
  await page.waitForFunction(() => document.getElementById('knob-conv2_kernel-error').textContent === '' &&
    document.querySelectorAll('#cnn-summary tbody tr')[2]?.textContent.includes('(None, 12, 12, 64)'));
  assertNoErrors(errors);
  await page.close();
});

test('CNN: the size grid follows Keras\' rule, and used on block 1 reshapes the summary before training', async () => {
  const { page, errors } = await open(env, '#lab=mnist-cnn-book&train_limit=256');
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.waitForFunction(() => document.getElementById('cnn-total-params')?.textContent === '289,630');
  // the grid starts from the model's block 1: kernel 5, stride 1, 'valid' on an 8x8 input
  assert.match(await page.textContent('#cnn-grid-text'), /^Input 8×8, kernel 5×5, stride 1: 'valid' adds no padding.*output is 4×4\.$/);
  assert.match(await page.textContent('#cnn-grid-model'), /28×28 image → conv2d_0 24×24 → max_pool_0 12×12\./);
  await page.$eval('#cnn-grid-k', (e) => { e.value = '3'; e.dispatchEvent(new Event('input')); });
  await page.$eval('#cnn-grid-s', (e) => { e.value = '2'; e.dispatchEvent(new Event('input')); });
  await page.selectOption('#cnn-grid-pad', 'same');
  assert.match(await page.textContent('#cnn-grid-text'), /^Input 8×8, kernel 3×3, stride 2: 'same' pads 0 zeros before and 1 after.*output is 4×4\.$/);
  assert.equal(await page.getAttribute('#cnn-grid', 'data-out'), '4');
  await page.click('#cnn-grid-step');
  assert.match(await page.getAttribute('#cnn-grid', 'aria-label'), /output row 1, column 2\.$/);
  await page.$eval('#cnn-grid-s', (e) => { e.value = '1'; e.dispatchEvent(new Event('input')); });
  await page.selectOption('#cnn-grid-pad', 'valid');
  await page.click('#cnn-grid-use');
  // conv 3x3 'valid': 28 -> 26, pooled to 13; 3·3·20 + 20 parameters; dense_0 reads 13·13·20 = 3,380
  await page.waitForFunction(() => document.querySelector('#cnn-summary tbody tr').textContent.includes('(None, 26, 26, 20)'));
  assert.deepEqual((await summary(page)).slice(0, 4), ['conv2d_0 (Conv2D) | (None, 26, 26, 20) | 200',
    'max_pool_0 (MaxPooling2D) | (None, 13, 13, 20) | 0', 'flatten (Flatten) | (None, 3380) | 0', 'dense_0 (Dense) | (None, 100) | 338,100']);
  assert.equal(await page.inputValue('#knob-conv1_kernel'), '3');
  assert.equal(await page.inputValue('#knob-conv1_padding'), 'valid');
  assert.match(await page.textContent('#cnn-grid-model'), /conv2d_0 26×26 → max_pool_0 13×13\./);
  await page.waitForFunction(() => document.querySelector('#cnn-maps figcaption').textContent === 'conv2d_0 (Conv2D): 26×26, 20 maps');
  await page.waitForFunction(() => document.querySelector('#cnn-maps canvas').dataset.step === '0');
  await shot(page, 'cnn-6-grid-1366');
  assertNoErrors(errors);
  await page.close();
});
