// web/src/labs/gan/panels.ts: the GAN lab's panels as markup (ids are the
// lab's own; the page tests read them). `main` sits beside the run controls:
// the live samples grid and the one chart of both losses and the
// discriminator's outputs; `more`: the gallery and the latent walk.
export const MAIN = `
<section class="card gan-progress" aria-labelledby="gan-progress-title">
  <p class="intro lab-intro">The lecture's GAN: a generator (100 noise numbers → 256 → 512 → 784 tanh) learns to draw
    digits while a discriminator (784 → 1024 → 512 → 256 → 1 sigmoid) learns to tell them from real MNIST images; each
    step trains the discriminator once, then the generator through it.</p>
  <p id="gan-convention" class="note">The playground counts <strong>steps</strong> (one discriminator and one generator
    update each); the lecture's loop calls <span id="gan-epoch-size">128</span> steps an "epoch", shown beside:
    <span id="gan-epoch-example" class="mono">step 1,280 — the lecture's epoch 10</span>. The preset does what the lecture's <em>code</em> does:
    the generator trains with Keras' default Adam (0.001, beta_1 0.9), the discriminator with Adam 0.0002, beta_1 0.5;
    the lecture's prose gives both 0.0002 and 0.5 (set <span class="mono">g_lr=0.0002</span> and
    <span class="mono">g_beta1=0.5</span> for that version).</p>
  <h2 id="gan-progress-title" class="sr-only">Training</h2>
  <p id="gan-step" class="gan-step mono" aria-live="off">step 0</p>
  <div class="gan-main">
    <figure class="gan-fig">
      <canvas id="gan-grid" class="gan-canvas" width="302" height="302" role="img"
        aria-label="the generator's 100 digits for a fixed noise batch: not drawn yet"></canvas>
      <figcaption class="note">The generator's digits for the same 100 noise vectors all run long (drawn about
        twice a second).</figcaption>
    </figure>
    <div class="gan-chart-box">
      <p id="gan-curve-empty" class="placeholder">Press Train: d_loss appears every step, the others at each
        report (every 128 steps).</p>
      <div id="gan-chart" class="chart"></div>
      <ul id="gan-legend" class="gan-legend" aria-label="chart legend"></ul>
      <p id="gan-last" class="gan-last mono" role="status">No report yet.</p>
      <p id="gan-dwin" class="gan-warn" role="status" hidden></p>
      <p class="note">A discriminator at its best says 1 to reals and 0 to fakes; when the two networks are matched,
        d_real and d_fake sit between 0 and 1 and neither loss runs away. <strong>Mode collapse</strong>: the
        generator finds a few digits that fool the discriminator and draws only those, so many cells of the grid look
        alike.</p>
    </div>
  </div>
</section>`;

export const MORE = `
<section class="card gan-gallery" aria-labelledby="gan-gallery-title">
  <h2 id="gan-gallery-title">Gallery: the grid as training went</h2>
  <p class="note">The lecture saved the grid at epoch 1, 20, 40, …; the page keeps it then, at every report and at the
    end (the first grid at or after each; its label says the step it shows). Drag or use the arrow keys.</p>
  <label class="field-label" for="gan-scrub">snapshot</label>
  <input id="gan-scrub" class="gan-scrub" type="range" min="0" max="0" step="1" value="0" disabled
    aria-describedby="gan-scrub-label">
  <p id="gan-scrub-label" class="note mono"></p>
  <canvas id="gan-gallery-grid" class="gan-canvas" width="302" height="302" role="img"
    aria-label="the gallery of saved sample grids"></canvas>
  <p id="gan-gallery-list" class="note"></p>
</section>
<section class="card gan-phases" aria-labelledby="gan-phases-title">
  <h2 id="gan-phases-title">Inside one step: the discriminator's turn, then the generator's</h2>
  <p class="note">Each step has two phases. <strong>Step D</strong> trains the discriminator once on a batch of real
    images and the generator's fakes; <strong>Step G</strong> trains the generator once through the discriminator and
    completes the step. Below: what the phase just trained on, with the discriminator's verdict on each image — the
    probability it gives "real" — during the update, then now (green: moved toward what it is trained to say). Slow
    mode plays the phases one after another with a pause to look; Train runs whole steps again.</p>
  <div class="buttons gan-buttons">
    <button id="gan-step-d" type="button">Step D</button>
    <button id="gan-step-g" type="button">Step G</button>
    <button id="gan-slow" type="button" aria-pressed="false">Slow mode: play the phases</button>
  </div>
  <p id="gan-phase-next" class="note" aria-live="polite"></p>
  <div id="gan-judged" class="gan-judged" role="group" aria-label="the images the last phase trained on, with the discriminator's verdicts"></div>
  <p id="gan-phase-summary" class="note" role="status">No phase run yet.</p>
</section>
<section class="card gan-walk" aria-labelledby="gan-walk-title">
  <h2 id="gan-walk-title">A walk through the noise</h2>
  <p class="note">Two noise vectors (drawn in the page from a seeded generator) and 8 evenly spaced points on the
    straight line between them: what the generator draws for each. Redrawn when the run pauses or ends, or on
    request.</p>
  <div class="buttons gan-buttons">
    <button id="gan-walk-new" type="button">New endpoints</button>
    <button id="gan-walk-draw" type="button">Draw with the current generator</button>
  </div>
  <canvas id="gan-walk" class="gan-canvas gan-walk-canvas" width="302" height="32" role="img"
    aria-label="the latent walk: not drawn yet"></canvas>
  <p id="gan-walk-note" class="note mono" aria-live="polite"></p>
</section>`;
