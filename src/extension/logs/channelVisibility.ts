import * as vscode from 'vscode';

/** How long a channel stays out of sight before it counts as closed (switching channels briefly is not closing). */
export const HIDDEN_GRACE_MS = 5_000;

/** The channel's text shows in the Output panel as an `output:` editor named after the channel (its colon dropped). */
function showsChannel(editor: vscode.TextEditor, name: string): boolean {
  if (editor.document.uri.scheme !== 'output') return false;
  const compact = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '');
  return compact(decodeURIComponent(editor.document.uri.toString())).endsWith(`.${compact(name)}`);
}

/**
 * Tells when an output channel is closed (the Output panel hidden, or another channel chosen in it) for longer than
 * HIDDEN_GRACE_MS, and when it is shown again. A channel never seen does not count as closed: it may be opened later,
 * and nothing is lost by following it meanwhile.
 */
export function watchChannelVisibility(name: string, onHidden: () => void, onShown: () => void): vscode.Disposable {
  let seen = false;
  let shown = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (editors: readonly vscode.TextEditor[]) => {
    const visible = editors.some((editor) => showsChannel(editor, name));
    if (visible) {
      clearTimeout(timer);
      timer = undefined;
      if (seen && !shown) onShown();
      seen = true;
      shown = true;
    } else if (shown && timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        shown = false;
        onHidden();
      }, HIDDEN_GRACE_MS);
    }
  };
  check(vscode.window.visibleTextEditors);
  const listener = vscode.window.onDidChangeVisibleTextEditors(check);
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    listener.dispose();
  });
}
