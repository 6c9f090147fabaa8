import type { AccountClient } from '../../../src/api/client';
import { buildImage, deployImage, sampleFile, type Deployed } from '../../server/helpers/deploy';
import { VSIX, Workbench } from '../workbench';
import { localServiceAccess } from './localService';
import { startVsCodeForUi, type UiSession } from './uiSession';

export interface IrisOnLocal {
  ui: UiSession;
  bench: Workbench;
  /** The Local service, reached as a script would (the sample is deployed "elsewhere", not through the workbench). */
  account: AccountClient;
  deployed: Deployed;
}

/**
 * The workbench in the dark theme with the Modelbay view open, the Local service started from the tree, the iris
 * ONNX sample deployed on it as service `iris`, and that service expanded in the tree: where the tests of a
 * deployed service's panels begin.
 */
export async function startWithIrisOnLocal(title: string): Promise<IrisOnLocal> {
  const ui = await startVsCodeForUi({ vsixPath: VSIX, workspaceFiles: { 'README.md': `# ${title}\n` }, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  const bench = new Workbench(ui.page);
  await bench.openModelbayView();
  await bench.expand('Local', 'Services'); // starts the Local service
  const account = (await localServiceAccess(ui)).account;
  const image = await buildImage(account, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: await sampleFile('onnx-classifier/iris-classifier.onnx') } });
  const deployed = await deployImage(account, image, 'iris');
  await bench.runCommand('Modelbay: Refresh');
  await bench.expand('Services', 'iris');
  return { ui, bench, account, deployed };
}
