import * as vscode from 'vscode';
import { AUTOSCALER, checkResourceName, REPLICAS } from '../../api/rules';
import type { ServiceCreateRequest } from '../../api/schemas';
import { required } from '../core/registerCommand';
import { startServiceCreate, type StartedOperation } from '../operations/startOperations';
import type { ExtensionServices } from '../extensionServices';
import type { NodeRef } from '../tree/nodeRef';
import { pickImage, resolveAccount } from './pickers';

/** Services run on the service's own machine (the only compute target a Modelbay service has). */
export const LOCAL_COMPUTE: ServiceCreateRequest['computeResource'] = { id: 'local', type: 'Cluster' };

export async function askServiceName(suggested: string): Promise<string> {
  return required(await vscode.window.showInputBox({ title: 'Service name', value: suggested, ignoreFocusOut: true, validateInput: (t) => checkResourceName(t) }));
}

export type Scale = Pick<ServiceCreateRequest, 'numReplicas' | 'autoScaler'>;

/** Replicas: a fixed count, or the autoscaler within its default range. */
export async function askScale(): Promise<Scale> {
  const { minReplicas, maxReplicas } = AUTOSCALER;
  const fixed = (n: number) => ({ label: n === 1 ? '1 replica' : `${n} replicas`, scale: { numReplicas: n } });
  const picked = required(
    await vscode.window.showQuickPick(
      [
        fixed(REPLICAS.default),
        fixed(2),
        fixed(4),
        { label: `Autoscale ${minReplicas.default} to ${maxReplicas.default}`, scale: { autoScaler: { autoscaleEnabled: true, minReplicas: minReplicas.default, maxReplicas: maxReplicas.default } } },
      ],
      { title: 'How many replicas?', ignoreFocusOut: true },
    ),
  );
  return picked.scale;
}

/** Answers given up front (by a test or a script) instead of asked. */
export interface CreateServicePreset {
  name?: string;
  scale?: Scale;
}

/**
 * Modelbay: Create Service: runs a clicked or picked image as a service. Resolves once the service accepted the
 * request (a taken name or a refused setting is reported then); the deployment is followed in the status bar.
 */
export async function createService(services: ExtensionServices, ref?: NodeRef, preset: CreateServicePreset = {}): Promise<StartedOperation> {
  const account = await resolveAccount(services, ref);
  const connection = await services.connections.connect(account.id);
  const image = ref?.kind === 'image' ? ref.resource : await pickImage(connection);
  const name = preset.name ?? (await askServiceName(image.name.toLowerCase()));
  const scale = preset.scale ?? (await askScale());
  return startServiceCreate(services, account, image, { name, computeResource: LOCAL_COMPUTE, ...scale });
}
