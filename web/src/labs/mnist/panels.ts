// web/src/labs/mnist/panels.ts: the MNIST lab's panels as markup (ids are the
// lab's own; the page tests read them). `main` goes beside the run controls.
export const MAIN = `
<section class="card m-progress" aria-labelledby="progress-title">
  <p class="intro lab-intro">The Keras notebook's network (784 → 200 ReLU → 60 ReLU → 10 softmax, Adam, batch 128) and the
    book's chapter 1, 3 and 5 networks learn to read handwritten digits: 60,000 training and 10,000 test images of 28x28 grey pixels.</p>
  <h2 id="progress-title">Training</h2>
  <pre id="keras-log" class="keras-log" role="log" tabindex="0" aria-label="per-epoch progress, as Keras prints it"></pre>
  <p id="test-result" class="test-result mono" hidden></p>
  <h3>Batch loss per step</h3>
  <p id="curve-empty" class="placeholder">Press Train to watch the loss fall.</p>
  <div id="loss-curve" class="chart"></div>
</section>`;

export const MORE = `
<section class="card m-data" aria-labelledby="data-title">
  <div class="card-head">
    <h2 id="data-title">Training digits</h2>
    <button id="more-digits" type="button" disabled>Show others</button>
  </div>
  <p class="note">Nine random training images with their class, as the notebook shows them.</p>
  <div id="train-digits" class="digit-grid"></div>
</section>
<section class="card m-summary" aria-labelledby="summary-title">
  <h2 id="summary-title">Model summary</h2>
  <p id="summary-shape" class="note mono"></p>
  <div class="scroll-x" tabindex="0" role="group" aria-label="model summary table"><table id="summary" class="summary"></table></div>
</section>
<section class="card m-history wide" aria-labelledby="history-title">
  <h2 id="history-title">Per epoch</h2>
  <div class="history">
    <div><h3>Loss per epoch</h3><div id="epoch-loss" class="chart"></div></div>
    <div><h3>Accuracy per epoch</h3><div id="epoch-acc" class="chart"></div></div>
  </div>
</section>
<section class="card m-speed wide" aria-labelledby="speed-title">
  <h2 id="speed-title">Speed of learning per hidden layer (the vanishing gradient)</h2>
  <p class="note">The book's chapter 5: how fast each hidden layer's biases are being pushed, the length of the
    cost's gradient for them over the first 1,000 training digits. In a deep sigmoid network the early layers learn
    far more slowly; set the activation to relu to see the gap close.</p>
  <p id="speed-empty" class="placeholder">The chapter 5 presets (mnist-deep-2, -3 and -4) measure it as they train.</p>
  <p id="speed-ratio" class="note" aria-live="polite"></p>
  <div id="layer-speed" class="chart"></div>
</section>
<section class="card m-grid wide" aria-labelledby="grid-title">
  <div class="card-head">
    <h2 id="grid-title">Hyper-parameter search</h2>
    <button id="grid-run" type="button" disabled>Run the grid</button>
  </div>
  <p class="note">The book's way (chapter 3): first get any learning quickly (a subset of the images, or digits 0,1),
    then try the learning rate by orders of magnitude, then the L2 penalty (λ from 1.0 by factors of 10: l2 = λ / 2n,
    n the images per cell), then finer around the best. Each cell trains the current experiment with its two values on
    the first training images, one cell after another; its colour is its validation accuracy. Open a cell to run it
    as a full experiment.</p>
  <div class="grid-form">
    <label>Rows <select id="grid-row-knob"></select></label>
    <label>values <input id="grid-row-values" type="text" value="0.025,0.25,2.5,25" spellcheck="false"></label>
    <label>Columns <select id="grid-col-knob"></select></label>
    <label>values <input id="grid-col-values" type="text" value="0,0.0005,0.005" spellcheck="false"></label>
    <label>Images per cell <input id="grid-train-limit" type="text" inputmode="numeric" value="1200"></label>
    <label>Epochs per cell <input id="grid-epochs" type="text" inputmode="numeric" value="2"></label>
  </div>
  <p id="grid-status" class="note" role="status"></p>
  <div class="scroll-x" tabindex="0" role="group" aria-label="search results: accuracy per cell">
    <table id="grid-table" class="grid-table"></table>
  </div>
</section>
<section class="card m-eval wide" aria-labelledby="eval-title">
  <h2 id="eval-title">Test set: what the trained model gets right and wrong</h2>
  <p id="eval-empty" class="placeholder">After training, the 10,000 test digits are classified here.</p>
  <div id="eval" class="eval" hidden>
    <div>
      <h3>Confusion matrix (rows: true class, columns: predicted)</h3>
      <div class="scroll-x" tabindex="0" role="group" aria-label="confusion matrix"><table id="confusion" class="confusion"></table></div>
    </div>
    <div><h3>Correctly classified</h3><div id="right-digits" class="digit-grid"></div></div>
    <div><h3>Wrongly classified</h3><div id="wrong-digits" class="digit-grid"></div></div>
  </div>
</section>
<section class="card m-draw" aria-labelledby="draw-title">
  <h2 id="draw-title">Draw a digit</h2>
  <p class="note">Draw with the mouse, a pen or a finger; the drawing is shrunk to 28x28 and centred as MNIST's digits
    were, and the model just trained says what it sees.</p>
  <div class="draw-row">
    <canvas id="pad" class="pad" role="img" aria-label="drawing area: draw a digit here"></canvas>
    <div class="draw-side">
      <div class="buttons">
        <button id="pad-clear" type="button">Clear</button>
        <button id="pad-sample" type="button" disabled>Use a test digit</button>
      </div>
      <p class="note">What the model sees:</p>
      <canvas id="pad-preview" class="pad-preview" width="28" height="28" role="img" aria-label="the drawing at 28x28"></canvas>
    </div>
    <div id="probs" class="probs" aria-live="polite"></div>
  </div>
</section>
<section class="card m-exercise" aria-labelledby="exercise-title">
  <div class="card-head">
    <h2 id="exercise-title">Exercise: batch size 32 versus 10,000</h2>
    <button id="exercise-run" type="button" disabled>Train both</button>
  </div>
  <p class="note">The notebook's exercise: one epoch with batch size 32, then one with 10,000, every other knob as set.
    How do training time and test accuracy change?</p>
  <p id="exercise-status" class="note" role="status"></p>
  <div class="scroll-x">
  <table class="exercise-table">
    <thead><tr><th scope="col">batch size</th><th scope="col">steps</th><th scope="col">training time</th><th scope="col">test accuracy</th></tr></thead>
    <tbody id="exercise-rows"></tbody>
  </table>
  </div>
</section>`;
