import * as vscode from 'vscode';
import { requestDocumentText, type RequestDocument } from './requestDocument';

/** Where Test Service keeps request documents in a workspace: out of the way, and easy to commit or ignore. */
export const REQUESTS_FOLDER = ['.modelbay', 'requests'];

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A name no open untitled document has (`name(1)`, `name(2)`...), so a new document never lands in an old one. */
export function freshUntitledName(name: (attempt: number) => string): string {
  const taken = new Set(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled').map((d) => d.uri.path));
  let attempt = 1;
  while (taken.has(name(attempt))) attempt++;
  return name(attempt);
}

/** An untitled editor named like a request document (so its menus, keybinding and CodeLens apply) holding `text`. */
export async function openUntitledRequest(fileName: string, request: RequestDocument): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: fileName }));
  // An untitled document of that name may already be open (then it is shown as the user left it).
  if (document.getText() === '') {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), requestDocumentText(request));
    await vscode.workspace.applyEdit(edit);
  }
  return vscode.window.showTextDocument(document, { preview: false });
}

/**
 * Opens the request document for an endpoint: in a workspace, `.modelbay/requests/<service>-<endpoint>.score.json`
 * (an existing one is reused as it is: it may hold the user's own bodies); with no folder open, an untitled one.
 */
export async function openRequestDocument(fileName: string, request: RequestDocument): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return openUntitledRequest(fileName, request);
  const uri = vscode.Uri.joinPath(folder.uri, ...REQUESTS_FOLDER, fileName);
  if (!(await exists(uri))) {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, ...REQUESTS_FOLDER));
    await vscode.workspace.fs.writeFile(uri, Buffer.from(requestDocumentText(request), 'utf8'));
  }
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}
