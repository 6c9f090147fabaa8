import * as vscode from 'vscode';
import { looksLikeRequestDocument } from './readRequestDocument';

/** Request documents on disk; untitled JSON ones are checked for a "target" before lenses show. */
export const REQUEST_DOCUMENTS: vscode.DocumentSelector = [{ pattern: '**/*.score.json' }, { scheme: 'untitled', language: 'json' }];

/** The actions of a request document, on its first line: Send request, Copy as curl, Code snippets, History. */
export class RequestCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!looksLikeRequestDocument(document)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = (title: string, command: string, tooltip: string) => new vscode.CodeLens(top, { title, command, tooltip, arguments: [document.uri] });
    return [
      lens('$(play) Send request', 'modelbay.sendRequest', 'POST the body to the endpoint and show the response beside (Ctrl+Alt+R)'),
      lens('Copy as curl', 'modelbay.copyAsCurl', 'Copy a curl command; the key is read from $MODELBAY_KEY'),
      lens('Code snippets', 'modelbay.showSnippets', 'curl, Python, JavaScript or C# code calling this endpoint'),
      lens('History', 'modelbay.showRequestHistory', 'The last requests sent to this endpoint'),
    ];
  }
}
