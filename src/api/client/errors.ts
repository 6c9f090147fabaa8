import type { ErrorDetail, ErrorResponse } from '../schemas';

/** The service answered with an ErrorResponse (4xx/5xx): its status, code, message and details. */
export class ModelbayApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(statusCode: number, body: ErrorResponse, readonly method: string, readonly url: string) {
    super(body.message);
    this.name = 'ModelbayApiError';
    this.statusCode = statusCode;
    this.code = body.code;
    this.details = body.details ?? [];
  }
}

/** The service could not be reached, or answered something that is not the API (a proxy page, a timeout). */
export class ModelbayConnectionError extends Error {
  constructor(message: string, readonly url: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'ModelbayConnectionError';
  }
}

/** An operation ended in Failed or Cancelled; `error` is what the service said. */
export class ModelbayOperationError extends Error {
  constructor(readonly operationId: string, readonly state: string, readonly error?: ErrorResponse) {
    super(error ? `${error.code}: ${error.message}` : `operation ${operationId} ended ${state}`);
    this.name = 'ModelbayOperationError';
  }
}

export function isErrorResponse(value: unknown): value is ErrorResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorResponse).code === 'string' &&
    typeof (value as ErrorResponse).message === 'string'
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function detailsOf(value: unknown): ErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.filter((d): d is ErrorDetail => isRecord(d) && typeof d.code === 'string' && typeof d.message === 'string');
}

/**
 * The error an answer's body carries, in either shape the service sends: the management API's ErrorResponse
 * `{code, message, details, statusCode}`, or the data plane's classic `{"error": {code, message, details}}`
 * (scoring, RRS and BES, as the classic services answered). Undefined when the body is neither.
 */
export function errorResponseOf(body: unknown): ErrorResponse | undefined {
  if (isRecord(body) && isRecord(body.error) && typeof body.error.code === 'string') {
    const { code, message, details } = body.error;
    return { code, message: typeof message === 'string' ? message : code, details: detailsOf(details) };
  }
  return isErrorResponse(body) ? body : undefined;
}
