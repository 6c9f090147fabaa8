import type { JsonSchema } from '../routes/openApiSchemas';
import { schemaSample } from './schemaSample';

/** One call of the endpoint as the portal shows it, read from the endpoint's OpenAPI document. */
export interface PortalOperation {
  id: string;
  title: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** The path and the query a first try sends (api-version=2.0, details=true). */
  address: string;
  summary: string;
  parameters: { name: string; in: string; required: boolean; description: string }[];
  request?: { schema: unknown; sample: unknown };
  response?: { description: string; schema?: unknown; sample?: unknown };
}

/** The portal's order and names: RRS, raw scoring, then the batch job calls as a client makes them. */
const KNOWN: [RegExp, string, string, string][] = [
  [/\/execute$/, 'POST', 'rrs', 'Request-response (RRS): execute'],
  [/^\/score\/[^/]+$/, 'POST', 'score', 'Score any JSON'],
  [/\/jobs$/, 'POST', 'bes-submit', 'Batch (BES): submit a job'],
  [/\/jobs\/\{jobId\}\/start$/, 'POST', 'bes-start', 'Batch (BES): start a job'],
  [/\/jobs\/\{jobId\}$/, 'GET', 'bes-status', 'Batch (BES): job status'],
  [/\/jobs\/\{jobId\}$/, 'DELETE', 'bes-delete', 'Batch (BES): cancel or delete a job'],
  [/\/jobs$/, 'GET', 'bes-list', 'Batch (BES): list jobs'],
  [/\/schema$/, 'GET', 'schema', 'What the endpoint takes'],
];

/** A job's input as a first try can send it: a CSV uploaded as an asset of the account (see the README). */
const SUBMIT_SAMPLE = { Input: { AssetId: '<asset id of a CSV file>' }, GlobalParameters: {} };

interface DocOperation {
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: unknown; example?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

function firstTryQuery(parameters: DocOperation['parameters']): string {
  const query = new URLSearchParams();
  for (const p of parameters ?? []) {
    if (p.in !== 'query') continue;
    if (p.name === 'details') query.set('details', 'true');
    else if (p.schema && 'default' in p.schema) query.set(p.name, String(p.schema.default));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The endpoint's operations in the portal's order, with samples made from their schemas. */
export function portalOperations(document: JsonSchema): PortalOperation[] {
  const paths = document.paths as Record<string, Record<string, DocOperation>>;
  const components = ((document.components as { schemas?: Record<string, JsonSchema> } | undefined)?.schemas ?? {});
  const found: PortalOperation[] = [];
  for (const [pattern, method, id, title] of KNOWN) {
    const entry = Object.entries(paths).find(([path, methods]) => pattern.test(path) && methods[method.toLowerCase()]);
    if (!entry) continue;
    const [path, methods] = entry;
    const op = methods[method.toLowerCase()]!;
    const body = op.requestBody?.content?.['application/json'];
    const ok = op.responses?.['200'];
    const okSchema = ok?.content?.['application/json']?.schema;
    const hasShape = typeof okSchema === 'object' && okSchema !== null && Object.keys(okSchema).length > 0;
    found.push({
      id,
      title,
      method: method as PortalOperation['method'],
      address: `${path}${firstTryQuery(op.parameters)}`,
      summary: op.summary ?? '',
      parameters: (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: p.required ?? false, description: p.description ?? '' })),
      request: body ? { schema: body.schema, sample: id === 'bes-submit' ? SUBMIT_SAMPLE : (body.example ?? schemaSample(body.schema, components)) } : undefined,
      response: ok ? { description: ok.description ?? '', ...(hasShape ? { schema: okSchema, sample: schemaSample(okSchema, components) } : {}) } : undefined,
    });
  }
  return found;
}
