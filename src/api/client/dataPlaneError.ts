import type { ErrorDetail } from '../schemas';
import { isErrorResponse, ModelbayApiError, ModelbayConnectionError } from './errors';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function detailsOf(value: unknown): ErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.filter((d): d is ErrorDetail => isRecord(d) && typeof d.code === 'string' && typeof d.message === 'string');
}

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
  if (isRecord(body) && isRecord(body.error) && typeof body.error.code === 'string') {
    const { code, message } = body.error;
    return new ModelbayApiError(status, { code, message: typeof message === 'string' ? message : code, details: detailsOf(body.error.details) }, method, url);
  }
  if (isErrorResponse(body)) return new ModelbayApiError(status, body, method, url);
  return new ModelbayConnectionError(`${method} ${url} answered ${status} without an error body`, url);
}
