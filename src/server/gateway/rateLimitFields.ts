import type { ServerResponse } from 'node:http';
import type { Endpoint } from '../../api/schemas';
import type { Admission } from './admission';
import type { ScoringEndpoint } from './endpointDirectory';
import type { QuotaCounters } from './quotaCounters';
import { quotaRenewsInS } from './quotaStep';
import type { RateLimits } from './rateLimit';

/**
 * The endpoint's policies as the `RateLimit-Policy` field of draft-ietf-httpapi-ratelimit-headers: one item per
 * policy, `"name";q=<quota>;w=<window s>` (concurrency has no window; a quota for life has w=0). Made once per
 * endpoint when the directory reads it, not per call.
 */
export function policyField(endpoint: Endpoint): string {
  const items = [`"concurrency";q=${endpoint.maxConcurrentCalls}`];
  if (endpoint.rateLimit) items.push(`"rate";q=${endpoint.rateLimit.calls};w=${endpoint.rateLimit.renewalPeriod}`);
  const { quota } = endpoint;
  if (quota?.calls !== undefined) items.push(`"quota";q=${quota.calls};w=${quota.renewalPeriod}`);
  if (quota?.kilobytes !== undefined) items.push(`"quota-bytes";q=${quota.kilobytes * 1024};qu="content-bytes";w=${quota.renewalPeriod}`);
  return items.join(', ');
}

/**
 * The `RateLimit` field: what is left of each policy right now (`r`) and in how many seconds it renews (`t`), so a
 * client sees how much it may still send before it is refused. One string per call, nothing else allocated.
 */
export class RateLimitFields {
  constructor(
    private readonly admission: Admission,
    private readonly rates: RateLimits,
    private readonly quotas: QuotaCounters,
  ) {}

  remaining({ endpoint }: ScoringEndpoint): string {
    const now = Date.now();
    let field = `"concurrency";r=${Math.max(0, endpoint.maxConcurrentCalls - this.admission.inFlight(endpoint.id))}`;
    if (endpoint.rateLimit) field += `, ${this.rates.field(endpoint.id, endpoint.rateLimit, now)}`;
    const { quota } = endpoint;
    if (quota) {
      const counter = this.quotas.counterOf(endpoint.id, quota, now);
      const renewsIn = quotaRenewsInS(quota, counter.windowStart, now);
      const t = renewsIn === undefined ? '' : `;t=${renewsIn}`;
      if (quota.calls !== undefined) field += `, "quota";r=${Math.max(0, quota.calls - counter.calls)}${t}`;
      if (quota.kilobytes !== undefined) field += `, "quota-bytes";r=${Math.max(0, quota.kilobytes * 1024 - counter.bytes)}${t}`;
    }
    return field;
  }

  /** Sets both fields on an answer not yet written (merged with the headers the answer is written with). */
  write(response: ServerResponse, found: ScoringEndpoint): void {
    if (response.headersSent) return;
    response.setHeader('RateLimit-Policy', found.policyField);
    response.setHeader('RateLimit', this.remaining(found));
  }
}
