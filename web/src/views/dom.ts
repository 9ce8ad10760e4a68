// web/src/views/dom.ts: tiny DOM helpers shared by the shell and the labs' views.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Builds elements from trusted markup (the labs' own panel templates, never user text). */
export function fromHtml(html: string): DocumentFragment {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content;
}

/** A number with thousands separators ("60,000"), the one rounding rule for counts on the page. */
export const count = (n: number) => n.toLocaleString('en');

/** Keras' 4-decimal figures ("0.3046"); "–" for a missing one. */
export function f4(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(4);
}
