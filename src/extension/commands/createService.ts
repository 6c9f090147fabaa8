import * as vscode from 'vscode';
import { AUTOSCALER, checkResourceName, REPLICAS } from '../../api/rules';
import type { ServiceCreateRequest } from '../../api/schemas';
import type { Connection } from '../accounts/accountConnections';
import { required } from '../core/registerCommand';
import { serviceStatus } from '../core/serviceStatus';
import { startServiceCreate, type StartedOperation } from '../operations/startOperations';
import type { ExtensionServices } from '../extensionServices';
import type { NodeRef } from '../tree/nodeRef';
import { findServiceNamed } from './deploy/serviceTarget';
import { pickImage, resolveAccount } from './pickers';

/** Services run on the service's own machine (the only compute target a Modelbay service has). */
export const LOCAL_COMPUTE: ServiceCreateRequest['computeResource'] = { id: 'local', type: 'Cluster' };

/**
 * Asks for a service name, checking it as it is typed: the naming rule, then whether the account has a service of
 * that name. Create Service refuses a taken name there (instead of a 409 after the pickers closed); Deploy offers
 * to update that service (Enter accepts the warning).
 */
export async function askServiceName(connection: Connection, suggested: string, taken: 'refuse' | 'offer update'): Promise<string> {
  const validateInput = async (text: string): Promise<vscode.InputBoxValidationMessage | string | undefined> => {
    const problem = checkResourceName(text);
    if (problem) return problem;
    const existing = await findServiceNamed(connection, text).catch(() => undefined); // the request itself will say what is wrong
    if (!existing) return undefined;
    return taken === 'refuse'
      ? { message: `A service named ${text} already exists: choose another name.`, severity: vscode.InputBoxValidationSeverity.Error }
      : { message: `${text} exists (${serviceStatus(existing).summary}): Enter updates it with this model.`, severity: vscode.InputBoxValidationSeverity.Warning };
  };
  return required(await vscode.window.showInputBox({ title: 'Service name', value: suggested, ignoreFocusOut: true, validateInput }));
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
  const name = preset.name ?? (await askServiceName(connection, image.name.toLowerCase(), 'refuse'));
  const scale = preset.scale ?? (await askScale());
  return startServiceCreate(services, account, image, { name, computeResource: LOCAL_COMPUTE, ...scale });
}
