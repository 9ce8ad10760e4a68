// web/src/shell/type-warmup.ts: meets the type scale's font strikes while the engine loads.
// Chromium looks up each new font strike (face x size) with a synchronous call to the browser
// process, 0.5-1 ms each; a lab's first layout that met them all at once was one 50-60 ms task
// (bench/README.md, the platform's cost). Laying out a word in each of them beforehand, a few
// per frame while the worker compiles the engine, spreads that cost over frames that are idle
// anyway. The sizes are shell.css's --text-* (the one place they are written).
import { el } from '../views/dom';

const SIZES = ['xs', 'sm', 'md', 'lg', 'xl'];
const FACES: { mono?: boolean; weight: string; style?: string }[] = [
  { weight: '400' },
  { weight: '700' },
  { weight: '400', style: 'italic' },
  { mono: true, weight: '400' },
  { mono: true, weight: '700' },
];

/** Lays out one word per size and face, one size per frame, in a box no one sees; removes it after. */
export function warmTypeScale(): void {
  const box = el('div', 'type-warmup');
  box.setAttribute('aria-hidden', 'true');
  document.body.append(box);
  let i = 0;
  const next = (): void => {
    if (i === SIZES.length) {
      requestAnimationFrame(() => box.remove());
      return;
    }
    const size = SIZES[i++];
    for (const f of FACES) {
      const word = el('span', '', 'Ag0,');
      word.style.fontSize = `var(--text-${size})`;
      word.style.fontWeight = f.weight;
      if (f.style) word.style.fontStyle = f.style;
      if (f.mono) word.style.fontFamily = 'var(--mono)';
      box.append(word);
    }
    requestAnimationFrame(next);
  };
  requestAnimationFrame(next);
}
