import type { ServerResponse } from 'node:http';
import { writeJsonAnswer } from './dataPlaneAnswer';

/**
 * Why a data-plane call (RRS, raw scoring, BES) is not let in, or failed: an answer to send. A plain object: no
 * exception, no stack trace, because refusals are frequent under load.
 */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
  /**
   * The body, made once when the refusal is (see `preparedRefusal`): a refusal the gateway sends thousands of times
   * a second under load (the endpoint full) is not serialized again for every call.
   */
  readonly body?: string;
}

/**
 * A refusal written by the gateway itself, its body serialized now: for refusals made once and sent many times. Its
 * message is the gateway's own text (no replica message, so no path to hide).
 */
export function preparedRefusal(refusal: Refusal): Refusal {
  return { ...refusal, body: classicErrorBody(refusal, (text) => text) };
}

/**
 * The body of a data-plane error, in the classic services' shape `{"error": {code, message, details}}`: classic
 * clients read `error.code` and fail on anything else. (The management API keeps its ErrorResponse.) Messages from a
 * replica can name files, so every message leaves through hidePaths.
 */
export function classicErrorBody(refusal: Refusal, hidePaths: (text: string) => string): string {
  const message = hidePaths(refusal.message);
  return JSON.stringify({ error: { code: refusal.code, message, details: [{ code: refusal.code, message }] } });
}

/**
 * Sends a refusal or failure at once, in the classic shape, without fastify's reply or error handler: refusals are
 * answers, frequent under load, and an exception's stack trace plus a log line cost more than the call refused.
 * A fastify route (BES) sends one with `reply.hijack()` and `writeRefusal(reply.raw, ...)`. Answers the body's bytes.
 */
export function writeRefusal(res: ServerResponse, refusal: Refusal, hidePaths: (text: string) => string): number {
  return writeJsonAnswer(res, refusal.status, refusal.body ?? classicErrorBody(refusal, hidePaths), refusal.headers);
}

export const RETRY_SOON = { 'Retry-After': '1' };

export const unknownEndpoint = (endpointId: string): Refusal => ({ status: 404, code: 'EndpointNotFound', message: `No endpoint ${endpointId}.` });
