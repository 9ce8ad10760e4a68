// web/src/labs/xor/panels.ts: the XOR lab's panels as markup (ids are the
// lab's own; the page tests read them). `main` goes beside the run controls.
export const MAIN = `
<section class="card card-curve" aria-labelledby="curve-title">
  <p id="xor-intro" class="intro lab-intro"></p>
  <div class="card-head">
    <h2 id="curve-title">Error while training</h2>
    <label class="toggle"><input id="log-scale" type="checkbox" checked> log scale</label>
  </div>
  <p id="curve-empty" class="placeholder curve-empty">Press Train (or Step) to watch the error fall.</p>
  <div id="curve" class="chart"></div>
  <h3>The post's printout</h3>
  <div id="post-lines" class="post-lines" role="log" tabindex="0" aria-label="the post's printout"></div>
</section>`;

export const MORE = `
<section class="card card-network" aria-labelledby="network-title">
  <h2 id="network-title">The network</h2>
  <p class="legend"><span class="swatch pos"></span> positive weight <span class="swatch neg"></span> negative
    weight · thicker = larger |w|</p>
  <div id="network" class="network"></div>
  <p id="network-note" class="note"></p>
  <div class="scroll-x">
  <table class="outputs">
    <caption>Output for each training input</caption>
    <thead><tr><th scope="col">input</th><th scope="col">target</th><th scope="col">output</th><th scope="col"><span class="sr-only">bar</span></th></tr></thead>
    <tbody id="outputs"></tbody>
  </table>
  </div>
</section>
<section class="card card-maps" aria-labelledby="maps-title">
  <h2 id="maps-title">Decision map</h2>
  <p id="maps-text" class="note"></p>
  <div class="maps-row">
    <canvas id="decision-map" width="240" height="240" role="img" aria-label="network output over the (x1, x2) plane"></canvas>
    <div class="axis-note">x1 → right<br>x2 → up<br>range −0.25…1.25</div>
  </div>
  <h3 id="units-title">Hidden units</h3>
  <p id="units-note" class="note"></p>
  <div id="unit-maps" class="unit-maps"></div>
</section>
<section class="card card-flips wide" aria-labelledby="flips-title">
  <h2 id="flips-title">Update direction changes</h2>
  <p class="note">Per weight: how many times the sign of its update flipped from one step to the next. Large
    alphas overshoot and oscillate, so their weights flip often.</p>
  <div id="flips" class="flips-wrap" tabindex="0" role="group" aria-label="update direction changes per weight"></div>
</section>
<section class="card card-sweep" aria-labelledby="sweep-title">
  <div class="card-head">
    <h2 id="sweep-title">Alpha sweep</h2>
    <button id="sweep-run" type="button" disabled>Train all seven alphas</button>
  </div>
  <p class="note">The post's sweep: alpha = 0.001, 0.01, 0.1, 1, 10, 100, 1000, every other knob as set.</p>
  <p id="sweep-status" class="note" role="status"><span class="placeholder">Press the button to train the seven runs side by side.</span></p>
  <div id="sweep-chart" class="chart"></div>
  <div class="scroll-x">
  <table class="sweep-table">
    <thead><tr><th scope="col">alpha</th><th scope="col">final error</th><th scope="col">outcome</th></tr></thead>
    <tbody id="sweep-rows"></tbody>
  </table>
  </div>
</section>
<section class="card card-seeds" aria-labelledby="seeds-title">
  <div class="card-head">
    <h2 id="seeds-title">Many random starts</h2>
    <div class="inline">
      <label for="seeds-count">starts</label>
      <input id="seeds-count" type="number" min="1" max="100" value="20">
      <button id="seeds-run" type="button" disabled>Train them</button>
    </div>
  </div>
  <p class="note">Same knobs, different seeds (seed, seed+1, …): where does each start end up? Some land in a
    poor local minimum.</p>
  <p id="seeds-status" class="note" role="status"><span class="placeholder">Press the button to train the starts side by side.</span></p>
  <canvas id="seeds-strip" class="strip" height="90" hidden role="img" aria-label="final error per seed"></canvas>
  <div id="seeds-chart" class="chart"></div>
</section>`;

/** What each preset's network is, in words (the warm-up is not the XOR network). */
export function introFor(preset: string, inputWidth: number): string {
  if (inputWidth === 2 || preset === 'xor-warmup') {
    return 'The post\'s warm-up: one layer, 2 → 1 with a sigmoid, no hidden layer and no bias. Four examples, inputs ' +
      '[0, 1], [0, 1], [1, 0], [1, 0] with targets 0, 0, 1, 1: the output should learn to copy the first input.';
  }
  return 'The numpy blog post\'s network, 3 → hidden → 1 with sigmoids and no biases (the third input is a constant 1), ' +
    'learns XOR by full-batch gradient descent. In float64 every number matches the post digit for digit.';
}

export function mapsTextFor(inputWidth: number): string {
  return inputWidth === 2
    ? 'The output over the (x1, x2) plane: red is 0, blue is 1. The dots are the warm-up\'s examples, (0, 1) → 0 and (1, 0) → 1 (each twice), coloured by their target.'
    : 'The output over the (x1, x2) plane with the bias input fixed at 1: red is 0, blue is 1. The dots are the four XOR examples, coloured by their target.';
}
