import { OptionalKind } from '@sinclair/typebox';
import { API_VERSION } from '../../api/apiVersion';
import * as contract from '../../api/schemas';
import { ErrorResponse } from '../../api/schemas';
import type { CataloguedRoute } from './routeCatalogue';
import { OpenApiSchemas, type JsonSchema } from './openApiSchemas';

type Operation = Record<string, unknown>;

/** `/api/subscriptions/:subscriptionId/...` as OpenAPI writes it: `/api/subscriptions/{subscriptionId}/...`. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** A stable, unique name per route: `get`, `post`, ... then each literal segment after the account, `By<Param>` for params. */
function operationId(method: string, url: string): string {
  const tail = url.replace(/^\/api\/subscriptions\/:subscriptionId\/resourceGroups\/:resourceGroupName\/accounts(\/:accountName)?/, (_all, one: string | undefined) => (one ? '' : '/accounts'));
  const words = tail
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `By${segment[1]!.toUpperCase()}${segment.slice(2)}` : segment.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())))
    .map((word) => word[0]!.toUpperCase() + word.slice(1));
  return `${method.toLowerCase()}${words.join('') || 'Account'}`;
}

/** The resource a route belongs to, as the document's tag: the first segment after the account. */
function tagOf(url: string): string {
  const match = /\/accounts\/:accountName\/([A-Za-z]+)/.exec(url);
  return match ? match[1]! : 'accounts';
}

const properties = (schema: unknown): [string, unknown][] => {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.entries(props) : [];
};
const requiredOf = (schema: unknown): string[] => (schema as { required?: string[] } | undefined)?.required ?? [];

function parameters(route: CataloguedRoute, schemas: OpenApiSchemas): JsonSchema[] {
  const path = properties(route.schema.params).map(([name, schema]) => ({ name, in: 'path', required: true, schema: schemas.use(schema) }));
  // api-version is listed once, below, whether or not the route's own query schema names it.
  const query = properties(route.schema.querystring).filter(([name]) => name !== 'api-version').map(([name, schema]) => ({
    name,
    in: 'query',
    required: requiredOf(route.schema.querystring).includes(name),
    schema: schemas.use(schema),
  }));
  const apiVersion = { name: 'api-version', in: 'query', required: true, schema: { type: 'string', enum: [API_VERSION] } };
  return [...path, ...query, apiVersion];
}

function requestBody(route: CataloguedRoute, schemas: OpenApiSchemas): JsonSchema | undefined {
  if (route.schema.body !== undefined) {
    const optional = OptionalKind in (route.schema.body as object);
    return { required: !optional, content: { 'application/json': { schema: schemas.use(route.schema.body) } } };
  }
  if (route.schema.consumes) {
    return { required: true, content: Object.fromEntries(route.schema.consumes.map((type) => [type, { schema: {} }])) };
  }
  return undefined;
}

function responses(route: CataloguedRoute, schemas: OpenApiSchemas): JsonSchema {
  const answers: JsonSchema = {};
  const declared = (route.schema.response ?? {}) as Record<string, unknown>;
  for (const [status, schema] of Object.entries(declared)) {
    const key = status.toUpperCase();
    const nullBody = (schema as { type?: unknown }).type === 'null';
    answers[key] = nullBody ? { description: status === '204' ? 'Nothing to answer (absent)' : 'No body' } : { description: 'Success', content: { 'application/json': { schema: schemas.use(schema) } } };
  }
  if (Object.keys(answers).length === 0) {
    const content = route.schema.produces ? { content: Object.fromEntries(route.schema.produces.map((type) => [type, { schema: {} }])) } : {};
    answers['2XX'] = { description: 'Success', ...content };
  }
  answers.default = { description: 'An error: the status says which, the body says why (code, message, details naming the field)', content: { 'application/json': { schema: schemas.use(ErrorResponse) } } };
  return answers;
}

/**
 * The OpenAPI 3.1 document of the management API this service implements, made from its registered routes: each
 * route's params, query, body and response schemas as it validates and answers them.
 */
export function managementOpenApi(routes: readonly CataloguedRoute[], origin: string): JsonSchema {
  const schemas = new OpenApiSchemas(contract);
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of routes) {
    const path = openApiPath(route.url);
    const operation: Operation = {
      operationId: operationId(route.method, route.url),
      tags: [tagOf(route.url)],
      parameters: parameters(route, schemas),
    };
    const body = requestBody(route, schemas);
    if (body) operation.requestBody = body;
    operation.responses = responses(route, schemas);
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Modelbay Model Management API',
      version: API_VERSION,
      description:
        'The Model Management API as this Modelbay service implements it: accounts, assets, models, manifests, images, ' +
        'services with their endpoints and keys, deployments and operations. Every call takes api-version and ' +
        '"Authorization: Bearer <token>" (the admin token or a JWT of the configured issuer).',
    },
    servers: [{ url: origin }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The admin token, or a JWT from the issuer the service is configured with.' } },
      schemas: schemas.components(),
    },
  };
}
