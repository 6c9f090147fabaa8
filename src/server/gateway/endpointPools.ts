import type { Endpoint, EndpointSchema, ServiceResponse } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { ApiError } from '../errors';
import type { ReplicaPool } from '../runtime/replicaPool';
import { poolSettings } from '../runtime/runtimeManager';
import type { AccountKey } from '../store/repositories';

/**
 * No replica can take the endpoint's calls now (scaled to 0, being deployed, Failed, not starting here): a scoring
 * client gets the classic 503 with Retry-After; the management API tells it as the service's state (409).
 */
export class NoReplicaError extends ApiError {
  constructor(message: string) {
    super(503, 'ServiceUnavailable', message, undefined, { 'Retry-After': '5' });
    this.name = 'NoReplicaError';
  }
}

const unavailable = (message: string) => new NoReplicaError(message);

/** The pool already running for the endpoint, found without waiting (the usual case), or undefined. */
export function runningPool(context: ServiceContext, endpoint: Endpoint): ReplicaPool | undefined {
  return endpoint.imageId ? context.runtime.pinnedPoolNow(endpoint.serviceId, endpoint.imageId) : context.runtime.poolOf(endpoint.serviceId);
}

/** The replicas an endpoint's calls go to: its pinned image's pool, or its service's current one. */
export async function poolForEndpoint(context: ServiceContext, account: AccountKey, endpoint: Endpoint): Promise<ReplicaPool> {
  // The common case reads nothing from the store: the service's pool (or the pinned image's) is already running.
  const running = endpoint.imageId ? await context.runtime.pinnedPool(endpoint.serviceId, endpoint.imageId).catch(() => undefined) : context.runtime.poolOf(endpoint.serviceId);
  if (running) return running;
  const service = await context.store.services.get(account, endpoint.serviceId);
  if (!service) throw new ApiError(404, 'ServiceNotFound', `The service of endpoint '${endpoint.name}' no longer exists.`);
  if (endpoint.imageId) {
    const image = await context.store.images.get(account, endpoint.imageId);
    if (!image) throw unavailable(`The image endpoint '${endpoint.name}' is pinned to no longer exists.`);
    return context.runtime.pin(account, service, image).catch((error: Error) => {
      throw unavailable(`The pinned image of endpoint '${endpoint.name}' does not start: ${error.message}`);
    });
  }
  const pool = context.runtime.poolOf(service.id) ?? (await startedHere(context, account, service));
  if (pool) return pool;
  if (service.state === 'Failed') throw unavailable(`Service '${service.name}' is Failed: ${service.error?.message ?? 'see its operation'}`);
  if (service.state === 'Succeeded') throw unavailable(`Service '${service.name}' runs 0 replicas; scale it up to score.`);
  throw unavailable(`Service '${service.name}' is ${service.state === 'Running' ? 'being deployed' : service.state}; retry when it is Succeeded.`);
}

/**
 * A running service whose replicas do not run on this instance yet (another instance deployed it moments ago and
 * the change has not reached this one, or is being acted on): they are started now, or the start under way is
 * waited for, instead of refusing the call.
 */
async function startedHere(context: ServiceContext, account: AccountKey, service: ServiceResponse): Promise<ReplicaPool | undefined> {
  if (service.state !== 'Succeeded' || poolSettings(service).replicas === 0) return undefined;
  const image = await context.store.images.get(account, service.imageId);
  if (!image) return undefined;
  await context.runtime.deploy(account, service, image).catch((error: Error) => {
    throw unavailable(`Service '${service.name}' does not start on this instance: ${error.message}`);
  });
  return context.runtime.poolOf(service.id);
}

/** What an endpoint takes and a sample request, from the model's metadata or the driver's declaration. */
export async function endpointSchema(context: ServiceContext, account: AccountKey, endpoint: Endpoint): Promise<EndpointSchema> {
  const pool = await poolForEndpoint(context, account, endpoint);
  const declared = pool.schema;
  const runtimeType = pool.spec.runtimeType;
  if (declared) return { runtimeType, inputs: declared.inputs, outputs: declared.outputs, sampleRequest: declared.sampleRequest ?? {} };
  return {
    runtimeType,
    inputs: null,
    sampleRequest: {},
  };
}
