import { promises as fs } from 'node:fs';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context';
import { notFound } from '../errors';
import { REQUEST_ID_HEADER } from '../gateway/dataPlaneAnswer';
import { ACCOUNT_ROUTE, AccountParams, IdParam, resolveAccount } from '../routes/accountScope';
import { loadService } from '../routes/serviceScope';
import { buildLogLine, followBuildLog } from './followBuildLog';
import { followServiceLog, streamLine } from './followServiceLog';
import { FollowStream, formatLines, OpenStreams, streamFormat, type StreamFormat } from './followStream';
import { requires } from '../auth/accessRule';

const IdParams = Type.Composite([AccountParams, Type.Object({ id: IdParam })]);
type IdParams = AccountParams & { id: string };

const Follow = Type.Optional(Type.Boolean({ description: 'true: keep the answer open and send each line as it comes' }));
const ServiceLogQuery = Type.Object({
  follow: Follow,
  tail: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Start with the last N kept lines (default: all kept)' })),
  'api-version': Type.String(),
});
const BuildLogQuery = Type.Object({ follow: Follow, 'api-version': Type.String() });
const LOG_TYPES = ['text/plain', 'text/event-stream'];

const contentType = (format: StreamFormat) => (format === 'sse' ? 'text/event-stream; charset=utf-8' : 'text/plain; charset=utf-8');

/** SSE's Last-Event-ID (a client reconnecting): the number of the last line it got. */
function lastEventId(request: FastifyRequest): number | undefined {
  const value = request.headers['last-event-id'];
  const id = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : undefined;
  return id !== undefined && Number.isSafeInteger(id) ? id : undefined;
}

/**
 * The live logs: `GET {service}/logs` (what the service's replicas print, tagged with replica and time) and
 * `GET {image}/buildlog` (the build's log file). Without `follow` they answer what there is and end; with
 * `follow=true` the answer stays open (chunked text, or SSE when Accept asks for text/event-stream) and carries
 * each line as it comes, until the client goes, the service is deleted or the build ends, or this service closes.
 */
export function logRoutes(app: FastifyInstance, context: ServiceContext): void {
  const open = new OpenStreams();
  app.addHook('preClose', (done) => {
    open.endAll('the Modelbay service is stopping');
    done();
  });
  const startStream = (request: FastifyRequest, reply: FastifyReply, format: StreamFormat) => {
    void reply.hijack();
    const stream = new FollowStream(reply.raw, format, { [REQUEST_ID_HEADER]: request.id });
    open.add(stream);
    return stream;
  };

  app.get<{ Params: IdParams; Querystring: { follow?: boolean; tail?: number } }>(
    `${ACCOUNT_ROUTE}/services/:id/logs`,
    { config: requires('Reader', "read a service's logs"), schema: { params: IdParams, querystring: ServiceLogQuery, produces: LOG_TYPES } },
    async (request, reply) => {
      const account = await resolveAccount(context, request.params);
      const service = await loadService(context, account, request.params.id);
      const log = context.runtime.logs.of(service.id);
      const format = streamFormat(request.headers.accept);
      const start = log.resumeStart(request.query.follow ? lastEventId(request) : undefined, request.query.tail);
      if (!request.query.follow) {
        const lines = log.after(start).entries.map((line) => streamLine(line, context.hidePaths));
        return reply.type(contentType(format)).send(formatLines(format, lines));
      }
      followServiceLog(log, startStream(request, reply, format), start, context.hidePaths);
      return reply;
    },
  );

  app.get<{ Params: IdParams; Querystring: { follow?: boolean } }>(
    `${ACCOUNT_ROUTE}/images/:id/buildlog`,
    { config: requires('Reader', "read an image's build log"), schema: { params: IdParams, querystring: BuildLogQuery, produces: LOG_TYPES } },
    async (request, reply) => {
      const account = await resolveAccount(context, request.params);
      const image = await context.store.images.get(account.key, request.params.id);
      if (!image) throw notFound('Image', request.params.id);
      const file = context.images.logFile(image.id);
      const format = streamFormat(request.headers.accept);
      if (!request.query.follow) {
        const text = await fs.readFile(file, 'utf8').catch(() => '');
        if (format === 'text') return reply.type(contentType(format)).send(text);
        return reply.type(contentType(format)).send(formatLines(format, text.split('\n').filter((l) => l.length > 0).map(buildLogLine)));
      }
      const hasEnded = async () => {
        const now = await context.store.images.get(account.key, image.id);
        return !now || now.creationState === 'Succeeded' || now.creationState === 'Failed' || now.creationState === 'Cancelled';
      };
      const onError = (error: unknown) => request.log.warn({ err: error, image: image.id }, 'following a build log failed');
      followBuildLog({ imageId: image.id, file, feed: context.buildLogs, hasEnded, onError }, startStream(request, reply, format));
      return reply;
    },
  );
}
