import fc from 'fast-check';
import { encodeText, hostileSegment, jsonText, mutatedBody } from './mutations';
import { schemaArbitrary, type FieldValues, type Schema, type SchemaResolver } from './schemaArbitrary';

/** One operation of an OpenAPI document, as the fuzzer reads it. */
export interface FuzzRoute {
  method: string;
  /** The OpenAPI path: `/api/subscriptions/{subscriptionId}/.../models/{id}`. */
  template: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; required: boolean; schema: Schema }[];
  /** The JSON body's schema, when the route takes JSON. */
  jsonBody?: Schema;
  /** The document's example of a valid body, when it gives one. */
  example?: unknown;
  /** The media type of a body that is not JSON (an upload). */
  rawBodyType?: string;
}

/** One request to send: where, with what, and whether it was made valid or broken on purpose (and how). */
export interface FuzzRequest {
  valid: boolean;
  mutation: string;
  method: string;
  /** Path and query, ready to append to the service's origin. */
  target: string;
  contentType?: string;
  body?: Buffer;
}

/** Query parameters that would turn the request into a stream that never ends (followed logs): never generated true. */
const STREAMING = new Set(['follow']);

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

/** The operations of an OpenAPI document, each with what it takes. */
export function routesOf(document: { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: Schema; example?: unknown }> } }>> }): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? [];
      const seen = new Set<string>();
      const queryParams = parameters
        .filter((p) => p.in === 'query' && !seen.has(p.name) && seen.add(p.name))
        .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} }));
      const content = operation.requestBody?.content ?? {};
      const json = content['application/json'];
      routes.push({
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        queryParams,
        jsonBody: json ? (json.schema ?? {}) : undefined,
        ...(json && json.example !== undefined ? { example: json.example } : {}),
        rawBodyType: json ? undefined : Object.keys(content)[0],
      });
    }
  }
  return routes;
}

/** The segment before a path parameter names what it is (`models/{id}` is a model's id); after another parameter, its own name does. */
export function paramKind(template: string, name: string): string {
  const segments = template.split('/');
  const index = segments.indexOf(`{${name}}`);
  const before = index > 0 ? segments[index - 1]! : '';
  return before === '' || before.startsWith('{') ? name : before;
}

/** A route known only by its method and fastify URL (`/score/:endpointId/help`): path parameters of any string. */
export function bareRoute(method: string, url: string): FuzzRoute {
  const template = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  return { method, template, pathParams: [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1]!, schema: { type: 'string', minLength: 1, maxLength: 40 } })), queryParams: [] };
}

/** A path with every parameter (`{x}`, `:x`, or an id put in by a document) written the same way, to compare routes. */
export const routeShape = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/:([A-Za-z0-9_]+)/g, '{}').replace(/\{[^}]+\}/g, '{}').replace(/\/[0-9a-f]{32}(?=\/|$)/g, '/{}').replace(/\/[0-9a-f-]{36}(?=\/|$)/g, '/{}')}`;

export interface KnownValues {
  /** Real ids and names by kind (`models`, `services`, `accounts`, ...), so valid requests reach past the lookups. */
  byKind: Record<string, string[]>;
  /** Values every request carries unless broken on purpose (`api-version`). */
  fixedQuery: Record<string, string>;
  /** Real values for body fields by name (see FieldValues). */
  fields?: FieldValues;
}

const encodeQuery = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeText(k)}=${v}`).join('&');
const queryValue = (value: unknown) => encodeText(typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Requests for one route, valid then broken: a valid request has real ids where the service has them (or ids of
 * the right form that do not exist), query values of their schema, and a body of its schema; a broken one has one
 * thing wrong: a body field replaced, removed or added, the body's bytes broken, a path or query value hostile, the
 * api-version wrong or missing, or a media type the route does not take. A DELETE never gets a real id, so the
 * fixtures stay for the routes after it.
 */
export function requestsFor(route: FuzzRoute, known: KnownValues, resolve: SchemaResolver): fc.Arbitrary<FuzzRequest> {
  const pathValue = (param: { name: string; schema: Schema }) => {
    const real = route.method === 'DELETE' ? [] : (known.byKind[paramKind(route.template, param.name)] ?? []);
    const formed = schemaArbitrary(param.schema, resolve).map((value) => encodeText(String(value)));
    return real.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...real.map(encodeText)) }, { weight: 1, arbitrary: formed }) : formed;
  };
  const path = fc.tuple(...route.pathParams.map(pathValue)).map((values) => {
    let target = route.template;
    route.pathParams.forEach((param, index) => (target = target.replace(`{${param.name}}`, values[index] as string)));
    return target;
  });
  const optionalQuery = route.queryParams.filter((p) => !(p.name in known.fixedQuery) && !STREAMING.has(p.name));
  const query = fc
    .tuple(...optionalQuery.map((p) => (p.required ? schemaArbitrary(p.schema, resolve).map((v) => [v]) : fc.option(schemaArbitrary(p.schema, resolve), { freq: 2 }).map((v) => (v === null ? [] : [v])))))
    .map((values) => optionalQuery.flatMap((p, index) => (values[index] as unknown[]).map((v): [string, string] => [p.name, queryValue(v)])));
  const fixed = Object.entries(known.fixedQuery).map(([k, v]): [string, string] => [k, encodeText(v)]);
  const fromSchema = route.jsonBody ? schemaArbitrary(route.jsonBody, resolve, 0, known.fields) : fc.constant(undefined);
  // A schema that says little (a model's raw input) is helped by the document's example, the way a client starts.
  const body = route.example === undefined ? fromSchema : fc.oneof({ weight: 3, arbitrary: fc.constant(route.example) }, { weight: 1, arbitrary: fromSchema });
  const rawBody = fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes));

  const valid = fc.tuple(path, query, body, rawBody).map(([target, pairs, value, raw]): FuzzRequest => ({
    valid: true,
    mutation: 'valid',
    method: route.method,
    target: `${target}?${encodeQuery([...pairs, ...fixed])}`,
    ...(route.jsonBody ? { contentType: 'application/json', body: Buffer.from(jsonText(value)) } : {}),
    ...(route.rawBodyType ? { contentType: route.rawBodyType, body: raw } : {}),
  }));

  const broken: fc.Arbitrary<FuzzRequest>[] = [];
  if (route.jsonBody) {
    broken.push(
      fc.tuple(valid, body).chain(([request, value]) =>
        mutatedBody(value).map((mutated): FuzzRequest => ({ ...request, valid: false, mutation: mutated.mutation, body: mutated.bytes })),
      ),
    );
  }
  if (route.pathParams.length > 0) {
    broken.push(
      fc.tuple(query, fc.nat({ max: route.pathParams.length - 1 }), hostileSegment, path).map(([pairs, which, hostile, _path]): FuzzRequest => {
        let target = route.template;
        route.pathParams.forEach((param, index) => (target = target.replace(`{${param.name}}`, index === which ? hostile : (known.byKind[paramKind(route.template, param.name)]?.[0] ?? 'x'))));
        return {
          valid: false,
          mutation: `path {${route.pathParams[which]!.name}} hostile`,
          method: route.method,
          target: `${target}?${encodeQuery([...pairs, ...fixed])}`,
          ...(route.jsonBody ? { contentType: 'application/json', body: Buffer.from('{}') } : {}),
        };
      }),
    );
  }
  const queryNames = route.queryParams.map((p) => p.name);
  broken.push(
    fc
      .tuple(valid, fc.constantFrom(...queryNames, 'unknown-param'), fc.oneof(hostileSegment, fc.constantFrom('-1', '0', '1e9', '99999999999999999999', 'true', '', '[]')))
      // A "hostile" value that turns a log into a stream that never ends is not hostile, only endless.
      .filter(([, name, value]) => !(STREAMING.has(name) && /^(true|1)$/i.test(value)))
      .map(([request, name, value]): FuzzRequest => {
      const [pathPart, queryPart = ''] = request.target.split('?');
      return { ...request, valid: false, mutation: `query ${name} hostile`, target: `${pathPart}?${queryPart}&${encodeText(name)}=${value}` };
    }),
    valid.map((request): FuzzRequest => ({ ...request, valid: false, mutation: 'api-version missing', target: request.target.replace(/(^|[?&])api-version=[^&]*/, '$1') })),
    valid.map((request): FuzzRequest => ({ ...request, valid: false, mutation: 'api-version wrong', target: request.target.replace(/api-version=[^&]*/, 'api-version=2099-01-01') })),
  );
  if (route.jsonBody || route.rawBodyType) {
    broken.push(
      fc.tuple(valid, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data; boundary=x', '')).map(([request, type]): FuzzRequest => ({
        ...request,
        valid: false,
        mutation: `Content-Type "${type}"`,
        contentType: type,
      })),
    );
  }
  return fc.oneof({ weight: 2, arbitrary: valid }, { weight: 3, arbitrary: fc.oneof(...broken) });
}
