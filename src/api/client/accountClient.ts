import type { Readable } from 'node:stream';
import { accountPath, type AccountRef } from '../accountRef';
import type {
  AsyncOperationStatus,
  Image,
  ImageRequest,
  Manifest,
  ManifestRequest,
  Model,
  ModelRequest,
  Page,
  UploadedAsset,
} from '../schemas';
import { ModelbayConnectionError } from './errors';
import type { HttpClient } from './httpClient';
import { iterateItems } from './paging';
import { pollOperation, type PollOptions } from './polling';
import { RoleAssignmentClient } from './roleAssignmentClient';
import { ServiceClient } from './serviceClient';

export interface PageQuery {
  count?: number;
  skipToken?: string;
}

export interface ModelQuery extends PageQuery {
  name?: string;
  tag?: string;
}

export interface ManifestQuery extends PageQuery {
  modelId?: string;
  manifestName?: string;
}

export interface ImageQuery extends PageQuery {
  manifestId?: string;
  manifestName?: string;
}

/** An accepted async request: the operation as first answered, and where to poll it. */
export interface AcceptedOperation {
  operation: AsyncOperationStatus;
  operationLocation: string;
}

/** Every route under one account: assets, models, manifests, images, operations. */
export class AccountClient {
  readonly basePath: string;
  /** Services, endpoints, keys and deployments of this account. */
  readonly services: ServiceClient;
  /** Who holds which role on this account (Owners only). */
  readonly roleAssignments: RoleAssignmentClient;

  constructor(
    private readonly http: HttpClient,
    readonly ref: AccountRef,
  ) {
    this.basePath = accountPath(ref);
    this.services = new ServiceClient(http, this.basePath);
    this.roleAssignments = new RoleAssignmentClient(http, this.basePath);
  }

  async uploadAsset(name: string, content: Buffer | Uint8Array | Readable, options: { mimeType?: string } = {}): Promise<UploadedAsset> {
    const { data } = await this.http.request<UploadedAsset>({
      method: 'POST',
      url: `${this.basePath}/assets`,
      params: { name, mimeType: options.mimeType },
      data: content,
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    return data;
  }

  async downloadAsset(id: string): Promise<Buffer> {
    const { data } = await this.http.request<ArrayBuffer>({ url: `${this.basePath}/assets/${encodeURIComponent(id)}`, responseType: 'arraybuffer' });
    return Buffer.from(data);
  }

  registerModel(model: ModelRequest): Promise<Model> {
    return this.post('/models', model);
  }
  getModel(id: string): Promise<Model> {
    return this.get(`/models/${encodeURIComponent(id)}`);
  }
  /** Deletes a model version; false when there was none (204); a 409 ModelInUse names the manifests citing it. */
  deleteModel(id: string): Promise<boolean> {
    return this.remove(`/models/${encodeURIComponent(id)}`);
  }
  listModels(query: ModelQuery = {}): Promise<Page<Model>> {
    return this.list('/models', query, { name: query.name, tag: query.tag });
  }
  iterateModels(query: Omit<ModelQuery, 'skipToken'> = {}): AsyncGenerator<Model> {
    return this.iterate(() => this.listModels(query));
  }

  createManifest(manifest: ManifestRequest): Promise<Manifest> {
    return this.post('/manifests', manifest);
  }
  getManifest(id: string): Promise<Manifest> {
    return this.get(`/manifests/${encodeURIComponent(id)}`);
  }
  /** Deletes a manifest; false when there was none (204); a 409 ManifestInUse names the images built from it. */
  deleteManifest(id: string): Promise<boolean> {
    return this.remove(`/manifests/${encodeURIComponent(id)}`);
  }
  listManifests(query: ManifestQuery = {}): Promise<Page<Manifest>> {
    return this.list('/manifests', query, { modelId: query.modelId, manifestName: query.manifestName });
  }
  iterateManifests(query: Omit<ManifestQuery, 'skipToken'> = {}): AsyncGenerator<Manifest> {
    return this.iterate(() => this.listManifests(query));
  }

  /** Starts an image build (202); poll `operationLocation`, or use `createImageAndWait`. */
  async createImage(request: ImageRequest): Promise<AcceptedOperation> {
    return this.accepted('/images', request);
  }
  async createImageAndWait(request: ImageRequest, poll?: PollOptions): Promise<Image> {
    const { operationLocation } = await this.createImage(request);
    const done = await this.waitForOperation(operationLocation, poll);
    return this.getByLocation<Image>(done.resourceLocation!);
  }
  getImage(id: string): Promise<Image> {
    return this.get(`/images/${encodeURIComponent(id)}`);
  }
  /** Deletes an image; false when there was none (204); a 409 ImageInUse names the services, endpoints or build using it. */
  deleteImage(id: string): Promise<boolean> {
    return this.remove(`/images/${encodeURIComponent(id)}`);
  }
  listImages(query: ImageQuery = {}): Promise<Page<Image>> {
    return this.list('/images', query, { manifestId: query.manifestId, manifestName: query.manifestName });
  }
  iterateImages(query: Omit<ImageQuery, 'skipToken'> = {}): AsyncGenerator<Image> {
    return this.iterate(() => this.listImages(query));
  }
  async getImageBuildLog(id: string): Promise<string> {
    const { data } = await this.http.request<string>({ url: `${this.basePath}/images/${encodeURIComponent(id)}/buildlog`, responseType: 'text' });
    return data;
  }

  getOperation(id: string): Promise<AsyncOperationStatus> {
    return this.get(`/operations/${encodeURIComponent(id)}`);
  }
  /** Reads an operation at its absolute Operation-Location. */
  getOperationAt(operationLocation: string): Promise<AsyncOperationStatus> {
    return this.getByLocation(operationLocation);
  }
  waitForOperation(operationLocation: string, options?: PollOptions): Promise<AsyncOperationStatus> {
    return pollOperation(() => this.getOperationAt(operationLocation), options);
  }

  /** GETs an absolute URL the service handed out (nextLink, Operation-Location, resourceLocation). */
  getByLocation<T>(location: string): Promise<T> {
    return this.http.getAbsolute<T>(location);
  }

  private async get<T>(suffix: string): Promise<T> {
    return (await this.http.request<T>({ url: `${this.basePath}${suffix}` })).data;
  }

  private async remove(suffix: string): Promise<boolean> {
    const { status } = await this.http.request({ method: 'DELETE', url: `${this.basePath}${suffix}` });
    return status === 200;
  }
  private async post<T>(suffix: string, body: unknown): Promise<T> {
    return (await this.http.request<T>({ method: 'POST', url: `${this.basePath}${suffix}`, data: body })).data;
  }

  private async accepted(suffix: string, body: unknown): Promise<AcceptedOperation> {
    const { data, headers } = await this.http.request<AsyncOperationStatus>({ method: 'POST', url: `${this.basePath}${suffix}`, data: body });
    const operationLocation = headers['operation-location'];
    if (!operationLocation) throw new ModelbayConnectionError(`POST ${suffix} answered without Operation-Location`, suffix);
    return { operation: data, operationLocation };
  }

  private async list<T>(suffix: string, query: PageQuery, filters: Record<string, string | undefined>): Promise<Page<T>> {
    const params: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(filters)) if (value !== undefined) params[key] = value;
    if (query.count !== undefined) params.count = query.count;
    if (query.skipToken !== undefined) params.$skipToken = query.skipToken;
    return (await this.http.request<Page<T>>({ url: `${this.basePath}${suffix}`, params })).data;
  }

  private async *iterate<T>(first: () => Promise<Page<T>>): AsyncGenerator<T> {
    yield* iterateItems(await first(), (next) => this.getByLocation<Page<T>>(next));
  }
}
