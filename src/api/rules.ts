/**
 * The API's naming rules, limits and defaults, stated once. The schemas (src/api/schemas) give them to the service,
 * the service fills its defaults from them, and the extension's commands and the webview forms check them as the user
 * types (the service remains the judge: it checks them again). No imports: webview bundles include this file.
 */

/** A whole-number setting: its range and the value the service uses when a request leaves it out. */
export interface Limits {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/** Names of models, manifests, images and services: what users type, and what may end up in a folder name. */
export const RESOURCE_NAME = {
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
  maxLength: 255,
  description: 'letters, digits, ".", "_" and "-", starting with a letter or digit',
} as const;

/** One path segment of an account address (subscription, resource group, account name). */
export const ACCOUNT_SEGMENT = { pattern: RESOURCE_NAME.pattern, maxLength: 90 } as const;

/** An endpoint's name: part of its scoring URL. */
export const ENDPOINT_NAME = { pattern: '^[a-z0-9]+$', maxLength: 24, description: '1 to 24 lowercase letters or digits' } as const;

/** An endpoint's max concurrent calls: calls beyond it get 503 RequestThrottled. */
export const MAX_CONCURRENT_CALLS: Limits = { min: 4, max: 200, default: 20 };

/** An endpoint's rate limit: at most `calls` in any `renewalPeriod` seconds (a sliding window); over it: 429. */
export const RATE_LIMIT = {
  // One ring of call times per endpoint: 8 bytes a call, 800 KB at the most (a busy endpoint passes 10,000 a second).
  calls: { min: 1, max: 100_000 },
  renewalPeriod: { min: 1, max: 300 },
} as const satisfies Record<string, Pick<Limits, 'min' | 'max'>>;

/**
 * An endpoint's quota: calls and/or kilobytes per fixed window of `renewalPeriod` seconds, which is 0 (for the
 * endpoint's whole life) or at least `minRenewalPeriod` (shorter windows are what a rate limit is for); over it: 403.
 */
export const QUOTA = { minAmount: 1, minRenewalPeriod: 300 } as const;

/** A service's fixed replica count (numReplicas). */
export const REPLICAS: Limits = { min: 0, max: 16, default: 1 };

/** Calls one replica works on at once (maxConcurrentRequestsPerContainer). */
export const PER_REPLICA_CONCURRENCY: Limits = { min: 1, max: 1000, default: 4 };

/** How long one scoring call may take before it gets 504 BackendScoreTimeout (scoringTimeoutMs). */
export const SCORING_TIMEOUT_MS: Limits = { min: 50, max: 600_000, default: 60_000 };

/** The autoscaler's settings. */
export const AUTOSCALER = {
  minReplicas: { min: 0, max: REPLICAS.max, default: 1 },
  maxReplicas: { min: 1, max: REPLICAS.max, default: 10 },
  targetUtilization: { min: 0, max: 100, default: 70 },
  refreshPeriodInSeconds: { min: 1, max: 3600, default: 1 },
} as const satisfies Record<string, Limits>;

/** The autoscaler settings a service runs with: what it was given, the defaults for the rest. */
export function autoscalerWithDefaults(scaler: { minReplicas?: number; maxReplicas?: number; targetUtilization?: number; refreshPeriodInSeconds?: number }): {
  minReplicas: number;
  maxReplicas: number;
  targetUtilization: number;
  refreshPeriodInSeconds: number;
} {
  return {
    minReplicas: scaler.minReplicas ?? AUTOSCALER.minReplicas.default,
    maxReplicas: scaler.maxReplicas ?? AUTOSCALER.maxReplicas.default,
    targetUtilization: scaler.targetUtilization ?? AUTOSCALER.targetUtilization.default,
    refreshPeriodInSeconds: scaler.refreshPeriodInSeconds ?? AUTOSCALER.refreshPeriodInSeconds.default,
  };
}

const RESOURCE_NAME_REGEX = new RegExp(RESOURCE_NAME.pattern);
const ENDPOINT_NAME_REGEX = new RegExp(ENDPOINT_NAME.pattern);

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function checkResourceName(name: string): string | undefined {
  if (name.length === 0) return 'A name is required.';
  if (!RESOURCE_NAME_REGEX.test(name) || name.length > RESOURCE_NAME.maxLength) return `${sentence(RESOURCE_NAME.description)} (${RESOURCE_NAME.maxLength} at most).`;
  return undefined;
}

export function checkAccountSegment(text: string, what: string): string | undefined {
  if (!RESOURCE_NAME_REGEX.test(text) || text.length > ACCOUNT_SEGMENT.maxLength) return `${what}: ${RESOURCE_NAME.description}, ${ACCOUNT_SEGMENT.maxLength} at most.`;
  return undefined;
}

export function checkEndpointName(name: string, taken: readonly string[] = []): string | undefined {
  if (!ENDPOINT_NAME_REGEX.test(name) || name.length > ENDPOINT_NAME.maxLength) return `${sentence(ENDPOINT_NAME.description)}.`;
  if (taken.includes(name)) return `The service already has an endpoint named ${name}.`;
  return undefined;
}

export function checkWholeNumber(text: string, limits: Pick<Limits, 'min' | 'max'>, what: string): string | undefined {
  if (!/^\d+$/.test(text.trim())) return `${what} must be a whole number.`;
  const value = Number(text);
  if (value < limits.min || value > limits.max) return `${what} must be from ${limits.min} to ${limits.max}.`;
  return undefined;
}

/** A valid resource name made from any text (a model's or a file's name): the allowed characters only. */
export function suggestResourceName(text: string, options: { lowerCase?: boolean; maxLength?: number } = {}): string {
  const base = options.lowerCase ? text.toLowerCase() : text;
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned.slice(0, options.maxLength ?? RESOURCE_NAME.maxLength) || 'model';
}

/** A rate limit's problem (the field it is about, and why), or undefined when the service would take it. */
export function checkRateLimit(calls: string, renewalPeriod: string): { field: 'calls' | 'renewalPeriod'; message: string } | undefined {
  const callsProblem = checkWholeNumber(calls, RATE_LIMIT.calls, 'Calls');
  if (callsProblem) return { field: 'calls', message: callsProblem };
  const periodProblem = checkWholeNumber(renewalPeriod, RATE_LIMIT.renewalPeriod, 'The renewal period');
  if (periodProblem) return { field: 'renewalPeriod', message: `${periodProblem.slice(0, -1)} seconds.` };
  return undefined;
}

/** The quota rule on its renewal period: 0 (for life) or at least QUOTA.minRenewalPeriod seconds. */
export function checkQuotaPeriod(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds < 0 || (seconds !== 0 && seconds < QUOTA.minRenewalPeriod)) {
    return `The renewal period must be 0 (a quota for the endpoint's whole life) or at least ${QUOTA.minRenewalPeriod} seconds.`;
  }
  return undefined;
}

/**
 * A quota's problem as typed (calls and kilobytes may be empty, not both), or undefined when the service would take
 * it. The service checks the same rules (src/server/routes/endpointPolicies.ts).
 */
export function checkQuotaText(calls: string, kilobytes: string, renewalPeriod: string): { field: 'calls' | 'kilobytes' | 'renewalPeriod'; message: string } | undefined {
  const amount = (text: string, what: string) => {
    if (text.trim() === '') return undefined;
    if (!/^\d+$/.test(text.trim())) return `${what} must be a whole number.`;
    return Number(text) < QUOTA.minAmount ? `${what} must be ${QUOTA.minAmount} or more.` : undefined;
  };
  const callsProblem = amount(calls, 'Calls');
  if (callsProblem) return { field: 'calls', message: callsProblem };
  const kilobytesProblem = amount(kilobytes, 'Kilobytes');
  if (kilobytesProblem) return { field: 'kilobytes', message: kilobytesProblem };
  if (calls.trim() === '' && kilobytes.trim() === '') return { field: 'calls', message: 'A quota counts calls, kilobytes or both: fill in at least one.' };
  if (!/^\d+$/.test(renewalPeriod.trim())) return { field: 'renewalPeriod', message: 'The renewal period must be a whole number of seconds.' };
  const periodProblem = checkQuotaPeriod(Number(renewalPeriod));
  return periodProblem ? { field: 'renewalPeriod', message: periodProblem } : undefined;
}
