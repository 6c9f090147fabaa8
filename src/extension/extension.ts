import * as vscode from 'vscode';

/**
 * Wires the extension's services and registrations; nothing else lives here. The accounts view, commands and
 * the Local service arrive with the extension issues; for now activation only opens the Modelbay log.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Modelbay', { log: true });
  context.subscriptions.push(log);
  log.info('Modelbay activated');
}

export function deactivate(): void {
  // Everything activate created is disposed through context.subscriptions.
}
