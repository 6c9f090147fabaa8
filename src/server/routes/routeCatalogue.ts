import type { FastifyInstance, FastifySchema } from 'fastify';

declare module 'fastify' {
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
}

/**
 * Records every management route (under /api/) as it is registered, with the schemas it validates and answers
 * with, so the OpenAPI document is made from the routes themselves and cannot drift from them. Must be installed
 * before the routes are registered (fastify tells onRoute hooks about routes added after them).
 */
export function routeCatalogue(app: FastifyInstance): RouteCatalogue {
  const routes: CataloguedRoute[] = [];
  app.addHook('onRoute', (options) => {
    if (!options.url.startsWith('/api/')) return;
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    for (const method of methods) {
      if (method === 'HEAD') continue; // fastify's automatic HEAD of every GET
      routes.push({ method, url: options.url, schema: options.schema ?? {} });
    }
  });
  return { routes: () => routes };
}
