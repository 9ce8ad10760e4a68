// datasets/synd.mjs: the engine's data files, format version 2 (table and
// reasons: datasets/README.md; the engine's reader: engine/data/dataset_file.h).
// encodeSynd writes one; readSynd and readSyndHeader check one as the engine
// does, with the engine's messages. No dependencies.
//
//   encodeSynd('air.bin', { dtype: 'f32', dims: [144, 1], values: Float32Array })
//   encodeSynd('mnist-test.bin', { dtype: 'u8', dims: [10000, 28, 28], classes: 10, values, labels })

export const SYND_VERSION = 2;
export const HEADER_BYTES = 56;
export const MAX_RANK = 5;
const MAX_PAYLOAD = 2 ** 31 - 1;
const MAX_CLASSES = 256;

/** dtype name -> its code in the header, its size, and the array its values read into. */
export const DTYPES = {
  u8: { code: 1, bytes: 1, array: Uint8Array },
  f32: { code: 2, bytes: 4, array: Float32Array },
  f64: { code: 3, bytes: 8, array: Float64Array },
};
const byCode = Object.fromEntries(Object.entries(DTYPES).map(([name, t]) => [t.code, name]));

// Header offsets.
const AT = { version: 4, dtype: 8, rank: 12, dims: 16, classes: 36, payloadBytes: 40, payloadHash: 48, headerHash: 52 };

export class SyndError extends Error {}

/** FNV-1a, 32-bit, continued from h. */
export function fnv1a32(bytes, h = 0x811c9dc5) {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h >>> 0;
}

const hex = (v) => `0x${v.toString(16).padStart(8, '0')}`;
const shape = (dims) => `(${dims.join(', ')})`;

// dtype, rank, dims, classes and the sizes they imply; throws naming the field.
function sizes(fail, dtype, dims, classes) {
  const t = DTYPES[dtype];
  if (!t) fail(`unsupported dtype ${dtype} (this engine reads 1 = u8, 2 = f32, 3 = f64)`);
  if (dims.length < 1 || dims.length > MAX_RANK) fail(`rank ${dims.length} is not in 1..5`);
  dims.forEach((d, k) => {
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) fail(`dims[${k}] is ${d}, not a uint32`);
    if (d === 0) fail(k === 0 ? 'dims[0] (count) is 0: the file holds no examples' : `dims[${k}] is 0: an example holds no values`);
  });
  if (!Number.isInteger(classes) || classes < 0 || classes > MAX_CLASSES) fail(`classes ${classes} is not in 0..256 (0: no labels)`);
  const valuesBytes = dims.reduce((n, d) => n * d, t.bytes);   // exact: below 2^53 until the check
  const payloadBytes = valuesBytes + (classes ? dims[0] : 0);
  if (payloadBytes > MAX_PAYLOAD) fail(`absurd header: ${dtype} ${shape(dims)} would take 2^31 bytes or more`);
  const text = `${dtype} ${shape(dims)}${classes ? ` and ${dims[0]} labels` : ''}`;
  return { t, valuesBytes, payloadBytes, text };
}

/** A data file's bytes (a Buffer). `values` holds count * (product of dims[1..]) numbers in order. */
export function encodeSynd(name, { dtype, dims, classes = 0, values, labels }) {
  const fail = (what) => { throw new SyndError(`${name}: ${what}`); };
  const { t, valuesBytes, payloadBytes } = sizes(fail, dtype, dims, classes);
  const n = valuesBytes / t.bytes;
  if (values.length !== n) fail(`the shape ${shape(dims)} holds ${n} values, given ${values.length}`);
  if (classes && labels?.length !== dims[0]) fail(`${dims[0]} examples need ${dims[0]} labels, given ${labels?.length ?? 0}`);
  if (!classes && labels?.length) fail('labels given with classes 0');
  const out = Buffer.alloc(HEADER_BYTES + payloadBytes);
  out.write('SYND', 0, 'latin1');
  out.writeUInt32LE(SYND_VERSION, AT.version);
  out.writeUInt32LE(t.code, AT.dtype);
  out.writeUInt32LE(dims.length, AT.rank);
  dims.forEach((d, k) => out.writeUInt32LE(d, AT.dims + 4 * k));
  out.writeUInt32LE(classes, AT.classes);
  out.writeBigUInt64LE(BigInt(payloadBytes), AT.payloadBytes);
  if (dtype === 'u8') out.set(values, HEADER_BYTES);   // a Uint8Array or Buffer of 0..255
  else {
    const dv = new DataView(out.buffer, out.byteOffset + HEADER_BYTES, valuesBytes);
    for (let i = 0; i < n; i++) dtype === 'f32' ? dv.setFloat32(4 * i, values[i], true) : dv.setFloat64(8 * i, values[i], true);
  }
  if (classes) out.set(labels, HEADER_BYTES + valuesBytes);
  out.writeUInt32LE(fnv1a32(out.subarray(HEADER_BYTES)), AT.payloadHash);
  out.writeUInt32LE(fnv1a32(out.subarray(0, AT.headerHash)), AT.headerHash);
  return out;
}

/**
 * Checks a header (the file's first bytes, at least 56 of them, or fewer when
 * the file is shorter) against the whole file's size; returns its fields.
 */
export function readSyndHeader(name, head, fileSize) {
  const fail = (what) => { throw new SyndError(`${name}: ${what}`); };
  const b = Buffer.from(head.buffer, head.byteOffset, head.length);
  if (fileSize >= 4 && b.toString('latin1', 0, 4) !== 'SYND') {
    const magic = [...b.subarray(0, 4)].map((c) => (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`)).join('');
    fail(`bad magic "${magic}" (expected "SYND"; not a Synapse data file)`);
  }
  if (fileSize >= 8 && b.readUInt32LE(AT.version) !== SYND_VERSION) {
    fail(`unsupported version ${b.readUInt32LE(AT.version)} (this engine reads version 2; npm run build remakes the data files)`);
  }
  if (fileSize < HEADER_BYTES) fail(`too short: ${fileSize} bytes, a header alone takes 56`);
  const said = b.readUInt32LE(AT.headerHash), hash = fnv1a32(b.subarray(0, AT.headerHash));
  if (said !== hash) fail(`header hash mismatch (corrupt header): the header says ${hex(said)}, its first 52 bytes hash to ${hex(hash)}`);
  const code = b.readUInt32LE(AT.dtype), rank = b.readUInt32LE(AT.rank);
  const dtype = byCode[code];
  if (!dtype) fail(`unsupported dtype ${code} (this engine reads 1 = u8, 2 = f32, 3 = f64)`);
  if (rank < 1 || rank > MAX_RANK) fail(`rank ${rank} is not in 1..5`);
  const all = Array.from({ length: MAX_RANK }, (_, k) => b.readUInt32LE(AT.dims + 4 * k));
  all.forEach((d, k) => {
    if (k < rank && d === 0) fail(k === 0 ? 'dims[0] (count) is 0: the file holds no examples' : `dims[${k}] is 0: an example holds no values`);
    if (k >= rank && d !== 0) fail(`dims[${k}] is ${d}, but rank ${rank} leaves it unused (it must be 0)`);
  });
  const dims = all.slice(0, rank);
  const classes = b.readUInt32LE(AT.classes);
  const { valuesBytes, payloadBytes, text } = sizes(fail, dtype, dims, classes);
  const field = b.readBigUInt64LE(AT.payloadBytes);
  if (field !== BigInt(payloadBytes)) fail(`payload_bytes ${field} does not match the shape: ${text} take ${payloadBytes} bytes`);
  const fileBytes = HEADER_BYTES + payloadBytes;
  if (fileSize < fileBytes) fail(`too short: ${fileSize} bytes, the header says ${fileBytes}`);
  if (fileSize > fileBytes) fail(`too long: ${fileSize} bytes, the header says ${fileBytes} (${text})`);
  return { dtype, dims, classes, valuesBytes, payloadBytes, payloadHash: b.readUInt32LE(AT.payloadHash), headerHash: said };
}

/**
 * Checks a whole file as the engine does; returns the header's fields with
 * `values` (u8: a view of `bytes`; floats: a copy, aligned) and `labels` (a view, or null).
 */
export function readSynd(name, bytes) {
  const fail = (what) => { throw new SyndError(`${name}: ${what}`); };
  const h = readSyndHeader(name, bytes.subarray(0, HEADER_BYTES), bytes.length);
  const payload = bytes.subarray(HEADER_BYTES);
  const hash = fnv1a32(payload);
  if (hash !== h.payloadHash) fail(`payload hash mismatch (corrupt file): the header says ${hex(h.payloadHash)}, the payload hashes to ${hex(hash)}`);
  const labels = h.classes ? payload.subarray(h.valuesBytes) : null;
  const bad = labels ? labels.findIndex((v) => v >= h.classes) : -1;
  if (bad >= 0) fail(`label ${labels[bad]} at index ${bad} is not below classes ${h.classes}`);
  const raw = payload.subarray(0, h.valuesBytes);
  const T = DTYPES[h.dtype].array;
  const values = h.dtype === 'u8' ? raw : new T(new Uint8Array(raw).buffer);   // a copy: aligned
  if (h.dtype !== 'u8') {
    const k = values.findIndex((v) => !Number.isFinite(v));
    const per = h.dims.slice(1).reduce((n, d) => n * d, 1);
    if (k >= 0) fail(`${h.dtype} value ${Number.isNaN(values[k]) ? 'nan' : values[k] > 0 ? 'inf' : '-inf'} at index ${k} (example ${Math.floor(k / per)}) is not finite`);
  }
  return { ...h, values, labels };
}
