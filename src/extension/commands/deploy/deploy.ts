import * as vscode from 'vscode';
import type { Image, Model, ServiceCreateRequest, ServiceResponse } from '../../../api/schemas';
import type { AccountHandle } from '../../accounts/accountConnections';
import { startImageBuild, startServiceCreate } from '../../operations/startOperations';
import type { ExtensionServices } from '../../extensionServices';
import { askDriver, askRuntime, createManifestFor, type DeployRuntime } from '../createManifest';
import { askServiceName } from '../createService';
import { suggestModelName } from '../modelContent';
import { pickModel, resolveAccount, resourceOf } from '../pickers';
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

const serviceNameFor = (model: Model) => model.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '') || 'model';

/** Manifest -> image -> service, each step an operation in the status bar; resolves with the running service. */
export async function runDeployment(services: ExtensionServices, account: AccountHandle, choices: DeployChoices, onStep: StepListener = () => undefined): Promise<ServiceResponse> {
  const step = async <T>(name: DeployStep, work: () => Promise<T>): Promise<T> => {
    onStep(name, 'running');
    try {
      const result = await work();
      onStep(name, 'done');
      return result;
    } catch (error) {
      onStep(name, 'failed', (error as Error).message);
      throw error;
    }
  };
  const connection = await services.connections.connect(account.id);
  const manifest = await step('manifest', () => createManifestFor(services, account, choices.model, { name: choices.serviceName, runtime: choices.runtime, driver: choices.driver }));
  const image = await step('image', async () => {
    const built = await startImageBuild(services, account, manifest, choices.serviceName, true);
    if (built.state !== 'Succeeded') throw new Error(`Building the image failed: ${built.error?.message ?? built.state}`);
    return connection.account.getByLocation<Image>(built.status!.resourceLocation!);
  });
  return step('service', async () => {
    const deployed = await startServiceCreate(services, account, image, { name: choices.serviceName, computeResource: { id: 'local', type: 'Cluster' }, ...choices.settings });
    if (deployed.state !== 'Succeeded') throw new Error(`Starting the service failed: ${deployed.error?.message ?? deployed.state}`);
    return connection.account.getByLocation<ServiceResponse>(deployed.status!.resourceLocation!);
  });
}

/**
 * Modelbay: Deploy: a model to a running service in one guided flow. From a model node, an account, the palette,
 * or a right-clicked .onnx file, score.py/score.js driver, or model folder (registered first).
 */
export async function deploy(services: ExtensionServices, target?: unknown, preset: DeployPreset = {}): Promise<ServiceResponse | undefined> {
  const account = await resolveAccount(services, target instanceof vscode.Uri ? undefined : target);
  const connection = await services.connections.connect(account.id);
  let model = resourceOf<Model>(target, 'model');
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
  const suggested = model ? serviceNameFor(model) : serviceNameFor({ name: suggestModelName(source!.fsPath) } as Model);
  runtime ??= await askRuntime(model?.mimeType === 'application/onnx' ? 'Onnx' : undefined);
  if (runtime !== 'Onnx') driver ??= await askDriver(runtime);
  const serviceName = preset.serviceName ?? (await askServiceName(suggested));
  // Register only once every question is answered, so a cancelled flow leaves nothing behind.
  if (source) model = await registerModelFrom(services, account, source, { name: suggestModelName(source.fsPath) });
  if (!model) throw new Error('No model to deploy.');
  const choices: DeployChoices = { model, runtime, driver, serviceName, settings: { numReplicas: preset.numReplicas ?? 1 } };
  const running = runDeployment(services, account, choices);
  if (preset.wait) return running;
  running.catch((error: Error) => services.log.error(`Deploying ${serviceName} failed: ${error.message}`));
  return undefined;
}
