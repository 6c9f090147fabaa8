import * as vscode from 'vscode';
import type { Image } from '../../api/schemas';
import { required } from '../core/registerCommand';
import { startServiceCreate } from '../operations/startOperations';
import type { ExtensionServices } from '../extensionServices';
import { pickImage, resolveAccount, resourceOf } from './pickers';

const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

export async function askServiceName(suggested: string): Promise<string> {
  return required(
    await vscode.window.showInputBox({
      title: 'Service name',
      value: suggested,
      ignoreFocusOut: true,
      validateInput: (t) => (SERVICE_NAME.test(t) ? undefined : 'Letters, digits, ".", "_" and "-", starting with a letter or digit'),
    }),
  );
}

/** Replicas: a fixed count, or the autoscaler within a range. */
export async function askScale(): Promise<{ numReplicas?: number; autoScaler?: { autoscaleEnabled: true; minReplicas: number; maxReplicas: number } }> {
  const picked = required(
    await vscode.window.showQuickPick(
      [
        { label: '1 replica', scale: { numReplicas: 1 } },
        { label: '2 replicas', scale: { numReplicas: 2 } },
        { label: '4 replicas', scale: { numReplicas: 4 } },
        { label: 'Autoscale 1 to 4', scale: { autoScaler: { autoscaleEnabled: true as const, minReplicas: 1, maxReplicas: 4 } } },
      ],
      { title: 'How many replicas?', ignoreFocusOut: true },
    ),
  );
  return picked.scale;
}

/** Modelbay: Create Service: runs a clicked or picked image as a service (followed in the status bar). */
export async function createService(services: ExtensionServices, node?: unknown): Promise<void> {
  const account = await resolveAccount(services, node);
  const connection = await services.connections.connect(account.id);
  const image = resourceOf<Image>(node, 'image') ?? (await pickImage(connection));
  const name = await askServiceName(image.name.toLowerCase());
  const scale = await askScale();
  void startServiceCreate(services, account, image, { name, computeResource: { id: 'local', type: 'Cluster' }, ...scale });
}
