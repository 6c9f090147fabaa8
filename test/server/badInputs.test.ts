import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { API_VERSION } from '../../src/api/apiVersion';
import { collect } from '../../src/api/client';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

/**
 * Sends one request with node:http, which (unlike fetch) still reads a response the server sends before the
 * body is fully written, as it does for a body past the size limit.
 */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      let text = '';
      response.on('data', (c: Buffer) => (text += c.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    request.setTimeout(10_000, () => request.destroy(new Error(`${method} ${url} got no answer in 10 s`)));
    request.end(body);
  });
}

interface BadCase {
  what: string;
  method?: string;
  path: string;
  /** A JSON-able value, or raw text when a string is given with `raw`. */
  body?: unknown;
  raw?: string;
  contentType?: string;
  query?: string;
  status: number;
  code: string;
  /** Text the message must hold (it names the problem). */
  names: RegExp;
}

describe('bad input', () => {
  let service: ServiceProcess;
  let assetUrl: string;
  let modelId: string;
  const base = '/api/subscriptions/local/resourceGroups/local/accounts/default';
  before(async () => {
    service = await startServiceProcess();
    assetUrl = (await service.account.uploadAsset('m.bin', Buffer.from('m'))).url;
    modelId = (await service.account.registerModel({ name: 'ok', mimeType: 'a/b', url: assetUrl })).id;
  });
  after(async () => {
    await service?.stop();
  });

  const model = () => ({ name: 'm', mimeType: 'application/octet-stream', url: assetUrl });
  const manifest = (runtimeType: string) => ({ name: 'mf', assets: [], modelIds: [modelId], targetRuntime: { runtimeType, properties: {} } });
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

  const cases = (): BadCase[] => [
    { what: 'malformed JSON', method: 'POST', path: '/models', raw: '{"name": "m",', status: 400, code: 'InvalidJson', names: /not valid JSON/ },
    { what: 'empty JSON body', method: 'POST', path: '/models', raw: '', status: 400, code: 'InvalidJson', names: /empty/ },
    { what: 'JSON null', method: 'POST', path: '/models', raw: 'null', status: 400, code: 'InvalidRequest', names: /body must be object/ },
    { what: 'JSON array', method: 'POST', path: '/models', body: [model()], status: 400, code: 'InvalidRequest', names: /body must be object/ },
    { what: 'wrong type', method: 'POST', path: '/models', body: { ...model(), name: 42 }, status: 400, code: 'InvalidRequest', names: /body\/name must be string/ },
    { what: 'missing field', method: 'POST', path: '/models', body: { name: 'm', url: assetUrl }, status: 400, code: 'InvalidRequest', names: /body\/mimeType is required/ },
    { what: 'unknown field', method: 'POST', path: '/models', body: { ...model(), colour: 'red' }, status: 400, code: 'InvalidRequest', names: /unknown property 'colour'/ },
    { what: 'tags not an array', method: 'POST', path: '/models', body: { ...model(), tags: 'prod' }, status: 400, code: 'InvalidRequest', names: /body\/tags must be array/ },
    { what: 'unpack not a boolean', method: 'POST', path: '/models', body: { ...model(), unpack: 'yes' }, status: 400, code: 'InvalidRequest', names: /body\/unpack must be boolean/ },
    { what: 'name with a slash', method: 'POST', path: '/models', body: { ...model(), name: '../etc' }, status: 400, code: 'InvalidRequest', names: /body\/name must match/ },
    { what: 'overlong description', method: 'POST', path: '/models', body: { ...model(), description: 'x'.repeat(5000) }, status: 400, code: 'InvalidRequest', names: /body\/description/ },
    { what: '__proto__ key', method: 'POST', path: '/models', raw: `{"name":"m","mimeType":"a/b","url":"${'x'}","__proto__":{"admin":true}}`, status: 400, code: 'InvalidJson', names: /__proto__/ },
    { what: 'constructor.prototype key', method: 'POST', path: '/models', raw: '{"constructor":{"prototype":{"admin":true}}}', status: 400, code: 'InvalidJson', names: /prototype/ },
    { what: 'deeply nested JSON', method: 'POST', path: '/models', raw: `{"name":"m","mimeType":"a/b","url":"u","tags":${deep(20000)}}`, status: 400, code: 'InvalidRequest', names: /body\/tags/ },
    { what: 'text/plain body', method: 'POST', path: '/models', raw: 'name=m', contentType: 'text/plain', status: 415, code: 'UnsupportedMediaType', names: /text\/plain/ },
    { what: 'untrusted model URL', method: 'POST', path: '/models', body: { ...model(), url: 'http://169.254.169.254/latest/meta-data' }, status: 400, code: 'UntrustedUrl', names: /169\.254\.169\.254/ },
    { what: 'relative model URL', method: 'POST', path: '/models', body: { ...model(), url: '/etc/passwd' }, status: 400, code: 'InvalidUrl', names: /not an absolute URL/ },
    { what: 'unknown runtime', method: 'POST', path: '/manifests', body: manifest('Java'), status: 400, code: 'InvalidRequest', names: /runtimeType must be one of "Python", "Onnx", "Node"/ },
    { what: 'SparkPython runtime', method: 'POST', path: '/manifests', body: manifest('SparkPython'), status: 400, code: 'UnsupportedRuntime', names: /SparkPython/ },
    { what: 'properties not strings', method: 'POST', path: '/manifests', body: { ...manifest('Onnx'), targetRuntime: { runtimeType: 'Onnx', properties: { a: 1 } } }, status: 400, code: 'InvalidRequest', names: /properties\/a must be string/ },
    { what: 'unknown image type', method: 'POST', path: '/images', body: { name: 'i', manifestId: 'x', imageType: 'Rocket', computeResourceId: 'c' }, status: 400, code: 'InvalidRequest', names: /imageType must be "Docker"/ },
    { what: 'count not a number', path: '/models', query: 'count=abc', status: 400, code: 'InvalidRequest', names: /count must be integer/ },
    { what: 'negative count', path: '/models', query: 'count=-1', status: 400, code: 'InvalidRequest', names: /count must be >= 1/ },
    { what: 'forged skip token', path: '/models', query: '$skipToken=eyJ2IjoxLCJhZnRlciI6LTF9', status: 400, code: 'InvalidSkipToken', names: /skipToken/ },
    { what: 'unknown model id', path: '/models/does-not-exist', status: 404, code: 'ModelNotFound', names: /does-not-exist/ },
    { what: 'traversal in an id', path: '/models/..%2F..%2Fadmin-token', status: 400, code: 'InvalidRequest', names: /params\/id must match/ },
    { what: 'unknown manifest id', path: '/manifests/nope', status: 404, code: 'ManifestNotFound', names: /nope/ },
    { what: 'unknown route', path: '/widgets', status: 404, code: 'RouteNotFound', names: /widgets/ },
    { what: 'missing api-version', path: '/models', query: 'no-version', status: 400, code: 'MissingApiVersion', names: /api-version is required/ },
    { what: 'wrong api-version', path: '/models', query: 'api-version=2099-01-01', status: 400, code: 'UnsupportedApiVersion', names: /2099-01-01/ },
    { what: 'asset without a name', method: 'POST', path: '/assets', raw: 'bytes', contentType: 'application/octet-stream', status: 400, code: 'InvalidRequest', names: /query\/name is required/ },
    { what: 'account name with bad characters', method: 'PUT', path: '/api/subscriptions/local/resourceGroups/local/accounts/bad%20name', body: {}, status: 400, code: 'InvalidRequest', names: /accountName must match/ },
  ];

  it('answers each with the right 4xx ErrorResponse naming the problem, and changes nothing', async () => {
    const before = await collect(service.account.iterateModels());
    const failures: string[] = [];
    for (const c of cases()) {
      let query = c.query === 'no-version' ? '' : `api-version=${API_VERSION}`;
      if (c.query && c.query !== 'no-version') query = c.query.startsWith('api-version') ? c.query : `${query}&${c.query}`;
      const url = `${service.url}${c.path.startsWith('/api/') ? '' : base}${c.path}${query ? `?${query}` : ''}`;
      const body = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
      const headers: Record<string, string> = { Authorization: `Bearer ${service.token}` };
      if (body !== undefined) headers['Content-Type'] = c.contentType ?? 'application/json';
      const response = await send(url, c.method ?? 'GET', headers, body);
      const text = response.text;
      let parsed: { code?: string; message?: string; statusCode?: number } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        // reported below
      }
      const ok = response.status === c.status && parsed.code === c.code && parsed.statusCode === c.status && c.names.test(parsed.message ?? '');
      if (!ok) failures.push(`${c.what}: got ${response.status} ${text.slice(0, 300)}`);
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await collect(service.account.iterateModels()), before, 'no bad request changed the store');
    assert.doesNotMatch(service.log(), /"level":50/, 'no request reached a 500');
  });

  it('answers 413 to a JSON body over the limit as soon as its Content-Length says so', async () => {
    // A raw socket: headers announce 5 MiB, only a little is sent, so the answer cannot race a broken pipe.
    const { port } = new URL(service.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST ${base}/models?api-version=${API_VERSION} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
            `Authorization: Bearer ${service.token}\r\nContent-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n{"name":`,
        );
      });
      let text = '';
      socket.on('data', (c: Buffer) => {
        text += c.toString('utf8');
        if (text.includes('}')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
      socket.setTimeout(10_000, () => reject(new Error('no answer')));
    });
    assert.match(answer, /^HTTP\/1\.1 413/);
    assert.match(answer, /"code":"PayloadTooLarge"/);
  });
});
