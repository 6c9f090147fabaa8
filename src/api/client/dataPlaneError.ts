import { errorResponseOf, ModelbayApiError, ModelbayConnectionError } from './errors';

/**
 * The error a data-plane answer (scoring, RRS, BES) carries: the classic `{"error": {code, message, details}}`, or the
 * management API's ErrorResponse (a proxy or an older service), as a ModelbayApiError; anything else (a proxy's
 * page, an empty 502) as a ModelbayConnectionError with the status.
 */
export function readDataPlaneError(status: number, text: string, method: string, url: string): Error {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = errorResponseOf(body);
  if (error) return new ModelbayApiError(status, error, method, url);
  return new ModelbayConnectionError(`${method} ${url} answered ${status} without an error body`, url);
}
