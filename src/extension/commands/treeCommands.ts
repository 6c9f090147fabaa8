import * as vscode from 'vscode';
import { registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { builtImageId } from '../operations/operationNotifications';
import type { FinishedOperation, TrackedOperation } from '../operations/operationTracker';
import { LoadMoreNode } from '../tree/messageNodes';
import { isTreeNode } from '../tree/treeNode';

/** Refresh, load more, filter, the operations list and the log. */
export function registerTreeCommands(services: ExtensionServices): void {
  const { context, log, tree } = services;
  registerCommand(context, log, 'modelbay.refresh', () => tree.reload());
  registerCommand(context, log, 'modelbay.refreshNode', (node?: unknown) => tree.reload(isTreeNode(node) ? node : undefined));
  registerCommand(context, log, 'modelbay.loadMore', (node?: unknown) => (node instanceof LoadMoreNode ? node.loadMore() : undefined));
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
    const picked = await vscode.window.showQuickPick<{ label: string; op: TrackedOperation | FinishedOperation }>([...running, ...recent], { title: 'Modelbay operations' });
    if (!picked) return;
    const imageId = 'state' in picked.op && picked.op.state !== 'Succeeded' ? builtImageId(picked.op) : undefined;
    if (imageId) await vscode.commands.executeCommand('modelbay.showBuildLog', { accountId: picked.op.accountId, imageId });
    else log.show(true);
  });
}
