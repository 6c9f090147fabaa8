import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AccountClient } from '../../../src/api/client';
import type { AuthKeys, Endpoint, Image, ServiceCreateRequest, ServiceResponse } from '../../../src/api/schemas';

export const SAMPLES = path.resolve(__dirname, '../../../samples');

/**
 * A Node test driver whose behaviour the request picks: {"sleep": ms} waits, {"exit": code} kills the replica,
 * {"allocate": MB} grows the heap, anything else is echoed with this driver's VERSION.
 */
export function behaviourDriver(version: string): string {
  return `
const VERSION = ${JSON.stringify(version)};
const hoard = [];
exports.init = () => {};
exports.run = async (input) => {
  if (input && input.sleep) await new Promise((r) => setTimeout(r, input.sleep));
  if (input && input.exit !== undefined) process.exit(input.exit);
  if (input && input.allocate) for (let i = 0; i < input.allocate; i++) hoard.push(new Array(131072).fill(i));
  return { version: VERSION, echo: input };
};
`;
}

export interface Deployed {
  image: Image;
  service: ServiceResponse;
  endpoint: Endpoint;
  keys: AuthKeys;
}

/** Builds an image around a driver (or model) and returns it; files are {name: content}. */
export async function buildImage(
  account: AccountClient,
  name: string,
  runtime: 'Node' | 'Python' | 'Onnx',
  files: Record<string, Buffer | string>,
  options: { driver?: string; model?: { file: string; content: Buffer | string }; properties?: Record<string, string> } = {},
): Promise<Image> {
  const modelFile = options.model ?? { file: 'weights.bin', content: 'no weights' };
  const modelAsset = await account.uploadAsset(modelFile.file, Buffer.from(modelFile.content));
  const model = await account.registerModel({ name, mimeType: 'application/octet-stream', url: modelAsset.url });
  const assets = [];
  for (const [file, content] of Object.entries(files)) assets.push({ url: (await account.uploadAsset(file, Buffer.from(content))).url });
  const manifest = await account.createManifest({
    name,
    driverProgram: options.driver,
    assets,
    modelIds: [model.id],
    targetRuntime: { runtimeType: runtime, properties: options.properties ?? {} },
  });
  return account.createImageAndWait({ name, manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' }, { intervalMs: 20 });
}

/** Creates a service on an image and waits until it is Succeeded; answers its default endpoint and keys. */
export async function deployImage(account: AccountClient, image: Image, name: string, settings: Partial<ServiceCreateRequest> = {}): Promise<Deployed> {
  const service = await account.services.createAndWait(
    { name, imageId: image.id, computeResource: { id: 'local', type: 'Cluster' }, ...settings },
    { intervalMs: 25, timeoutMs: 60_000 },
  );
  const endpoint = await account.services.endpoint(service.id, 'default');
  const keys = await account.services.keys(service.id);
  return { image, service, endpoint, keys };
}

export async function deployDriver(account: AccountClient, name: string, source: string, settings: Partial<ServiceCreateRequest> = {}): Promise<Deployed> {
  const image = await buildImage(account, name, 'Node', { 'score.js': source }, { driver: 'score.js' });
  return deployImage(account, image, name, settings);
}

/** A data-plane error, in the classic services' shape. */
export interface ClassicError {
  code: string;
  message: string;
  details: { code: string; message: string }[];
}

export interface Scored {
  status: number;
  body: { error?: ClassicError } & Record<string, unknown>;
  headers: Headers;
}

/** A customer's call: POST a JSON body (or raw text) to a scoring URL with a key. */
export async function score(url: string, key: string | undefined, body: unknown, raw?: string): Promise<Scored> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body: raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Scored['body']) : {}, headers: response.headers };
}

export const sampleFile = (relative: string) => fs.readFile(path.join(SAMPLES, relative));
