import type { FastifyInstance, FastifySchema } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered (see routeCatalogue). */
    routeCatalogue: RouteCatalogue;
  }
  interface FastifySchema {
    /** Documentation only (fastify ignores it): the media types a route takes when it has no JSON body schema. */
    consumes?: readonly string[];
    /** Documentation only: the media types a route answers with when it has no JSON response schema. */
    produces?: readonly string[];
  }
}

/** One route of the management API as it was registered: its method, its fastify URL and its own schemas. */
export interface CataloguedRoute {
  method: string;
  /** fastify's form: `/api/subscriptions/:subscriptionId/...`. */
  url: string;
  schema: FastifySchema;
}

export interface RouteCatalogue {
  /** Every management route registered so far, in registration order. */
  routes(): readonly CataloguedRoute[];
  /** Every route of the service, management or not (method and fastify URL): what a test must reach, all of it. */
  everyRoute(): readonly { method: string; url: string }[];
}

/**
 * Records every route as it is registered; the management routes (under /api/) with the schemas they validate and
 * answer with, so the OpenAPI document is made from the routes themselves and cannot drift from them. Must be
 * installed before the routes are registered (fastify tells onRoute hooks about routes added after them); the app
 * carries it as `app.routeCatalogue`.
 */
export function routeCatalogue(app: FastifyInstance): RouteCatalogue {
  const routes: CataloguedRoute[] = [];
  const every: { method: string; url: string }[] = [];
  app.addHook('onRoute', (options) => {
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    for (const method of methods) {
      if (method === 'HEAD') continue; // fastify's automatic HEAD of every GET
      every.push({ method, url: options.url });
      if (options.url.startsWith('/api/')) routes.push({ method, url: options.url, schema: options.schema ?? {} });
    }
  });
  const catalogue: RouteCatalogue = { routes: () => routes, everyRoute: () => every };
  app.decorate('routeCatalogue', catalogue);
  return catalogue;
}
