// What the bench deploys on the Modelbay service, and F's first half: the time from POST /services to Succeeded
// for each runtime, measured on the deploys the bench needs anyway.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ModelbayApiError, type AccountClient } from '../../../src/api/client';
import type { AuthKeys, Image, ServiceCreateRequest } from '../../../src/api/schemas';
import { behaviourDriver, buildImage } from '../../server/helpers/deploy';
import { REPO } from './processes';

export const IRIS_MODEL = path.join(REPO, 'samples/onnx-classifier/iris-classifier.onnx');
export const HASHING_PY = path.join(REPO, 'samples/feature-hashing/score.py');
export const HASHING_JS = path.join(REPO, 'samples/feature-hashing/score.js');

export interface Target {
  url: string;
  key: string;
  endpointId: string;
}

export interface Deployments {
  iris1: Target;
  /**
   * Another endpoint of iris1 with every policy on (limits high enough never to refuse) and every call logged;
   * none on a baseline build older than endpoint policies.
   */
  iris1Policies?: Target;
  iris2: Target;
  python1: Target;
  python2: Target;
  /** A Node driver that sleeps when asked ({"sleep": ms}): holds an endpoint's places for E's refusals. */
  sleeper: Target;
  /** ms from POST /services to Succeeded, per runtime (first deploy of each). */
  toSucceeded: Record<'Onnx' | 'Node' | 'Python', number>;
}

export async function deploy(account: AccountClient, image: Image, name: string, settings: Partial<ServiceCreateRequest>): Promise<Target & { ms: number; serviceId: string }> {
  const started = performance.now();
  const service = await account.services.createAndWait(
    { name, imageId: image.id, computeResource: { id: 'local', type: 'Cluster' }, ...settings },
    { intervalMs: 5, timeoutMs: 60_000 },
  );
  const ms = performance.now() - started;
  const endpoint = await account.services.endpoint(service.id, 'default');
  const keys: AuthKeys = await account.services.keys(service.id);
  return { url: endpoint.scoringUri, key: keys.primaryKey, endpointId: endpoint.id, ms, serviceId: service.id };
}

/**
 * An endpoint with a rate limit, a quota (calls and kilobytes) and loggingLevel All, set so that none refuses at the
 * bench's rates: beside its service's default endpoint, what the policies and the request log cost per call (usage
 * is recorded on every endpoint).
 */
async function endpointWithPolicies(account: AccountClient, serviceId: string): Promise<Target> {
  const endpoint = await account.services.createEndpoint(serviceId, {
    name: 'policies',
    rateLimit: { calls: 100_000, renewalPeriod: 1 }, // the most a rate limit takes: 10,000/s refused some at c20
    quota: { calls: 1_000_000_000, kilobytes: 1_000_000_000, renewalPeriod: 300 },
    loggingLevel: 'All',
  });
  const keys = await account.services.endpointKeys(serviceId, 'policies');
  return { url: endpoint.scoringUri, key: keys.primaryKey, endpointId: endpoint.id };
}

/**
 * Iris (Onnx) with one and two replicas, the feature-hashing driver (Python) with one and two, and the same driver
 * on Node for F. Per-replica concurrency 20 (the endpoint's default maxConcurrentCalls), so the gateway's
 * admission, not a replica's queue, is the only limit at concurrency 20.
 */
export async function deployAll(account: AccountClient): Promise<Deployments> {
  const iris = await buildImage(account, 'iris', 'Onnx', {}, { model: { file: 'iris.onnx', content: await fs.readFile(IRIS_MODEL) } });
  const py = await buildImage(account, 'hashpy', 'Python', { 'score.py': await fs.readFile(HASHING_PY) }, { driver: 'score.py' });
  const js = await buildImage(account, 'hashjs', 'Node', { 'score.js': await fs.readFile(HASHING_JS) }, { driver: 'score.js' });
  const wide = { maxConcurrentRequestsPerContainer: 20 };
  const iris1 = await deploy(account, iris, 'iris1', { ...wide, numReplicas: 1 });
  const node = await deploy(account, js, 'hashjs', { ...wide, numReplicas: 1 });
  const python1 = await deploy(account, py, 'hashpy1', { ...wide, numReplicas: 1 });
  const iris2 = await deploy(account, iris, 'iris2', { ...wide, numReplicas: 2 });
  const python2 = await deploy(account, py, 'hashpy2', { ...wide, numReplicas: 2 });
  const sleepy = await buildImage(account, 'sleeper', 'Node', { 'score.js': behaviourDriver('bench') }, { driver: 'score.js' });
  const sleeper = await deploy(account, sleepy, 'sleeper', { ...wide, numReplicas: 1 });
  const iris1Policies = await endpointWithPolicies(account, iris1.serviceId).catch((error: unknown) => {
    // A build from before endpoint policies (a BENCH_BASELINE) refuses them as unknown fields: its row is left out.
    if (!(error instanceof ModelbayApiError) || error.statusCode !== 400) throw error;
    console.log(`(a build refused endpoint policies, so it has no policies row: ${error.message})`);
    return undefined;
  });
  return { iris1, iris1Policies, iris2, python1, python2, sleeper, toSucceeded: { Onnx: iris1.ms, Node: node.ms, Python: python1.ms } };
}
