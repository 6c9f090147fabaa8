import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { JobSubmitRequest, type JobStatus } from '../../api/schemas';
import type { ServiceContext } from '../context';
import type { ScoringEndpoint } from '../gateway/endpointDirectory';
import { queryKeyOf } from '../gateway/endpointKey';
import { requestBytes } from '../gateway/quotaCounters';
import type { Gateway } from '../gateway/gateway';
import { classicErrorBody, type Refusal } from '../gateway/refusal';
import { closeIfBodyUnread } from '../errorHandler';
import { parseJsonText } from '../jsonText';
import { serviceOrigin, workspaceIdOf } from '../routes/accountScope';
import { listOptions, pageOf, PagingQuery } from '../routes/paging';
import type { BatchJobs } from './batchJobs';
import { BatchError, cannotStartJob, invalidRequest, jobNotFound } from './jobErrors';
import { jobStatus } from './jobStatus';
import { newJob } from './submitJob';
import type { CallTrace } from '../usage/callTrace';

const EndpointId = Type.String({ pattern: '^[0-9a-f-]{36}$' });
const JobId = Type.String({ pattern: '^[0-9a-f-]{36}$' });
const JobsQuery = Type.Object({ ...PagingQuery, 'api-version': Type.Optional(Type.String()) });

interface JobParams {
  workspaceId?: string;
  endpointId: string;
  jobId: string;
}

/** An error of this scope as the classic data plane answered it; 5xx only for real faults (logged). */
function refusalOf(error: FastifyError & { validation?: unknown }): Refusal {
  if (error instanceof BatchError) return error.refusal;
  if (error.validation) return { status: 400, code: 'BadArgument', message: error.message };
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, code: 'RequestBodyTooLarge', message: 'The request body is too large.' };
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) return { status: error.statusCode, code: 'BadArgument', message: error.message };
  return { status: 500, code: 'InternalError', message: 'The service failed to handle the request; see its log.' };
}

/**
 * The batch execution service (BES) of every endpoint, at the classic address and beside the scoring URL:
 * `{/workspaces/{ws}/services/{endpointId} | /score/{endpointId}}/jobs[/{jobId}[/start]]`. Authorised by the
 * endpoint's key like scoring; errors in the classic data-plane shape. Start takes an empty body of any type (or
 * none), as classic clients send it.
 */
export function batchRoutes(context: ServiceContext, gateway: Gateway, batch: BatchJobs) {
  const { endpoints, pipeline, limitFields, calls } = gateway;
  // Each call whose endpoint is known, for its usage and request log record (reported when its answer is sent).
  const traces = new WeakMap<FastifyRequest, CallTrace>();
  return (scope: FastifyInstance, _options: unknown, done: (error?: Error) => void) => {
    scope.removeAllContentTypeParsers();
    // Any type, or none: the body is read as text and parsed here, empty meaning no body at all.
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: context.config.maxJsonBytes }, (request, body, parsed) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      const trace = traces.get(request);
      if (trace?.sampled) trace.requestBody = text;
      if (text.trim() === '') return parsed(null, undefined);
      const json = parseJsonText(text);
      if (json.ok) parsed(null, json.value);
      else parsed(invalidRequest(json.message), undefined);
    });
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const refusal = refusalOf(error);
      const trace = traces.get(request);
      if (trace) trace.error = refusal;
      if (refusal.status >= 500) request.log.error({ err: error }, 'batch request failed');
      if (refusal.headers) void reply.headers(refusal.headers);
      closeIfBodyUnread(request, reply);
      return reply.code(refusal.status).type('application/json; charset=utf-8').send(classicErrorBody(refusal, context.hidePaths));
    });

    /**
     * The endpoint the call names, after the gateway let the call in (the endpoint key, then a place of the
     * endpoint's admission, given back when the answer is sent) and the classic address's workspace was checked.
     */
    const authorize = async (request: FastifyRequest<{ Params: Partial<JobParams> }>, reply: FastifyReply): Promise<ScoringEndpoint> => {
      const endpointId = request.params.endpointId!;
      const found = endpoints.cached(endpointId) ?? (await endpoints.load(endpointId));
      const notFound = new BatchError({ status: 404, code: 'EndpointNotFound', message: `No endpoint ${endpointId}.` });
      if (!found) throw notFound;
      const call = { found, headers: request.headers, queryKey: queryKeyOf(request.query) };
      const trace = calls.begin(found, 'BES', request.method, request.url, request.headers, call.queryKey, performance.now());
      traces.set(request, trace);
      // Every call whose endpoint is known is reported once its answer is sent, refused or not (499: the caller left).
      reply.raw.once('close', () => {
        trace.bytesIn = requestBytes(request.headers['content-length']);
        trace.bytesOut = reply.raw.headersSent ? requestBytes(String(reply.getHeader('content-length') ?? '')) : 0;
        calls.finish(trace, reply.raw.headersSent ? reply.raw.statusCode : 499);
      });
      const refused = pipeline.enter(call);
      if (refused?.status !== 401) limitFields.write(reply.raw, found);
      if (refused) throw new BatchError(refused);
      reply.raw.once('close', () => pipeline.leave(call, reply.statusCode));
      if (request.params.workspaceId !== undefined && request.params.workspaceId !== workspaceIdOf(found.account)) throw notFound;
      return found;
    };
    // The key is checked before the body is read: a caller without one makes the service parse nothing.
    const admitted = new WeakMap<FastifyRequest, ScoringEndpoint>();
    scope.addHook('onRequest', async (request: FastifyRequest<{ Params: Partial<JobParams> }>, reply) => {
      admitted.set(request, await authorize(request, reply));
    });
    const foundOf = (request: FastifyRequest) => admitted.get(request)!;
    // The answer's text, for an endpoint that samples bodies in its request log.
    scope.addHook('onSend', (request, _reply, payload, ready) => {
      const trace = traces.get(request);
      if (trace?.sampled && typeof payload === 'string') trace.responseBody = payload;
      ready(null, payload);
    });
    const jobOf = async (found: ScoringEndpoint, jobId: string) => {
      const job = await context.store.jobs.get(found.endpoint.id, jobId);
      if (!job) throw jobNotFound(jobId);
      return job;
    };
    const status = (request: FastifyRequest, job: Parameters<typeof jobStatus>[0]): Promise<JobStatus> =>
      jobStatus(job, serviceOrigin(context, request), batch.signer, batch.azure, context.config.allowedStorageUrlPrefixes ?? []);

    for (const base of ['/workspaces/:workspaceId/services/:endpointId/jobs', '/score/:endpointId/jobs']) {
      const classic = base.startsWith('/workspaces');
      const params = (extra: Record<string, typeof JobId>) =>
        Type.Object({ ...(classic ? { workspaceId: Type.String({ maxLength: 64 }) } : {}), endpointId: EndpointId, ...extra });

      scope.post<{ Params: JobParams }>(base, { schema: { params: params({}) } }, async (request, reply) => {
        const found = foundOf(request);
        const body = request.body ?? {};
        if (!Value.Check(JobSubmitRequest, body)) {
          const first = Value.Errors(JobSubmitRequest, body).First();
          throw invalidRequest(`The job request is not valid: ${first ? `${first.path || 'body'} ${first.message}` : 'it must be a JSON object'}.`);
        }
        const job = await newJob(context, batch.azure, found.account, found.endpoint.id, body);
        await context.store.jobs.create(job);
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(job.doc.id));
      });

      scope.get<{ Params: JobParams; Querystring: { count?: number; $skipToken?: string } }>(
        base,
        { schema: { params: params({}), querystring: JobsQuery } },
        async (request) => {
          const found = foundOf(request);
          const page = await context.store.jobs.list(found.endpoint.id, listOptions(request.query));
          const items: JobStatus[] = [];
          for (const doc of page.items) {
            const job = doc.state === 'Finished' ? await context.store.jobs.get(doc.endpointId, doc.id) : undefined;
            items.push(await status(request, job ?? { doc, request: {} }));
          }
          return pageOf(context, request, { items, next: page.next });
        },
      );

      scope.post<{ Params: JobParams }>(`${base}/:jobId/start`, { schema: { params: params({ jobId: JobId }) } }, async (request, reply) => {
        const found = foundOf(request);
        const outcome = await context.store.jobs.start(found.endpoint.id, request.params.jobId, new Date().toISOString());
        if (outcome.kind === 'absent') throw jobNotFound(request.params.jobId);
        if (outcome.kind === 'notStartable') throw cannotStartJob(outcome.state);
        batch.runner.enqueue(outcome.job);
        return reply.code(200).send();
      });

      scope.get<{ Params: JobParams }>(`${base}/:jobId`, { schema: { params: params({ jobId: JobId }) } }, async (request) => {
        const found = foundOf(request);
        return status(request, await jobOf(found, request.params.jobId));
      });

      scope.delete<{ Params: JobParams }>(`${base}/:jobId`, { schema: { params: params({ jobId: JobId }) } }, async (request, reply) => {
        const found = foundOf(request);
        await jobOf(found, request.params.jobId);
        await batch.runner.cancel(request.params.jobId);
        await context.store.jobs.delete(found.endpoint.id, request.params.jobId);
        return reply.code(200).send();
      });
    }
    done();
  };
}
