import * as path from 'node:path';
import * as vscode from 'vscode';
import { looksLikeRequestDocument } from './readRequestDocument';
import { noResponseYet, type ResponseView } from './responseText';

export const RESPONSE_SCHEME = 'modelbay-response';

/** How many responses are remembered for documents that are not open (each is a few KB of text). */
const KEPT_RESPONSES = 50;

const nameOfRequest = (requestUri: vscode.Uri) => path.posix.basename(requestUri.path) || requestUri.toString();
const isResponseTab = (tab: vscode.Tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === RESPONSE_SCHEME;

/**
 * The read-only response documents: one per request document (`modelbay-response:/<name>.response.jsonc?<request>`),
 * so sending again updates the same editor instead of opening a new one each time. Beside the requests there is one
 * response at a time, the active request document's: opening or switching to another request document shows its
 * own response there (or that it has none yet), never the previous document's.
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
    return this.viewOf(uri).text;
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
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.getText() !== view.text) await updated;
    else updated.cancel();
    const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key) ?? this.visibleResponse();
    return this.reveal(document, view, open?.viewColumn ?? vscode.ViewColumn.Beside);
  }

  /**
   * Keeps the response beside the requests in step with the active request document: when another one becomes
   * active while a response is showing, its own response (or "no response yet") takes that place.
   */
  followActiveRequests(): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && looksLikeRequestDocument(editor.document)) this.followRequest(editor).catch(() => undefined); // a view closing meanwhile is no error
      }),
      // A closed untitled request is gone for good; a new one of the same name must not find its response.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === 'untitled') this.views.delete(this.uriFor(document.uri).toString());
      }),
    );
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async followRequest(request: vscode.TextEditor): Promise<void> {
    const shown = this.visibleResponse();
    const uri = this.uriFor(request.document.uri);
    if (!shown || shown.document.uri.toString() === uri.toString() || shown.viewColumn === request.viewColumn) return;
    await this.reveal(await vscode.workspace.openTextDocument(uri), this.viewOf(uri), shown.viewColumn ?? vscode.ViewColumn.Beside);
  }

  private viewOf(uri: vscode.Uri): ResponseView {
    return this.views.get(uri.toString()) ?? noResponseYet(nameOfRequest(vscode.Uri.parse(uri.query)));
  }

  private visibleResponse(): vscode.TextEditor | undefined {
    return vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === RESPONSE_SCHEME);
  }

  /** Shows a response document in a column (focus stays where it is) and closes the other responses in that group. */
  private async reveal(document: vscode.TextDocument, view: ResponseView, column: vscode.ViewColumn): Promise<vscode.TextDocument> {
    if (document.languageId !== view.language) document = await vscode.languages.setTextDocumentLanguage(document, view.language);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: true, preview: false });
    const group = vscode.window.tabGroups.all.find((g) => g.viewColumn === editor.viewColumn);
    const others = group?.tabs.filter((tab) => isResponseTab(tab) && (tab.input as vscode.TabInputText).uri.toString() !== document.uri.toString()) ?? [];
    if (others.length > 0) await vscode.window.tabGroups.close(others, true);
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
}
