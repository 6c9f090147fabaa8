import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Manifest, ManifestRequest, Paginated, ResourceName, SUPPORTED_RUNTIMES, type ErrorDetail } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { ApiError, badRequest, notFound } from '../errors';
import { checkFileName } from '../fileNames';
import { ENVIRONMENT_PROPERTIES } from '../images/environmentFiles';
import { ACCOUNT_ROUTE, AccountParams, IdParam, resolveAccount, type ResolvedAccount } from './accountScope';
import { resolveCitedUrl } from './assetUrls';
import { listOptions, pageOf, PagingQuery } from './paging';
import { requires } from '../auth/accessRule';

const ManifestListQuery = Type.Object({
  ...PagingQuery,
  modelId: Type.Optional(IdParam),
  manifestName: Type.Optional(ResourceName),
});

const DRIVER_EXTENSIONS: Record<string, RegExp> = { Python: /\.py$/, Node: /\.(js|cjs|mjs)$/ };

/** The official CLI names the driver by an asset id with no extension ("driver"): only an extension is checked. */
const hasExtension = (id: string) => /\.[A-Za-z0-9]+$/.test(id);

/** Checks everything a manifest cites, collecting every problem so one answer names them all. */
async function validateManifest(
  context: ServiceContext,
  request: FastifyRequest,
  account: ResolvedAccount,
  body: ManifestRequest,
): Promise<Manifest['assets']> {
  const runtime = body.targetRuntime.runtimeType;
  if (!(SUPPORTED_RUNTIMES as readonly string[]).includes(runtime)) {
    throw badRequest(
      'UnsupportedRuntime',
      `body/targetRuntime/runtimeType '${runtime}' is not supported: Modelbay runs ${SUPPORTED_RUNTIMES.join(', ')}.`,
    );
  }
  const problems: ErrorDetail[] = [];
  const modelIds = body.modelIds ?? [];
  for (const modelId of modelIds) {
    if (!(await context.store.models.get(account.key, modelId))) {
      problems.push({ code: 'ModelNotFound', message: `body/modelIds: model '${modelId}' is not registered in this account.` });
    }
  }
  const assets: Manifest['assets'] = [];
  const seen = new Set<string>();
  for (const [index, asset] of body.assets.entries()) {
    const field = `body/assets/${index}/url`;
    try {
      const cited = await resolveCitedUrl(context, request, account, field, asset.url);
      const id = asset.id ?? (cited.kind === 'asset' ? cited.asset.name : decodeURIComponent(new URL(cited.url).pathname.split('/').pop() ?? ''));
      const problem = checkFileName(id);
      if (problem) problems.push({ code: 'InvalidAssetId', message: `body/assets/${index}/id '${id}' ${problem}.` });
      else if (seen.has(id)) problems.push({ code: 'DuplicateAssetId', message: `body/assets/${index}/id '${id}' is used twice.` });
      seen.add(id);
      assets.push({ id, url: asset.url, mimeType: asset.mimeType ?? (cited.kind === 'asset' ? cited.asset.mimeType : undefined), unpack: asset.unpack ?? false });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      problems.push({ code: error.code, message: error.message });
    }
  }
  for (const property of ENVIRONMENT_PROPERTIES) {
    const value = body.targetRuntime.properties[property];
    if (value === undefined || seen.has(value)) continue;
    try {
      await resolveCitedUrl(context, request, account, `body/targetRuntime/properties/${property}`, value);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      problems.push({ code: error.code, message: `${error.message.replace(/\.$/, '')} (or the id of one of body/assets).` });
    }
  }
  const driver = body.driverProgram;
  if (runtime === 'Onnx') {
    if (modelIds.length === 0) problems.push({ code: 'MissingModel', message: 'body/modelIds: an Onnx manifest runs a registered .onnx model; name one.' });
  } else if (driver === undefined) {
    problems.push({ code: 'MissingDriverProgram', message: `body/driverProgram is required for the ${runtime} runtime.` });
  } else if (hasExtension(driver) && !DRIVER_EXTENSIONS[runtime]!.test(driver)) {
    problems.push({ code: 'InvalidDriverProgram', message: `body/driverProgram '${driver}' does not look like a ${runtime} program (${DRIVER_EXTENSIONS[runtime]!.source}).` });
  }
  if (driver !== undefined && !seen.has(driver)) {
    problems.push({ code: 'DriverProgramNotInAssets', message: `body/driverProgram '${driver}' is not the id of one of body/assets.` });
  }
  if (problems.length > 0) {
    throw badRequest(problems.length === 1 ? problems[0]!.code : 'InvalidManifest', problems.map((p) => p.message).join(' '), problems);
  }
  return assets;
}

export function manifestRoutes(app: FastifyInstance, context: ServiceContext): void {
  app.post<{ Params: AccountParams; Body: ManifestRequest }>(
    `${ACCOUNT_ROUTE}/manifests`,
    { config: requires('Contributor', 'create a manifest'), schema: { params: AccountParams, body: ManifestRequest, response: { 200: Manifest } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const body = request.body;
      const assets = await validateManifest(context, request, account, body);
      return context.store.manifests.create(account.key, body.name, ({ id, version }) => ({
        id,
        name: body.name,
        version,
        description: body.description ?? undefined,
        driverProgram: body.driverProgram,
        assets,
        modelIds: body.modelIds ?? [],
        modelType: 'Registered',
        targetRuntime: body.targetRuntime,
        webserviceType: 'Realtime',
        createdTime: new Date().toISOString(),
      }));
    },
  );

  app.get<{ Params: AccountParams; Querystring: { modelId?: string; manifestName?: string; count?: number; $skipToken?: string } }>(
    `${ACCOUNT_ROUTE}/manifests`,
    { config: requires('Reader', 'list manifests'), schema: { params: AccountParams, querystring: ManifestListQuery, response: { 200: Paginated(Manifest) } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const { modelId, manifestName } = request.query;
      return pageOf(context, request, await context.store.manifests.list(account.key, { modelId, manifestName }, listOptions(request.query)));
    },
  );

  app.get<{ Params: AccountParams & { id: string } }>(
    `${ACCOUNT_ROUTE}/manifests/:id`,
    { config: requires('Reader', 'read a manifest'), schema: { params: Type.Composite([AccountParams, Type.Object({ id: IdParam })]), response: { 200: Manifest } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const manifest = await context.store.manifests.get(account.key, request.params.id);
      if (!manifest) throw notFound('Manifest', request.params.id);
      return manifest;
    },
  );
}
