import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AsyncOperationStatus, Image, ImageRequest, Paginated, ResourceName } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { ACCOUNT_ROUTE, AccountParams, IdParam, accountUrl, apiUrl, resolveAccount } from './accountScope';
import { listOptions, pageOf, PagingQuery } from './paging';
import { requires } from '../auth/accessRule';

const ImageListQuery = Type.Object({ ...PagingQuery, manifestId: Type.Optional(IdParam), manifestName: Type.Optional(ResourceName) });
const ImageIdParams = Type.Composite([AccountParams, Type.Object({ id: IdParam })]);

/** The build log (`images/{id}/buildlog`, followed while it runs) is in logs/logRoutes.ts. */
export function imageRoutes(app: FastifyInstance, context: ServiceContext): void {
  app.post<{ Params: AccountParams; Body: ImageRequest }>(
    `${ACCOUNT_ROUTE}/images`,
    { config: requires('Contributor', 'create an image'), schema: { params: AccountParams, body: ImageRequest, response: { 202: AsyncOperationStatus } } },
    async (request, reply) => {
      const account = await resolveAccount(context, request.params);
      const body = request.body;
      const manifest = await context.store.manifests.get(account.key, body.manifestId);
      if (!manifest) throw badRequest('ManifestNotFound', `body/manifestId: manifest '${body.manifestId}' does not exist in this account.`);
      const now = new Date().toISOString();
      const { operation } = await context.store.images.createWithOperation(
        account.key,
        body.name,
        ({ id, version }) => ({
          id,
          name: body.name,
          version,
          description: body.description,
          computeResourceId: body.computeResourceId,
          createdTime: now,
          creationState: 'NotStarted',
          imageBuildLogUri: apiUrl(context, request, account.ref, `/images/${id}/buildlog`),
          imageType: 'Docker',
          manifest,
        }),
        (image) => ({
          account: account.key,
          work: { kind: 'buildImage', imageId: image.id, attempts: 0 },
          status: {
            id: crypto.randomUUID(),
            operationType: 'Image',
            state: 'NotStarted',
            createdTime: now,
            resourceLocation: accountUrl(context, request, account.ref, `/images/${image.id}`),
          },
        }),
      );
      context.operations.submit(operation);
      const location = apiUrl(context, request, account.ref, `/operations/${operation.status.id}`);
      return reply.status(202).header('Operation-Location', location).send(operation.status);
    },
  );

  app.get<{ Params: AccountParams; Querystring: { manifestId?: string; manifestName?: string; count?: number; $skipToken?: string } }>(
    `${ACCOUNT_ROUTE}/images`,
    { config: requires('Reader', 'list images'), schema: { params: AccountParams, querystring: ImageListQuery, response: { 200: Paginated(Image) } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const { manifestId, manifestName } = request.query;
      return pageOf(context, request, await context.store.images.list(account.key, { manifestId, manifestName }, listOptions(request.query)));
    },
  );

  app.get<{ Params: AccountParams & { id: string } }>(
    `${ACCOUNT_ROUTE}/images/:id`,
    { config: requires('Reader', 'read an image'), schema: { params: ImageIdParams, response: { 200: Image } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const image = await context.store.images.get(account.key, request.params.id);
      if (!image) throw notFound('Image', request.params.id);
      return image;
    },
  );
}
