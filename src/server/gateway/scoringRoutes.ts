import { Type } from '@sinclair/typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context';
import { ApiError } from '../errors';
import { workspaceIdOf } from '../routes/accountScope';
import type { AccessSummary } from './accessSummary';
import type { Admission } from './admission';
import type { EndpointDirectory, ScoringEndpoint } from './endpointDirectory';
import { endpointSchema, poolForEndpoint, runningPool } from './endpointPools';
import { keyRefusal } from './endpointKey';
import type { Refusal } from './refusal';

const EndpointId = Type.String({ pattern: '^[0-9a-f-]{36}$' });

export interface Gateway {
  admission: Admission;
  endpoints: EndpointDirectory;
  access: AccessSummary;
}

const RETRY_SOON = { 'Retry-After': '1' };

function scoringError({ status, code, message, headers }: Refusal): ApiError {
  return new ApiError(status, code, message, [{ code, message }], headers);
}

const unknownEndpoint = (endpointId: string): Refusal => ({ status: 404, code: 'EndpointNotFound', message: `No endpoint ${endpointId}.` });

/** The endpoint a data-plane call addresses, after its key was checked: from memory, read once after a change. */
async function authorize(endpoints: EndpointDirectory, request: FastifyRequest, endpointId: string): Promise<ScoringEndpoint> {
  const found = endpoints.cached(endpointId) ?? (await endpoints.load(endpointId));
  if (!found) throw scoringError(unknownEndpoint(endpointId));
  const refused = keyRefusal(request.headers, found);
  if (refused) throw scoringError(refused);
  return found;
}

/**
 * Sends a refusal or failure as an ErrorResponse at once, not through the error handler: refusals are answers,
 * frequent under load, and an exception's stack trace plus the handler's log line cost more than the call refused.
 * Messages from a replica can name files, so every message leaves through hidePaths like the error handler's.
 */
function errorBody(refusal: Refusal, hidePaths: (text: string) => string): string {
  const message = hidePaths(refusal.message);
  return JSON.stringify({ code: refusal.code, message, details: [{ code: refusal.code, message }], statusCode: refusal.status });
}

function refuse(reply: FastifyReply, refusal: Refusal, hidePaths: (text: string) => string) {
  if (refusal.headers) void reply.headers(refusal.headers);
  return reply.code(refusal.status).type('application/json; charset=utf-8').send(errorBody(refusal, hidePaths));
}

/**
 * A refusal at the door (401, 404, 503 RequestThrottled) written straight to the socket: under overload these are
 * most of the calls, and fastify's reply and onSend hooks were half of what one cost. The headers are those every
 * answer of the service carries.
 */
function refuseAtOnce(reply: FastifyReply, refusal: Refusal, hidePaths: (text: string) => string): void {
  const body = errorBody(refusal, hidePaths);
  reply.hijack();
  reply.raw.writeHead(refusal.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...refusal.headers,
  });
  reply.raw.end(body);
}

/**
 * The data plane: `POST /score/{endpoint}` (raw JSON, V2 tensors for Onnx, or RRS tables), the classic RRS address
 * `POST /workspaces/{ws}/services/{endpoint}/execute`, and `GET /score/{endpoint}/schema`. Every call needs the
 * endpoint's key; calls over the endpoint's maxConcurrentCalls are refused at once with 503 RequestThrottled.
 * Per call nothing is read from the store and nothing is logged (an AccessSummary counts the answers); the body
 * is handed on as text, parsed once by the replica side.
 */
export function scoringRoutes(app: FastifyInstance, context: ServiceContext, gateway: Gateway): void {
  const { admission, endpoints, access } = gateway;
  const scoped = new WeakMap<FastifyRequest, ScoringEndpoint>();

  /** Lets the call in, or says why not: key, then the endpoint's place count. */
  const enter = (request: FastifyRequest, reply: FastifyReply, found: ScoringEndpoint): Refusal | undefined => {
    const refused = keyRefusal(request.headers, found);
    if (refused) return refused;
    const { endpoint } = found;
    if (!admission.tryEnter(endpoint.id, endpoint.maxConcurrentCalls)) {
      const message = `Request was throttled for ${endpoint.name} endpoint. The maximum concurrency for the endpoint is ${endpoint.maxConcurrentCalls}`;
      return { status: 503, code: 'RequestThrottled', message, headers: RETRY_SOON };
    }
    // 'close' comes once the answer is sent, or when the caller went away first: the place is given back either way,
    // and the answer counted (one listener per call does both; no onResponse hook).
    reply.raw.once('close', () => {
      admission.leave(endpoint.id);
      access.record(reply.statusCode, reply.elapsedTime);
    });
    scoped.set(request, found);
    return undefined;
  };

  // A callback hook, not an async one: the usual call (endpoint in memory) is admitted without a promise, and a
  // refused one is answered from here (the call goes no further; done is not called).
  const admit = (request: FastifyRequest<{ Params: { endpointId: string } }>, reply: FastifyReply, done: (error?: Error) => void) => {
    const endpointId = request.params.endpointId;
    const tryEnter = (found: ScoringEndpoint | undefined) => {
      let refused: Refusal | undefined;
      try {
        refused = found ? enter(request, reply, found) : unknownEndpoint(endpointId);
      } catch (error) {
        return done(error as Error); // a fault, not a refusal: the error handler answers and logs it
      }
      if (!refused) return done();
      access.record(refused.status, reply.elapsedTime);
      refuseAtOnce(reply, refused, context.hidePaths);
    };
    const cached = endpoints.cached(endpointId);
    if (cached) tryEnter(cached);
    else endpoints.load(endpointId).then(tryEnter, done);
  };

  const score = async (request: FastifyRequest, reply: FastifyReply, tablesOnly: boolean, details: boolean) => {
    const { endpoint, account } = scoped.get(request)!;
    const pool = runningPool(context, endpoint) ?? (await poolForEndpoint(context, account, endpoint));
    const result = await pool.score({ text: request.body as string | undefined, tablesOnly, details });
    if (result.ok) return reply.type('application/json').send(result.text);
    // A model's or driver's own failure is a fault worth a line; refusals and timeouts are counted, not logged.
    if (result.status === 500) request.log.error({ endpoint: endpoint.name, code: result.code }, context.hidePaths(result.message));
    return refuse(reply, { ...result, headers: result.status === 503 ? RETRY_SOON : undefined }, context.hidePaths);
  };

  // Scoring calls are counted, not logged one by one: logLevel warn keeps fastify's per-request lines and the 4xx
  // lines of the error handler out (5xx, real faults, are still logged), and every call shares one such logger
  // instead of fastify making a child logger per request.
  let quiet: FastifyBaseLogger | undefined;
  const options = {
    bodyLimit: context.config.maxScoringBytes,
    onRequest: admit,
    logLevel: 'warn' as const,
    childLoggerFactory: (logger: FastifyBaseLogger, _bindings: object, childOptions: object) => (quiet ??= logger.child({ plane: 'scoring' }, childOptions)),
  };

  app.post<{ Params: { endpointId: string }; Querystring: { details?: string } }>(
    '/score/:endpointId',
    { ...options, schema: { params: Type.Object({ endpointId: EndpointId }) } },
    (request, reply) => score(request, reply, false, request.query.details === 'true'),
  );

  app.post<{ Params: { workspaceId: string; endpointId: string }; Querystring: { details?: string } }>(
    '/workspaces/:workspaceId/services/:endpointId/execute',
    { ...options, schema: { params: Type.Object({ workspaceId: Type.String({ maxLength: 64 }), endpointId: EndpointId }) } },
    async (request, reply) => {
      const { account } = scoped.get(request)!;
      if (workspaceIdOf(account) !== request.params.workspaceId) throw scoringError({ status: 404, code: 'EndpointNotFound', message: 'No such endpoint in this workspace.' });
      return score(request, reply, true, request.query.details === 'true');
    },
  );

  app.get<{ Params: { endpointId: string } }>(
    '/score/:endpointId/schema',
    { schema: { params: Type.Object({ endpointId: EndpointId }) } },
    async (request) => {
      const { endpoint, account } = await authorize(endpoints, request, request.params.endpointId);
      return endpointSchema(context, account, endpoint);
    },
  );
}

/**
 * The scoring routes in their own scope, whose JSON body parser keeps the text as it came: the replica side
 * parses it (once), so the HTTP thread never does.
 */
export function scoringScope(context: ServiceContext, gateway: Gateway) {
  return (scope: FastifyInstance, _options: unknown, done: (error?: Error) => void) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, parsed) => parsed(null, body));
    scoringRoutes(scope, context, gateway);
    done();
  };
}
