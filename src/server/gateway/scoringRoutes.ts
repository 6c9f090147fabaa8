import { Type } from '@sinclair/typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context';
import { ApiError } from '../errors';
import { workspaceIdOf } from '../routes/accountScope';
import { matchesKeyBytes } from '../services/endpointKeys';
import type { AccessSummary } from './accessSummary';
import type { Admission } from './admission';
import type { EndpointDirectory, ScoringEndpoint } from './endpointDirectory';
import { endpointSchema, poolForEndpoint, runningPool } from './endpointPools';

const EndpointId = Type.String({ pattern: '^[0-9a-f-]{36}$' });
const BEARER = /^Bearer\s+(\S+)\s*$/i;

export interface Gateway {
  admission: Admission;
  endpoints: EndpointDirectory;
  access: AccessSummary;
}

function scoringError(status: number, code: string, message: string, headers?: Record<string, string>): ApiError {
  return new ApiError(status, code, message, [{ code, message }], headers);
}

function known(found: ScoringEndpoint | undefined, endpointId: string): ScoringEndpoint {
  if (!found) throw scoringError(404, 'EndpointNotFound', `No endpoint ${endpointId}.`);
  return found;
}

/** Refuses a call without the endpoint's key; both keys are compared, in constant time. */
function checkKey(request: FastifyRequest, found: ScoringEndpoint): void {
  const header = request.headers.authorization;
  const key = header ? BEARER.exec(header)?.[1] : undefined;
  if (!key) throw scoringError(401, 'MissingKeys', 'Send the endpoint key as "Authorization: Bearer <key>".');
  if (!matchesKeyBytes(key, found.keyBytes)) throw scoringError(401, 'ScoreRequestUnauthorized', `The key is not valid for endpoint '${found.endpoint.name}'.`);
}

/** The endpoint a data-plane call addresses, after its key was checked: from memory, read once after a change. */
async function authorize(endpoints: EndpointDirectory, request: FastifyRequest, endpointId: string): Promise<ScoringEndpoint> {
  const found = known(endpoints.cached(endpointId) ?? (await endpoints.load(endpointId)), endpointId);
  checkKey(request, found);
  return found;
}

/**
 * Sends a refusal or failure as an ErrorResponse at once, without an exception: refusals are answers, frequent
 * under load, and an exception's stack trace plus the error handler's log line cost more than the call refused.
 * Messages from a replica can name files, so every message leaves through hidePaths like the error handler's.
 */
function refuse(reply: FastifyReply, error: ApiError, hidePaths: (text: string) => string) {
  const message = hidePaths(error.message);
  const body = { code: error.code, message, details: [{ code: error.code, message }], statusCode: error.statusCode };
  if (error.headers) void reply.headers(error.headers);
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
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

  /** Lets the call in, or answers why not: key, then the endpoint's place count. */
  const enter = (request: FastifyRequest, reply: FastifyReply, found: ScoringEndpoint): void => {
    checkKey(request, found);
    const { endpoint } = found;
    if (!admission.tryEnter(endpoint.id, endpoint.maxConcurrentCalls)) {
      const message = `Request was throttled for ${endpoint.name} endpoint. The maximum concurrency for the endpoint is ${endpoint.maxConcurrentCalls}`;
      throw scoringError(503, 'RequestThrottled', message, { 'Retry-After': '1' });
    }
    // 'close' comes once the answer is sent, or when the caller went away first: the place is given back either way,
    // and the answer counted (one listener per call does both; no onResponse hook).
    reply.raw.once('close', () => {
      admission.leave(endpoint.id);
      access.record(reply.statusCode, reply.elapsedTime);
    });
    scoped.set(request, found);
  };

  // A callback hook, not an async one: the usual call (endpoint in memory) is admitted without a promise.
  const admit = (request: FastifyRequest<{ Params: { endpointId: string } }>, reply: FastifyReply, done: (error?: Error) => void) => {
    const tryEnter = (found: ScoringEndpoint | undefined) => {
      try {
        enter(request, reply, known(found, request.params.endpointId));
        done();
      } catch (error) {
        if (!(error instanceof ApiError)) return done(error as Error);
        access.record(error.statusCode, reply.elapsedTime); // refused before it was admitted: counted here
        void refuse(reply, error, context.hidePaths); // answered from the hook: the call goes no further
      }
    };
    const cached = endpoints.cached(request.params.endpointId);
    if (cached) tryEnter(cached);
    else endpoints.load(request.params.endpointId).then(tryEnter, done);
  };

  const score = async (request: FastifyRequest, reply: FastifyReply, tablesOnly: boolean, details: boolean) => {
    const { endpoint, account } = scoped.get(request)!;
    const pool = runningPool(context, endpoint) ?? (await poolForEndpoint(context, account, endpoint));
    const result = await pool.score({ text: request.body as string | undefined, tablesOnly, details });
    if (result.ok) return reply.type('application/json').send(result.text);
    // A model's or driver's own failure is a fault worth a line; refusals and timeouts are counted, not logged.
    if (result.status === 500) request.log.error({ endpoint: endpoint.name, code: result.code }, context.hidePaths(result.message));
    return refuse(reply, scoringError(result.status, result.code, result.message, result.status === 503 ? { 'Retry-After': '1' } : undefined), context.hidePaths);
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
      if (workspaceIdOf(account) !== request.params.workspaceId) throw scoringError(404, 'EndpointNotFound', 'No such endpoint in this workspace.');
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
