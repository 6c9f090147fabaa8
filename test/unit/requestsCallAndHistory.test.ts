import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { endpointKeySecret, endpointKeySource, type SecretStore } from '../../src/extension/requests/endpointKeys';
import { describeEntry, HISTORY_LIMIT, historyEntry, MAX_KEPT_BODY_CHARS, validEntries, withEntry, type HistoryEntry } from '../../src/extension/requests/history';
import type { RequestTarget } from '../../src/extension/requests/requestDocument';
import { notSentView, responseView, statusLine } from '../../src/extension/requests/responseText';
import { callEndpoint, type ScoreOutcome } from '../../src/extension/requests/scoreCall';

const target: RequestTarget = { account: 'local', serviceId: 's1', service: 'iris', endpoint: 'default', format: 'score' };

/** An endpoint whose valid key can be changed, as regenerating a key does; it answers like the gateway. */
async function keyedEndpoint(): Promise<{ url: string; validKey: { value: string }; calls: string[]; server: Server }> {
  const validKey = { value: 'new-key' };
  const calls: string[] = [];
  const server = createServer((request, response) => {
    calls.push(String(request.headers.authorization));
    request.resume();
    request.on('end', () => {
      if (request.headers.authorization !== `Bearer ${validKey.value}`) {
        response.writeHead(401, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ code: 'ScoreRequestUnauthorized', message: "The key is not valid for endpoint 'default'.", statusCode: 401 }));
        return;
      }
      if (request.url === '/slow') return; // never answers
      response.writeHead(200, { 'Content-Type': 'application/json', 'X-Request-Id': 'r1' });
      response.end('{"label":[0],"probabilities":[[0.98,0.01,0.01]]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, validKey, calls, server };
}

/** The key the service hands out when asked. */
const serviceKey = () => Promise.resolve({ primaryKey: 'new-key' });

/** SecretStorage stand-in. */
function memorySecrets(initial: Record<string, string> = {}): SecretStore & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    get: (key) => Promise.resolve(values.get(key)),
    store: (key, value) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}

describe('sending a request: endpoint key, retry after 401, response document', function () {
  this.timeout(10_000);
  let endpoint: Awaited<ReturnType<typeof keyedEndpoint>>;
  const secret = endpointKeySecret('local', 'e1');

  before(async () => {
    endpoint = await keyedEndpoint();
  });
  after(() => {
    endpoint.server.closeAllConnections();
    endpoint.server.close();
  });
  beforeEach(() => {
    endpoint.calls.splice(0);
    endpoint.validKey.value = 'new-key';
  });

  it('reads the key from the service once, stores it, and reuses it', async () => {
    const secrets = memorySecrets();
    let reads = 0;
    const keys = endpointKeySource(secrets, secret, () => {
      reads++;
      return serviceKey();
    });
    const first = await callEndpoint({ url: `${endpoint.url}/score/e1`, body: { data: [[1, 2, 3, 4]] }, keys });
    const second = await callEndpoint({ url: `${endpoint.url}/score/e1`, body: { data: [[1, 2, 3, 4]] }, keys });
    assert.equal(first.kind === 'response' && first.status, 200);
    assert.equal(second.kind === 'response' && second.status, 200);
    assert.equal(reads, 1, 'the service is asked once');
    assert.equal(secrets.values.get('modelbay.endpointKey.local.e1'), 'new-key');
  });

  it('on a 401 with a stored key, reads the key again, stores it and resends once', async () => {
    const secrets = memorySecrets({ [secret]: 'regenerated-away' });
    const outcome = await callEndpoint({ url: `${endpoint.url}/score/e1`, body: {}, keys: endpointKeySource(secrets, secret, serviceKey) });
    assert.ok(outcome.kind === 'response');
    assert.equal(outcome.status, 200);
    assert.equal(outcome.retriedWithNewKey, true);
    assert.deepEqual(endpoint.calls, ['Bearer regenerated-away', 'Bearer new-key']);
    assert.equal(secrets.values.get(secret), 'new-key');
  });

  it("shows the service's 401 when the service's own key is refused too, without a pointless resend", async () => {
    endpoint.validKey.value = 'something-else';
    const outcome = await callEndpoint({ url: `${endpoint.url}/score/e1`, body: {}, keys: endpointKeySource(memorySecrets({ [secret]: 'new-key' }), secret, serviceKey) });
    assert.ok(outcome.kind === 'response');
    assert.equal(outcome.status, 401);
    assert.equal(endpoint.calls.length, 1);
    assert.match(outcome.bodyText, /ScoreRequestUnauthorized/);
  });

  it('says why when no answer comes: connection refused, or the time limit', async () => {
    const keys = endpointKeySource(memorySecrets({ [secret]: 'new-key' }), secret, serviceKey);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await callEndpoint({ url: `http://127.0.0.1:${port}/score/e1`, body: {}, keys });
    assert.ok(refused.kind === 'failed');
    assert.match(refused.error, /ECONNREFUSED/);
    const slow = await callEndpoint({ url: `${endpoint.url}/slow`, body: {}, keys, timeoutMs: 300 });
    assert.ok(slow.kind === 'failed');
    assert.match(slow.error, /no answer within/);
    assert.match(statusLine(slow), /^Request failed · \d+ ms · no answer within/);
  });

  it('writes the response document: status line with the time, request line, headers, pretty JSON, never the key', async () => {
    const secrets = memorySecrets({ [secret]: 'stale-key' });
    const outcome = await callEndpoint({ url: `${endpoint.url}/score/e1`, body: {}, keys: endpointKeySource(secrets, secret, serviceKey) });
    const view = responseView('POST', `${endpoint.url}/score/e1`, outcome);
    const lines = view.text.split('\n');
    assert.match(lines[0]!, /^\/\/ HTTP 200 OK · \d+ ms$/);
    assert.equal(lines[1], `// POST ${endpoint.url}/score/e1`);
    assert.match(view.text, /^\/\/ x-request-id: r1$/m);
    assert.match(view.text, /^\/\/ content-type: application\/json$/m);
    assert.match(view.text, /read from the service again/);
    assert.match(view.text, /\n\{\n {2}"label": \[0\],\n {2}"probabilities": \[\[0\.98, 0\.01, 0\.01\]\]\n\}\n$/);
    assert.equal(view.language, 'modelbay-response');
    assert.ok(!view.text.includes('new-key') && !view.text.includes('stale-key'));
  });

  it("shows a non-JSON answer as it came, as plain text", () => {
    const outcome: ScoreOutcome = { kind: 'response', status: 502, statusText: 'Bad Gateway', headers: [['content-type', 'text/html']], bodyText: '<h1>proxy</h1>', durationMs: 3.4, retriedWithNewKey: false };
    const view = responseView('POST', 'http://x/score/e1', outcome);
    assert.equal(view.language, 'modelbay-response-text');
    assert.match(view.text, /^\/\/ HTTP 502 Bad Gateway · 3 ms\n/);
    assert.match(view.text, /\n<h1>proxy<\/h1>\n$/);
  });

  it('puts an error answer’s code and message first, in either shape the service sends, and the body as it came', () => {
    const answer = (status: number, body: unknown): ScoreOutcome => ({ kind: 'response', status, statusText: '', headers: [], bodyText: JSON.stringify(body), durationMs: 2, retriedWithNewKey: false });
    const classic = { error: { code: 'InputParseError', message: 'datatype is INT64;\ninput takes FP32', details: [{ code: 'InputParseError', message: 'datatype is INT64' }] } };
    const classicView = responseView('POST', 'http://x/score/e1', answer(400, classic)).text.split('\n');
    assert.deepEqual(classicView.slice(2, 4), ['// InputParseError: datatype is INT64;', '// input takes FP32']);
    assert.ok(classicView.includes('    "code": "InputParseError",'));
    const management = responseView('POST', 'http://x/score/e1', answer(404, { code: 'RouteNotFound', message: 'No route.', statusCode: 404 })).text.split('\n');
    assert.equal(management[2], '// RouteNotFound: No route.');
    // A 200 whose JSON happens to hold "error" is an answer, not an error.
    assert.equal(responseView('POST', 'http://x/score/e1', answer(200, { error: { code: 'x', message: 'y' } })).text.split('\n')[2], '//');
  });

  it('says why a request was not sent, every line a comment, naming the document', () => {
    const view = notSentView('iris-default.score.json', 'Service "iris" has no endpoint "gone".\nSecond line');
    assert.equal(view.text, '// Not sent\n// Service "iris" has no endpoint "gone".\n// Second line\n//\n// Nothing was sent for iris-default.score.json: fix it (or its "target") and send again.\n');
    assert.equal(view.language, 'modelbay-response');
  });
});

describe('request history', () => {
  const ok: ScoreOutcome = { kind: 'response', status: 200, statusText: 'OK', headers: [], bodyText: '{\n  "label": [0]\n}', durationMs: 12.4, retriedWithNewKey: false };
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i));

  it('keeps the newest 20 sends, newest first', () => {
    let entries: HistoryEntry[] = [];
    for (let i = 0; i < 25; i++) entries = withEntry(entries, historyEntry(at(i), target, 'http://x/score/e1', { i }, ok));
    assert.equal(entries.length, HISTORY_LIMIT);
    assert.deepEqual(entries.map((e) => (e.body as { i: number }).i), Array.from({ length: 20 }, (_, k) => 24 - k));
    assert.deepEqual(withEntry([], entries[0]!, 0), []);
  });

  it('records time, status, duration, the body and a compact excerpt of the answer', () => {
    const entry = historyEntry(at(5), target, 'http://x/score/e1', { data: [[1, 2]] }, ok);
    assert.equal(entry.at, '2026-01-01T00:00:05.000Z');
    assert.equal(entry.status, 200);
    assert.equal(entry.durationMs, 12);
    assert.deepEqual(entry.body, { data: [[1, 2]] });
    assert.equal(entry.responseExcerpt, '{"label":[0]}');
    assert.deepEqual(entry.target, target);
    const failed = historyEntry(at(6), target, 'http://x', {}, { kind: 'failed', error: 'connect ECONNREFUSED', durationMs: 2 });
    assert.equal(failed.status, undefined);
    assert.equal(failed.error, 'connect ECONNREFUSED');
  });

  it('does not keep bodies too large for globalState, and cuts long answers', () => {
    const big = { data: 'x'.repeat(MAX_KEPT_BODY_CHARS) };
    const entry = historyEntry(at(1), target, 'http://x', big, { ...ok, bodyText: JSON.stringify({ long: 'y'.repeat(5000) }) });
    assert.equal(entry.body, undefined);
    assert.equal(entry.bodyChars, JSON.stringify(big).length);
    assert.ok(entry.responseExcerpt.length <= 300 && entry.responseExcerpt.endsWith('…'));
    assert.match(describeEntry(entry, at(2)).detail, /too large to keep/);
  });

  it('reads as a quick pick row, and ignores stored junk', () => {
    const row = describeEntry(historyEntry(at(0), target, 'http://x', { data: [[1]] }, ok), at(90));
    assert.equal(row.label, '$(pass) 200 OK · 12 ms');
    assert.equal(row.description, '1 min ago');
    assert.equal(row.detail, '{"data":[[1]]}  →  {"label":[0]}');
    const refused = describeEntry(historyEntry(at(0), target, 'http://x', {}, { ...ok, status: 400, statusText: 'Bad Request' }), at(3));
    assert.match(refused.label, /^\$\(error\) 400 Bad Request/);
    assert.deepEqual(validEntries([{ nope: 1 }, 'x', null]), []);
    assert.deepEqual(validEntries(undefined), []);
  });
});
