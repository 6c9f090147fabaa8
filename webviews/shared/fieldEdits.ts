/**
 * Keeps a text field's own edit keys (Select All, Undo, Redo) inside the page. VS Code's webview frame forwards
 * every keydown to the workbench, whose Select All (and Undo, Redo) command then runs a second time in the page: it
 * posts `execCommand('selectAll')` back, which arrives tens of milliseconds later. Someone typing over a selected
 * value within that time had their first character selected again and replaced by the second ("partner1" became
 * "artner1" at 20 ms per key). The browser has already done the edit in the field, so these keys stop at the
 * document and never reach the frame's forwarding listener on the window. Keys outside text fields pass as before.
 */
export function keepFieldEditsInPage(page: Document): void {
  page.addEventListener('keydown', (event) => {
    if (isFieldEditKey(event) && isTextField(event.composedPath()[0])) event.stopPropagation();
  });
}

function isFieldEditKey(event: KeyboardEvent): boolean {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return false;
  const key = event.key.toLowerCase();
  const is = (letter: string) => key === letter || event.code === `Key${letter.toUpperCase()}`;
  return (is('a') && !event.shiftKey) || is('z') || (is('y') && !event.shiftKey);
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'email', 'password', 'number']);

function isTextField(target: EventTarget | undefined): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type);
  return target instanceof HTMLElement && target.isContentEditable;
}
