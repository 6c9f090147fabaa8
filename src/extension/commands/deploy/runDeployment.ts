import type * as vscode from 'vscode';
import type { Image, Model, ServiceCreateRequest, ServiceResponse } from '../../../api/schemas';
import type { AccountHandle } from '../../accounts/accountConnections';
import { describeError } from '../../core/describeError';
import type { ExtensionServices } from '../../extensionServices';
import type { FinishedOperation } from '../../operations/operationTracker';
import { startImageBuild, startServiceCreate, startServiceUpdate } from '../../operations/startOperations';
import { createManifestFor, type DeployRuntime } from '../createManifest';
import { LOCAL_COMPUTE } from '../createService';
import { targetName, type ServiceTarget } from './serviceTarget';

/** The service settings a deploy asks for (scale, per-replica concurrency, resources). */
export type DeploySettings = Pick<ServiceCreateRequest, 'numReplicas' | 'autoScaler' | 'maxConcurrentRequestsPerContainer' | 'containerResourceReservation'>;

export interface DeployChoices {
  model: Model;
  runtime: DeployRuntime;
  driver?: vscode.Uri;
  /** A new service, or the existing one to update with the new image. */
  target: ServiceTarget;
  settings: DeploySettings;
}

export type DeployStep = 'manifest' | 'image' | 'service';
export type StepListener = (step: DeployStep, state: 'running' | 'done' | 'failed', message?: string) => void;

/** An operation of the flow ended Failed or Cancelled: announceFinishedOperations has told the user already. */
export class OperationDidNotSucceed extends Error {}

/** Where a finished operation's resource is; throws with the service's reason when it did not succeed. */
function resultLocation(finished: FinishedOperation, doing: string): string {
  const location = finished.status?.resourceLocation;
  if (finished.state !== 'Succeeded' || !location) {
    const reason = finished.error ? `${finished.error.message} (${finished.error.code})` : finished.state;
    throw new OperationDidNotSucceed(`${doing} failed: ${reason}`);
  }
  return location;
}

/**
 * Manifest -> image -> service (created, or the existing one updated with the image), each step an operation in
 * the status bar; resolves with the running service.
 */
export async function runDeployment(services: ExtensionServices, account: AccountHandle, choices: DeployChoices, onStep: StepListener = () => undefined): Promise<ServiceResponse> {
  const step = async <T>(name: DeployStep, work: () => Promise<T>): Promise<T> => {
    onStep(name, 'running');
    try {
      const result = await work();
      onStep(name, 'done');
      return result;
    } catch (error) {
      onStep(name, 'failed', describeError(error));
      throw error;
    }
  };
  const name = targetName(choices.target);
  const connection = await services.connections.connect(account.id);
  const manifest = await step('manifest', () => createManifestFor(services, account, choices.model, { name, runtime: choices.runtime, driver: choices.driver }));
  const image = await step('image', async () => {
    const built = await (await startImageBuild(services, account, manifest, name, true)).done;
    return connection.account.getByLocation<Image>(resultLocation(built, 'Building the image'));
  });
  return step('service', async () => {
    const target = choices.target;
    const started =
      target.kind === 'create'
        ? await startServiceCreate(services, account, image, { name, computeResource: LOCAL_COMPUTE, ...choices.settings })
        : await startServiceUpdate(services, account, target.service, { imageId: image.id, ...choices.settings });
    const finished = await started.done;
    return connection.account.getByLocation<ServiceResponse>(resultLocation(finished, target.kind === 'create' ? 'Starting the service' : `Updating ${name}`));
  });
}
