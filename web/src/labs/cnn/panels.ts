// web/src/labs/cnn/panels.ts: the CNN lab's panels as markup (ids are the
// lab's own; the page tests read them). `main` sits beside the run controls:
// the loss and accuracy curves; `more`: one digit's feature maps after each
// conv and pool layer with the digit picker and the network's answer, the
// first conv layer's kernels, the model summary, the draw pad and the
// output-size grid.
export const MAIN = `
<section class="card cnn-progress" aria-labelledby="cnn-progress-title">
  <p class="intro lab-intro">A convolutional network reads the 28x28 digits through small kernels that slide over the
    image: each conv layer makes one map per filter, each pool layer shrinks the maps. Below the curves, watch one
    digit's maps and the kernels change as it learns.</p>
  <h2 id="cnn-progress-title">Training</h2>
  <p id="cnn-live" class="note mono" role="status">Press Train: the batch loss appears here as it falls.</p>
  <p id="cnn-test-result" class="test-result mono" hidden></p>
  <h3>Batch loss per step</h3>
  <p id="cnn-loss-empty" class="placeholder">Press Train to watch the loss fall.</p>
  <div id="cnn-loss" class="chart"></div>
  <h3>Accuracy per epoch</h3>
  <p id="cnn-acc-empty" class="placeholder">Each epoch's accuracy (and the validation set's, if the preset keeps one)
    appears here at the epoch's end.</p>
  <div id="cnn-acc" class="chart"></div>
</section>`;

export const MORE = `
<section class="card wide cnn-maps-card" aria-labelledby="cnn-maps-title">
  <h2 id="cnn-maps-title">Feature maps: what each layer makes of one digit</h2>
  <div class="cnn-picker">
    <figure class="cnn-digit">
      <canvas id="cnn-digit" width="28" height="28" role="img" aria-label="the digit shown"></canvas>
      <figcaption id="cnn-digit-caption" class="mono">test digit 0</figcaption>
    </figure>
    <div class="cnn-picker-controls">
      <label for="cnn-index">Test digit (0–9,999):</label>
      <div class="buttons">
        <button id="cnn-prev" type="button" aria-label="previous test digit">◀</button>
        <input id="cnn-index" type="number" min="0" max="9999" step="1" value="0" inputmode="numeric"
          aria-describedby="cnn-index-error">
        <button id="cnn-next" type="button" aria-label="next test digit">▶</button>
        <button id="cnn-random" type="button">Random</button>
      </div>
      <p id="cnn-index-error" class="field-error" aria-live="polite"></p>
      <p id="cnn-predicted" class="cnn-predicted" aria-live="polite">The network's answer appears once the maps are in.</p>
    </div>
  </div>
  <p class="note">One tile per channel, black at the layer's lowest value and white at its highest. The maps refresh
    about once a second while training.</p>
  <div id="cnn-maps" class="cnn-maps"></div>
</section>
<section class="card cnn-kernels-card" aria-labelledby="cnn-kernels-title">
  <h2 id="cnn-kernels-title">Kernels of the first conv layer</h2>
  <p id="cnn-kernels-note" class="note">Each filter's weights: red positive, blue negative, white near zero. They start
    as noise and become stroke and edge detectors.</p>
  <canvas id="cnn-kernels" class="cnn-tiles" role="img" aria-label="the first conv layer's kernels"></canvas>
</section>
<section class="card cnn-summary-card" aria-labelledby="cnn-summary-title">
  <h2 id="cnn-summary-title">Model summary</h2>
  <p class="note">As Keras' <code>model.summary()</code> prints it, from the engine's shapes: change a knob and it
    follows before training.</p>
  <div class="scroll-x" tabindex="0" role="group" aria-label="model summary table"><table id="cnn-summary" class="summary"></table></div>
</section>
<section class="card cnn-draw-card" aria-labelledby="cnn-draw-title">
  <h2 id="cnn-draw-title">Draw a digit</h2>
  <p class="note">Draw with the mouse, a pen or a finger: the drawing is shrunk to 28x28 and centred as MNIST's digits
    were, and the maps above show what the network makes of it.</p>
  <div class="draw-row">
    <canvas id="cnn-pad" class="pad" role="img" aria-label="drawing area: draw a digit here"></canvas>
    <div class="draw-side">
      <div class="buttons">
        <button id="cnn-pad-clear" type="button">Clear</button>
        <button id="cnn-pad-test" type="button">Back to the test digit</button>
      </div>
      <p class="note">What the network sees:</p>
      <canvas id="cnn-pad-preview" class="pad-preview" width="28" height="28" role="img" aria-label="the drawing at 28x28"></canvas>
      <p id="cnn-pad-answer" class="cnn-predicted" aria-live="polite"></p>
    </div>
  </div>
</section>
<section class="card cnn-grid-card" aria-labelledby="cnn-grid-title">
  <h2 id="cnn-grid-title">Kernel size, stride and padding: the output's size</h2>
  <p id="cnn-grid-model" class="note"></p>
  <div class="cnn-grid-row">
    <div class="cnn-grid-controls">
      <label for="cnn-grid-n">Input size: <output id="cnn-grid-n-value" for="cnn-grid-n">8</output></label>
      <input id="cnn-grid-n" type="range" min="3" max="12" step="1" value="8">
      <label for="cnn-grid-k">Kernel size: <output id="cnn-grid-k-value" for="cnn-grid-k">5</output></label>
      <input id="cnn-grid-k" type="range" min="1" max="9" step="1" value="5">
      <label for="cnn-grid-s">Stride: <output id="cnn-grid-s-value" for="cnn-grid-s">1</output></label>
      <input id="cnn-grid-s" type="range" min="1" max="4" step="1" value="1">
      <label for="cnn-grid-pad">Padding</label>
      <select id="cnn-grid-pad"><option value="valid">valid</option><option value="same" selected>same</option></select>
      <div class="buttons">
        <button id="cnn-grid-step" type="button">Move the window</button>
        <button id="cnn-grid-use" type="button">Use on block 1</button>
      </div>
    </div>
    <div class="cnn-grid-figure">
      <canvas id="cnn-grid" class="cnn-grid" role="img" aria-label="input grid and output grid"></canvas>
      <p id="cnn-grid-text" class="note" aria-live="polite"></p>
    </div>
  </div>
</section>`;
