import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Model, ModelRequest, Paginated, ResourceName } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { notFound } from '../errors';
import { ACCOUNT_ROUTE, AccountParams, IdParam, resolveAccount } from './accountScope';
import { resolveCitedUrl } from './assetUrls';
import { listOptions, pageOf, PagingQuery } from './paging';
import { requires } from '../auth/accessRule';

const ModelListQuery = Type.Object({ ...PagingQuery, name: Type.Optional(ResourceName), tag: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })) });

export function modelRoutes(app: FastifyInstance, context: ServiceContext): void {
  app.post<{ Params: AccountParams; Body: ModelRequest }>(
    `${ACCOUNT_ROUTE}/models`,
    { config: requires('Contributor', 'register a model'), schema: { params: AccountParams, body: ModelRequest, response: { 200: Model } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const body = request.body;
      const cited = await resolveCitedUrl(context, request, account, 'body/url', body.url);
      return context.store.models.create(account.key, body.name, ({ id, version }) => ({
        id,
        name: body.name,
        version,
        description: body.description,
        mimeType: body.mimeType,
        url: body.url,
        tags: [...new Set(body.tags ?? [])],
        unpack: body.unpack ?? false,
        createdAt: new Date().toISOString(),
        sha256: cited.kind === 'asset' ? cited.asset.sha256 : undefined,
      }));
    },
  );

  app.get<{ Params: AccountParams; Querystring: { name?: string; tag?: string; count?: number; $skipToken?: string } }>(
    `${ACCOUNT_ROUTE}/models`,
    { config: requires('Reader', 'list models'), schema: { params: AccountParams, querystring: ModelListQuery, response: { 200: Paginated(Model) } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const { name, tag } = request.query;
      return pageOf(context, request, await context.store.models.list(account.key, { name, tag }, listOptions(request.query)));
    },
  );

  app.get<{ Params: AccountParams & { id: string } }>(
    `${ACCOUNT_ROUTE}/models/:id`,
    { config: requires('Reader', 'read a model'), schema: { params: Type.Composite([AccountParams, Type.Object({ id: IdParam })]), response: { 200: Model } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const model = await context.store.models.get(account.key, request.params.id);
      if (!model) throw notFound('Model', request.params.id);
      return model;
    },
  );
}
