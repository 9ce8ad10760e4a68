// web/src/lessons/lab-panels.ts: a lab's panels as the shell sees them without
// knowing the lab: every card (a `section.card` titled by aria-labelledby) in
// the lab's slots. A panel's name is its title's id without "-title" (curve,
// network, maps...); lesson links hide panels by that name.
export interface LabPanel { name: string; title: string; element: HTMLElement }

export function labPanels(slots: HTMLElement[]): LabPanel[] {
  const out: LabPanel[] = [];
  for (const slot of slots) {
    for (const card of slot.querySelectorAll<HTMLElement>(':scope > section.card[aria-labelledby]')) {
      const id = card.getAttribute('aria-labelledby')!;
      const title = document.getElementById(id)?.textContent?.trim() || id;
      out.push({ name: id.replace(/-title$/, ''), title, element: card });
    }
  }
  return out;
}

/** Hides the named panels (and shows again those a previous lesson hid); returns a message for each name no panel has. */
export function hidePanels(panels: LabPanel[], names: string[]): string[] {
  for (const p of panels) {
    const hide = names.includes(p.name);
    if (hide) p.element.hidden = true;
    else if (p.element.dataset.lessonHidden) p.element.hidden = false;
    if (hide) p.element.dataset.lessonHidden = '1';
    else delete p.element.dataset.lessonHidden;
  }
  return names.filter((n) => !panels.some((p) => p.name === n))
    .map((n) => `hide_panels: no panel "${n}" in this lab (panels: ${panels.map((p) => p.name).join(', ')})`);
}
