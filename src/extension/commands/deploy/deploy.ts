import * as vscode from 'vscode';
import { suggestResourceName } from '../../../api/rules';
import type { Model, ServiceResponse } from '../../../api/schemas';
import { reportFailure } from '../../core/reportFailure';
import type { ExtensionServices } from '../../extensionServices';
import { askDriver, askRuntime, type DeployRuntime } from '../createManifest';
import { askServiceName } from '../createService';
import { suggestModelName } from '../modelContent';
import { nodeRefOf } from '../../tree/nodeRef';
import { pickModel, resolveAccount } from '../pickers';
import { inspectSource } from './inspectSource';
import { registerOrReuse } from './registerOrReuse';
import { OperationDidNotSucceed, runDeployment, type DeployChoices } from './runDeployment';
import { findServiceNamed, serviceTargetFor } from './serviceTarget';

/** Answers given up front (by a test, a script, or a right-click) instead of asked. */
export interface DeployPreset {
  serviceName?: string;
  runtime?: DeployRuntime;
  driver?: vscode.Uri;
  numReplicas?: number;
  /** Update the service of that name when it exists (default: a taken name is refused before any work starts). */
  update?: boolean;
  /** Resolve only when the service is running (default: return once the steps are started). */
  wait?: boolean;
}

/**
 * Deploy in one guided flow, with quick picks: a model to a running service. From a model node, an account, the
 * palette, or a right-clicked .onnx file, score.py/score.js driver, or model folder (registered first, unless the
 * same content is registered already). A name that exists is said as it is typed, and Enter then updates that service.
 */
export async function deploy(services: ExtensionServices, target?: unknown, preset: DeployPreset = {}): Promise<ServiceResponse | undefined> {
  const ref = nodeRefOf(target);
  const account = await resolveAccount(services, ref);
  const connection = await services.connections.connect(account.id);
  let model: Model | undefined = ref?.kind === 'model' ? ref.resource : undefined;
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
  const serviceName = preset.serviceName ?? (await askServiceName(connection, suggested, 'offer update'));
  // A name typed above was offered as an update when it exists; a given one only with `update`.
  const mayUpdate = preset.serviceName === undefined || preset.update === true;
  const exists = (await findServiceNamed(connection, serviceName)) !== undefined;
  // Checked before any work starts: a taken name is said now, not after registering, a manifest and an image.
  const serviceTarget = await serviceTargetFor(connection, serviceName, exists && mayUpdate ? 'update' : 'create');
  // Register only once every question is answered, so a cancelled flow leaves nothing behind.
  if (source) model = (await registerOrReuse(services, account, source)).model;
  if (!model) throw new Error('No model to deploy.');
  const choices: DeployChoices = { model, runtime, driver, target: serviceTarget, settings: { numReplicas: preset.numReplicas ?? 1 } };
  const running = runDeployment(services, account, choices);
  if (preset.wait) return running;
  // The steps go on in the status bar. A request the service refuses (a bad setting: 400) is told to the user here;
  // an operation that fails is announced when it ends, so it is only logged here.
  running.catch((error: unknown) => {
    if (error instanceof OperationDidNotSucceed) services.log.error(`Deploying ${serviceName}: ${error.message}`);
    else reportFailure(services.log, error, `Deploying ${serviceName}`);
  });
  return undefined;
}
