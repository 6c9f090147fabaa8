import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import { UploadedAsset } from '../../api/schemas';
import { BlobTooLargeError } from '../blobs/blobStore';
import type { ServiceContext } from '../context';
import { ApiError, badRequest, notFound } from '../errors';
import { checkFileName } from '../fileNames';
import type { AssetRecord } from '../store/repositories';
import { ACCOUNT_ROUTE, AccountParams, IdParam, accountUrl, resolveAccount } from './accountScope';
import { assetUrlPath } from '../assetAddress';
import { requires } from '../auth/accessRule';

const UploadQuery = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 1000 }),
  mimeType: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\w.+-]+/[\\w.+-]+$' })),
  'api-version': Type.String(),
});

function toUploaded(record: AssetRecord, url: string): UploadedAsset {
  return { ...record, url };
}

export function assetRoutes(app: FastifyInstance, context: ServiceContext): void {
  // Assets are streamed to disk as they arrive: this scope takes any body as a raw stream, whatever its type.
  app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    scope.post<{ Params: AccountParams; Querystring: { name: string; mimeType?: string } }>(
      `${ACCOUNT_ROUTE}/assets`,
      { config: requires('Contributor', 'upload an asset'), schema: { params: AccountParams, querystring: UploadQuery, consumes: ['application/octet-stream'], response: { 201: UploadedAsset } }, bodyLimit: context.config.maxAssetBytes },
      async (request, reply) => {
        const account = await resolveAccount(context, request.params);
        const problem = checkFileName(request.query.name);
        if (problem) throw badRequest('InvalidAssetName', `query/name '${request.query.name}' ${problem}.`);
        const declared = Number(request.headers['content-length']);
        if (Number.isFinite(declared) && declared > context.config.maxAssetBytes) {
          throw new ApiError(413, 'PayloadTooLarge', `The asset is ${declared} bytes; the limit is ${context.config.maxAssetBytes}.`);
        }
        const body = request.body as Readable | undefined;
        if (!body || typeof body.pipe !== 'function') throw badRequest('MissingBody', 'The asset bytes are missing: send them as the request body.');
        let stored;
        try {
          stored = await context.blobs.put(body, context.config.maxAssetBytes);
        } catch (error) {
          if (error instanceof BlobTooLargeError) throw new ApiError(413, 'PayloadTooLarge', error.message);
          throw error;
        }
        const record: AssetRecord = {
          id: randomUUID(),
          name: request.query.name,
          size: stored.size,
          sha256: stored.sha256,
          mimeType: request.query.mimeType,
          createdAt: new Date().toISOString(),
        };
        await context.store.assets.create(account.key, record);
        const url = accountUrl(context, request, account.ref, assetUrlPath(record.id));
        return reply.status(201).header('Location', url).send(toUploaded(record, url));
      },
    );
    done();
  });

  app.get<{ Params: AccountParams & { assetId: string } }>(
    `${ACCOUNT_ROUTE}/assets/:assetId`,
    { config: requires('Reader', 'read an asset'), schema: { params: Type.Composite([AccountParams, Type.Object({ assetId: IdParam })]), produces: ['application/octet-stream'] } },
    async (request, reply) => {
      const account = await resolveAccount(context, request.params);
      const record = await context.store.assets.get(account.key, request.params.assetId);
      if (!record) throw notFound('Asset', request.params.assetId);
      return reply
        .header('Content-Type', record.mimeType ?? 'application/octet-stream')
        .header('Content-Length', String(record.size))
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(record.name)}`)
        .header('ETag', `"${record.sha256}"`)
        .send(await context.blobs.read(record.sha256));
    },
  );
}
