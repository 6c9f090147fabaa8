import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AccountSegment } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { classicErrorBody } from '../gateway/refusal';
import { accountKey } from '../store/repositories';
import type { DownloadSigner } from './downloadSigner';
import { DOWNLOADS_PATH } from './jobStatus';

const Params = Type.Object({
  subscriptionId: AccountSegment,
  resourceGroupName: AccountSegment,
  accountName: AccountSegment,
  assetId: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
  fileName: Type.String({ minLength: 1, maxLength: 1000 }),
});
const Query = Type.Object({ sp: Type.Optional(Type.String()), se: Type.Optional(Type.String()), sig: Type.Optional(Type.String()) });

interface DownloadParams {
  subscriptionId: string;
  resourceGroupName: string;
  accountName: string;
  assetId: string;
  fileName: string;
}

/**
 * `GET /downloads/{subscription}/{resourceGroup}/{account}/{assetId}/{file}?sp=r&se=...&sig=...`: a job output kept
 * as an asset, for whoever holds the signed link a job's Results gave (BaseLocation + RelativeLocation +
 * SasBlobToken), with no other credential, until it expires. Read-only: the route only reads.
 */
export function downloadRoutes(app: FastifyInstance, context: ServiceContext, signer: DownloadSigner): void {
  app.get<{ Params: DownloadParams; Querystring: { se?: string; sig?: string; sp?: string } }>(
    `${DOWNLOADS_PATH}/:subscriptionId/:resourceGroupName/:accountName/:assetId/:fileName`,
    { schema: { params: Params, querystring: Query } },
    async (request, reply) => {
      const { subscriptionId, resourceGroupName, accountName, assetId } = request.params;
      const account = accountKey({ subscriptionId, resourceGroupName, accountName });
      const refuse = (status: number, code: string, message: string) =>
        reply.code(status).type('application/json; charset=utf-8').send(classicErrorBody({ status, code, message }, context.hidePaths));
      if (request.query.sp !== 'r' || !signer.verify(account, assetId, request.query.se, request.query.sig)) {
        return refuse(403, 'AuthenticationFailed', 'The link is not signed by this service or has expired; read the job status again for a fresh one.');
      }
      const asset = await context.store.assets.get(account, assetId);
      if (!asset) return refuse(404, 'BlobNotFound', 'The output no longer exists.');
      return reply
        .header('Content-Type', asset.mimeType ?? 'application/octet-stream')
        .header('Content-Length', String(asset.size))
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(asset.name)}`)
        .send(await context.blobs.read(asset.sha256));
    },
  );
}
