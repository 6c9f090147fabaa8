import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import * as vscode from 'vscode';
import { outputUrl } from '../../api/client/jobClient';
import type { JobOutputLocation, JobStatus } from '../../api/schemas';
import { outputFileName } from './outputFileName';
import type { TrackedJob } from './trackedJob';

/**
 * Where outputs are saved: `.modelbay/jobs/` of the input's workspace folder (next to the request documents), or of
 * the first folder, or the extension's storage when no folder is open.
 */
export function outputFolder(job: Pick<TrackedJob, 'inputPath'>, storage: vscode.Uri): vscode.Uri {
  const folder = (job.inputPath && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(job.inputPath))) ?? vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, '.modelbay', 'jobs') : vscode.Uri.joinPath(storage, 'jobs');
}

/** Downloads one output (a plain GET of its URL, streamed to disk: outputs can be large). */
async function download(location: JobOutputLocation, target: vscode.Uri): Promise<void> {
  const response = await fetch(outputUrl(location), { signal: AbortSignal.timeout(10 * 60_000) });
  if (!response.ok || !response.body) throw new Error(`downloading the output answered HTTP ${response.status}${response.ok ? ' without a body' : ''}`);
  await fs.mkdir(path.dirname(target.fsPath), { recursive: true });
  const partial = `${target.fsPath}.part`;
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(partial));
    await fs.rename(partial, target.fsPath);
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }
}

/** Downloads every output of a finished job; answers the files, in the order the service listed them. */
export async function downloadOutputs(job: Pick<TrackedJob, 'label' | 'jobId' | 'inputPath'>, status: JobStatus, storage: vscode.Uri): Promise<vscode.Uri[]> {
  const folder = outputFolder(job, storage);
  const files: vscode.Uri[] = [];
  for (const [name, location] of Object.entries(status.Results ?? {})) {
    const target = vscode.Uri.joinPath(folder, outputFileName(job, name, location));
    await download(location, target);
    files.push(target);
  }
  return files;
}

/**
 * Shows the output beside its input: the input's editor stays (or opens) where it is, the output opens in the
 * column next to it. Without an input file the output opens in the active column.
 */
export async function openBesideInput(output: vscode.Uri, inputPath: string | undefined): Promise<vscode.TextEditor> {
  let column: vscode.ViewColumn | undefined;
  if (inputPath) {
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === inputPath);
    column = shown?.viewColumn;
    if (column === undefined) {
      const input = await vscode.workspace.openTextDocument(vscode.Uri.file(inputPath)).then(
        (document) => vscode.window.showTextDocument(document, { preview: false }),
        () => undefined, // the input was moved or deleted since: the output still opens
      );
      column = input?.viewColumn;
    }
  }
  const document = await vscode.workspace.openTextDocument(output);
  const beside = column === undefined ? vscode.ViewColumn.Active : column + 1;
  return vscode.window.showTextDocument(document, { viewColumn: beside, preview: false });
}
