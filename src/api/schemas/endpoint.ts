import { Type, type Static } from '@sinclair/typebox';
import { ENDPOINT_NAME, MAX_CONCURRENT_CALLS, QUOTA, RATE_LIMIT } from '../rules';
import { Description } from './common';

export const EndpointName = Type.String({ minLength: 1, ...ENDPOINT_NAME });

export const LoggingLevel = Type.Union([Type.Literal('None'), Type.Literal('Error'), Type.Literal('All')]);

export const MaxConcurrentCalls = Type.Integer({ minimum: MAX_CONCURRENT_CALLS.min, maximum: MAX_CONCURRENT_CALLS.max });
export const DEFAULT_MAX_CONCURRENT_CALLS = MAX_CONCURRENT_CALLS.default;

/** At most `calls` calls in any `renewalPeriod` seconds (a sliding window of 1..300 s); over it: 429. */
export const RateLimitPolicy = Type.Object(
  {
    calls: Type.Integer({ minimum: RATE_LIMIT.calls.min, maximum: RATE_LIMIT.calls.max }),
    renewalPeriod: Type.Integer({ minimum: RATE_LIMIT.renewalPeriod.min, maximum: RATE_LIMIT.renewalPeriod.max }),
  },
  { additionalProperties: false },
);
export type RateLimitPolicy = Static<typeof RateLimitPolicy>;

/**
 * At most `calls` calls and/or `kilobytes` of request bodies per fixed window of `renewalPeriod` seconds (300 or
 * more), or for the endpoint's whole life (0); over it: 403. The route checks the rules a schema cannot say.
 */
export const QuotaPolicy = Type.Object(
  {
    calls: Type.Optional(Type.Integer({ minimum: QUOTA.minAmount })),
    kilobytes: Type.Optional(Type.Integer({ minimum: QUOTA.minAmount })),
    renewalPeriod: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type QuotaPolicy = Static<typeof QuotaPolicy>;

/** Suspended: every data-plane call is refused (403), the keys are kept. */
export const EndpointState = Type.Union([Type.Literal('Active'), Type.Literal('Suspended')]);
export type EndpointState = Static<typeof EndpointState>;

export const EndpointCreateRequest = Type.Object(
  {
    name: EndpointName,
    description: Type.Optional(Description),
    maxConcurrentCalls: Type.Optional(MaxConcurrentCalls),
    loggingLevel: Type.Optional(LoggingLevel),
    sampleDataEnabled: Type.Optional(Type.Boolean()),
    /** Pins this endpoint to its own image (a customer's own model) while it stays part of the service. */
    imageId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    rateLimit: Type.Optional(RateLimitPolicy),
    quota: Type.Optional(QuotaPolicy),
    state: Type.Optional(EndpointState),
  },
  { additionalProperties: false },
);
export type EndpointCreateRequest = Static<typeof EndpointCreateRequest>;

export const EndpointUpdateRequest = Type.Object(
  {
    description: Type.Optional(Description),
    maxConcurrentCalls: Type.Optional(MaxConcurrentCalls),
    loggingLevel: Type.Optional(LoggingLevel),
    sampleDataEnabled: Type.Optional(Type.Boolean()),
    /** null unpins: the endpoint follows the service's image again. */
    imageId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
    /** null removes the policy. */
    rateLimit: Type.Optional(Type.Union([RateLimitPolicy, Type.Null()])),
    quota: Type.Optional(Type.Union([QuotaPolicy, Type.Null()])),
    state: Type.Optional(EndpointState),
  },
  { additionalProperties: false },
);
export type EndpointUpdateRequest = Static<typeof EndpointUpdateRequest>;

export const Endpoint = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  serviceId: Type.String(),
  serviceName: Type.String(),
  scoringUri: Type.String(),
  /** The classic RRS address: POST {rrsUri}?api-version=2.0&details=true */
  rrsUri: Type.String(),
  maxConcurrentCalls: Type.Integer(),
  loggingLevel: LoggingLevel,
  sampleDataEnabled: Type.Boolean(),
  imageId: Type.Optional(Type.String()),
  rateLimit: Type.Optional(RateLimitPolicy),
  quota: Type.Optional(QuotaPolicy),
  /** Absent on endpoints written before policies existed: Active. */
  state: Type.Optional(EndpointState),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Endpoint = Static<typeof Endpoint>;

/** What an endpoint takes and a request that works, so clients can generate a valid one. */
export const EndpointSchema = Type.Object({
  runtimeType: Type.String(),
  inputs: Type.Unknown(),
  outputs: Type.Optional(Type.Unknown()),
  sampleRequest: Type.Unknown(),
});
export type EndpointSchema = Static<typeof EndpointSchema>;
