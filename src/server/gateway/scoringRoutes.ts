import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Endpoint } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { ApiError } from '../errors';
import { workspaceIdOf } from '../routes/accountScope';
import type { ScoreRequest, ScoreResult } from '../runtime/scoreRequest';
import { matchesKey } from '../services/endpointKeys';
import type { AccountKey } from '../store/repositories';
import type { Admission } from './admission';
import { endpointSchema, poolForEndpoint } from './endpointPools';
import { fromRrsBody, fromV2Body, RequestShapeError, toRrsResults } from './tableFormat';

interface Scoped {
  endpoint: Endpoint;
  account: AccountKey;
}

const EndpointId = Type.String({ pattern: '^[0-9a-f-]{36}$' });

function scoringError(status: number, code: string, message: string, headers?: Record<string, string>): ApiError {
  return new ApiError(status, code, message, [{ code, message }], headers);
}

/** The endpoint a data-plane call addresses, after its key was checked. */
async function authorize(context: ServiceContext, request: FastifyRequest, endpointId: string): Promise<Scoped> {
  const found = await context.store.endpoints.find(endpointId);
  if (!found) throw scoringError(404, 'EndpointNotFound', `No endpoint ${endpointId}.`);
  const header = request.headers.authorization;
  const key = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  if (!key) throw scoringError(401, 'MissingKeys', 'Send the endpoint key as "Authorization: Bearer <key>".');
  if (!matchesKey(key, found.keys)) throw scoringError(401, 'ScoreRequestUnauthorized', `The key is not valid for endpoint '${found.endpoint.name}'.`);
  return { endpoint: found.endpoint, account: found.account };
}

/** What the body asks for: RRS tables, V2 tensors (Onnx), or raw JSON for the driver. */
function scoreRequestOf(body: unknown, runtimeType: string): ScoreRequest {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const fields = body as Record<string, unknown>;
    if ('Inputs' in fields) return fromRrsBody(fields);
    if (runtimeType === 'Onnx' && 'inputs' in fields) return fromV2Body(fields);
  }
  return { kind: 'raw', body };
}

function answer(reply: FastifyReply, result: ScoreResult, request: ScoreRequest, details: boolean) {
  if (!result.ok) {
    const headers: Record<string, string> | undefined = result.status === 503 ? { 'Retry-After': '1' } : undefined;
    throw scoringError(result.status, result.code, result.message, headers);
  }
  let text: string;
  try {
    text = JSON.stringify(request.kind === 'table' ? toRrsResults(result.output, details) : result.output) ?? 'null';
  } catch (error) {
    if (error instanceof RequestShapeError) throw scoringError(500, 'ModuleExecutionError', error.message);
    throw scoringError(500, 'ModuleExecutionError', `The model's output is not JSON: ${(error as Error).message}`);
  }
  return reply.type('application/json').send(text);
}

/**
 * The data plane: `POST /score/{endpoint}` (raw JSON, V2 tensors for Onnx, or RRS tables), the classic RRS address
 * `POST /workspaces/{ws}/services/{endpoint}/execute`, and `GET /score/{endpoint}/schema`. Every call needs the
 * endpoint's key; calls over the endpoint's maxConcurrentCalls are refused at once with 503 RequestThrottled.
 */
export function scoringRoutes(app: FastifyInstance, context: ServiceContext, admission: Admission): void {
  const scoped = new WeakMap<FastifyRequest, Scoped>();

  const admit = async (request: FastifyRequest<{ Params: { endpointId: string } }>, reply: FastifyReply) => {
    const found = await authorize(context, request, request.params.endpointId);
    const { endpoint } = found;
    if (!admission.tryEnter(endpoint.id, endpoint.maxConcurrentCalls)) {
      const message = `Request was throttled for ${endpoint.name} endpoint. The maximum concurrency for the endpoint is ${endpoint.maxConcurrentCalls}`;
      throw scoringError(503, 'RequestThrottled', message, { 'Retry-After': '1' });
    }
    let left = false;
    const leave = () => {
      if (!left) admission.leave(endpoint.id);
      left = true;
    };
    reply.raw.once('close', leave);
    reply.raw.once('finish', leave);
    scoped.set(request, found);
  };

  const score = async (request: FastifyRequest, reply: FastifyReply, details: boolean) => {
    const { endpoint, account } = scoped.get(request)!;
    const pool = await poolForEndpoint(context, account, endpoint);
    let scoreRequest: ScoreRequest;
    try {
      scoreRequest = scoreRequestOf(request.body, pool.spec.runtimeType);
    } catch (error) {
      if (error instanceof RequestShapeError) throw scoringError(400, 'InputParseError', error.message);
      throw error;
    }
    return answer(reply, await pool.score(scoreRequest), scoreRequest, details);
  };

  const options = {
    bodyLimit: context.config.maxScoringBytes,
    onRequest: admit,
  };

  app.post<{ Params: { endpointId: string }; Querystring: { details?: string } }>(
    '/score/:endpointId',
    { ...options, schema: { params: Type.Object({ endpointId: EndpointId }) } },
    (request, reply) => score(request, reply, request.query.details === 'true'),
  );

  app.post<{ Params: { workspaceId: string; endpointId: string }; Querystring: { details?: string } }>(
    '/workspaces/:workspaceId/services/:endpointId/execute',
    { ...options, schema: { params: Type.Object({ workspaceId: Type.String({ maxLength: 64 }), endpointId: EndpointId }) } },
    async (request, reply) => {
      const { account } = scoped.get(request)!;
      if (workspaceIdOf(account) !== request.params.workspaceId) throw scoringError(404, 'EndpointNotFound', 'No such endpoint in this workspace.');
      const body = request.body as Record<string, unknown> | null;
      if (typeof body !== 'object' || body === null || !('Inputs' in body)) {
        throw scoringError(400, 'InputParseError', 'An RRS call needs {"Inputs": {"input1": {"ColumnNames": [...], "Values": [[...]]}}, "GlobalParameters": {}}.');
      }
      return score(request, reply, request.query.details === 'true');
    },
  );

  app.get<{ Params: { endpointId: string } }>(
    '/score/:endpointId/schema',
    { schema: { params: Type.Object({ endpointId: EndpointId }) } },
    async (request) => {
      const { endpoint, account } = await authorize(context, request, request.params.endpointId);
      return endpointSchema(context, account, endpoint);
    },
  );
}
