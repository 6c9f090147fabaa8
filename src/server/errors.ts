import type { ErrorDetail, ErrorResponse } from '../api/schemas';

/** An error the service answers on purpose: it becomes an ErrorResponse with this status. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toResponse(): ErrorResponse {
    const body: ErrorResponse = { code: this.code, message: this.message, statusCode: this.statusCode };
    if (this.details && this.details.length > 0) body.details = this.details;
    return body;
  }
}

export function badRequest(code: string, message: string, details?: ErrorDetail[]): ApiError {
  return new ApiError(400, code, message, details);
}

export function notFound(kind: string, id: string): ApiError {
  return new ApiError(404, `${kind}NotFound`, `${kind} '${id}' was not found.`);
}

export function unauthorized(message: string): ApiError {
  return new ApiError(401, 'Unauthorized', message, undefined, { 'WWW-Authenticate': 'Bearer' });
}
