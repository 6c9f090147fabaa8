import { Type, type Static } from '@sinclair/typebox';
import { ENDPOINT_NAME, MAX_CONCURRENT_CALLS } from '../rules';
import { Description } from './common';

export const EndpointName = Type.String({ minLength: 1, ...ENDPOINT_NAME });

export const LoggingLevel = Type.Union([Type.Literal('None'), Type.Literal('Error'), Type.Literal('All')]);

export const MaxConcurrentCalls = Type.Integer({ minimum: MAX_CONCURRENT_CALLS.min, maximum: MAX_CONCURRENT_CALLS.max });
export const DEFAULT_MAX_CONCURRENT_CALLS = MAX_CONCURRENT_CALLS.default;

export const EndpointCreateRequest = Type.Object(
  {
    name: EndpointName,
    description: Type.Optional(Description),
    maxConcurrentCalls: Type.Optional(MaxConcurrentCalls),
    loggingLevel: Type.Optional(LoggingLevel),
    sampleDataEnabled: Type.Optional(Type.Boolean()),
    /** Pins this endpoint to its own image (a customer's own model) while it stays part of the service. */
    imageId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
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
