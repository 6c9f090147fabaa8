import * as vscode from 'vscode';
import { deployParamsCheck, type DeployEvent, type DeployInit, type DeployMethods, type ModelChoice } from '../../../webviews/protocol/deployProtocol';
import type { AccountHandle } from '../accounts/accountConnections';
import { runDeployment, type DeploySettings } from '../commands/deploy/deploy';
import { inspectSource } from '../commands/deploy/inspectSource';
import { registerModelFrom } from '../commands/registerModel';
import type { ExtensionServices } from '../extensionServices';
import type { ResourceRef } from '../tree/nodeRef';
import { openPanel, type PanelHandle } from './panelHost';
import { describeSource, pickSource } from './sourcePicking';

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

/**
 * The Deploy form: model version, runtime (suggested from the files), driver, replicas or autoscaler, per-replica
 * concurrency, memory/cpu; validated as you type with the service's rules; shows each step and the result.
 */
export function openDeployPanel(services: ExtensionServices, preset: DeployFormPreset = {}): PanelHandle<DeployEvent> {
  return openPanel<DeployMethods, DeployInit, DeployEvent>(services.context, services.log, {
    viewType: 'modelbay.deploy',
    title: 'Deploy Model',
    script: 'deploy',
    check: deployParamsCheck,
    async init() {
      const accounts = services.connections.all().map((a) => ({ id: a.id, label: a.label }));
      if (accounts.length === 0) throw new Error('There is no account: enable the Local account or add a remote one.');
      const accountId = preset.accountId ?? accounts[0]!.id;
      const plan = preset.source ? await inspectSource(preset.source) : undefined;
      return {
        accounts,
        accountId,
        models: await modelChoices(services, accountId),
        preset: {
          modelId: preset.modelId,
          source: plan?.model ? await describeSource(plan.model) : undefined,
          runtime: plan?.runtime,
          driverPath: plan?.driver?.fsPath,
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
        return picked?.[0] ? { path: picked[0].fsPath } : null;
      },
      async deploy(params, handle) {
        const account = accountOrThrow(services, params.accountId);
        const { account: client } = await services.connections.connect(account.id);
        let model;
        if (params.sourcePath) {
          handle.post({ kind: 'step', step: 'register', state: 'running' });
          try {
            model = await registerModelFrom(services, account, vscode.Uri.file(params.sourcePath));
          } catch (error) {
            handle.post({ kind: 'step', step: 'register', state: 'failed', message: (error as Error).message });
            throw error;
          }
          handle.post({ kind: 'step', step: 'register', state: 'done', message: `${model.name}:${model.version}` });
        } else if (params.modelId) {
          model = await client.getModel(params.modelId);
        } else {
          throw new Error('Choose the model to deploy.');
        }
        const settings: DeploySettings = {
          maxConcurrentRequestsPerContainer: params.perReplica,
          ...(params.scale.kind === 'fixed'
            ? { numReplicas: params.scale.replicas }
            : { autoScaler: { autoscaleEnabled: true, minReplicas: params.scale.min, maxReplicas: params.scale.max, targetUtilization: params.scale.target } }),
          ...(params.memory || params.cpu ? { containerResourceReservation: { memory: params.memory, cpu: params.cpu } } : {}),
        };
        const service = await runDeployment(
          services,
          account,
          { model, runtime: params.runtime, driver: params.driverPath ? vscode.Uri.file(params.driverPath) : undefined, serviceName: params.serviceName, settings },
          (step, state, message) => handle.post({ kind: 'step', step, state, message }),
        );
        return { serviceId: service.id, serviceName: service.name, scoringUri: service.scoringUri ?? '' };
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
}
