import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeployRuntime } from '../createManifest';

/** What a right-clicked file or folder suggests: the model content, a driver, and so a runtime. */
export interface SourcePlan {
  /** The file or folder to register as the model; absent when the user must pick a registered one. */
  model?: vscode.Uri;
  driver?: vscode.Uri;
  runtime?: DeployRuntime;
}

const DRIVERS: Record<string, DeployRuntime> = { 'score.py': 'Python', 'score.js': 'Node' };

/**
 * `.onnx` -> that model on the Onnx runtime; `score.py`/`score.js` -> that driver, with its folder as the model;
 * a folder -> its driver if it has one (the folder is the model), else its .onnx file.
 */
export async function inspectSource(uri: vscode.Uri): Promise<SourcePlan> {
  const stat = await fs.stat(uri.fsPath);
  if (stat.isFile()) {
    const base = path.basename(uri.fsPath).toLowerCase();
    if (base.endsWith('.onnx')) return { model: uri, runtime: 'Onnx' };
    const runtime = DRIVERS[base];
    if (runtime) return { model: vscode.Uri.file(path.dirname(uri.fsPath)), driver: uri, runtime };
    return { model: uri };
  }
  const entries = await fs.readdir(uri.fsPath);
  for (const [file, runtime] of Object.entries(DRIVERS)) {
    if (entries.includes(file)) return { model: uri, driver: vscode.Uri.joinPath(uri, file), runtime };
  }
  const onnx = entries.find((e) => e.toLowerCase().endsWith('.onnx'));
  if (onnx) return { model: vscode.Uri.joinPath(uri, onnx), runtime: 'Onnx' };
  return { model: uri };
}
