import type { AccountClient } from '../../../src/api/client';
import type { Manifest, Model } from '../../../src/api/schemas';

/** A Node driver that doubles every number it is given: small enough to check by hand. */
export const DOUBLING_DRIVER = `
let factor = 0;
exports.init = () => { factor = 2; };
exports.run = async (input) => ({ result: input.data.map((x) => x * factor) });
`;

/** Registers a model whose bytes are `content` (uploaded as an asset first). */
export async function registerModel(account: AccountClient, name: string, content = 'model bytes', tags: string[] = []): Promise<Model> {
  const asset = await account.uploadAsset(`${name}.bin`, Buffer.from(content));
  return account.registerModel({ name, mimeType: 'application/octet-stream', url: asset.url, tags });
}

/** A Node manifest around `model`, with the doubling driver as score.js. */
export async function nodeManifest(account: AccountClient, name: string, model: Model, driver = DOUBLING_DRIVER): Promise<Manifest> {
  const script = await account.uploadAsset('score.js', Buffer.from(driver), { mimeType: 'text/javascript' });
  return account.createManifest({
    name,
    driverProgram: 'score.js',
    assets: [{ url: script.url }],
    modelIds: [model.id],
    targetRuntime: { runtimeType: 'Node', properties: {} },
  });
}

/**
 * Starts an image build slow enough to be interrupted (a 60 MB model to hash and pack) and waits until it has left
 * NotStarted, so a kill right after lands in the middle of it. Answers its manifest and operation id.
 */
export async function startSlowBuild(account: AccountClient, fill = 7): Promise<{ manifest: Manifest; operationId: string }> {
  const asset = await account.uploadAsset('big.bin', Buffer.alloc(60 * 1024 * 1024, fill));
  const model = await account.registerModel({ name: 'big', mimeType: 'application/octet-stream', url: asset.url });
  const manifest = await nodeManifest(account, 'big', model);
  const { operation } = await account.createImage({ name: 'big', manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' });
  for (let i = 0; i < 400 && (await account.getOperation(operation.id)).state === 'NotStarted'; i++) await new Promise((r) => setTimeout(r, 5));
  return { manifest, operationId: operation.id };
}
