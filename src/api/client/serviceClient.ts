import type {
  AuthKeys,
  Deployment,
  Endpoint,
  EndpointCreateRequest,
  EndpointSchema,
  EndpointUpdateRequest,
  Page,
  ServiceCreateRequest,
  ServiceResponse,
  ServiceUpdateRequest,
} from '../schemas';
import type { RequestLogPage } from '../schemas/requestLog';
import type { UsageQuery, UsageReport } from '../schemas/usage';
import { ModelbayConnectionError } from './errors';
import type { HttpClient } from './httpClient';
import { iterateItems } from './paging';
import { pollOperation, type PollOptions } from './polling';
import type { AcceptedOperation, PageQuery } from './accountClient';

export interface ServiceQuery extends PageQuery {
  serviceName?: string;
  modelId?: string;
  modelName?: string;
  manifestId?: string;
  manifestName?: string;
  imageId?: string;
  computeResourceId?: string;
}

/** A page of an endpoint's request log: `top` records (newest first), from `skipToken`; `status: 'error'`: failures only. */
export interface RequestLogQuery {
  top?: number;
  skipToken?: string;
  status?: 'error';
}

/** Services, their keys, endpoints and deployments under one account. */
export class ServiceClient {
  constructor(
    private readonly http: HttpClient,
    private readonly basePath: string,
  ) {}

  /** Starts a deployment (202); poll `operationLocation`, or use `createAndWait`. */
  create(request: ServiceCreateRequest): Promise<AcceptedOperation> {
    return this.accepted('POST', '/services', request);
  }
  async createAndWait(request: ServiceCreateRequest, poll?: PollOptions): Promise<ServiceResponse> {
    return this.settle(await this.create(request), poll);
  }
  update(id: string, request: ServiceUpdateRequest): Promise<AcceptedOperation> {
    return this.accepted('PUT', `/services/${encodeURIComponent(id)}`, request);
  }
  async updateAndWait(id: string, request: ServiceUpdateRequest, poll?: PollOptions): Promise<ServiceResponse> {
    return this.settle(await this.update(id, request), poll);
  }
  get(id: string): Promise<ServiceResponse> {
    return this.call('GET', `/services/${encodeURIComponent(id)}`);
  }
  /** Deletes the service; resolves false when there was none (204). */
  async delete(id: string): Promise<boolean> {
    const { status } = await this.http.request({ method: 'DELETE', url: `${this.basePath}/services/${encodeURIComponent(id)}` });
    return status === 200;
  }
  list(query: ServiceQuery = {}): Promise<Page<ServiceResponse>> {
    const params: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      params[key === 'skipToken' ? '$skipToken' : key] = value as string | number;
    }
    return this.call('GET', '/services', undefined, params);
  }
  async *iterate(query: Omit<ServiceQuery, 'skipToken'> = {}): AsyncGenerator<ServiceResponse> {
    yield* iterateItems(await this.list(query), (next) => this.http.getAbsolute<Page<ServiceResponse>>(next));
  }
  keys(id: string): Promise<AuthKeys> {
    return this.call('GET', `/services/${encodeURIComponent(id)}/keys`);
  }
  regenerateKey(id: string, keyType: 'Primary' | 'Secondary'): Promise<AuthKeys> {
    return this.call('POST', `/services/${encodeURIComponent(id)}/keys`, { keyType });
  }

  deployments(serviceId?: string): Promise<Deployment[]> {
    return this.call('GET', '/deployments', undefined, serviceId ? { serviceId } : {});
  }
  deployment(id: string): Promise<Deployment> {
    return this.call('GET', `/deployments/${encodeURIComponent(id)}`);
  }

  createEndpoint(serviceId: string, request: EndpointCreateRequest): Promise<Endpoint> {
    return this.call('POST', `${this.endpointsPath(serviceId)}`, request);
  }
  async endpoints(serviceId: string): Promise<Endpoint[]> {
    return (await this.call<{ value: Endpoint[] }>('GET', this.endpointsPath(serviceId))).value;
  }
  endpoint(serviceId: string, name: string): Promise<Endpoint> {
    return this.call('GET', `${this.endpointsPath(serviceId)}/${encodeURIComponent(name)}`);
  }
  updateEndpoint(serviceId: string, name: string, request: EndpointUpdateRequest): Promise<Endpoint> {
    return this.call('PATCH', `${this.endpointsPath(serviceId)}/${encodeURIComponent(name)}`, request);
  }
  async deleteEndpoint(serviceId: string, name: string): Promise<boolean> {
    const { status } = await this.http.request({ method: 'DELETE', url: `${this.basePath}${this.endpointsPath(serviceId)}/${encodeURIComponent(name)}` });
    return status === 200;
  }
  endpointKeys(serviceId: string, name: string): Promise<AuthKeys> {
    return this.call('GET', `${this.endpointsPath(serviceId)}/${encodeURIComponent(name)}/keys`);
  }
  regenerateEndpointKey(serviceId: string, name: string, keyType: 'Primary' | 'Secondary'): Promise<AuthKeys> {
    return this.call('POST', `${this.endpointsPath(serviceId)}/${encodeURIComponent(name)}/keys`, { keyType });
  }
  endpointSchema(serviceId: string, name: string): Promise<EndpointSchema> {
    return this.call('GET', `${this.endpointsPath(serviceId)}/${encodeURIComponent(name)}/schema`);
  }

  /** The service's usage, all endpoints summed: per interval from `from` to `to` (defaults: the last 24 h, PT1H). */
  usage(serviceId: string, query: UsageQuery = {}): Promise<UsageReport> {
    return this.call('GET', `/services/${encodeURIComponent(serviceId)}/usage`, undefined, definedOnly(query));
  }
  /** One endpoint's usage, as `usage` answers a service's. */
  endpointUsage(serviceId: string, endpointName: string, query: UsageQuery = {}): Promise<UsageReport> {
    return this.call('GET', `${this.endpointsPath(serviceId)}/${encodeURIComponent(endpointName)}/usage`, undefined, definedOnly(query));
  }
  /** One page of the endpoint's request log; follow `nextLink` (or pass its skip token) for older records. */
  requestLogs(serviceId: string, endpointName: string, query: RequestLogQuery = {}): Promise<RequestLogPage> {
    const params = definedOnly({ $top: query.top, $skipToken: query.skipToken, status: query.status });
    return this.call('GET', `${this.endpointsPath(serviceId)}/${encodeURIComponent(endpointName)}/logs`, undefined, params);
  }

  private endpointsPath(serviceId: string): string {
    return `/services/${encodeURIComponent(serviceId)}/endpoints`;
  }

  private async settle(accepted: AcceptedOperation, poll?: PollOptions): Promise<ServiceResponse> {
    const done = await pollOperation(() => this.http.getAbsolute(accepted.operationLocation), poll);
    return this.http.getAbsolute<ServiceResponse>(done.resourceLocation!);
  }

  private async call<T>(method: string, suffix: string, data?: unknown, params?: Record<string, string | number>): Promise<T> {
    return (await this.http.request<T>({ method, url: `${this.basePath}${suffix}`, data, params })).data;
  }

  private async accepted(method: string, suffix: string, body: unknown): Promise<AcceptedOperation> {
    const { data, headers } = await this.http.request<AcceptedOperation['operation']>({ method, url: `${this.basePath}${suffix}`, data: body });
    const operationLocation = headers['operation-location'];
    if (!operationLocation) throw new ModelbayConnectionError(`${method} ${suffix} answered without Operation-Location`, suffix);
    return { operation: data, operationLocation };
  }
}

function definedOnly(query: Record<string, string | number | undefined>): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params[key] = value;
  return params;
}
