import * as vscode from 'vscode';
import type { ExtensionServices } from '../extensionServices';
import type { FinishedOperation } from './operationTracker';

/**
 * When an operation ends: refresh the account's tree, then say so, with the next step as an action
 * (Succeeded service: "Copy scoring URL"; Failed: the service's error and "Show log").
 */
export function announceFinishedOperations(services: ExtensionServices): vscode.Disposable {
  return services.operations.onDidFinish((op) => {
    const account = services.tree.accountNode(op.accountId);
    if (account) services.tree.reload(account);
    void announce(services, op);
  });
}

async function announce(services: ExtensionServices, op: FinishedOperation): Promise<void> {
  if (op.state === 'Succeeded') {
    if (op.quiet) return;
    const noun = op.kind === 'Service' ? `Service ${op.resourceName} is running` : `Image ${op.resourceName} is built`;
    const actions = op.kind === 'Service' ? ['Test Service', 'Copy Scoring URL'] : ['Create Service'];
    const choice = await vscode.window.showInformationMessage(`Modelbay: ${noun}.`, ...actions);
    if (choice === 'Copy Scoring URL' && op.status?.resourceLocation) {
      const connection = await services.connections.connect(op.accountId);
      const service = await connection.account.getByLocation<{ scoringUri?: string }>(op.status.resourceLocation);
      if (service.scoringUri) {
        await vscode.env.clipboard.writeText(service.scoringUri);
        void vscode.window.showInformationMessage(`Copied ${service.scoringUri}`);
      }
    } else if (choice === 'Test Service' && op.status?.resourceLocation) {
      const connection = await services.connections.connect(op.accountId);
      const service = await connection.account.getByLocation(op.status.resourceLocation);
      await vscode.commands.executeCommand('modelbay.testService', { kind: 'service', account: services.connections.handle(op.accountId), resource: service });
    } else if (choice === 'Create Service') {
      await vscode.commands.executeCommand('modelbay.createService');
    }
    return;
  }
  const reason = op.error ? `${op.error.message} (${op.error.code})` : op.state;
  const choice = await vscode.window.showErrorMessage(`Modelbay: ${op.label} failed: ${reason}`, 'Show Log');
  if (choice === 'Show Log') {
    if (op.kind === 'Image' && op.status?.resourceLocation) {
      const imageId = op.status.resourceLocation.split('?')[0]!.split('/').pop()!;
      await vscode.commands.executeCommand('modelbay.showBuildLog', { accountId: op.accountId, imageId });
    } else services.log.show(true);
  }
}
