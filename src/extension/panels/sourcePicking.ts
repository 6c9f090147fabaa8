import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { PickedFile } from '../../../webviews/protocol/deployProtocol';
import type { PickedSource } from '../../../webviews/protocol/registerModelProtocol';
import { mimeTypeOf, suggestModelName } from '../commands/modelContent';

/**
 * A file as a form shows it: relative to its workspace folder (led by the folder's name in a multi-root workspace),
 * the whole path outside any; the form keeps the full path to act on.
 */
export function describeFile(uri: vscode.Uri): PickedFile {
  return { path: uri.fsPath, label: vscode.workspace.asRelativePath(uri) };
}

/** What a form shows for a chosen file or folder: its path, a name suggestion and a MIME type. */
export async function describeSource(uri: vscode.Uri): Promise<PickedSource> {
  const isFolder = (await fs.stat(uri.fsPath)).isDirectory();
  return { ...describeFile(uri), isFolder, suggestedName: suggestModelName(uri.fsPath), mimeType: isFolder ? 'application/gzip' : mimeTypeOf(uri.fsPath) };
}

/** Opens the file (or folder) picker for a form. */
export async function pickSource(folder: boolean): Promise<PickedSource | null> {
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: !folder, canSelectFolders: folder, canSelectMany: false, title: folder ? 'Model folder' : 'Model file', openLabel: 'Choose' });
  return picked?.[0] ? describeSource(picked[0]) : null;
}
