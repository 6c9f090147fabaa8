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
