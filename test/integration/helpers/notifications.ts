// Records the error notifications the extension shows. The extension and these tests get the same `vscode` API
// object (the test bundles run from inside the extension's folder), so wrapping its showErrorMessage sees what the
// user would see, while still showing it.
import * as vscode from 'vscode';

type ShowError = typeof vscode.window.showErrorMessage;

export interface ErrorNotifications {
  readonly messages: string[];
  /** Resolves with the first message matching, or rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  dispose(): void;
}

export function recordErrorNotifications(): ErrorNotifications {
  // The namespace's members are read-only to TypeScript; the object the extension host hands out is not.
  const original: ShowError = vscode.window.showErrorMessage;
  const messages: string[] = [];
  const recording = (message: string, ...rest: string[]) => {
    messages.push(message);
    return original(message, ...rest);
  };
  if (!Reflect.set(vscode.window, 'showErrorMessage', recording)) throw new Error('vscode.window.showErrorMessage cannot be wrapped here');
  return {
    messages,
    async waitFor(pattern, ms = 10_000) {
      const until = Date.now() + ms;
      for (;;) {
        const found = messages.find((m) => pattern.test(m));
        if (found) return found;
        if (Date.now() > until) throw new Error(`no error notification matched ${pattern}; shown: ${JSON.stringify(messages)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    dispose() {
      Reflect.set(vscode.window, 'showErrorMessage', original);
    },
  };
}
