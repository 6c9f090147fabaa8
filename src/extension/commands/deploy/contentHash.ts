import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import type * as vscode from 'vscode';
import { loadBundle } from '../../core/loadBundle';

/**
 * The sha256 (hex) of what registering `uri` uploads, which is what the service records as the model's `sha256`:
 * a file's bytes, or the .tar.gz a folder is packed into (the same archive, built the same way). The archive holds
 * each file's modification time, so a folder whose files were touched since counts as new even with the same bytes.
 */
export async function uploadedContentHash(uri: vscode.Uri): Promise<string> {
  const stat = await fs.stat(uri.fsPath);
  let content: Readable;
  if (stat.isDirectory()) {
    const { folderArchive } = loadBundle<typeof import('../folderArchive')>('folderArchive');
    content = folderArchive(uri.fsPath);
  } else {
    content = createReadStream(uri.fsPath);
  }
  const hash = createHash('sha256');
  for await (const chunk of content) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
