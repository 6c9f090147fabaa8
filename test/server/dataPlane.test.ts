import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { behaviourDriver, deployDriver, score, type Deployed } from './helpers/deploy';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An RRS driver: doubles column x of every row of input1, keeping name. */
const DOUBLING_RRS = `
exports.init = () => {};
exports.run = (input) => ({ output1: input.Inputs.input1.map((row) => ({ name: row.name, doubled: row.x * 2 })) });
`;

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A call on its own connection, with headers and body exactly as given (no fetch niceties). */
function rawCall(url: string, method: string, headers: Record<string, string | number>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Starts a call that sends part of its body (or all of it) and then hangs up: the caller leaving mid-body or mid-answer. */
function abandonedCall(url: string, key: string, body: string, declaredLength: number, leaveAfterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const request = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': declaredLength, Authorization: `Bearer ${key}` },
    });
    request.on('error', () => resolve());
    request.on('close', () => resolve());
    request.write(body);
    if (body.length === declaredLength) request.end();
    setTimeout(() => request.destroy(), leaveAfterMs);
  });
}

function assertServiceHeaders(headers: Headers | http.IncomingHttpHeaders, what: string): string {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : (headers[name] as string | undefined));
  assert.equal(get('x-content-type-options'), 'nosniff', what);
  assert.equal(get('cache-control'), 'no-store', what);
  const id = get('x-ms-request-id') ?? '';
  assert.match(id, UUID, what);
  return id;
}

describe('the data plane (scoring and RRS on plain node:http)', () => {
  let service: ServiceProcess;
  let echo: Deployed;
  let rrs: Deployed;
  before(async () => {
    service = await startServiceProcess();
    echo = await deployDriver(service.account, 'echo', behaviourDriver('v1'), { numReplicas: 1, maxConcurrentRequestsPerContainer: 20 });
    rrs = await deployDriver(service.account, 'doubling', DOUBLING_RRS);
  });
  after(async () => {
    await service?.stop();
  });

  it('answers every refusal and failure in the classic {"error": {code, message, details}} shape, with the usual headers', async () => {
    const { scoringUri } = echo.endpoint;
    const key = echo.keys.primaryKey;
    const json = { 'Content-Type': 'application/json' };
    const cases: [string, Promise<RawAnswer>, number, string][] = [
      ['no key', rawCall(scoringUri, 'POST', json, '{}'), 401, 'MissingKeys'],
      ['wrong key', rawCall(scoringUri, 'POST', { ...json, Authorization: 'Bearer nope' }, '{}'), 401, 'ScoreRequestUnauthorized'],
      ['unknown endpoint', rawCall(scoringUri.replace(/[0-9a-f-]{36}$/, '00000000-0000-0000-0000-000000000000'), 'POST', json, '{}'), 404, 'EndpointNotFound'],
      ['not an endpoint id', rawCall(scoringUri.replace(/[0-9a-f-]{36}$/, 'not-an-id'), 'POST', json, '{}'), 400, 'InvalidRequest'],
      ['bad JSON', rawCall(scoringUri, 'POST', { ...json, Authorization: `Bearer ${key}` }, '{"a": '), 400, 'InvalidJson'],
      ['empty JSON body', rawCall(scoringUri, 'POST', { ...json, Authorization: `Bearer ${key}` }, ''), 400, 'InvalidJson'],
      ['text/plain', rawCall(scoringUri, 'POST', { 'Content-Type': 'text/plain', Authorization: `Bearer ${key}` }, '{}'), 415, 'UnsupportedMediaType'],
      ['a body without a type', rawCall(scoringUri, 'POST', { 'Content-Length': 2, Authorization: `Bearer ${key}` }, '{}'), 415, 'UnsupportedMediaType'],
      ['RRS without tables', rawCall(echo.endpoint.rrsUri, 'POST', { ...json, Authorization: `Bearer ${key}` }, '{"a": 1}'), 400, 'InputParseError'],
      ['RRS in another workspace', rawCall(echo.endpoint.rrsUri.replace(/workspaces\/[^/]+/, 'workspaces/0123'), 'POST', { ...json, Authorization: `Bearer ${key}` }, '{}'), 404, 'EndpointNotFound'],
      ['schema without a key', rawCall(`${scoringUri}/schema`, 'GET', {}, ''), 401, 'MissingKeys'],
      ['schema with a wrong key', rawCall(`${scoringUri}/schema`, 'GET', { Authorization: 'Bearer nope' }, ''), 401, 'ScoreRequestUnauthorized'],
      ['schema of an unknown endpoint', rawCall(`${scoringUri.replace(/[0-9a-f-]{36}$/, '00000000-0000-0000-0000-000000000000')}/schema`, 'GET', { Authorization: `Bearer ${key}` }, ''), 404, 'EndpointNotFound'],
    ];
    const ids = new Set<string>();
    for (const [what, answer, status, code] of cases) {
      const { status: got, headers, text } = await answer;
      assert.equal(got, status, `${what}: ${text}`);
      ids.add(assertServiceHeaders(headers, what));
      const body = JSON.parse(text) as { error: { code: string; message: string; details: { code: string; message: string }[] } };
      assert.deepEqual(Object.keys(body), ['error'], what);
      assert.equal(body.error.code, code, what);
      assert.ok(body.error.message.length > 10, what);
      assert.deepEqual(body.error.details, [{ code, message: body.error.message }], what);
    }
    assert.equal(ids.size, cases.length, 'a request id of its own for every answer');
  });

  it('answers 413 from Content-Length alone, before reading the body, and closes that connection', async () => {
    const answer = await new Promise<RawAnswer>((resolve, reject) => {
      const request = http.request(echo.endpoint.scoringUri, {
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': 64 * 1024 * 1024, Authorization: `Bearer ${echo.keys.primaryKey}` },
      });
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      });
      request.on('error', reject);
      request.write('{"data": [');
    });
    assert.equal(answer.status, 413);
    assert.equal(answer.headers.connection, 'close');
    assert.equal((JSON.parse(answer.text) as { error: { code: string } }).error.code, 'PayloadTooLarge');
  });

  it('puts x-ms-request-id on the management API’s answers too, errors included', async () => {
    const auth = { Authorization: `Bearer ${service.token}` };
    const answers = await Promise.all([
      fetch(`${service.url}/healthz`),
      fetch(`${service.url}/api/subscriptions/local/resourceGroups/local/accounts?api-version=2017-09-01-preview`, { headers: auth }),
      fetch(`${service.url}/api/subscriptions/local/resourceGroups/local/accounts?api-version=2017-09-01-preview`),
      fetch(`${service.url}/no/such/route`),
      fetch(`${echo.endpoint.scoringUri}/schema`, { headers: { Authorization: `Bearer ${echo.keys.primaryKey}` } }),
    ]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 401, 404, 200],
    );
    const ids = answers.map((a, i) => assertServiceHeaders(a.headers, `answer ${i}`));
    assert.equal(new Set(ids).size, ids.length);
  });

  it('RRS: tables are typed "table", cells sent as text as the live service sent them; format=swagger takes and answers rows as objects, at both addresses', async () => {
    const key = rrs.keys.primaryKey;
    const table = { Inputs: { input1: { ColumnNames: ['name', 'x'], Values: [['a', 1], ['b', 2.5]] } }, GlobalParameters: {} };
    const rows = { Inputs: { input1: [{ name: 'a', x: 1 }, { name: 'b', x: 2.5 }] }, GlobalParameters: {} };
    const records = { Results: { output1: [{ name: 'a', doubled: '2' }, { name: 'b', doubled: '5' }] } };

    const detailed = await score(`${rrs.endpoint.rrsUri}?api-version=2.0&details=true`, key, table);
    assert.deepEqual(detailed.body, {
      Results: { output1: { type: 'table', value: { ColumnNames: ['name', 'doubled'], ColumnTypes: ['String', 'Int64'], Values: [['a', '2'], ['b', '5']] } } },
    });
    const swagger = await score(`${rrs.endpoint.rrsUri}?api-version=2.0&format=swagger`, key, rows);
    assert.equal(swagger.status, 200, JSON.stringify(swagger.body));
    assert.deepEqual(swagger.body, records);
    assert.deepEqual((await score(`${rrs.endpoint.scoringUri}?format=swagger`, key, rows)).body, records);
    // The answer's shape follows format=swagger, whichever form the rows came in.
    assert.deepEqual((await score(`${rrs.endpoint.rrsUri}?format=swagger&details=true`, key, table)).body, records);
  });

  it('gives an admission place back when the caller leaves mid-body or mid-answer, exactly once', async () => {
    const narrow = await service.account.services.createEndpoint(echo.service.id, { name: 'narrow', maxConcurrentCalls: 4 });
    const { primaryKey: key } = await service.account.services.endpointKeys(echo.service.id, 'narrow');
    // Mid-body: each sends part of what it announced and hangs up; mid-answer: each sends a slow call and hangs up.
    await Promise.all([
      ...Array.from({ length: 4 }, () => abandonedCall(narrow.scoringUri, key, '{"sleep": ', 1000, 150)),
      ...Array.from({ length: 4 }, () => abandonedCall(narrow.scoringUri, key, '{"sleep": 600}', 14, 150)),
    ]);
    await sleep(100);
    // All four places are free again, and no more than four: had a place leaked, fewer than four calls would get in;
    // had one been given back twice, a fifth would.
    const answers = await Promise.all(Array.from({ length: 5 }, () => score(narrow.scoringUri, key, { sleep: 400 })));
    assert.deepEqual(
      answers.map((a) => a.status).sort(),
      [200, 200, 200, 200, 503],
    );
    assert.equal(answers.find((a) => a.status === 503)!.body.error?.code, 'RequestThrottled');
  });

  it('leaves wrong methods and paths to fastify, which answers them as before', async () => {
    const { scoringUri } = echo.endpoint;
    const auth = { Authorization: `Bearer ${echo.keys.primaryKey}` };
    for (const [method, url] of [
      ['GET', scoringUri],
      ['PUT', scoringUri],
      ['DELETE', echo.endpoint.rrsUri],
      ['POST', `${scoringUri}/`],
      ['POST', `${scoringUri}/extra`],
    ] as const) {
      const withBody = method === 'POST' || method === 'PUT';
      const answer = await rawCall(url, method, withBody ? { ...auth, 'Content-Type': 'application/json' } : auth, withBody ? '{}' : undefined);
      assert.equal(answer.status, 404, `${method} ${url}`);
      assert.equal((JSON.parse(answer.text) as { code: string }).code, 'RouteNotFound', `${method} ${url}`);
      assertServiceHeaders(answer.headers, `${method} ${url}`);
    }
  });
});

describe('the data plane when the service shuts down', () => {
  it('answers the call in flight (and closes its connection), then stops', async () => {
    const service = await startServiceProcess();
    try {
      const d = await deployDriver(service.account, 'echo', behaviourDriver('v1'));
      const inFlight = rawCall(d.endpoint.scoringUri, 'POST', { 'Content-Type': 'application/json', Authorization: `Bearer ${d.keys.primaryKey}` }, '{"sleep": 800}');
      await sleep(300);
      const stopped = service.stop('SIGTERM');
      const answer = await inFlight;
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.headers.connection, 'close');
      assert.equal(await stopped, 0);
      await assert.rejects(fetch(d.endpoint.scoringUri, { method: 'POST' }));
    } finally {
      await service.stop('SIGKILL');
    }
  });

  it('does not wait on connections that never sent a request (or sent half of one): SIGTERM still ends the service', async () => {
    const service = await startServiceProcess();
    const { hostname, port } = new URL(service.url);
    const open = (bytes: string) =>
      new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect(Number(port), hostname, () => resolve(socket));
        socket.on('error', reject);
        if (bytes) socket.write(bytes);
      });
    const sockets = await Promise.all([open(''), open(''), open('POST /score/x HTTP/1.1\r\nHost: 127.0.0.1\r\n')]);
    const closed = sockets.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
    try {
      await sleep(200);
      const stopping = service.stop('SIGTERM');
      const outcome = await Promise.race([stopping, sleep(10_000).then(() => 'still running after 10 s')]);
      assert.equal(outcome, 0);
      await Promise.all(closed);
    } finally {
      for (const socket of sockets) socket.destroy();
      await service.stop('SIGKILL');
    }
  });
});
