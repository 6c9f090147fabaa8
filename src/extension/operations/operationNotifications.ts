import * as vscode from 'vscode';
import type { ServiceResponse } from '../../api/schemas';
import { inBackground } from '../core/reportFailure';
import { serviceStatus } from '../core/serviceStatus';
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
 * (a service running: "Test Service", "Copy Scoring URL"; stopped: neither; Failed: the service's error and "Show Log"). A failure of
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

/** A service that succeeded: running (with Test and Copy Scoring URL), or stopped (scaled to 0), which offers neither. */
async function announceService(services: ExtensionServices, op: FinishedOperation, location: string): Promise<void> {
  const service = await finishedService(services, op, location);
  const status = serviceStatus(service);
  if (!status.scores) {
    void vscode.window.showInformationMessage(`Modelbay: Service ${service.name} is ${status.summary}.`);
    return;
  }
  const choice = await vscode.window.showInformationMessage(`Modelbay: Service ${service.name} is running.`, 'Test Service', 'Copy Scoring URL');
  if (choice === 'Copy Scoring URL' && service.scoringUri) {
    await vscode.env.clipboard.writeText(service.scoringUri);
    void vscode.window.showInformationMessage(`Copied ${service.scoringUri}`);
  } else if (choice === 'Test Service') {
    const account = services.connections.handle(op.accountId);
    const ref: ResourceRef<'service'> | undefined = account && { kind: 'service', account, resource: service };
    await vscode.commands.executeCommand('modelbay.testService', ref);
  }
}

async function announce(services: ExtensionServices, op: FinishedOperation): Promise<void> {
  const location = op.status?.resourceLocation;
  if (op.state === 'Succeeded') {
    if (op.quiet) return;
    if (op.kind === 'Service' && location) return announceService(services, op, location);
    if (op.kind === 'Service') return void vscode.window.showInformationMessage(`Modelbay: ${op.label} done.`);
    const choice = await vscode.window.showInformationMessage(`Modelbay: Image ${op.resourceName} is built.`, 'Create Service');
    if (choice === 'Create Service') await vscode.commands.executeCommand('modelbay.createService');
    return;
  }
  const reason = op.error ? `${op.error.message} (${op.error.code})` : op.state;
  const choice = await vscode.window.showErrorMessage(`Modelbay: ${op.label} failed: ${reason}`, 'Show Log');
  if (choice !== 'Show Log') return;
  const imageId = builtImageId(op);
  if (imageId) await vscode.commands.executeCommand('modelbay.showBuildLog', { accountId: op.accountId, imageId });
  else services.log.show(true);
}
