// web/src/views/link-message.ts: the box that says which values of a share
// link could not be used (each with the engine's message: key and allowed
// values); every lab shows it the same way (the shell's knob panel). Empty: the box hides.
import { el } from './dom';

export function renderLinkMessage(box: HTMLElement, messages: string[]): void {
  box.hidden = messages.length === 0;
  box.replaceChildren();
  if (messages.length === 0) return;
  box.append(el('p', '', 'Some values in this link could not be used; they were left at their defaults:'));
  const ul = el('ul');
  for (const m of messages) ul.append(el('li', 'mono', m));
  box.append(ul);
}
