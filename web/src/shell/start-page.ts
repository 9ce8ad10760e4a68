// web/src/shell/start-page.ts: the start page's lab cards and the lab picker
// in the header: every lab the engine has (and the page has views for), its
// title, one line on what it teaches, a small picture, and a link to its
// first preset, so any lab is one click from any other.
import type { LabInfo, Preset } from '../protocol';
import type { LabViews } from '../labs/types';
import { LABS } from '../labs';
import { el, fromHtml } from '../views/dom';

export interface LabEntry { views: LabViews; title: string; summary: string; first: string }

/** The labs to offer: those the engine lists (all of them before it is ready) that have a views module. */
export function labEntries(presets: Preset[], engineLabs: LabInfo[]): LabEntry[] {
  const out: LabEntry[] = [];
  for (const views of LABS) {
    const info = engineLabs.find((l) => l.name === views.name);
    const first = info?.presets[0];
    if (presets.length && !first) continue;   // this engine has no such lab
    out.push({ views, title: info?.title ?? views.title, summary: info?.summary ?? views.summary, first: first ?? '' });
  }
  return out;
}

export function renderStart(cards: HTMLElement, nav: HTMLElement, entries: LabEntry[], current: string | null): void {
  cards.replaceChildren();
  nav.replaceChildren();
  const home = Object.assign(el('a', 'nav-link', 'All labs'), { href: '#' });
  if (current === null) home.setAttribute('aria-current', 'page');
  nav.append(home);
  for (const e of entries) {
    const href = e.first ? `#lab=${encodeURIComponent(e.first)}` : '#';
    const li = el('li', 'lab-card');
    const a = Object.assign(el('a', 'lab-card-link'), { href });
    const pic = el('span', 'lab-pic');
    pic.append(fromHtml(e.views.picture));
    a.append(pic, el('span', 'lab-card-title', e.title));
    li.append(a, el('p', 'lab-card-summary', e.summary));
    cards.append(li);
    const link = Object.assign(el('a', 'nav-link', e.views.name.toUpperCase()), { href });
    link.title = e.title;
    if (current === e.views.name) link.setAttribute('aria-current', 'page');
    nav.append(link);
  }
}
