import * as vscode from 'vscode';
import { deployParamsCheck, type DeployEvent, type DeployInit, type DeployMethods, type DeployParams, type ModelChoice } from '../../../webviews/protocol/deployProtocol';
import type { Model } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';
import { registerOrReuse } from '../commands/deploy/registerOrReuse';
import { OperationDidNotSucceed, runDeployment, type DeploySettings } from '../commands/deploy/runDeployment';
import { findServiceNamed, serviceTargetFor } from '../commands/deploy/serviceTarget';
import { inspectSource } from '../commands/deploy/inspectSource';
import { suggestModelName } from '../commands/modelContent';
import { describeError } from '../core/describeError';
import { reportFailure } from '../core/reportFailure';
import { serviceStatus } from '../core/serviceStatus';
import type { ExtensionServices } from '../extensionServices';
import type { ResourceRef } from '../tree/nodeRef';
import { openPanel, type PanelHandle } from './panelHost';
import { describeFile, describeSource, pickSource } from './sourcePicking';

export interface DeployFormPreset {
  accountId?: string;
  modelId?: string;
  /** A right-clicked .onnx file, driver or model folder. */
  source?: vscode.Uri;
}

async function modelChoices(services: ExtensionServices, accountId: string): Promise<ModelChoice[]> {
  const { account } = await services.connections.connect(accountId);
  return (await account.listModels({ count: 200 })).value.map((m) => ({ id: m.id, name: m.name, version: m.version, mimeType: m.mimeType }));
}

function accountOrThrow(services: ExtensionServices, id: string): AccountHandle {
  const account = services.connections.handle(id);
  if (!account) throw new Error(`Unknown account ${id}.`);
  return account;
}

/** What the panel is about: one panel per subject (a file, a model version, or none chosen yet). */
function subjectOf(preset: DeployFormPreset): string {
  if (preset.source) return `deploy:source:${preset.source.toString()}`;
  if (preset.modelId) return `deploy:model:${preset.accountId ?? ''}:${preset.modelId}`;
  return 'deploy:';
}

function settingsOf(params: DeployParams): DeploySettings {
  return {
    maxConcurrentRequestsPerContainer: params.perReplica,
    ...(params.scale.kind === 'fixed'
      ? { numReplicas: params.scale.replicas }
      : { autoScaler: { autoscaleEnabled: true, minReplicas: params.scale.min, maxReplicas: params.scale.max, targetUtilization: params.scale.target } }),
    ...(params.memory || params.cpu ? { containerResourceReservation: { memory: params.memory, cpu: params.cpu } } : {}),
  };
}

/**
 * The Deploy form: model version, runtime (suggested from the files), driver, replicas or autoscaler, per-replica
 * concurrency, memory/cpu; validated as you type with the service's rules, the service name included (a taken one is
 * offered as an update); shows each step and the result. One panel per subject: opening it again shows that panel.
 */
export function openDeployPanel(services: ExtensionServices, preset: DeployFormPreset = {}): void {
  const subject = subjectOf(preset);
  if (services.panels.reveal(subject)) return;
  const title = preset.source ? `Deploy ${suggestModelName(preset.source.fsPath)}` : 'Deploy Model';
  let closed = false;
  const handle: PanelHandle<DeployEvent> = openPanel<DeployMethods, DeployInit, DeployEvent>(services.context, services.log, {
    viewType: 'modelbay.deploy',
    title,
    script: 'deploy',
    check: deployParamsCheck,
    async init() {
      const accounts = services.connections.all().map((a) => ({ id: a.id, label: a.label }));
      if (accounts.length === 0) throw new Error('There is no account: enable the Local account or add a remote one.');
      const accountId = preset.accountId ?? accounts[0]!.id;
      const plan = preset.source ? await inspectSource(preset.source) : undefined;
      const models = await modelChoices(services, accountId);
      const model = models.find((m) => m.id === preset.modelId);
      // Runs once the page is ready, so after the panel exists: it is then named by its model.
      if (model) handle.panel.title = `Deploy ${model.name}:${model.version}`;
      return {
        accounts,
        accountId,
        models,
        preset: {
          modelId: preset.modelId,
          source: plan?.model ? await describeSource(plan.model) : undefined,
          runtime: plan?.runtime,
          driver: plan?.driver ? describeFile(plan.driver) : undefined,
        },
      };
    },
    handlers: {
      listModels: ({ accountId }) => modelChoices(services, accountId),
      pickSource: ({ folder }) => pickSource(folder),
      async pickDriver({ runtime }) {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false,
          title: `The ${runtime} driver program`,
          filters: runtime === 'Python' ? { Python: ['py'] } : { JavaScript: ['js', 'cjs', 'mjs'] },
        });
        return picked?.[0] ? describeFile(picked[0]) : null;
      },
      async checkServiceName({ accountId, name }) {
        const existing = await findServiceNamed(await services.connections.connect(accountId), name);
        return existing ? { exists: true, serviceId: existing.id, status: serviceStatus(existing).summary } : { exists: false };
      },
      async deploy(params, panel) {
        const account = accountOrThrow(services, params.accountId);
        try {
          return await deployFromForm(services, account, params, panel);
        } catch (error) {
          // The form shows the failure; a form closed or hidden meanwhile cannot, so it is told as a notification
          // (a failed operation is announced when it ends already).
          if ((closed || !panel.panel.visible) && !(error instanceof OperationDidNotSucceed)) reportFailure(services.log, error, `Deploying ${params.serviceName}`);
          throw error;
        }
      },
      async testService({ accountId, serviceId }) {
        const account = accountOrThrow(services, accountId);
        const { account: client } = await services.connections.connect(accountId);
        const service = await client.services.get(serviceId);
        const ref: ResourceRef<'service'> = { kind: 'service', account, resource: service };
        await vscode.commands.executeCommand('modelbay.testService', ref);
        return null;
      },
    },
  });
  handle.panel.onDidDispose(() => (closed = true));
  services.panels.add(subject, handle.panel);
}

/**
 * The form's deploy: the name is checked first (taken, or gone when updating), then the model is registered (or the
 * version with the same content used again), then manifest, image and the service created or updated.
 */
async function deployFromForm(services: ExtensionServices, account: AccountHandle, params: DeployParams, panel: PanelHandle<DeployEvent>) {
  const connection = await services.connections.connect(account.id);
  const target = await serviceTargetFor(connection, params.serviceName, params.action);
  let model: Model;
  if (params.sourcePath) {
    panel.post({ kind: 'step', step: 'register', state: 'running' });
    try {
      const registered = await registerOrReuse(services, account, vscode.Uri.file(params.sourcePath));
      model = registered.model;
      const made = `${model.name}:${model.version}${registered.reused ? ', already registered (same content)' : ''}`;
      panel.post({ kind: 'step', step: 'register', state: 'done', message: made });
    } catch (error) {
      panel.post({ kind: 'step', step: 'register', state: 'failed', message: describeError(error) });
      throw error;
    }
  } else if (params.modelId) {
    model = await connection.account.getModel(params.modelId);
  } else {
    throw new Error('Choose the model to deploy.');
  }
  const driver = params.driverPath ? vscode.Uri.file(params.driverPath) : undefined;
  const service = await runDeployment(services, account, { model, runtime: params.runtime, driver, target, settings: settingsOf(params) }, (step, state, message) =>
    panel.post({ kind: 'step', step, state, message }),
  );
  return { serviceId: service.id, serviceName: service.name, scoringUri: service.scoringUri ?? '' };
}
