import type { UsageInterval, UsageReport } from '../../src/api/schemas/usage';
import { hasShape, isString, type Method, type ParamsCheck } from './rpc';

/** The time ranges the dashboard offers, each with the interval its charts are bucketed in. */
export const USAGE_RANGES = {
  hour: { label: 'Last hour', ms: 60 * 60_000, interval: 'PT1M' },
  day: { label: 'Last 24 hours', ms: 24 * 60 * 60_000, interval: 'PT1H' },
  week: { label: 'Last 7 days', ms: 7 * 24 * 60 * 60_000, interval: 'P1D' },
} as const satisfies Record<string, { label: string; ms: number; interval: UsageInterval }>;
export type UsageRange = keyof typeof USAGE_RANGES;

/** An interval's length in milliseconds. */
export const INTERVAL_MS: Record<UsageInterval, number> = { PT1M: 60_000, PT1H: 60 * 60_000, P1D: 24 * 60 * 60_000 };

export interface UsageInit {
  serviceName: string;
  endpoints: string[];
}

/** What to show: the whole service (endpoint null) or one endpoint, over one range ending now. */
export interface UsageSelection {
  endpoint: string | null;
  range: UsageRange;
}

export type UsageMethods = {
  /** The report for the selection; a refusal (service gone, no right to read it) is the error. */
  load: Method<UsageSelection, UsageReport>;
};

/**
 * The service's endpoints changed (one added or removed), the service is gone, or the panel was hidden or shown again
 * (auto-refresh reads nothing while nobody can see it).
 */
export type UsageEvent = { kind: 'endpoints'; endpoints: string[] } | { kind: 'gone'; message: string } | { kind: 'visible'; visible: boolean };

const isRange = (v: unknown): v is UsageRange => typeof v === 'string' && Object.hasOwn(USAGE_RANGES, v);

export const usageParamsCheck: ParamsCheck<UsageMethods> = {
  load: (p): p is UsageSelection => hasShape(p, { endpoint: (v) => v === null || isString(v), range: isRange }),
};
