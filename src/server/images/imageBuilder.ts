import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { AccountRef } from '../../api/accountRef';
import type { Image, Model } from '../../api/schemas';
import { assetIdFromUrl } from '../assetAddress';
import { BlobMissingError, type BlobStore, type LocalBlob } from '../blobs/blobStore';
import type { ServiceConfig } from '../config';
import { ApiError } from '../errors';
import { onnxModelProblem } from './onnxModelCheck';
import { childPath } from '../fileNames';
import { accountKey, type Store } from '../store/repositories';
import { dockerfileFor, entrypointFor } from './containerFiles';
import { ENVIRONMENT_PROPERTIES, environmentFilePath } from './environmentFiles';
import { NODE_HOST } from './hosts/nodeHost';
import { PYTHON_HOST } from './hosts/pythonHost';
import type { ImageLayout } from './imageLayout';
import type { ImageStore } from './imageStore';
import { contentDigest, listFiles, placeBlob, unpackArchive } from './stageFiles';

/** What `modelbay-image.json` says about an image: the runtimes read it to know what to load. */
export interface ImageSpec {
  schemaVersion: 1;
  runtimeType: 'Python' | 'Onnx' | 'Node';
  driverProgram?: string;
  properties: Record<string, string>;
  models: { id: string; name: string; version: number; files: string[] }[];
}

export type BuildLog = (line: string) => void;

function failure(code: string, message: string): ApiError {
  return new ApiError(400, code, message);
}

/** Assembles images: driver, assets and model files staged, hashed, sealed and moved into the image store. */
export class ImageBuilder {
  constructor(
    private readonly store: Store,
    private readonly blobs: BlobStore,
    private readonly layout: ImageLayout,
    private readonly images: ImageStore,
    private readonly config: ServiceConfig,
  ) {}

  /** Builds the image and answers its digest; throws ApiError with the reason when the inputs are unusable. */
  async build(ref: AccountRef, image: Image, stagingId: string, log: BuildLog): Promise<string> {
    const manifest = image.manifest;
    const runtime = manifest.targetRuntime.runtimeType;
    if (runtime === 'SparkPython') throw failure('UnsupportedRuntime', 'SparkPython images cannot be built.');
    const staging = this.layout.stagingFor(stagingId);
    await fs.rm(staging, { recursive: true, force: true });
    await fs.mkdir(staging, { recursive: true });
    try {
      log(`Building image ${image.name}:${image.version} from manifest ${manifest.name}:${manifest.version} (${runtime})`);
      for (const asset of manifest.assets) {
        log(`asset ${asset.id}`);
        const blob = await this.fetchContent(ref, asset.url, `asset '${asset.id}'`);
        const target = childPath(path.join(staging, 'app'), asset.id);
        await this.place(blob, asset.id, target, asset.unpack, path.join(staging, 'app')).finally(() => blob.release());
      }
      const models: ImageSpec['models'] = [];
      for (const modelId of manifest.modelIds) {
        const model = await this.store.models.get(accountKey(ref), modelId);
        if (!model) throw failure('ModelNotFound', `Model '${modelId}' named by the manifest no longer exists.`);
        models.push(await this.stageModel(ref, model, staging, log));
      }
      if (runtime === 'Onnx') await checkOnnxModels(staging, models, log);
      const spec: ImageSpec = {
        schemaVersion: 1,
        runtimeType: runtime,
        driverProgram: manifest.driverProgram,
        properties: manifest.targetRuntime.properties,
        models,
      };
      await fs.mkdir(path.join(staging, 'serve'));
      await fs.writeFile(path.join(staging, 'modelbay-image.json'), `${JSON.stringify(spec, null, 2)}\n`);
      const host = runtime === 'Python' ? ['modelbay_host.py', PYTHON_HOST] : ['modelbay_host.js', NODE_HOST];
      await fs.writeFile(path.join(staging, 'serve', host[0]!), host[1]!);
      const requirements = await this.stageEnvironment(ref, manifest, staging, log);
      await fs.writeFile(path.join(staging, 'Dockerfile'), dockerfileFor(runtime, requirements));
      await fs.writeFile(path.join(staging, 'entrypoint.sh'), entrypointFor(runtime), { mode: 0o755 });
      const digest = await contentDigest(staging);
      log(`content hash sha256:${digest}`);
      const files = (await listFiles(staging)).length;
      const { reused } = await this.images.publish(digest, staging);
      if (reused) log('an identical image is already stored; reusing it');
      log(`image ready: ${files} files`);
      return digest;
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
  }

  /**
   * The environment files `targetRuntime.properties` names (pipRequirements, condaEnvFile), fetched into env/ when
   * given by URL; answers where the pip requirements are for the Dockerfile (an asset `requirements.txt` otherwise).
   */
  private async stageEnvironment(ref: AccountRef, manifest: Image['manifest'], staging: string, log: BuildLog): Promise<string | undefined> {
    const assetIds = manifest.assets.map((a) => a.id);
    const properties = manifest.targetRuntime.properties;
    for (const property of ENVIRONMENT_PROPERTIES) {
      const value = properties[property];
      if (value === undefined) continue;
      const where = environmentFilePath(property, value, assetIds);
      if (!assetIds.includes(value)) {
        const blob = await this.fetchContent(ref, value, `targetRuntime property ${property}`);
        await placeBlob(blob.path, path.join(staging, where)).finally(() => blob.release());
      }
      log(`${property}: ${where}${property === 'condaEnvFile' ? ' (kept in the image; the Dockerfile installs pip requirements only)' : ''}`);
    }
    if (properties.pipRequirements !== undefined) return environmentFilePath('pipRequirements', properties.pipRequirements, assetIds);
    return assetIds.includes('requirements.txt') ? 'app/requirements.txt' : undefined;
  }

  private async stageModel(ref: AccountRef, model: Model, staging: string, log: BuildLog): Promise<ImageSpec['models'][number]> {
    log(`model ${model.name}:${model.version}`);
    const folder = path.join(staging, 'models', model.name, String(model.version));
    const blob = await this.fetchContent(ref, model.url, `model '${model.name}:${model.version}'`);
    const fileName = blob.name;
    await this.place(blob, fileName, childPath(folder, fileName), model.unpack, folder).finally(() => blob.release());
    const files = (await listFiles(folder)).map((f) => `models/${model.name}/${model.version}/${f}`);
    return { id: model.id, name: model.name, version: model.version, files };
  }

  private async place(blob: { path: string; name: string }, name: string, target: string, unpack: boolean, folder: string): Promise<void> {
    if (unpack) await unpackArchive(blob.path, name, folder);
    else await placeBlob(blob.path, target);
  }

  /**
   * A local file holding content a model or asset cites (our asset, or an allow-listed URL fetched now), to release
   * once placed: with shared blob storage it is a download made for this build.
   */
  private async fetchContent(ref: AccountRef, cited: string, what: string): Promise<LocalBlob & { name: string }> {
    const url = new URL(cited);
    const assetId = assetIdFromUrl(ref, url);
    if (assetId !== undefined) {
      const asset = await this.store.assets.get(accountKey(ref), assetId);
      if (!asset) throw failure('AssetNotFound', `The ${what} cites asset ${assetId}, which does not exist.`);
      const blob = await this.blobs.localFile(asset.sha256).catch((error: unknown) => {
        throw error instanceof BlobMissingError ? failure('AssetMissing', `The bytes of ${what} (asset ${assetId}) are missing from the store.`) : error;
      });
      return { ...blob, name: asset.name };
    }
    if (!this.config.allowedUrlPrefixes.some((prefix) => cited.startsWith(prefix))) {
      throw failure('UntrustedUrl', `The ${what} cites ${cited}, which is neither an asset of this service nor allow-listed.`);
    }
    const response = await fetch(cited, { redirect: 'error' });
    if (!response.ok || !response.body) throw failure('DownloadFailed', `Fetching ${cited} for ${what} answered ${response.status}.`);
    const stored = await this.blobs.put(Readable.fromWeb(response.body as WebReadableStream), this.config.maxAssetBytes);
    const name = decodeURIComponent(url.pathname.split('/').pop() || 'content');
    return { ...(await this.blobs.localFile(stored.sha256)), name };
  }
}

/**
 * An Onnx image runs the first .onnx file of its models: each .onnx must be a real ONNX model, checked now, so a
 * wrong file fails the build with its name instead of the service's start with a runtime's stack.
 */
async function checkOnnxModels(staging: string, models: ImageSpec['models'], log: BuildLog): Promise<void> {
  const onnxFiles = models.flatMap((m) => m.files.filter((f) => f.toLowerCase().endsWith('.onnx')));
  if (onnxFiles.length === 0) {
    throw failure('NoOnnxModel', 'An Onnx image needs a model with an .onnx file; the manifest\'s models hold none.');
  }
  for (const file of onnxFiles) {
    const problem = await onnxModelProblem(path.join(staging, file));
    if (problem) throw failure('InvalidOnnxModel', `${path.basename(file)} is not a valid ONNX model: ${problem}.`);
    log(`${path.basename(file)}: a valid ONNX model`);
  }
}
