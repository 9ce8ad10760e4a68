// web/src/labs/lstm/panels.ts: the LSTM lab's panels as markup (ids are the
// lab's own; the page tests read them) and the versions it offers. `main`
// sits beside the run controls: the series with the predictions over it, the
// scores and the forecast; `more`: the versions, the gradient back through
// time, the loss per epoch.

/** The lecture's versions and what follows them: one preset each, in our words. */
export const VERSIONS: { preset: string; name: string; words: string }[] = [
  { preset: 'lstm-airline', name: 'Version 1: the window as features',
    words: 'Each 5-month window goes in as one time step with 5 features, so the LSTM(128) sees the months side by side, as a dense layer would, and its memory has nothing to carry. 500 epochs; the lecture scored 20.06 on training, 53.28 on test.' },
  { preset: 'lstm-airline-steps', name: 'Version 2: the window as time steps',
    words: 'The same window as 5 time steps of one value: the LSTM reads the months in order and carries its state from one to the next, the way a recurrent layer is meant to be fed.' },
  { preset: 'lstm-airline-stateful', name: 'Version 3: stateful memory',
    words: 'A small LSTM(4) that keeps its state from one batch to the next: the windows go in order, unshuffled, and the memory is wiped only at the end of each epoch. 100 epochs; the lecture: 19.50 and 48.75.' },
  { preset: 'lstm-airline-stacked', name: 'Next: two LSTMs stacked',
    words: 'The lecture\u2019s next lab: two stateful LSTM(4) layers, the first passing its whole sequence of outputs on to the second.' },
  { preset: 'rnn-airline', name: 'A plain RNN instead',
    words: 'Version 2 with a plain recurrent layer, SimpleRNN(128), in place of the LSTM: no gates, no cell state. The lecture\u2019s case for LSTMs is this layer <a href="#lab=rnn-airline&amp;rnn_activation=sigmoid">with a sigmoid</a>: each step back in time multiplies the gradient by at most 0.25, so the oldest months teach it almost nothing. Keras\u2019 default, tanh, fades far less over a few months.' },
];

export const MAIN = `
<section class="card lstm-main" aria-labelledby="lstm-main-title">
  <p class="intro lab-intro">The lecture's LSTM reads a window of past months of the monthly airline passengers
    (1949–1960, scaled to 0–1) and predicts the next month. It trains on the first two thirds of the series and is
    tested on the rest; below, its predictions in passengers over the series itself.</p>
  <h2 id="lstm-main-title">Passengers per month and the network's predictions</h2>
  <div id="lstm-series" class="chart lstm-series"></div>
  <ul id="lstm-legend" class="lstm-legend" aria-label="chart legend"></ul>
  <p id="lstm-score" class="lstm-score" role="status">Press Train to fit the series.</p>
  <div class="lstm-row">
    <label for="lstm-ahead">Forecast past December 1960:</label>
    <span class="lstm-ahead-box"><input id="lstm-ahead" type="number" min="1" max="60" step="1" value="12"
      inputmode="numeric" aria-describedby="lstm-ahead-error lstm-forecast-note"> months</span>
    <button id="lstm-forecast" type="button">Forecast</button>
    <button id="lstm-clear" type="button" hidden>Clear the previous run</button>
  </div>
  <p id="lstm-ahead-error" class="field-error" aria-live="polite"></p>
  <p id="lstm-forecast-note" class="note">Each forecast month is predicted from the months before it, and then
    becomes part of the next window: the network feeds on its own guesses.</p>
</section>`;

const versionItems = VERSIONS.map((v) => `
    <li><a class="lstm-version" href="#lab=${v.preset}" data-preset="${v.preset}">${v.name}</a>
      <code class="lstm-preset">${v.preset}</code><p class="note">${v.words}</p></li>`).join('');

export const MORE = `
<section class="card wide lstm-versions" aria-labelledby="lstm-versions-title">
  <h2 id="lstm-versions-title">The versions, one click apart</h2>
  <p class="note">Each is a preset with the lecture's settings. When a run finishes, its test predictions stay on the
    chart above as a faded line while the next run trains, so two versions compare on the same chart.</p>
  <ul class="lstm-version-list">${versionItems}
  </ul>
  <div class="lstm-lookback">
    <label for="lstm-look-back">Window length (<code>look_back</code>): <output id="lstm-look-back-value"
      for="lstm-look-back">5</output> months</label>
    <input id="lstm-look-back" type="range" min="1" max="40" step="1" value="5" aria-describedby="lstm-look-back-help">
    <small id="lstm-look-back-help" class="field-help">How many past months each prediction sees. It sets the knob
      on the left (and the share link): at once between runs, at the next Train during one.</small>
  </div>
</section>
<section class="card lstm-grads" aria-labelledby="lstm-grads-title">
  <h2 id="lstm-grads-title">The gradient, back through time</h2>
  <p class="note">In the last training step: how much of the loss's gradient reached each month of the window (the
    oldest on the left), per recurrent layer, on one log scale for both panels. A plain RNN with a sigmoid squashes it
    at every step back (try rnn-airline with a sigmoid, and a longer window); an LSTM's cell state gives it a path back
    that is not squashed at every step. The page keeps the last run of each kind: train rnn-airline and
    lstm-airline-steps to compare them side by side.</p>
  <div class="lstm-grad-pair">
    <figure class="lstm-grad-fig">
      <figcaption>Plain RNN</figcaption>
      <canvas id="lstm-grad-simple_rnn" class="lstm-canvas" width="360" height="190" role="img"
        aria-label="Plain RNN: no run of this kind yet"></canvas>
      <p id="lstm-grad-note-simple_rnn" class="note"></p>
    </figure>
    <figure class="lstm-grad-fig">
      <figcaption>LSTM</figcaption>
      <canvas id="lstm-grad-lstm" class="lstm-canvas" width="360" height="190" role="img"
        aria-label="LSTM: no run of this kind yet"></canvas>
      <p id="lstm-grad-note-lstm" class="note"></p>
    </figure>
  </div>
  <ul id="lstm-grad-legend" class="lstm-legend" aria-label="layer colours"></ul>
</section>
<section class="card lstm-loss-card" aria-labelledby="lstm-loss-title">
  <h2 id="lstm-loss-title">Loss per epoch</h2>
  <p id="lstm-loss-empty" class="placeholder">The mean squared error of each epoch, on the scaled series, appears
    here as training goes.</p>
  <div id="lstm-loss" class="chart"></div>
</section>`;
