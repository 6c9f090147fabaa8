import type { IncomingHttpHeaders } from 'node:http';
import type { ScoringEndpoint } from '../gateway/endpointDirectory';
import type { Refusal } from '../gateway/refusal';
import type { CallKind } from './usageFigures';

/**
 * One data-plane call as it goes: made when its endpoint is known, filled in by whoever learns something (the body's
 * size, the time in the model, the error answered), and reported once when the answer is known. One small object per
 * call, with every field set here so all calls share one shape; bodies are only kept when the endpoint samples them.
 */
export class CallTrace {
  /** Request body bytes. */
  bytesIn = 0;
  /** Response body bytes. */
  bytesOut = 0;
  /** Time in the model, when the call reached a replica; -1 when it did not. */
  modelMs = -1;
  /** The refusal or failure the caller got, for a call that was not answered 2xx. */
  error: Refusal | undefined = undefined;
  /** The bodies as text, only when `sampled`. */
  requestBody: string | undefined = undefined;
  responseBody: string | undefined = undefined;
  /** The endpoint keeps the bodies of the calls it logs (sampleDataEnabled, and a logging level other than None). */
  readonly sampled: boolean;

  constructor(
    readonly found: ScoringEndpoint,
    readonly kind: CallKind,
    readonly method: string,
    /** The address as called, query included (the record keeps the path only). */
    readonly url: string,
    readonly headers: IncomingHttpHeaders,
    readonly queryKey: string | undefined,
    /** performance.now() when the call's first byte arrived. */
    readonly started: number,
  ) {
    const { endpoint } = found;
    this.sampled = endpoint.sampleDataEnabled && endpoint.loggingLevel !== 'None';
  }
}
