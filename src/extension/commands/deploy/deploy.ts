import * as vscode from 'vscode';
import { suggestResourceName } from '../../../api/rules';
import type { Image, Model, ServiceCreateRequest, ServiceResponse } from '../../../api/schemas';
import type { AccountHandle } from '../../accounts/accountConnections';
import { describeError } from '../../core/describeError';
import { reportFailure } from '../../core/reportFailure';
import type { FinishedOperation } from '../../operations/operationTracker';
import { startImageBuild, startServiceCreate } from '../../operations/startOperations';
import type { ExtensionServices } from '../../extensionServices';
import { askDriver, askRuntime, createManifestFor, type DeployRuntime } from '../createManifest';
import { askServiceName, LOCAL_COMPUTE } from '../createService';
import { suggestModelName } from '../modelContent';
import { nodeRefOf } from '../../tree/nodeRef';
import { pickModel, resolveAccount } from '../pickers';
import { registerModelFrom } from '../registerModel';
import { inspectSource } from './inspectSource';

/** Answers given up front (by a form, a test, or a right-click) instead of asked. */
export interface DeployPreset {
  serviceName?: string;
  runtime?: DeployRuntime;
  driver?: vscode.Uri;
  numReplicas?: number;
  /** Resolve only when the service is running (default: return once the steps are started). */
  wait?: boolean;
}

/** The service settings a deploy asks for (scale, per-replica concurrency, resources). */
export type DeploySettings = Pick<ServiceCreateRequest, 'numReplicas' | 'autoScaler' | 'maxConcurrentRequestsPerContainer' | 'containerResourceReservation'>;

export interface DeployChoices {
  model: Model;
  runtime: DeployRuntime;
  driver?: vscode.Uri;
  serviceName: string;
  settings: DeploySettings;
}

export type DeployStep = 'manifest' | 'image' | 'service';
export type StepListener = (step: DeployStep, state: 'running' | 'done' | 'failed', message?: string) => void;


/** An operation of the flow ended Failed or Cancelled: announceFinishedOperations has told the user already. */
class OperationDidNotSucceed extends Error {}

/** Where a finished operation's resource is; throws with the service's reason when it did not succeed. */
function resultLocation(finished: FinishedOperation, doing: string): string {
  const location = finished.status?.resourceLocation;
  if (finished.state !== 'Succeeded' || !location) throw new OperationDidNotSucceed(`${doing} failed: ${finished.error?.message ?? finished.state}`);
  return location;
}

/** Manifest -> image -> service, each step an operation in the status bar; resolves with the running service. */
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
  const connection = await services.connections.connect(account.id);
  const manifest = await step('manifest', () => createManifestFor(services, account, choices.model, { name: choices.serviceName, runtime: choices.runtime, driver: choices.driver }));
  const image = await step('image', async () => {
    const built = await (await startImageBuild(services, account, manifest, choices.serviceName, true)).done;
    return connection.account.getByLocation<Image>(resultLocation(built, 'Building the image'));
  });
  return step('service', async () => {
    const deployed = await (await startServiceCreate(services, account, image, { name: choices.serviceName, computeResource: LOCAL_COMPUTE, ...choices.settings })).done;
    return connection.account.getByLocation<ServiceResponse>(resultLocation(deployed, 'Starting the service'));
  });
}

/**
 * Modelbay: Deploy: a model to a running service in one guided flow. From a model node, an account, the palette,
 * or a right-clicked .onnx file, score.py/score.js driver, or model folder (registered first).
 */
export async function deploy(services: ExtensionServices, target?: unknown, preset: DeployPreset = {}): Promise<ServiceResponse | undefined> {
  const ref = nodeRefOf(target);
  const account = await resolveAccount(services, ref);
  const connection = await services.connections.connect(account.id);
  let model = ref?.kind === 'model' ? ref.resource : undefined;
  let runtime = preset.runtime;
  let driver = preset.driver;
  let source: vscode.Uri | undefined;
  if (target instanceof vscode.Uri) {
    const plan = await inspectSource(target);
    runtime ??= plan.runtime;
    driver ??= plan.driver;
    source = plan.model;
  }
  if (!model && !source) model = await pickModel(connection);
  const suggested = suggestResourceName(model?.name ?? suggestModelName(source?.fsPath ?? 'model'), { lowerCase: true });
  runtime ??= await askRuntime(model?.mimeType === 'application/onnx' ? 'Onnx' : undefined);
  if (runtime !== 'Onnx') driver ??= await askDriver(runtime);
  const serviceName = preset.serviceName ?? (await askServiceName(suggested));
  // Register only once every question is answered, so a cancelled flow leaves nothing behind.
  if (source) model = await registerModelFrom(services, account, source, { name: suggestModelName(source.fsPath) });
  if (!model) throw new Error('No model to deploy.');
  const choices: DeployChoices = { model, runtime, driver, serviceName, settings: { numReplicas: preset.numReplicas ?? 1 } };
  const running = runDeployment(services, account, choices);
  if (preset.wait) return running;
  // The steps go on in the status bar. A request the service refuses (a taken name: 409) is told to the user here;
  // an operation that fails is announced when it ends, so it is only logged here.
  running.catch((error: unknown) => {
    if (error instanceof OperationDidNotSucceed) services.log.error(`Deploying ${serviceName}: ${error.message}`);
    else reportFailure(services.log, error, `Deploying ${serviceName}`);
  });
  return undefined;
}
