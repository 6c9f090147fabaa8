import * as path from 'node:path';
import * as vscode from 'vscode';

/** Model files and drivers: what Register Model and Deploy Model apply to in the Explorer. */
const MODEL_FILES = '**/{*.onnx,*.pkl,*.joblib,score.py,score.js}';
const NOT_SEARCHED = '**/{node_modules,.git,.venv,venv,__pycache__,.modelbay}/**';
/** The context key menus read: `resourcePath in modelbay.modelFolders`. */
const CONTEXT_KEY = 'modelbay.modelFolders';

/**
 * Keeps the `modelbay.modelFolders` context key: the workspace folders that directly hold a model file or a driver.
 * The Explorer offers Register Model and Deploy Model on those folders (and on the files themselves), not on every
 * folder. Found once at start and again, coalesced, when such files are created or deleted.
 */
export function watchModelFolders(log: vscode.LogOutputChannel): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  const scan = async () => {
    const files = await vscode.workspace.findFiles(MODEL_FILES, NOT_SEARCHED, 10_000);
    const folders = [...new Set(files.map((file) => path.dirname(file.fsPath)))];
    await vscode.commands.executeCommand('setContext', CONTEXT_KEY, folders);
  };
  const rescan = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void scan().catch((error: unknown) => log.warn(`Looking for model folders failed: ${String(error)}`)), 300);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(MODEL_FILES, false, true, false);
  const subscriptions = [watcher, watcher.onDidCreate(rescan), watcher.onDidDelete(rescan), vscode.workspace.onDidChangeWorkspaceFolders(rescan)];
  rescan();
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    for (const s of subscriptions) s.dispose();
  });
}
