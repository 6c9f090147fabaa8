import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorDetail, ErrorResponse } from '../api/schemas';
import { ApiError } from './errors';
import type { PathHider } from './serverPaths';

/** fastify's own client-error codes, each given a code and wording a user can act on. */
const unsupportedType = (request: FastifyRequest) =>
  `Content-Type '${request.headers['content-type'] ?? ''}' is not accepted here; send application/json.`;

const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; code: string; message?: (request: FastifyRequest) => string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'InvalidJson' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'InvalidJson', message: () => 'The request body is empty; a JSON body is required.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PayloadTooLarge', message: () => 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UnsupportedMediaType', message: unsupportedType },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: 'UnsupportedMediaType', message: unsupportedType },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'InvalidContentLength' },
};

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** Turns one ajv issue into a detail naming the field, e.g. `body/targetRuntime/runtimeType must be one of ...`. */
function describeIssue(context: string, issue: ValidationIssue): ErrorDetail {
  const path = (issue.instancePath ?? '').replace(/^\//, '');
  let where = path ? `${context}/${path}` : context;
  let message = issue.message ?? 'is invalid';
  const params = issue.params ?? {};
  if (issue.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    message = `has an unknown property '${params.additionalProperty}'`;
  } else if (issue.keyword === 'required' && typeof params.missingProperty === 'string') {
    where = `${where}/${params.missingProperty}`;
    message = 'is required';
  } else if (issue.keyword === 'const' && params.allowedValue !== undefined) {
    message = `must be ${JSON.stringify(params.allowedValue)}`;
  }
  return { code: issue.keyword === 'required' ? 'MissingField' : 'InvalidField', message: `${where} ${message}` };
}

/** Collapses an anyOf over literals (a TypeBox union of strings) into one "must be one of" detail. */
function validationDetails(context: string, issues: ValidationIssue[]): ErrorDetail[] {
  const literals = new Map<string, unknown[]>();
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    const path = issue.instancePath ?? '';
    if (issue.keyword === 'const') {
      literals.set(path, [...(literals.get(path) ?? []), issue.params?.allowedValue]);
      continue;
    }
    if (issue.keyword === 'anyOf' && literals.has(path)) continue;
    details.push(describeIssue(context, issue));
  }
  for (const [path, allowed] of literals) {
    const field = path.replace(/^\//, '');
    const where = field ? `${context}/${field}` : context;
    const message =
      allowed.length === 1
        ? `${where} must be ${JSON.stringify(allowed[0])}`
        : `${where} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
    details.unshift({ code: 'InvalidField', message });
  }
  return details;
}

function toErrorResponse(
  error: FastifyError & { validation?: ValidationIssue[]; validationContext?: string },
  request: FastifyRequest,
): {
  status: number;
  body: ErrorResponse;
  headers?: Record<string, string>;
} {
  if (error instanceof ApiError) return { status: error.statusCode, body: error.toResponse(), headers: error.headers };
  if (error.validation) {
    const part = error.validationContext === 'querystring' ? 'query' : error.validationContext ?? 'request';
    const details = validationDetails(part, error.validation);
    const message = details.map((d) => d.message).join('; ');
    return { status: 400, body: { code: 'InvalidRequest', message, details, statusCode: 400 } };
  }
  const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
  if (known) {
    return { status: known.status, body: { code: known.code, message: known.message?.(request) ?? error.message, statusCode: known.status } };
  }
  if (error instanceof SyntaxError) {
    return { status: 400, body: { code: 'InvalidJson', message: `The request body is not valid JSON: ${error.message}`, statusCode: 400 } };
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status < 500) return { status, body: { code: 'BadRequest', message: error.message, statusCode: status } };
  return { status: 500, body: { code: 'InternalError', message: 'The service failed to handle the request; see its log.', statusCode: 500 } };
}

/** The same error with every message (its own and its details') rid of server paths. */
export function withoutServerPaths(body: ErrorResponse, hidePaths: PathHider): ErrorResponse {
  return {
    ...body,
    message: hidePaths(body.message),
    ...(body.details ? { details: body.details.map((d) => ({ ...d, message: hidePaths(d.message) })) } : {}),
  };
}

/**
 * An error answered before the request's body was read whole (refused from its Content-Length, or half-way through a
 * streamed upload) closes its connection: the unread rest cannot be told from a next request, and a keep-alive client
 * would send its next call into a connection that never answers.
 */
export function closeIfBodyUnread(request: FastifyRequest, reply: FastifyReply): void {
  if (!request.raw.complete) void reply.header('Connection', 'close');
}

/** One error handler for the whole service: every 4xx/5xx leaves as an ErrorResponse. */
export function installErrorHandling(app: FastifyInstance, hidePaths: PathHider): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const response = toErrorResponse(error, request);
    const { status, headers } = response;
    const body = withoutServerPaths(response.body, hidePaths);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, status }, body.message);
    if (headers) void reply.headers(headers);
    closeIfBodyUnread(request, reply);
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorResponse = {
      code: 'RouteNotFound',
      message: `No route ${request.method} ${request.url.split('?')[0]}.`,
      statusCode: 404,
    };
    return reply.status(404).send(body);
  });
}
