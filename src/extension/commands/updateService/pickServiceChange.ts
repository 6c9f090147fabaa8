import * as vscode from 'vscode';
import { autoscalerWithDefaults, REPLICAS } from '../../../api/rules';
import type { ServiceResponse } from '../../../api/schemas';
import { required } from '../../core/registerCommand';

export type ServiceChange = 'scale' | 'image' | 'concurrency' | 'reservation' | 'timeout';

/** The service's replicas as they are set: "2 replicas" or "autoscale 1 to 10 at 70%". */
export function describeScaleSetting(service: ServiceResponse): string {
  if (service.autoScaler?.autoscaleEnabled) {
    const { minReplicas, maxReplicas, targetUtilization } = autoscalerWithDefaults(service.autoScaler);
    return `autoscale ${minReplicas} to ${maxReplicas} at ${targetUtilization}%`;
  }
  const n = service.numReplicas ?? REPLICAS.default;
  return `${n} replica${n === 1 ? '' : 's'}${n === 0 ? ' (stopped)' : ''}`;
}

function describeReservation(service: ServiceResponse): string {
  const { memory, cpu } = service.containerResourceReservation ?? {};
  return [memory && `memory ${memory}`, cpu && `cpu ${cpu}`].filter(Boolean).join(', ') || 'none reserved';
}

/** What to change, each setting shown with its current value. */
export async function pickServiceChange(service: ServiceResponse): Promise<ServiceChange> {
  const image = service.image ? `${service.image.name}:${service.image.version}` : service.imageId;
  const items: (vscode.QuickPickItem & { change: ServiceChange })[] = [
    { label: '$(server-process) Replicas', description: `now ${describeScaleSetting(service)}`, change: 'scale' },
    { label: '$(package) Image', description: `now ${image}`, change: 'image' },
    { label: '$(dashboard) Calls per replica', description: `now ${service.maxConcurrentRequestsPerContainer}`, change: 'concurrency' },
    { label: '$(chip) Memory and CPU per replica', description: `now ${describeReservation(service)}`, change: 'reservation' },
    { label: '$(watch) Scoring timeout', description: `now ${service.scoringTimeoutMs} ms`, change: 'timeout' },
  ];
  return required(await vscode.window.showQuickPick(items, { title: `Update ${service.name}: what to change?`, ignoreFocusOut: true, matchOnDescription: true })).change;
}
