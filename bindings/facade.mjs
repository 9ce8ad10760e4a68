// bindings/facade.mjs: the JavaScript face of the engine, and the only caller
// of the raw Embind methods (the ones starting with "_").
//
// Embind reports failures as {ok:false, error}; here they become thrown
// Errors with the engine's message ("alpha: must be a finite number in
// (0, 1000000], got \"nan\""). Typed arrays the engine returns are views of
// WASM memory that the next allocation may detach, so they are copied at once.

export class Engine {
  /** @param M the instantiated Emscripten module (createEngine()). */
  constructor(M) {
    this.M = M;
    /** Set by loaders that were asked for the relaxed-SIMD build and loaded the reference one: why. */
    this.fallback = null;
  }

  /**
   * Which WebAssembly build runs: 'simd128' (the reference, bit-identical to the
   * native runner) or 'relaxed-simd' (the opt-in build with fused multiply-add).
   */
  get build() {
    return typeof this.M.engineBuild === 'function' ? this.M.engineBuild() : 'simd128';
  }

  /**
   * The engine's memory now: {mallocBytes (in use by malloc), memoryBytes (the
   * WebAssembly memory's size, which never shrinks)}, for tests that look for leaks.
   */
  memoryUse() {
    return this.M.memoryUse();
  }

  /** The knob table: [{name, lab, title, knobs:[{name,type,default,range,help,min,max,choices}]}]. */
  presets() {
    return JSON.parse(this.M.presetsTable());
  }

  /**
   * The lab registry: [{name, title, summary (what it teaches, one line),
   * presets: [preset names], views: [{name, help}], data: [{name, about}]}]
   * (data: the sets it trains on, for dataCsv).
   */
  labs() {
    return JSON.parse(this.M.labsTable());
  }

  /**
   * Data set `name` (one of labs()[i].data) as CSV text with a header row, at
   * most `rows` rows (-1: all), exactly as `synapse data NAME --rows N` prints it.
   */
  dataCsv(name, rows = -1) {
    const r = this.M._dataCsv(String(name), rows);
    if (!r.ok) throw new Error(r.error);
    return r.csv;
  }

  /** Checks knob values (text) one by one: [{knob, message}], empty when all are fine. */
  checkKnobs(preset, knobs) {
    return JSON.parse(this.M.checkKnobs(preset, JSON.stringify(knobs))).errors;
  }

  /** Hands the engine the bytes of a data file ("mnist-train.bin"); parsed and checked on first use. */
  provideDataFile(name, bytes) {
    fill(this.M.dataFileBuffer(name, bytes.length), bytes, name);
  }

  newSession() {
    return new Session(this.M);
  }

  /**
   * The synapse command line (prints through the module's print/printErr);
   * returns the exit code. files: what the host read, by path: the bytes (a
   * Uint8Array) or {error: why not, an errno name such as 'ENOENT'}; any other
   * path is missing. writeFile(path, bytes) writes a file the run makes
   * (--save, --samples) when it makes it, and returns '' or why it could not
   * (an errno name); bytes is a view of the engine's memory, valid only during
   * the call. Without it no file can be written ('EROFS').
   */
  runCli(args, files = {}, writeFile = () => 'EROFS') {
    const errors = {};
    for (const [path, f] of Object.entries(files)) {
      if (f instanceof Uint8Array) fill(this.M.cliFileBuffer(path, f.length), f, path);
      else errors[path] = String(f?.error ?? 'EIO');
    }
    return this.M.runCli(JSON.stringify(args), JSON.stringify(errors), (path, bytes) => {
      try {
        return String(writeFile(path, bytes) ?? '');
      } catch (e) {
        return String(e?.code ?? 'EIO');
      }
    });
  }
}

/**
 * The one way bytes go into the engine: into a buffer it lent (`view`, a
 * Uint8Array of WASM memory, empty when it has no room), with one copy.
 */
function fill(view, bytes, what) {
  if (view.length !== bytes.length) throw new Error(`${what}: no room for ${bytes.length} bytes in the engine's memory`);
  view.set(bytes);
}

export class Session {
  constructor(M) {
    this.s = new M.Session();
    this.info = null;
  }

  /** Builds a run from a preset and knob values given as text; throws and keeps the old run on bad input. */
  configure(preset, knobs = {}) {
    const text = {};
    for (const [k, v] of Object.entries(knobs)) text[k] = String(v);
    const r = this.s._configure(preset, JSON.stringify(text));
    if (!r.ok) throw new Error(r.error);
    this.info = JSON.parse(this.s._describe());
    return this.info;
  }

  configureDocument(doc) {
    const r = this.s._configureDocument(typeof doc === 'string' ? doc : JSON.stringify(doc));
    if (!r.ok) throw new Error(r.error);
    this.info = JSON.parse(this.s._describe());
    return this.info;
  }

  /**
   * What configure() built: {experiment, lab, input_width, layer_widths,
   * params: [{name, shape, rows, cols, offset, regularized}], param_count,
   * parts: [{name, first_layer, layers, param_offset, param_count, in_width, out_width}],
   * schedule: {unit: 'iterations'|'epochs', steps_per_epoch, epochs, total_steps},
   * data: {train: n, validation: n, ...} (example counts by set name),
   * metrics: [{name, label, unit, per: 'step'|'epoch'|'final'}] (the reports' keys;
   * the first per-step one is what curve() holds), views: [names]}.
   */
  describe() {
    return this.info;
  }

  /**
   * Runs up to n steps: {step, ran, done, diverged, lastError, diverging, divergingStep,
   * divergingLoss, firstLoss} (diverging: a finite loss exploded, engine/train/divergence.h).
   */
  run(n) {
    const m = this.s._run(n);
    if (!m.ok) throw new Error(`run(${n}): ${m.error}`);
    return m;
  }

  /**
   * One phase of a step ("discriminator" or "generator" in the GAN lab; the
   * phase due is the phase_batch view's meta.next): {step, ran (1 if it
   * completed a step, whose value curve() then holds), done, diverged}.
   */
  phase(part) {
    const m = this.s._phase(String(part));
    if (!m.ok) throw new Error(m.error);
    return m;
  }

  /** Error measured at each step of the last run(), as a Float64Array. */
  curve() {
    return this.s._curve().slice();
  }

  /**
   * Reports so far, one object each: {step, epoch (epoch reports only), and
   * every metric of describe().metrics measured in it, by name} — XOR's
   * {step, error, loss}; MNIST's {step, epoch, loss, accuracy, val_loss,
   * val_accuracy} and, on the last, {test_loss, test_accuracy}.
   */
  reports() {
    const a = this.s._reports();
    const names = this.info.metrics.map((m) => m.name);
    const width = 2 + names.length;
    const out = [];
    for (let i = 0; i + width <= a.length; i += width) {
      const r = { step: a[i] };
      if (a[i + 1] > 0) r.epoch = a[i + 1];
      names.forEach((k, j) => {
        const v = a[i + 2 + j];
        if (!Number.isNaN(v)) r[k] = v;
      });
      out.push(r);
    }
    return out;
  }

  /**
   * Named view `name` of the run (describe().views): {shape, data: Float64Array
   * (row-major, copied), meta}. `input` (numbers, e.g. a picked point) for the
   * views that take one. Throws naming the view and the lab's views if unknown.
   */
  view(name, input = []) {
    const buf = this.s._viewInput(input.length);
    if (buf.length !== input.length) throw new Error(`view ${name}: ${input.length} input numbers are too many`);
    buf.set(input);
    const v = this.s._view(String(name), input.length);
    if (!v.ok) throw new Error(v.error);
    return { shape: v.shape, data: v.data.slice(), meta: v.meta };
  }

  /** Every parameter as a Float64Array, in the order of describe().params. */
  params() {
    return this.s._params().slice();
  }

  /** Per parameter, how often its update changed sign (Int32Array). */
  updateFlips() {
    return this.s._updateFlips().slice();
  }

  /** The network's outputs for the training inputs (Float64Array). */
  outputs() {
    return this.s._outputs().slice();
  }

  /** The predicted class of every test example (Uint8Array, file order). */
  predictedClasses() {
    return this.s._predictedClasses().slice();
  }

  /**
   * Forwards `rows` inputs (Float64Array, rows x input width) and returns each
   * layer's outputs: [Float64Array(rows x width_0), ...].
   */
  forward(x, rows) {
    const width = this.info.input_width;
    if (x.length !== rows * width) throw new Error(`forward: expected ${rows * width} inputs, got ${x.length}`);
    const input = this.s._forwardInput(rows);
    if (input.length !== x.length) throw new Error(`forward: ${rows} rows are too many`);
    input.set(x);
    const all = this.s._forwardRun(rows).slice();
    const layers = [];
    let offset = 0;
    for (const w of this.info.layer_widths) {
      layers.push(all.subarray(offset, offset + rows * w));
      offset += rows * w;
    }
    return layers;
  }

  /**
   * The run's state (engine/train/state.h: the model file the page saves and
   * the CLI's --save writes) as an ArrayBuffer of its own, transferable.
   */
  saveState() {
    const r = this.s._saveState();
    if (!r.ok) throw new Error(r.error);
    return r.bytes.slice().buffer;
  }

  /** Puts a saved state (an ArrayBuffer) into the run; a refused one throws and changes nothing. */
  loadState(buffer) {
    const bytes = new Uint8Array(buffer);
    fill(this.s._stateInput(bytes.length), bytes, 'saved state');
    const r = this.s._loadState(bytes.length);
    if (!r.ok) throw new Error(r.error);
  }

  delete() {
    this.s.delete();
  }
}
