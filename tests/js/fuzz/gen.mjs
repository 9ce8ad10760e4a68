// tests/js/fuzz/gen.mjs: the generated inputs of the fuzz tests (tests/js/fuzz-*.test.mjs), not
// a test file. A seeded generator (mulberry32: the same seed gives the same inputs, so a
// failure prints the seed and input number that reproduce it), mutations of valid seeds
// (bytes: flips, special values, truncation, insertion, duplication; text: special strings,
// NUL, unicode, lone surrogates, huge numbers) and grammar-aware JSON mutation (a document as
// a tree whose objects may hold duplicate keys and whose numbers may be raw tokens such as
// 1e309 or 0x10, wrapped in deep nesting).

/** A generator of numbers in [0, 1) from a 32-bit seed (mulberry32). */
export function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)], chance: (p) => next() < p };
}

export const SPECIAL_TEXT = ['', '\0', 'a\0b', '\n', '\r\n', 'x\ny', '\t', '\x1b[31mred', '\x7f', '\u2028', '💥', '\uD800', '\uDFFF', 'é', 'ümlaut', '\u202e',
  '%', '%00', '%ZZ', '%E2%82', '&', '=', '#', '?', ',', ',,', ' ', '"', "'", '\\', '<script>alert(1)</script>', '__proto__', 'constructor',
  'toString', 'hasOwnProperty', 'lab', 'xor', 'mnist-mlp', 'NaN', 'Infinity', '-0', '1e309', '0x10', '+1', ' 1', '9'.repeat(400), 'a'.repeat(5000)];
export const SPECIAL_NUMBERS = ['0', '-0', '1', '-1', '1e309', '-1e309', '1e-400', '4.9e-324', '1.7976931348623157e308', '9007199254740993',
  '18446744073709551616', '-9223372036854775809', '4294967296', '2147483648', '1'.repeat(400), '0.5', '1e2', '1E+2', '0x10', '0x1p3', '+1',
  '01', '.5', '5.', '1e', '-', 'NaN', 'Infinity', '-Infinity', '1_000'];
const SPECIAL_U32 = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

/** A copy of `bytes` with 1 to 4 random byte-level mutations. */
export function mutateBytes(g, bytes) {
  let b = Uint8Array.from(bytes);
  for (let n = 1 + g.int(4); n > 0; n--) {
    const at = g.int(b.length + 1);
    switch (g.int(8)) {
      case 0: if (at < b.length) b[at] ^= 1 << g.int(8); break;
      case 1: if (at < b.length) b[at] = g.pick([0, 0xff, 0x7f, 0x80, 0x0a, 0x22, 0x7b]); break;
      case 2: b = b.slice(0, at); break;
      case 3: { const ins = Uint8Array.from({ length: 1 + g.int(16) }, () => g.int(256)); b = concat(b.slice(0, at), ins, b.slice(at)); break; }
      case 4: { const len = g.int(64); b = concat(b.slice(0, at + len), b.slice(at, at + len), b.slice(at + len)); break; }
      case 5: { const len = 1 + g.int(64); b = concat(b.slice(0, at), b.slice(at + len)); break; }
      case 6: if (at + 4 <= b.length) new DataView(b.buffer).setUint32(at, g.pick(SPECIAL_U32), true); break;
      default: if (b.length) b[g.int(b.length)] = g.int(256);
    }
  }
  return b;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** A copy of `text` with 1 to 3 random character-level mutations. */
export function mutateText(g, text) {
  let s = text;
  for (let n = 1 + g.int(3); n > 0; n--) {
    const at = g.int(s.length + 1);
    switch (g.int(6)) {
      case 0: s = s.slice(0, at) + g.pick(SPECIAL_TEXT) + s.slice(at); break;
      case 1: s = s.slice(0, at) + s.slice(at + 1 + g.int(16)); break;
      case 2: { const len = 1 + g.int(32); s = s.slice(0, at + len) + s.slice(at, at + len) + s.slice(at + len); break; }
      case 3: s = s.slice(0, at); break;
      case 4: s = s.slice(0, at) + String.fromCharCode(g.int(0x10000)) + s.slice(at + 1); break;
      default: s = s.slice(0, at) + g.pick(SPECIAL_NUMBERS) + s.slice(at);
    }
  }
  return s;
}

// A JSON tree: an object is an Obj (ordered entries, keys may repeat), a number token may be Raw.
class Obj { constructor(entries) { this.entries = entries; } }
class Raw { constructor(text) { this.text = text; } }

export function toTree(v) {
  if (Array.isArray(v)) return v.map(toTree);
  if (v && typeof v === 'object') return new Obj(Object.entries(v).map(([k, x]) => [k, toTree(x)]));
  return v;
}

export function serialize(v) {
  if (v instanceof Raw) return v.text;
  if (v instanceof Obj) return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${serialize(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(serialize).join(',')}]`;
  return JSON.stringify(v);
}

function randomValue(g, keys, depth = 0) {
  switch (g.int(depth > 2 ? 6 : 9)) {
    case 0: return g.pick([null, true, false]);
    case 1: return g.int(2000) - 1000;
    case 2: return new Raw(g.pick(SPECIAL_NUMBERS));
    case 3: return g.pick(SPECIAL_TEXT);
    case 4: return g.pick(keys);
    case 5: return g.next() * 10;
    case 6: return Array.from({ length: g.int(4) }, () => randomValue(g, keys, depth + 1));
    case 7: return new Obj(Array.from({ length: g.int(4) }, () => [g.pick(keys), randomValue(g, keys, depth + 1)]));
    default: return new Obj([]);
  }
}

/** Every container in the tree with its path, for picking where to mutate. */
function containers(v, out = []) {
  if (v instanceof Obj) { out.push(v); v.entries.forEach(([, x]) => containers(x, out)); }
  else if (Array.isArray(v)) { out.push(v); v.forEach((x) => containers(x, out)); }
  return out;
}

function keysOf(v, out = new Set()) {
  if (v instanceof Obj) v.entries.forEach(([k, x]) => { out.add(k); keysOf(x, out); });
  else if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  return out;
}

const clone = (v) => (v instanceof Obj ? new Obj(v.entries.map(([k, x]) => [k, clone(x)])) : Array.isArray(v) ? v.map(clone) : v);

/** The JSON text of a mutated copy of `tree` (from toTree): values replaced, keys dropped, added, repeated, nesting deepened. */
export function mutateJson(g, tree) {
  const root = clone(tree);
  const keys = [...keysOf(root), ...SPECIAL_TEXT.slice(0, 12)];
  const all = containers(root);
  for (let n = 1 + g.int(3); n > 0; n--) {
    const c = g.pick(all);
    const items = c instanceof Obj ? c.entries : c;
    const i = g.int(items.length + 1);
    const set = (x) => { if (c instanceof Obj) { if (i < items.length) items[i][1] = x; else items.push([g.pick(keys), x]); } else items[i] = x; };
    const old = c instanceof Obj ? items[i]?.[1] : items[i];
    switch (g.int(6)) {
      case 0: case 1: set(randomValue(g, keys)); break;
      case 2: items.splice(i, 1); break;
      case 3: if (i < items.length) items.splice(i, 0, clone(items[i])); break;   // a duplicate key (or element)
      case 4: { const depth = g.pick([2, 10, 100, 1000, 5000, 100000]); set(new Raw('['.repeat(depth) + serialize(old ?? 1) + ']'.repeat(depth))); break; }
      default: set(g.chance(0.5) ? [old ?? null] : new Obj([['value', old ?? null]]));   // a field of the wrong shape
    }
  }
  return serialize(root);
}

/** One line (no C0 control characters: newlines, escapes, NUL; no U+2028/2029), not too long: what every refusal must be. */
export function oneLineProblem(message, maxLength = 500) {
  if (typeof message !== 'string' || message === '') return `not a message: ${JSON.stringify(message)}`;
  if (/[\0-\x1f\u2028\u2029]/.test(message)) return `control character (line break, escape, NUL) in ${JSON.stringify(message.slice(0, 200))}`;
  if (message.length > maxLength) return `${message.length} characters: ${JSON.stringify(message.slice(0, 200))}…`;
  return null;
}
