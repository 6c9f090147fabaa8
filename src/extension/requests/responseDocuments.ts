import * as path from 'node:path';
import * as vscode from 'vscode';
import { NO_RESPONSE_YET, type ResponseView } from './responseText';

export const RESPONSE_SCHEME = 'modelbay-response';

/** How many responses are remembered for documents that are not open (each is a few KB of text). */
const KEPT_RESPONSES = 50;

/**
 * The read-only response documents: one per request document (`modelbay-response:/<name>.response.jsonc?<request>`),
 * so sending again updates the same editor instead of opening a new one each time.
 */
export class ResponseDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly views = new Map<string, ResponseView>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  uriFor(requestUri: vscode.Uri): vscode.Uri {
    const base = path.posix.basename(requestUri.path).replace(/\.score\.json$|\.json$/i, '') || 'request';
    return vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: `/${base}.response.jsonc`, query: requestUri.toString() });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.views.get(uri.toString())?.text ?? NO_RESPONSE_YET;
  }

  /** Shows a response beside its request without taking the focus from it, updating the open one if any. */
  async show(requestUri: vscode.Uri, view: ResponseView): Promise<vscode.TextDocument> {
    const uri = this.uriFor(requestUri);
    const key = uri.toString();
    this.views.delete(key); // re-inserted last: the Map's order is the order of use
    this.views.set(key, view);
    while (this.views.size > KEPT_RESPONSES) this.views.delete(this.views.keys().next().value!);

    const updated = this.waitForText(uri, view.text);
    this.changed.fire(uri);
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.getText() !== view.text) await updated;
    else updated.cancel();
    if (document.languageId !== view.language) document = await vscode.languages.setTextDocumentLanguage(document, view.language);

    const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
    await vscode.window.showTextDocument(document, { viewColumn: open?.viewColumn ?? vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
    return document;
  }

  /**
   * Resolves when an open response document shows the new text. VS Code re-reads a provider's document
   * asynchronously after onDidChange; waiting makes "send, then read the response" dependable (tests, callers).
   */
  private waitForText(uri: vscode.Uri, text: string): Promise<void> & { cancel(): void } {
    let listener: vscode.Disposable | undefined;
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      listener?.dispose();
      if (timer) clearTimeout(timer);
    };
    const promise = new Promise<void>((resolve) => {
      listener = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === uri.toString() && e.document.getText() === text) {
          done();
          resolve();
        }
      });
      timer = setTimeout(() => {
        done();
        resolve();
      }, 5_000);
    });
    return Object.assign(promise, { cancel: done });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
