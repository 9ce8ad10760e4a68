// web/src/shell/copy-link.ts: "Copy link" — the clipboard API when the page may use
// it, otherwise the link's text field is selected for the student to copy.
export function wireCopyLink(button: HTMLButtonElement, field: HTMLInputElement, status: HTMLElement): void {
  button.addEventListener('click', async () => {
    field.value = location.href;
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard');
      await navigator.clipboard.writeText(field.value);
      status.textContent = 'Copied to the clipboard.';
    } catch {
      field.focus();
      field.select();
      let copied = false;
      try {
        copied = document.execCommand('copy');
      } catch {
        copied = false;
      }
      status.textContent = copied ? 'Copied to the clipboard.' : 'The link is selected: press Ctrl+C (⌘C) to copy it.';
    }
  });
}
