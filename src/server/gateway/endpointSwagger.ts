import * as contract from '../../api/schemas';
import { EndpointSchema, JobStatus, JobSubmitRequest, Paginated, type Endpoint } from '../../api/schemas';
import { OpenApiSchemas, type JsonSchema } from '../routes/openApiSchemas';
import { onnxTableSample } from './onnxTableSample';

/** What an endpoint's own document is made of. */
export interface EndpointDocumentInput {
  endpoint: Endpoint;
  workspaceId: string;
  /** The origin clients reach this service at. */
  origin: string;
  /** What the endpoint takes and a sample request (endpointPools.endpointSchema). */
  schema: EndpointSchema;
}

interface Column {
  name: string;
  type?: string;
}
type Tables = Record<string, Column[]>;

const COLUMN_TYPES: Record<string, JsonSchema> = {
  String: { type: 'string' },
  Int32: { type: 'integer' },
  Int64: { type: 'integer' },
  Double: { type: 'number' },
  Float: { type: 'number' },
  Single: { type: 'number' },
  Decimal: { type: 'number' },
  Boolean: { type: 'boolean' },
};
const columnSchema = (column: Column): JsonSchema => ({ ...(COLUMN_TYPES[column.type ?? ''] ?? {}), ...(column.type ? { description: column.type } : {}) });

/** `{input1: {columns: [{name, type}]}}`, the shape drivers declare table inputs and outputs in, or undefined. */
function tablesOf(declared: unknown): Tables | undefined {
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) return undefined;
  const tables: Tables = {};
  for (const [name, table] of Object.entries(declared)) {
    const columns = (table as { columns?: unknown } | null)?.columns;
    if (!Array.isArray(columns) || !columns.every((c) => typeof (c as Column | null)?.name === 'string')) return undefined;
    tables[name] = columns as Column[];
  }
  return Object.keys(tables).length > 0 ? tables : undefined;
}

const object = (props: Record<string, JsonSchema>, required = Object.keys(props)): JsonSchema => ({ type: 'object', properties: props, required });
const mapOf = (tables: Tables | undefined, each: (columns: Column[]) => JsonSchema, fallback: JsonSchema): JsonSchema =>
  tables ? object(Object.fromEntries(Object.entries(tables).map(([name, columns]) => [name, each(columns)]))) : { type: 'object', additionalProperties: fallback };

/** The classic table: `{ColumnNames, Values}`, each row's cells typed by its column when the endpoint declares them. */
const tableSchema = (columns: Column[] | undefined): JsonSchema =>
  object({
    ColumnNames: columns ? { type: 'array', items: { type: 'string' }, default: columns.map((c) => c.name) } : { type: 'array', items: { type: 'string' } },
    Values: { type: 'array', items: columns ? { type: 'array', prefixItems: columns.map(columnSchema), minItems: columns.length } : { type: 'array' } },
  });
/** Rows as objects (`format=swagger`, and what drivers receive). */
const recordsSchema = (columns: Column[] | undefined): JsonSchema => ({
  type: 'array',
  items: columns ? { type: 'object', properties: Object.fromEntries(columns.map((c) => [c.name, columnSchema(c)])) } : { type: 'object' },
});

/** The sample request in the classic table form, when the sample's rows are records of the declared tables. */
function sampleTables(sample: unknown, tables: Tables | undefined): JsonSchema | undefined {
  const inputs = (sample as { Inputs?: Record<string, unknown> } | null)?.Inputs;
  if (!tables || typeof inputs !== 'object' || inputs === null) return undefined;
  const converted: Record<string, unknown> = {};
  for (const [name, columns] of Object.entries(tables)) {
    const rows = inputs[name];
    if (!Array.isArray(rows)) return undefined;
    converted[name] = { ColumnNames: columns.map((c) => c.name), Values: rows.map((row) => columns.map((c) => (row as Record<string, unknown>)[c.name] ?? null)) };
  }
  return { Inputs: converted, GlobalParameters: (sample as { GlobalParameters?: unknown }).GlobalParameters ?? {} };
}

const json = (schema: JsonSchema, example?: unknown) => ({ 'application/json': { schema, ...(example === undefined ? {} : { example }) } });
const answer = (description: string, schema?: JsonSchema, example?: unknown) => ({ description, ...(schema ? { content: json(schema, example) } : {}) });
const DATA_PLANE_ERROR: JsonSchema = object({
  error: object({ code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array', items: object({ code: { type: 'string' }, message: { type: 'string' } }) } }, ['code', 'message']),
});
const errors = { default: { description: 'An error in the classic shape: 400 bad input, 401 wrong key, 404 unknown endpoint or job, 503 RequestThrottled, 504 BackendScoreTimeout', content: json({ $ref: '#/components/schemas/DataPlaneError' }) } };
const apiVersion = { name: 'api-version', in: 'query', required: false, schema: { type: 'string', default: '2.0' } };
const jobId = { name: 'jobId', in: 'path', required: true, schema: { type: 'string' } };

/** The batch execution service (BES) of the endpoint under one of its two base addresses. */
function batchPaths(base: string, schemas: OpenApiSchemas, tag: string): Record<string, JsonSchema> {
  const op = (summary: string, rest: JsonSchema) => ({ tags: [tag], summary, ...rest, responses: { ...(rest.responses as object), ...errors } });
  return {
    [`${base}/jobs`]: {
      post: op('Submit a batch job (it does not start): answers the job id as a JSON string', {
        parameters: [apiVersion],
        requestBody: { required: true, content: json(schemas.use(JobSubmitRequest)) },
        responses: { 200: answer('The job id', { type: 'string' }) },
      }),
      get: op("List the endpoint's jobs, newest first", {
        parameters: [apiVersion, { name: 'count', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 } }, { name: '$skipToken', in: 'query', required: false, schema: { type: 'string' } }],
        responses: { 200: answer('One page of jobs', schemas.use(Paginated(JobStatus))) },
      }),
    },
    [`${base}/jobs/{jobId}`]: {
      get: op("A job's status; Results is null until it has Finished, then each output's download location", { parameters: [jobId, apiVersion], responses: { 200: answer('The job', schemas.use(JobStatus)) } }),
      delete: op('Cancel a running job and delete it (a finished one too)', { parameters: [jobId, apiVersion], responses: { 200: answer('Deleted') } }),
    },
    [`${base}/jobs/{jobId}/start`]: {
      post: op('Start a submitted job (an empty body)', { parameters: [jobId, apiVersion], responses: { 200: answer('Started') } }),
    },
  };
}

/**
 * The OpenAPI 3.1 document of one endpoint, as classic clients fetch it beside the scoring URL: RRS execute, raw
 * scoring, the batch jobs (submit, start, status, delete, list), its schema route; with the inputs it takes and a
 * sample request. Paths are the endpoint's own (no parameters to fill but a job id).
 */
export function endpointSwagger({ endpoint, workspaceId, origin, schema }: EndpointDocumentInput): JsonSchema {
  const schemas = new OpenApiSchemas(contract);
  const inputs = tablesOf(schema.inputs);
  const outputs = tablesOf(schema.outputs);
  const classic = `/workspaces/${workspaceId}/services/${endpoint.id}`;
  const score = `/score/${endpoint.id}`;
  const globalParameters = { type: 'object', additionalProperties: true };
  const rrsRequest = object({ Inputs: mapOf(inputs, tableSchema, tableSchema(undefined)), GlobalParameters: globalParameters }, ['Inputs']);
  const recordsRequest = object({ Inputs: mapOf(inputs, recordsSchema, recordsSchema(undefined)), GlobalParameters: globalParameters }, ['Inputs']);
  const rrsResponse = object({ Results: mapOf(outputs, (columns) => object({ type: { const: 'table' }, value: object({ ...(tableSchema(columns).properties as Record<string, JsonSchema>), ColumnTypes: { type: 'array', items: { type: 'string' } } }, ['ColumnNames', 'Values']) }), object({ type: { const: 'table' }, value: tableSchema(undefined) })) });
  const recordsResponse = object({ Results: mapOf(outputs, recordsSchema, recordsSchema(undefined)) });
  const rawRequest = inputs ? recordsRequest : {};
  const rrsExample = sampleTables(schema.sampleRequest, inputs) ?? (schema.runtimeType === 'Onnx' ? onnxTableSample(schema.inputs) : undefined);
  return {
    openapi: '3.1.0',
    info: {
      title: `${endpoint.serviceName} / ${endpoint.name}`,
      version: '2.0',
      description: `Endpoint '${endpoint.name}' of service '${endpoint.serviceName}' (${schema.runtimeType}). Every call takes one of the endpoint's keys as "Authorization: Bearer <key>", "Ocp-Apim-Subscription-Key: <key>" or the subscription-key query parameter. The batch jobs are also at ${score}/jobs.`,
    },
    servers: [{ url: origin }],
    // Any one of the three: a client written for API Management sends the key its way, unchanged.
    security: [{ endpointKey: [] }, { subscriptionKeyHeader: [] }, { subscriptionKeyQuery: [] }],
    paths: {
      [`${classic}/execute`]: {
        post: {
          tags: ['RRS'],
          summary: 'Score rows (request-response): the classic table, or rows as objects with format=swagger',
          parameters: [
            apiVersion,
            { name: 'details', in: 'query', required: false, schema: { type: 'boolean' }, description: 'true: the answer carries ColumnTypes' },
            { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['swagger'] }, description: 'swagger: rows as objects, in and out' },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { anyOf: [rrsRequest, recordsRequest] }, ...(rrsExample ? { example: rrsExample } : {}) } } },
          responses: { 200: answer('The scored rows', { anyOf: [rrsResponse, recordsResponse] }), ...errors },
        },
      },
      [score]: {
        post: {
          tags: ['Score'],
          summary: "Score any JSON: handed to the model's run() as it is (RRS tables are taken here too)",
          requestBody: { required: true, content: json(rawRequest, schema.sampleRequest) },
          responses: { 200: answer("The driver's answer", {}), ...errors },
        },
      },
      [`${score}/schema`]: {
        get: { tags: ['Score'], summary: 'What the endpoint takes, and a sample request', responses: { 200: answer('The schema', schemas.use(EndpointSchema)), ...errors } },
      },
      [`${score}/swagger.json`]: {
        get: { tags: ['Score'], summary: 'This document', responses: { 200: answer('The OpenAPI document', { type: 'object' }), ...errors } },
      },
      ...batchPaths(classic, schemas, 'BES'),
    },
    components: {
      securitySchemes: {
        endpointKey: { type: 'http', scheme: 'bearer', description: "The endpoint's primary or secondary key." },
        subscriptionKeyHeader: { type: 'apiKey', in: 'header', name: 'Ocp-Apim-Subscription-Key', description: 'The same key, as API Management clients send it.' },
        subscriptionKeyQuery: { type: 'apiKey', in: 'query', name: 'subscription-key', description: 'The same key in the query string (a header is used first when both are sent).' },
      },
      schemas: { ...schemas.components(), DataPlaneError: DATA_PLANE_ERROR },
    },
  };
}
