import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JobClient, ModelbayApiError, ModelbayConnectionError, outputUrl, pollJob } from '../../src/api/client';
import type { JobStatus } from '../../src/api/schemas';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

/** A few lines standing in for the service's jobs routes: what the client sends is recorded, answers are scripted. */
function fakeService(answer: (seen: Seen) => { status: number; body?: unknown }): Promise<{ server: Server; origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString() };
      seen.push(entry);
      const { status, body } = answer(entry);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen })));
}

const status = (code: JobStatus['StatusCode'], rows = 0): JobStatus => ({
  StatusCode: code,
  Results: code === 'Finished' ? { output1: { ConnectionString: null, BaseLocation: 'http://h/', RelativeLocation: 'a/b.csv', SasBlobToken: '?t=1' } } : null,
  Details: code === 'Failed' ? 'row 3, column petal_width: not a number' : null,
  Id: 'j1',
  EndpointId: 'e1',
  CreatedAt: '2026-11-30T20:00:00Z',
  StartedAt: null,
  EndedAt: null,
  RowsDone: rows,
  RowsTotal: null,
});

describe('JobClient (the BES routes of an endpoint)', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('submits, starts (empty body, no Content-Type), reads and deletes at {scoringUri}/jobs with api-version 2.0 and the key', async () => {
    const fake = await fakeService((s) => (s.method === 'POST' && s.url.startsWith('/score/e1/jobs?') ? { status: 200, body: 'j1' } : s.method === 'GET' ? { status: 200, body: status('Running', 5) } : { status: 200 }));
    server = fake.server;
    const client = new JobClient({ scoringUri: `${fake.origin}/score/e1`, keys: { current: () => 'k1' } });
    const id = await client.submitAndStart({ Input: { AssetId: 'a1' }, GlobalParameters: {} });
    assert.equal(id, 'j1');
    assert.equal((await client.get(id)).RowsDone, 5);
    await client.delete(id);
    assert.deepEqual(fake.seen.map((s) => `${s.method} ${s.url}`), [
      'POST /score/e1/jobs?api-version=2.0',
      'POST /score/e1/jobs/j1/start?api-version=2.0',
      'GET /score/e1/jobs/j1?api-version=2.0',
      'DELETE /score/e1/jobs/j1?api-version=2.0',
    ]);
    assert.ok(fake.seen.every((s) => s.authorization === 'Bearer k1'));
    assert.deepEqual(JSON.parse(fake.seen[0]!.body), { Input: { AssetId: 'a1' }, GlobalParameters: {} });
    assert.equal(fake.seen[0]!.contentType, 'application/json');
    assert.equal(fake.seen[1]!.body, '');
    assert.equal(fake.seen[1]!.contentType, undefined, 'start sends no Content-Type, as classic clients do');
  });

  it('throws the classic data-plane error as a ModelbayApiError with its code and details', async () => {
    const fake = await fakeService(() => ({ status: 400, body: { error: { code: 'CannotStartJob', message: 'The job cannot be started because it is in Running state.', details: [{ code: 'CannotStartJob', message: 'x' }] } } }));
    server = fake.server;
    const client = new JobClient({ scoringUri: `${fake.origin}/score/e1`, keys: { current: () => 'k' } });
    await assert.rejects(client.start('j1'), (e: ModelbayApiError) => e instanceof ModelbayApiError && e.statusCode === 400 && e.code === 'CannotStartJob' && /Running state/.test(e.message) && e.details.length === 1);
  });

  it('an answer without an error body is a connection error naming the status', async () => {
    const fake = await fakeService(() => ({ status: 502 }));
    server = fake.server;
    const client = new JobClient({ scoringUri: `${fake.origin}/score/e1`, keys: { current: () => 'k' } });
    await assert.rejects(client.get('j1'), (e: Error) => e instanceof ModelbayConnectionError && /502/.test(e.message));
  });

  it('after a 401 reads the key again and repeats the call once with the new key', async () => {
    const fake = await fakeService((s) => (s.authorization === 'Bearer new' ? { status: 200, body: status('Finished') } : { status: 401, body: { error: { code: 'ScoreRequestUnauthorized', message: 'no' } } }));
    server = fake.server;
    let refreshed = 0;
    const client = new JobClient({ scoringUri: `${fake.origin}/score/e1`, keys: { current: () => 'old', refresh: () => Promise.resolve((refreshed++, 'new')) } });
    assert.equal((await client.get('j1')).StatusCode, 'Finished');
    assert.equal(refreshed, 1);
    assert.deepEqual(fake.seen.map((s) => s.authorization), ['Bearer old', 'Bearer new']);
  });

  it('lists page after page by nextLink, and refuses a nextLink outside the endpoint', async () => {
    let origin = '';
    const fake = await fakeService((s) =>
      s.url.includes('skip=2') ? { status: 200, body: { value: [status('Finished')] } } : { status: 200, body: { value: [status('Running'), status('Failed')], nextLink: `${origin}/score/e1/jobs?api-version=2.0&skip=2` } },
    );
    server = fake.server;
    origin = fake.origin;
    const client = new JobClient({ scoringUri: `${fake.origin}/score/e1/`, keys: { current: () => 'k' } });
    const all: string[] = [];
    for await (const job of client.iterate({ count: 2 })) all.push(job.StatusCode);
    assert.deepEqual(all, ['Running', 'Failed', 'Finished']);
    assert.equal(fake.seen[0]!.url, '/score/e1/jobs?api-version=2.0&count=2');
    await assert.rejects(client.page('http://elsewhere.example/score/e1/jobs?x'), /refusing to follow/);
  });

  it('an output location is downloaded at BaseLocation + RelativeLocation + SasBlobToken', () => {
    assert.equal(outputUrl({ BaseLocation: 'https://a.blob.core.windows.net/', RelativeLocation: 'out/x.csv', SasBlobToken: '?sv=1&sig=2' }), 'https://a.blob.core.windows.net/out/x.csv?sv=1&sig=2');
  });
});

describe('pollJob', () => {
  it('reads until the job ends and answers the final status, Failed included (with its Details)', async () => {
    const states = ['NotStarted', 'Running', 'Failed'] as const;
    let i = 0;
    const seen: string[] = [];
    const final = await pollJob(() => Promise.resolve(status(states[i++]!)), { intervalMs: 1, onUpdate: (s) => seen.push(s.StatusCode) });
    assert.equal(final.StatusCode, 'Failed');
    assert.match(final.Details ?? '', /row 3/);
    assert.deepEqual(seen, [...states]);
  });

  it('retries a failed read when told to, and rejects when not', async () => {
    let calls = 0;
    const flaky = () => (++calls === 1 ? Promise.reject(new Error('ECONNRESET')) : Promise.resolve(status('Finished')));
    assert.equal((await pollJob(flaky, { intervalMs: 1, retryRead: () => true })).StatusCode, 'Finished');
    await assert.rejects(pollJob(() => Promise.reject(new Error('gone')), { intervalMs: 1 }), /gone/);
  });

  it('stops when its signal aborts', async () => {
    const stop = new AbortController();
    const running = pollJob(() => Promise.resolve(status('Running')), { intervalMs: 5, signal: stop.signal });
    stop.abort(new Error('window closing'));
    await assert.rejects(running, /window closing/);
  });
});
