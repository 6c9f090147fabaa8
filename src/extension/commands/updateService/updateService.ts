import * as vscode from 'vscode';
import type { ServiceUpdateRequest } from '../../../api/schemas';
import type { ExtensionServices } from '../../extensionServices';
import type { FinishedOperation } from '../../operations/operationTracker';
import { startServiceUpdate } from '../../operations/startOperations';
import { serviceOf, type NodeRef } from '../../tree/nodeRef';
import { pickService, resolveAccount } from '../pickers';
import { askScaleChange } from './askScaleChange';
import { askConcurrencyChange, askReservationChange, askTimeoutChange } from './askSettingChange';
import { pickImageChange } from './pickImageChange';
import { pickServiceChange } from './pickServiceChange';

/**
 * Modelbay: Update Service: one setting at a time (replicas or autoscaler, image, calls per replica, memory and cpu,
 * scoring timeout), each shown with its current value and asked starting from it. Reads the service again first, so
 * what it shows is what the service has now. Resolves when the update ended (a refused update throws at once);
 * undefined when nothing changed.
 */
export async function updateService(services: ExtensionServices, ref?: NodeRef, preset?: ServiceUpdateRequest): Promise<FinishedOperation | undefined> {
  const account = await resolveAccount(services, ref);
  const connection = await services.connections.connect(account.id);
  const clicked = serviceOf(ref) ?? (await pickService(connection));
  let request = preset;
  const service = await connection.account.services.get(clicked.id);
  if (!request) {
    switch (await pickServiceChange(service)) {
      case 'scale':
        request = await askScaleChange(service);
        break;
      case 'image': {
        const image = await pickImageChange(connection, service);
        if (!image) {
          void vscode.window.showInformationMessage(`Modelbay: ${service.name} runs that image already; nothing changed.`);
          return undefined;
        }
        request = { imageId: image.id };
        break;
      }
      case 'concurrency':
        request = await askConcurrencyChange(service);
        break;
      case 'reservation':
        request = await askReservationChange(service);
        break;
      case 'timeout':
        request = await askTimeoutChange(service);
        break;
    }
  }
  return (await startServiceUpdate(services, account, service, request)).done;
}
