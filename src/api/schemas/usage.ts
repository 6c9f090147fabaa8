import { Type, type Static } from '@sinclair/typebox';

/**
 * Usage analytics of a service or one of its endpoints (issue 12, item 2): `GET {service}/usage` and
 * `GET {service}/endpoints/{name}/usage?from&to&interval`. Calls are counted in API Management's buckets, recorded
 * per minute in the store and summed into the interval asked for.
 */
export const UsageInterval = Type.Union([Type.Literal('PT1M'), Type.Literal('PT1H'), Type.Literal('P1D')]);
export type UsageInterval = Static<typeof UsageInterval>;

/** The query: ISO 8601 times (`from` inclusive, `to` exclusive); defaults: the last 24 hours, PT1H. */
export const UsageQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    interval: Type.Optional(UsageInterval),
  },
  { additionalProperties: false },
);
export type UsageQuery = Static<typeof UsageQuery>;

/**
 * Calls by outcome; each call is in exactly one of these, so they sum to `total`. success: status <= 301, 304, 307;
 * blocked: 401, 403, 429; throttled: 503 (the endpoint's concurrency, RequestThrottled, and the replicas' own
 * queue); failed: 400 and 5xx other than 503; other: any other status (404, 413, 415...).
 */
export const UsageCalls = Type.Object({
  total: Type.Integer(),
  success: Type.Integer(),
  blocked: Type.Integer(),
  throttled: Type.Integer(),
  failed: Type.Integer(),
  other: Type.Integer(),
  /** Request-response calls (raw, V2 and RRS scoring) and batch calls (BES submit, start, status, delete, list). */
  rrs: Type.Integer(),
  bes: Type.Integer(),
});
export type UsageCalls = Static<typeof UsageCalls>;

/** Milliseconds. Percentiles come from a mergeable histogram (log buckets), within a few percent of the exact value. */
export const LatencySummary = Type.Object({
  count: Type.Integer(),
  avg: Type.Number(),
  min: Type.Number(),
  max: Type.Number(),
  p50: Type.Number(),
  p95: Type.Number(),
  p99: Type.Number(),
});
export type LatencySummary = Static<typeof LatencySummary>;

export const UsageFigures = Type.Object({
  calls: UsageCalls,
  /** The whole call, from its first byte in to its answer written; absent when there was no call. */
  latency: Type.Optional(LatencySummary),
  /** The time in the model (the replica's scoring) of the calls that reached one; absent when none did. */
  modelLatency: Type.Optional(LatencySummary),
  /** Request and response body bytes. */
  bytesIn: Type.Integer(),
  bytesOut: Type.Integer(),
});
export type UsageFigures = Static<typeof UsageFigures>;

/** One interval: `time` is its start. Intervals without a call are left out. */
export const UsageBucket = Type.Intersect([Type.Object({ time: Type.String() }), UsageFigures]);
export type UsageBucket = Static<typeof UsageBucket>;

export const UsageReport = Type.Object({
  serviceId: Type.String(),
  /** Present for an endpoint's report; a service's report sums all its endpoints. */
  endpointName: Type.Optional(Type.String()),
  from: Type.String(),
  to: Type.String(),
  interval: UsageInterval,
  buckets: Type.Array(UsageBucket),
  totals: UsageFigures,
  /** How long the store keeps per-minute figures (the service's usageRetentionDays). */
  retentionDays: Type.Integer(),
});
export type UsageReport = Static<typeof UsageReport>;
