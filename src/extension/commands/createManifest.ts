import * as path from 'node:path';
import { createReadStream } from 'node:fs';
import * as vscode from 'vscode';
import { checkResourceName } from '../../api/rules';
import type { Manifest, Model, RuntimeType } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';
import { required } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import type { NodeRef } from '../tree/nodeRef';
import { pickModel, resolveAccount } from './pickers';

export type DeployRuntime = Exclude<RuntimeType, 'SparkPython'>;

export interface ManifestChoices {
  name: string;
  runtime: DeployRuntime;
  /** The driver program file (Python and Node). */
  driver?: vscode.Uri;
}

/** Python and Node need a driver program; Onnx runs the model itself. */
export async function askRuntime(suggested: DeployRuntime | undefined): Promise<DeployRuntime> {
  const options: { label: DeployRuntime; description: string }[] = [
    { label: 'Onnx', description: 'run the .onnx model itself (no driver)' },
    { label: 'Python', description: 'a score.py with init() and run(raw_json)' },
    { label: 'Node', description: 'a score.js exporting init() and run(input)' },
  ];
  const ordered = suggested ? [...options.filter((o) => o.label === suggested), ...options.filter((o) => o.label !== suggested)] : options;
  return required(await vscode.window.showQuickPick(ordered, { title: 'Which runtime?', ignoreFocusOut: true })).label;
}

export async function askDriver(runtime: DeployRuntime): Promise<vscode.Uri> {
  const picked = await vscode.window.showOpenDialog({
    title: `The ${runtime} driver program (${runtime === 'Python' ? 'score.py' : 'score.js'})`,
    canSelectMany: false,
    filters: runtime === 'Python' ? { Python: ['py'] } : { JavaScript: ['js', 'cjs', 'mjs'] },
    openLabel: 'Use as driver',
  });
  return required(picked?.[0]);
}

/** Uploads the driver (if any) and writes the manifest around the model. */
export async function createManifestFor(services: ExtensionServices, account: AccountHandle, model: Model, choices: ManifestChoices): Promise<Manifest> {
  const connection = await services.connections.connect(account.id);
  const assets: { url: string }[] = [];
  let driverProgram: string | undefined;
  if (choices.runtime !== 'Onnx') {
    if (!choices.driver) throw new Error(`The ${choices.runtime} runtime needs a driver program.`);
    driverProgram = path.basename(choices.driver.fsPath);
    const asset = await connection.account.uploadAsset(driverProgram, createReadStream(choices.driver.fsPath), { mimeType: 'text/plain' });
    assets.push({ url: asset.url });
  }
  const manifest = await connection.account.createManifest({
    name: choices.name,
    driverProgram,
    assets,
    modelIds: [model.id],
    targetRuntime: { runtimeType: choices.runtime, properties: {} },
  });
  services.log.info(`Created manifest ${manifest.name}:${manifest.version} (${choices.runtime})`);
  services.tree.reload(services.tree.accountNode(account.id));
  return manifest;
}

/** Modelbay: Create Manifest: for a clicked or picked model. */
export async function createManifest(services: ExtensionServices, ref?: NodeRef): Promise<Manifest> {
  const account = await resolveAccount(services, ref);
  const connection = await services.connections.connect(account.id);
  const model = ref?.kind === 'model' ? ref.resource : await pickModel(connection);
  const runtime = await askRuntime(model.mimeType === 'application/onnx' ? 'Onnx' : undefined);
  const driver = runtime === 'Onnx' ? undefined : await askDriver(runtime);
  const name = required(await vscode.window.showInputBox({ title: 'Manifest name', value: model.name, ignoreFocusOut: true, validateInput: (t) => checkResourceName(t) }));
  const manifest = await createManifestFor(services, account, model, { name, runtime, driver });
  void vscode.window.showInformationMessage(`Modelbay: manifest ${manifest.name}:${manifest.version} created.`);
  return manifest;
}
