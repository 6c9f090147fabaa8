import { AccessSummary, type SummaryLog } from './accessSummary';
import { Admission, admissionStep } from './admission';
import type { EndpointDirectory } from './endpointDirectory';
import { endpointKeyStep } from './endpointKey';
import { endpointStateStep } from './endpointStateStep';
import { GatewayPipeline } from './gatewayPipeline';
import { QuotaCounters } from './quotaCounters';
import { quotaStep } from './quotaStep';
import { RateLimits, rateLimitStep } from './rateLimit';
import { RateLimitFields } from './rateLimitFields';
import type { QuotaCounterRepository, QuotaCounterRow } from '../store/repositories';
import type { CallRecorder } from '../usage/callRecorder';

/** The data plane's in-memory state, shared by scoring, RRS and BES: no per-call store read, no per-call log line. */
export interface Gateway {
  admission: Admission;
  endpoints: EndpointDirectory;
  access: AccessSummary;
  /** Quota counts, written to the store in batches; `stop()` them before the store closes. */
  quotas: QuotaCounters;
  /** The RateLimit and RateLimit-Policy fields every data-plane answer carries once its endpoint is known. */
  limitFields: RateLimitFields;
  /** The steps every data-plane call passes: key, state, rate limit, quota, then the endpoint's concurrency. */
  pipeline: GatewayPipeline;
  /** Every finished call's usage and request log record, written in batches; `stop()` it before the store closes. */
  calls: CallRecorder;
}

/** Where the gateway keeps quota counts, and what they were when the service last stopped. */
export interface QuotaStore {
  repository: QuotaCounterRepository;
  rows: readonly QuotaCounterRow[];
}

export function createGateway(endpoints: EndpointDirectory, log: SummaryLog & { error(fields: object, message: string): void }, quotaStore: QuotaStore, calls: CallRecorder): Gateway {
  const admission = new Admission();
  const rates = new RateLimits();
  const quotas = new QuotaCounters(quotaStore.repository, quotaStore.rows, (error) => log.error({ err: error }, 'could not write quota counts'));
  return {
    admission,
    endpoints,
    access: new AccessSummary(log),
    quotas,
    limitFields: new RateLimitFields(admission, rates, quotas),
    pipeline: new GatewayPipeline([endpointKeyStep, endpointStateStep, rateLimitStep(rates), quotaStep(quotas), admissionStep(admission)]),
    calls,
  };
}
