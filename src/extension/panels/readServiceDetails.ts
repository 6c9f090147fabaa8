import { maskKey } from '../../api/keyMask';
import type { ServiceDetails } from '../../../webviews/protocol/serviceDetailsProtocol';
import { ModelbayApiError, type AccountClient } from '../../api/client';
import { describeScale } from '../core/describeScale';
import { serviceStatus } from '../core/serviceStatus';

/** What the key fields say to a Reader, who may see the service but not its keys. */
export const KEYS_NEED_CONTRIBUTOR = 'hidden: reading keys needs Contributor';

/** An endpoint's keys, or undefined when the caller's role may not read them (403). */
async function keysOrRefused(client: AccountClient, serviceId: string, endpointName: string) {
  try {
    return await client.services.endpointKeys(serviceId, endpointName);
  } catch (error) {
    if (error instanceof ModelbayApiError && error.statusCode === 403) return undefined;
    throw error;
  }
}

const two = (n: number) => String(n).padStart(2, '0');

/** A deployment record's state in the words the rest of the panel uses (not the API's Succeeded/Failed). */
const DEPLOYMENT_WORDS: Record<string, string> = { NotStarted: 'deploying', Running: 'deploying', Succeeded: 'deployed', Failed: 'failed', Cancelled: 'cancelled' };

/** `2026-11-30 17:41`: local time, short enough for a table column, the same in every locale. */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/**
 * Everything the Service Details panel shows, read fresh from the service; keys only masked (copying happens in the
 * host, not in the webview). The state is in the tree's words (serviceStatus), and scoring URLs are given only while
 * the service can score.
 */
export async function readServiceDetails(client: AccountClient, accountId: string, serviceId: string): Promise<ServiceDetails> {
  const [service, endpoints, deployments, images] = await Promise.all([
    client.services.get(serviceId),
    client.services.endpoints(serviceId),
    client.services.deployments(serviceId),
    client.listImages({ count: 200 }),
  ]);
  const keys = await Promise.all(endpoints.map((e) => keysOrRefused(client, serviceId, e.name)));
  const imageLabel = new Map(images.value.map((i) => [i.id, `${i.name}:${i.version}`]));
  const status = serviceStatus(service);
  return {
    accountId,
    serviceId,
    name: service.name,
    state: status.summary,
    tone: status.tone,
    scores: status.scores,
    error: service.error ? `${service.error.message} (${service.error.code})` : undefined,
    scoringUri: status.scores ? service.scoringUri : undefined,
    replicas: `${service.readyReplicas ?? 0} ready (${describeScale(service)}), ${service.maxConcurrentRequestsPerContainer} calls each`,
    image: service.image ? `${service.image.name}:${service.image.version}` : service.imageId,
    endpoints: endpoints.map((e, i) => ({
      name: e.name,
      description: e.description,
      scoringUri: e.scoringUri,
      maxConcurrentCalls: e.maxConcurrentCalls,
      loggingLevel: e.loggingLevel,
      sampleDataEnabled: e.sampleDataEnabled,
      rateLimit: e.rateLimit,
      quota: e.quota,
      state: e.state ?? 'Active',
      imageId: e.imageId ? (imageLabel.get(e.imageId) ?? e.imageId) : undefined,
      primaryKeyMasked: keys[i] ? maskKey(keys[i].primaryKey) : KEYS_NEED_CONTRIBUTOR,
      secondaryKeyMasked: keys[i] ? maskKey(keys[i].secondaryKey) : KEYS_NEED_CONTRIBUTOR,
    })),
    deployments: deployments.map((d) => ({
      createdAt: shortTime(d.createdAt),
      expiredAt: d.expiredAt ? shortTime(d.expiredAt) : undefined,
      status: DEPLOYMENT_WORDS[d.status] ?? d.status.toLowerCase(),
      image: imageLabel.get(d.imageId) ?? d.imageId,
    })),
    images: images.value.filter((i) => i.creationState === 'Succeeded').map((i) => ({ id: i.id, label: `${i.name}:${i.version}` })),
    // Keys refused means a Reader: every change needs Contributor too.
    readOnly: keys.some((k) => k === undefined) || undefined,
  };
}
