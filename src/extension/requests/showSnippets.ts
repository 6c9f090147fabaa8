import * as vscode from 'vscode';
import { required } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { requestUrl } from './requestUrl';
import { resolveSubject } from './requestSubject';
import { codeSnippets } from '../../api/snippets';

/**
 * Code to call this endpoint: curl, Python, JavaScript or C#, each reading the key from $MODELBAY_KEY and posting
 * the request document's body (or the endpoint's sample request), opened in a new untitled editor.
 * `snippetId` skips the quick pick (for callers that know which one they want).
 */
export async function showSnippets(services: ExtensionServices, arg?: unknown, snippetId?: string): Promise<vscode.TextEditor> {
  const subject = await resolveSubject(services, arg, { withBody: true });
  const snippets = codeSnippets({ url: requestUrl(subject.endpoint, subject.target.format), body: subject.body, title: `${subject.endpoint.serviceName}/${subject.endpoint.name}` });
  const chosen =
    snippets.find((s) => s.id === snippetId) ??
    required(
      await vscode.window.showQuickPick(
        snippets.map((snippet) => ({ label: snippet.label, description: snippet.description, snippet })),
        { title: `Code to call ${subject.endpoint.serviceName}/${subject.endpoint.name}`, placeHolder: 'The key is read from the MODELBAY_KEY environment variable' },
      ),
    ).snippet;
  const document = await vscode.workspace.openTextDocument({ language: chosen.language, content: chosen.code });
  return vscode.window.showTextDocument(document, { preview: false });
}
