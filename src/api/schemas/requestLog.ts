import { Type, type Static } from '@sinclair/typebox';
import { Paginated } from './common';

/**
 * An endpoint's request log (issue 12, item 3): what its `loggingLevel` keeps (`None` nothing, `Error` the calls
 * that failed or were refused, `All` every call), newest first, paged by `GET {service}/endpoints/{name}/logs`
 * (`$top`, `$skipToken` as other lists; `status=error` keeps only failures). Bounded per endpoint by count and bytes:
 * the oldest records go first. A key never appears in a record: not in the path (the `subscription-key` query
 * parameter is removed), not in a header (none is kept), not in a body.
 */
export const RequestLogRecord = Type.Object({
  /** Increasing per endpoint: a later call has a larger id. */
  id: Type.String(),
  time: Type.String(),
  endpointName: Type.String(),
  kind: Type.Union([Type.Literal('RRS'), Type.Literal('BES')]),
  method: Type.String(),
  /** The path the call addressed, without its query string. */
  path: Type.String(),
  status: Type.Integer(),
  durationMs: Type.Number(),
  /** Time in the model, when the call reached a replica. */
  modelMs: Type.Optional(Type.Number()),
  requestBytes: Type.Integer(),
  responseBytes: Type.Integer(),
  /** The classic error the caller got (code and message), for an answer that was not 2xx. */
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  /** Only when the endpoint's sampleDataEnabled is on: the bodies as text, each cut at the sample limit. */
  requestBody: Type.Optional(Type.String()),
  responseBody: Type.Optional(Type.String()),
  /** True when a body above was cut. */
  truncated: Type.Optional(Type.Boolean()),
});
export type RequestLogRecord = Static<typeof RequestLogRecord>;

export const RequestLogPage = Paginated(RequestLogRecord);
export type RequestLogPage = Static<typeof RequestLogPage>;
