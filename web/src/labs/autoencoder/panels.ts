// web/src/labs/autoencoder/panels.ts: the autoencoder lab's panels as markup
// (ids are the lab's own; the page tests read them). `main` sits beside the
// run controls.
export const MAIN = `
<section class="card ae-progress" aria-labelledby="ae-progress-title">
  <p class="intro lab-intro">The lecture's autoencoder: 2 → 32 ReLU → <strong>16</strong> ReLU (the code) → 32 ReLU → 2 tanh
    learns to rebuild points of the line y = 2x − 1 from a 16-number code. It never sees an anomaly while training; afterwards
    points with more noise (<em>noisy</em>) or on another line (<em>wrong</em>) come back with larger errors, and a threshold
    on the error catches them.</p>
  <h2 id="ae-progress-title">Loss per epoch</h2>
  <p id="ae-curve-empty" class="placeholder">Press Train to watch the reconstruction error fall.</p>
  <div id="ae-loss" class="chart"></div>
  <p id="ae-final" class="test-result mono" role="status" hidden></p>
</section>`;

export const MORE = `
<section class="card ae-plane" aria-labelledby="ae-plane-title">
  <h2 id="ae-plane-title">The points and where the network puts them</h2>
  <p class="note">Each set's first 1,000 points (dots) and their reconstructions (rings). Click the plane (or focus it and
    press Enter) to pick a point and see its code.</p>
  <canvas id="ae-plane" class="ae-canvas" width="440" height="440" tabindex="0" role="img"
    aria-label="the four sets of points and their reconstructions in the plane"></canvas>
  <ul id="ae-legend" class="ae-legend"></ul>
</section>
<section class="card ae-hist" aria-labelledby="ae-hist-title">
  <h2 id="ae-hist-title">Reconstruction errors and a threshold</h2>
  <p id="ae-hist-empty" class="placeholder">After training, every point's reconstruction error is counted here.</p>
  <canvas id="ae-histogram" class="ae-canvas" width="520" height="260" role="img"
    aria-label="histograms of the reconstruction error of each set, on a logarithmic scale, with the threshold"></canvas>
  <label class="field-label" for="ae-threshold">threshold: flag a point whose error is above
    <output id="ae-threshold-value" for="ae-threshold">–</output></label>
  <input id="ae-threshold" type="range" min="-6" max="0" step="0.01" value="-2.5" disabled
    aria-describedby="ae-caught">
  <div class="scroll-x"><table id="ae-caught" class="ae-caught">
    <caption>Points flagged by the threshold</caption>
    <thead><tr><th scope="col">set</th><th scope="col">flagged</th><th scope="col">of</th><th scope="col">rate</th><th scope="col">meaning</th></tr></thead>
    <tbody></tbody>
  </table></div>
</section>
<section class="card ae-code" aria-labelledby="ae-code-title">
  <h2 id="ae-code-title">The encoder's code</h2>
  <p id="ae-code-point" class="note">Pick a point in the plane above: its 16-number code appears here.</p>
  <div id="ae-code-bars" class="ae-bars" role="img" aria-label="the code of the picked point"></div>
</section>`;
