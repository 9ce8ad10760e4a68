// web/src/labs/xor/data.ts: the two tiny data sets of the XOR lab as the page
// labels them (the engine holds the real ones; a future `data` view could
// serve them): the post's XOR table (third input the constant 1) and its
// one-layer warm-up, whose output should copy the first input.
export interface TinyData { x: number[][]; y: number[] }

export const XOR_DATA: TinyData = { x: [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], y: [0, 1, 1, 0] };
export const WARMUP_DATA: TinyData = { x: [[0, 1], [0, 1], [1, 0], [1, 0]], y: [0, 0, 1, 1] };

/** The data set a run trains on, by its input width (2: the warm-up). */
export function dataFor(inputWidth: number): TinyData {
  return inputWidth === 2 ? WARMUP_DATA : XOR_DATA;
}
