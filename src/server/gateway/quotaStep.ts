import type { QuotaPolicy } from '../../api/schemas';
import type { GatewayStep } from './gatewayPipeline';
import { requestBytes, type QuotaCounters } from './quotaCounters';

/** Whole seconds until the quota's window renews; undefined for a quota for life (it never does). */
export function quotaRenewsInS(policy: QuotaPolicy, windowStart: number, now: number): number | undefined {
  if (policy.renewalPeriod === 0) return undefined;
  return Math.max(0, Math.ceil((windowStart + policy.renewalPeriod * 1000 - now) / 1000));
}

/**
 * The quota as a gateway step: a call is counted when let in (its body's bytes too); once the calls or kilobytes of
 * the window are used up, 403 QuotaExceeded with Retry-After (until the window renews; none for a quota for life).
 */
export function quotaStep(quotas: QuotaCounters): GatewayStep {
  return {
    enter({ found: { endpoint }, headers }) {
      const policy = endpoint.quota;
      if (!policy) return undefined;
      const now = Date.now();
      const counter = quotas.counterOf(endpoint.id, policy, now);
      const overCalls = policy.calls !== undefined && counter.calls >= policy.calls;
      const overBytes = policy.kilobytes !== undefined && counter.bytes >= policy.kilobytes * 1024;
      if (!overCalls && !overBytes) {
        quotas.count(endpoint.id, policy, now, 1, requestBytes(headers['content-length']));
        return undefined;
      }
      const renewsIn = quotaRenewsInS(policy, counter.windowStart, now);
      const what = overCalls ? `${policy.calls} calls` : `${policy.kilobytes} kilobytes`;
      const when = renewsIn === undefined ? 'for the endpoint\'s whole life' : `per ${policy.renewalPeriod} seconds`;
      return {
        status: 403,
        code: 'QuotaExceeded',
        message: `Out of call volume quota: endpoint '${endpoint.name}' takes ${what} ${when}.`,
        headers: renewsIn === undefined ? undefined : { 'Retry-After': String(Math.max(1, renewsIn)) },
      };
    },
    cancel({ found: { endpoint }, headers }) {
      if (!endpoint.quota) return;
      quotas.count(endpoint.id, endpoint.quota, Date.now(), -1, -requestBytes(headers['content-length']));
    },
  };
}
