// web/src/labs/universality/panels.ts: the universality lab's panels as markup
// (ids are the lab's own; the page tests read them). `main` sits beside the
// run controls: the drawing pad with the fit over it, each unit's weighted
// step under it, the curve buttons and the width slider.
export const MAIN = `
<section class="card uv-main" aria-labelledby="uv-title">
  <p class="intro lab-intro">The book's chapter 4: one hidden layer of sigmoid neurons, 1 → <em>n</em> → 1, can follow any
    curve. Each neuron is a step (steeper as its weight grows); a pair of steep steps makes a bump, and bumps side by
    side make a staircase that follows the curve. Draw a curve, then press Train to watch the network find its own
    steps — or pick the book's construction, where the steps are set by hand.</p>
  <div class="card-head">
    <h2 id="uv-title">Your curve and the network's fit</h2>
    <p id="uv-mae" class="uv-mae mono" role="status" aria-live="polite">mean absolute error: –</p>
  </div>
  <canvas id="uv-pad" class="uv-canvas uv-pad" width="640" height="240" role="img"
    aria-label="drawing pad: the curve as dots, the network's output as a line; draw with the mouse or a finger"></canvas>
  <p id="uv-message" class="uv-message" role="alert" hidden></p>
  <h3 id="uv-units-title">Each hidden neuron's weighted step</h3>
  <canvas id="uv-units" class="uv-canvas" width="640" height="180" role="img"
    aria-label="each hidden neuron's output times its output weight, over x from 0 to 1; the fit is their sum"></canvas>
  <p id="uv-units-note" class="note">The output is the sum of these curves plus the output bias.</p>
  <p class="note">Draw across the pad (mouse, pen or finger): where you draw replaces the curve there. The network
    sees the dots; the blue line is its output.</p>
  <div class="uv-buttons" role="group" aria-label="curves to start from">
    <span class="field-label">Curves:</span>
    <button type="button" data-curve="hills">Two hills</button>
    <button type="button" data-curve="wave">Wave</button>
    <button type="button" data-curve="step">Step</button>
    <button type="button" data-curve="book">The book's function</button>
    <button type="button" id="uv-clear">Clear the pad</button>
  </div>
  <div class="uv-controls">
    <label class="field-label" for="uv-width">Hidden neurons: <output id="uv-width-value" for="uv-width">20</output></label>
    <input id="uv-width" type="range" min="2" max="100" step="1" value="20">
    <label class="field-label" for="uv-start">Start from</label>
    <select id="uv-start">
      <option value="none">random weights (training finds the steps)</option>
      <option value="bumps">the book's construction (steps set by hand)</option>
    </select>
  </div>
</section>`;

export const MORE = `
<section class="card wide uv-about" aria-labelledby="uv-about-title">
  <h2 id="uv-about-title">Construction and training compared</h2>
  <p id="uv-compare" class="note">The book's construction puts the neurons in pairs, each pair a bump as tall as the curve
    at the bump's middle: with <em>n</em> neurons the fit is a staircase of <em>n</em>/2 stairs, and its error falls as
    the stairs get narrower. Training instead moves every step where it helps most: with the same neurons it usually
    ends closer. From the construction, training can only change the stairs' heights — a step of weight 1000 is flat
    almost everywhere, so its gradient is too.</p>
</section>`;
