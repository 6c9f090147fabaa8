import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { suggestResourceName } from '../../api/rules';
import type { Connection } from '../accounts/accountConnections';
import { loadBundle } from '../core/loadBundle';

export interface UploadedModelContent {
  url: string;
  fileName: string;
  mimeType: string;
  unpack: boolean;
  isFolder: boolean;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  '.onnx': 'application/onnx',
  '.pkl': 'application/python-pickle',
  '.joblib': 'application/python-pickle',
  '.json': 'application/json',
  '.tar': 'application/x-tar',
  '.gz': 'application/gzip',
  '.tgz': 'application/gzip',
  '.zip': 'application/zip',
};

export function mimeTypeOf(file: string): string {
  return MIME_BY_EXTENSION[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** A model name from a file name: the allowed characters only, starting with a letter or digit. */
export function suggestModelName(file: string): string {
  return suggestResourceName(path.basename(file).replace(/\.(tar\.gz|tgz|[^.]+)$/i, ''), { maxLength: 64 });
}

/**
 * Uploads a model file as it is, or a model folder as a .tar.gz the image build unpacks. Streams from disk, so
 * large weights are never held in memory.
 */
export async function uploadModelContent(connection: Connection, uri: vscode.Uri): Promise<UploadedModelContent> {
  const stat = await fs.stat(uri.fsPath);
  if (stat.isDirectory()) {
    const fileName = `${path.basename(uri.fsPath)}.tar.gz`;
    // dist/folderArchive.js, a separate bundle: only folders need the tar library.
    const { folderArchive } = loadBundle<typeof import('./folderArchive')>('folderArchive');
    const asset = await connection.account.uploadAsset(fileName, folderArchive(uri.fsPath), { mimeType: 'application/gzip' });
    return { url: asset.url, fileName, mimeType: 'application/gzip', unpack: true, isFolder: true };
  }
  const fileName = path.basename(uri.fsPath);
  const mimeType = mimeTypeOf(fileName);
  const asset = await connection.account.uploadAsset(fileName, createReadStream(uri.fsPath), { mimeType });
  return { url: asset.url, fileName, mimeType, unpack: false, isFolder: false };
}
