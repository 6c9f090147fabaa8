import * as vscode from 'vscode';
import type { ServiceResponse } from '../../api/schemas';
import { inBackground } from '../core/reportFailure';
import type { ExtensionServices } from '../extensionServices';
import type { ResourceRef } from '../tree/nodeRef';
import type { FinishedOperation } from './operationTracker';

/** The image a finished image build made (its resourceLocation ends with the image id). */
export function builtImageId(op: FinishedOperation): string | undefined {
  if (op.kind !== 'Image' || !op.status?.resourceLocation) return undefined;
  return op.status.resourceLocation.split('?')[0]!.split('/').pop();
}

/**
 * When an operation ends: refresh the account's tree, then say so, with the next step as an action
 * (Succeeded service: "Test Service", "Copy Scoring URL"; Failed: the service's error and "Show Log"). A failure of
 * the action itself (the service went away meanwhile) is reported too.
 */
export function announceFinishedOperations(services: ExtensionServices): vscode.Disposable {
  return services.operations.onDidFinish((op) => {
    const account = services.tree.accountNode(op.accountId);
    if (account) services.tree.reload(account);
    inBackground(services.log, op.label, announce(services, op));
  });
}

async function finishedService(services: ExtensionServices, op: FinishedOperation, location: string): Promise<ServiceResponse> {
  const connection = await services.connections.connect(op.accountId);
  return connection.account.getByLocation<ServiceResponse>(location);
}

async function announce(services: ExtensionServices, op: FinishedOperation): Promise<void> {
  const location = op.status?.resourceLocation;
  if (op.state === 'Succeeded') {
    if (op.quiet) return;
    const noun = op.kind === 'Service' ? `Service ${op.resourceName} is running` : `Image ${op.resourceName} is built`;
    const actions = op.kind === 'Service' ? ['Test Service', 'Copy Scoring URL'] : ['Create Service'];
    const choice = await vscode.window.showInformationMessage(`Modelbay: ${noun}.`, ...actions);
    if (choice === 'Copy Scoring URL' && location) {
      const service = await finishedService(services, op, location);
      if (service.scoringUri) {
        await vscode.env.clipboard.writeText(service.scoringUri);
        void vscode.window.showInformationMessage(`Copied ${service.scoringUri}`);
      }
    } else if (choice === 'Test Service' && location) {
      const service = await finishedService(services, op, location);
      const account = services.connections.handle(op.accountId);
      const ref: ResourceRef<'service'> | undefined = account && { kind: 'service', account, resource: service };
      await vscode.commands.executeCommand('modelbay.testService', ref);
    } else if (choice === 'Create Service') {
      await vscode.commands.executeCommand('modelbay.createService');
    }
    return;
  }
  const reason = op.error ? `${op.error.message} (${op.error.code})` : op.state;
  const choice = await vscode.window.showErrorMessage(`Modelbay: ${op.label} failed: ${reason}`, 'Show Log');
  if (choice !== 'Show Log') return;
  const imageId = builtImageId(op);
  if (imageId) await vscode.commands.executeCommand('modelbay.showBuildLog', { accountId: op.accountId, imageId });
  else services.log.show(true);
}
