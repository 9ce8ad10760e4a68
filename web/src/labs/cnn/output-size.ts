// web/src/labs/cnn/output-size.ts: Keras' rule for a conv or pool layer's
// output size along one side, for the page's free-standing grid illustration
// (the model's own shapes come from the engine's `layers` view, never from
// here). 'valid': only whole windows, floor((n - k) / s) + 1 of them (none
// when k > n); 'same': ceil(n / s) outputs, the input padded with zeros,
// the odd one of the padding after (Keras' split: total = max((out - 1) s + k
// - n, 0), before = floor(total / 2)).

export type Padding = 'valid' | 'same';

export interface OutputSize {
  /** Output pixels along the side (0: the window does not fit). */
  out: number;
  /** Zero pixels added before and after the input ('valid': none). */
  before: number;
  after: number;
}

/** The output size along a side of `n` input pixels for a window of `k` moving by `s`. */
export function outputSize(n: number, k: number, s: number, padding: Padding): OutputSize {
  if (!(n >= 1 && k >= 1 && s >= 1)) return { out: 0, before: 0, after: 0 };
  if (padding === 'valid') return { out: k > n ? 0 : Math.floor((n - k) / s) + 1, before: 0, after: 0 };
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}
