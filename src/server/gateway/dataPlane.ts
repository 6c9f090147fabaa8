import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceContext } from '../context';
import { ApiError } from '../errors';
import type { TimedScoreResult } from '../runtime/replicaPool';
import type { ScoreCall } from '../runtime/scoreRequest';
import type { CallTrace } from '../usage/callTrace';
import { BodyDeadlines } from './bodyDeadlines';
import { writeJsonAnswer } from './dataPlaneAnswer';
import { dataPlaneAddress, isRefusal, type DataPlaneAddress } from './dataPlaneAddress';
import { contentTypeRefusal, readBodyText, type BodyText } from './dataPlaneBody';
import type { ScoringEndpoint } from './endpointDirectory';
import { poolForEndpoint, runningPool } from './endpointPools';
import type { Gateway } from './gateway';
import type { GatewayCall } from './gatewayPipeline';
import { RETRY_SOON, unknownEndpoint, writeRefusal, type Refusal } from './refusal';

/** Where a fault of the data plane itself, or a model's own failure (500), is written. */
export interface FaultLog {
  error(fields: object, message: string): void;
}

const CLOSING: Refusal = {
  status: 503,
  code: 'ServiceUnavailable',
  message: 'The service is shutting down; retry in a moment.',
  headers: { Connection: 'close', 'Retry-After': '5' },
};
const CLOSE_AFTER = { Connection: 'close' };
const INTERNAL: Refusal = { status: 500, code: 'InternalError', message: 'The service failed to handle the request; see its log.' };
/** What a call whose caller left before any answer is counted as (nginx's "client closed request"). */
const CALLER_LEFT = 499;
const wrongWorkspace: Refusal = { status: 404, code: 'EndpointNotFound', message: 'No such endpoint in this workspace.' };

/**
 * The data plane's hot routes on plain node:http, in front of fastify (the service's server hands them here and
 * everything else to fastify): `POST /score/{endpoint}` (raw JSON, V2 tensors for Onnx, or RRS tables) and the
 * classic RRS address `POST /workspaces/{ws}/services/{endpoint}/execute`. Per call: the endpoint from memory, the
 * gateway's steps (key, state, rate limit, quota, admission) and its RateLimit fields, the body read as text up to
 * the limit, the replica's answer written as it came. Nothing per call is read from the store or logged (the access
 * summary counts the answers; usage and request log records are kept in memory and written in batches), and
 * fastify's routing, reply, hooks and body parsing (most of what the HTTP thread spent per call beyond node:http
 * itself) are not paid.
 */
export class DataPlane {
  private closing = false;
  private readonly bodyDeadlines = new BodyDeadlines();

  constructor(
    private readonly context: ServiceContext,
    private readonly gateway: Gateway,
    private readonly log: FaultLog,
  ) {}

  /** From now on every call is refused (503, Connection: close) and every answer closes its connection. */
  close(): void {
    this.closing = true;
  }

  /** Answers the request when it is a hot data-plane call and says so; false: it is fastify's to answer. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const address = dataPlaneAddress(request.method, request.url);
    if (address === undefined) return false;
    const started = performance.now();
    try {
      if (this.closing) this.refuse(response, CLOSING, started);
      else if (isRefusal(address)) this.refuse(response, address, started);
      else this.find(request, response, address, started);
    } catch (error) {
      this.fault(response, error);
    }
    return true;
  }

  private find(request: IncomingMessage, response: ServerResponse, address: DataPlaneAddress, started: number): void {
    const { endpoints } = this.gateway;
    const cached = endpoints.cached(address.endpointId);
    if (cached) return this.enter(request, response, address, cached, started);
    endpoints
      .load(address.endpointId)
      .then((found) => {
        if (found) this.enter(request, response, address, found, started);
        else this.refuse(response, unknownEndpoint(address.endpointId), started);
      })
      .catch((error: unknown) => this.fault(response, error, started));
  }

  /** The gateway's steps, then the body; the call's place is given back when its connection is done with it. */
  private enter(request: IncomingMessage, response: ServerResponse, address: DataPlaneAddress, found: ScoringEndpoint, started: number): void {
    const { pipeline, access, limitFields, calls } = this.gateway;
    const trace = calls.begin(found, 'RRS', 'POST', request.url!, request.headers, address.queryKey, started);
    if (address.workspaceId !== undefined && address.workspaceId !== found.workspaceId) return this.refuseTraced(response, wrongWorkspace, trace);
    const call: GatewayCall = { found, headers: request.headers, queryKey: address.queryKey };
    const refused = pipeline.enter(call);
    // A caller without a valid key learns nothing of the endpoint's limits.
    if (refused?.status !== 401) limitFields.write(response, found);
    if (refused) return this.refuseTraced(response, refused, trace);
    // 'close' comes once the answer is sent, or when the caller went away first (mid-body, mid-answer): the place
    // is given back either way, exactly once (a response closes once; `on`, not `once`, spares a wrapper per call),
    // and the answer counted (499 when the caller left before any answer).
    response.on('close', () => {
      pipeline.leave(call, response.statusCode);
      access.record(response.statusCode, performance.now() - started);
      calls.finish(trace, response.headersSent ? response.statusCode : CALLER_LEFT);
    });
    const wrongType = contentTypeRefusal(request);
    if (wrongType) return this.answerRefusal(response, wrongType, trace);
    readBodyText(request, this.context.config.maxScoringBytes, this.bodyDeadlines, (body) => {
      // Called from the request's stream events: a throw here would end the process, so it is answered as a fault.
      try {
        // A body sent without Content-Length (chunked) was counted as 0 bytes at the door: its kilobytes count now.
        const quota = found.endpoint.quota;
        if (body.ok && quota?.kilobytes !== undefined && request.headers['content-length'] === undefined && body.bytes > 0) {
          this.gateway.quotas.count(found.endpoint.id, quota, Date.now(), 0, body.bytes);
        }
        this.score(response, address, found, body, trace);
      } catch (error) {
        this.fault(response, error, undefined, trace);
      }
    });
  }

  private score(response: ServerResponse, address: DataPlaneAddress, found: ScoringEndpoint, body: BodyText, trace: CallTrace): void {
    if (!body.ok) {
      if ('refusal' in body) this.answerRefusal(response, body.refusal, trace);
      return; // the caller is gone: nothing to answer, and 'close' gives the place back
    }
    trace.bytesIn = body.bytes;
    if (trace.sampled) trace.requestBody = body.text;
    const call: ScoreCall = { text: body.text, tablesOnly: address.workspaceId !== undefined, details: address.details, records: address.records };
    const { endpoint, account } = found;
    const pool = runningPool(this.context, endpoint);
    const scored: Promise<TimedScoreResult> = pool ? pool.score(call) : poolForEndpoint(this.context, account, endpoint).then((p) => p.score(call));
    scored
      .then(
        (result) => {
          if (result.modelMs !== undefined) trace.modelMs = result.modelMs;
          if (result.ok) {
            if (trace.sampled) trace.responseBody = result.text;
            trace.bytesOut = writeJsonAnswer(response, 200, result.text, this.closing ? CLOSE_AFTER : undefined);
            return;
          }
          // A model's or driver's own failure is a fault worth a line; refusals and timeouts are counted, not logged.
          if (result.status === 500) this.log.error({ endpoint: endpoint.name, code: result.code }, this.context.hidePaths(result.message));
          this.answerRefusal(response, { ...result, headers: result.status === 503 ? RETRY_SOON : undefined }, trace);
        },
        (error: unknown) => {
          if (!(error instanceof ApiError)) throw error;
          this.answerRefusal(response, { status: error.statusCode, code: error.code, message: error.message, headers: error.headers }, trace);
        },
      )
      .catch((error: unknown) => this.fault(response, error, undefined, trace));
  }

  /** Answers a call that was let in (its answer is counted when its connection closes); the trace learns the error. */
  private answerRefusal(response: ServerResponse, refusal: Refusal, trace?: CallTrace): void {
    const bytes = writeRefusal(response, this.closing ? { ...refusal, headers: { ...refusal.headers, ...CLOSE_AFTER } } : refusal, this.context.hidePaths);
    if (trace) {
      trace.error = refusal;
      trace.bytesOut = bytes;
    }
  }

  /** Answers a call refused at the door, and counts it. */
  private refuse(response: ServerResponse, refusal: Refusal, started: number): void {
    this.gateway.access.record(refusal.status, performance.now() - started);
    this.answerRefusal(response, refusal);
  }

  /** Answers a call refused once its endpoint was known: counted, and in the endpoint's usage and request log. */
  private refuseTraced(response: ServerResponse, refusal: Refusal, trace: CallTrace): void {
    this.gateway.access.record(refusal.status, performance.now() - trace.started);
    this.answerRefusal(response, refusal, trace);
    this.gateway.calls.finish(trace, refusal.status);
  }

  /** Something the data plane did not foresee: logged with its stack, answered 500 without it. */
  private fault(response: ServerResponse, error: unknown, started?: number, trace?: CallTrace): void {
    this.log.error({ err: error }, 'scoring call failed');
    if (started === undefined) this.answerRefusal(response, INTERNAL, trace);
    else this.refuse(response, INTERNAL, started);
  }
}
