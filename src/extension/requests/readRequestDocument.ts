import * as path from 'node:path';
import * as vscode from 'vscode';
import { isRequestFileName, parseRequestDocument, type RequestDocument } from './requestDocument';

export interface OpenRequest {
  document: vscode.TextDocument;
  request: RequestDocument;
}

/** The name a user knows a request document by: its file name (or the untitled editor's). */
export const requestName = (document: vscode.TextDocument) => path.posix.basename(document.uri.path) || document.uri.toString();

/** True when a document is, or looks like, a request document (untitled ones have no .score.json name). */
export function looksLikeRequestDocument(document: vscode.TextDocument): boolean {
  if (isRequestFileName(document.uri.path)) return true;
  return (document.languageId === 'json' || document.languageId === 'jsonc') && parseRequestDocument(document.getText()).ok;
}

/** Parses a document's current text (unsaved edits included), or throws with what is wrong in it. */
export function readRequest(document: vscode.TextDocument): OpenRequest {
  const parsed = parseRequestDocument(document.getText());
  if (!parsed.ok) throw new Error(`${requestName(document)}: ${parsed.problem}`);
  return { document, request: parsed.request };
}

/**
 * The request document a command acts on, not yet read: the one passed (CodeLens, editor title and context menus
 * pass its URI), else the active editor's when it is one.
 */
export async function findRequestDocument(uri?: vscode.Uri): Promise<vscode.TextDocument> {
  if (uri) return vscode.workspace.openTextDocument(uri);
  const active = vscode.window.activeTextEditor?.document;
  if (!active) throw new Error('Open a request document (*.score.json) first, or create one with "Modelbay: Test Service".');
  if (!looksLikeRequestDocument(active)) {
    // A JSON editor may be a request document with a mistake in it: say which; anything else is simply not one.
    const parsed = active.languageId === 'json' || active.languageId === 'jsonc' ? parseRequestDocument(active.getText()) : undefined;
    const why = parsed && !parsed.ok ? ` ${parsed.problem}` : '';
    throw new Error(`The active editor is not a request document (*.score.json).${why} Create one with "Modelbay: Test Service".`);
  }
  return active;
}

/** The request document a command acts on (see findRequestDocument), read; or what is wrong with it. */
export async function requestDocumentFor(uri?: vscode.Uri): Promise<OpenRequest> {
  return readRequest(await findRequestDocument(uri));
}
