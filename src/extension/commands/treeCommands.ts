import * as vscode from 'vscode';
import { registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import type { FinishedOperation } from '../operations/operationTracker';
import type { LoadMoreNode } from '../tree/messageNodes';
import type { TreeNode } from '../tree/treeNode';

/** Refresh, load more, filter, the operations list and the log. */
export function registerTreeCommands(services: ExtensionServices): void {
  const { context, log, tree } = services;
  registerCommand(context, log, 'modelbay.refresh', () => tree.reload());
  registerCommand(context, log, 'modelbay.refreshNode', (node?: TreeNode) => tree.reload(node));
  registerCommand(context, log, 'modelbay.loadMore', (node: LoadMoreNode) => node.loadMore());
  registerCommand(context, log, 'modelbay.filter', async () => {
    const text = await vscode.window.showInputBox({
      title: 'Filter the Modelbay tree',
      prompt: 'Show models, manifests, images and services whose name contains this text, or that carry this tag',
      value: tree.filter ?? '',
    });
    if (text !== undefined) tree.setFilter(text);
  });
  registerCommand(context, log, 'modelbay.clearFilter', () => tree.setFilter(undefined));
  registerCommand(context, log, 'modelbay.showLog', () => log.show());
  registerCommand(context, log, 'modelbay.showOperations', async () => {
    const running = services.operations.inFlight().map((op) => ({ label: `$(sync~spin) ${op.label}`, description: `running since ${new Date(op.startedAt).toLocaleTimeString()}`, op }));
    const recent = services.operations.recent().map((op) => ({
      label: `${op.state === 'Succeeded' ? '$(pass)' : '$(error)'} ${op.label}`,
      description: `${op.state} at ${new Date(op.finishedAt).toLocaleTimeString()}`,
      detail: op.error ? `${op.error.message} (${op.error.code})` : undefined,
      op,
    }));
    if (running.length + recent.length === 0) {
      void vscode.window.showInformationMessage('Modelbay: no operations in this window yet.');
      return;
    }
    const picked = await vscode.window.showQuickPick([...running, ...recent], { title: 'Modelbay operations' });
    if (!picked?.op) return;
    const op = picked.op as FinishedOperation;
    if (op.state !== undefined && op.state !== 'Succeeded' && op.kind === 'Image' && op.status?.resourceLocation) {
      const imageId = op.status.resourceLocation.split('?')[0]!.split('/').pop()!;
      await vscode.commands.executeCommand('modelbay.showBuildLog', { accountId: op.accountId, imageId });
    } else {
      log.show(true);
    }
  });
}
