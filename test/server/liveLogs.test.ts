import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { accountPath, DEFAULT_ACCOUNT } from '../../src/api/accountRef';
import { API_VERSION } from '../../src/api/apiVersion';
import { ModelbayClient, type AccountClient } from '../../src/api/client';
import { DEFAULTS } from '../../src/server/config';
import { startService, type RunningService } from '../../src/server/startService';
import { buildImage, deployDriver, deployImage, score, type Deployed } from './helpers/deploy';
import { eventually, follow } from './helpers/followReader';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';
import { testStoreFor } from './helpers/testStore';

const V = `api-version=${API_VERSION}`;
/** `<ISO time> replica-<n> <image> <stream> <text>`: one line of a service's log as text. */
const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z replica-(\d+) (\S+) (stdout|stderr|system) (.*)$/;
const linesOf = (text: string) => text.split('\n').filter((l) => l.length > 0);

/** Prints in init (stdout and stderr) and on every call (the request's tag). */
const PRINTING_PY = `import json
import sys

def init():
    print("loading the model")
    print("a warning on stderr", file=sys.stderr)

def run(raw):
    body = json.loads(raw)
    print("scoring " + str(body.get("tag")))
    return {"ok": True}
`;
const SLOW_INIT_PY = 'import time\ndef init():\n    time.sleep(3)\ndef run(raw):\n    return 1\n';
const BROKEN_INIT_PY = 'def init():\n    print("about to fail")\n    return 1 / 0\ndef run(raw):\n    return 1\n';

/**
 * Python replicas run in-process here (an in-process service can look at its followers); Node replicas need the
 * built worker, so they are tested on the built service below.
 */
describe('live logs: GET {service}/logs and GET {image}/buildlog, followed or not', () => {
  let service: RunningService;
  let url: string;
  let account: AccountClient;
  let printing: Deployed;
  let dataDir: string;
  let closed = false;
  const auth = () => ({ Authorization: `Bearer ${service.adminToken}` });
  const logsUrl = (serviceId: string, query = '') => `${url}${accountPath(DEFAULT_ACCOUNT)}/services/${serviceId}/logs?${V}${query}`;

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-logs-'));
    service = await startService({ ...DEFAULTS, dataDir, port: 0, allowedUrlPrefixes: [], store: await testStoreFor(dataDir) });
    url = await service.app.listen({ host: '127.0.0.1', port: 0 });
    account = new ModelbayClient({ baseUrl: url, getToken: () => service.adminToken }).account(DEFAULT_ACCOUNT);
    const image = await buildImage(account, 'logs-py', 'Python', { 'score.py': PRINTING_PY }, { driver: 'score.py' });
    printing = await deployImage(account, image, 'logs-py');
  });
  after(async () => {
    if (!closed) await service?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('needs the management token (401), and a service that exists (404)', async () => {
    for (const address of [logsUrl(printing.service.id), logsUrl(printing.service.id, '&follow=true'), `${url}${accountPath(DEFAULT_ACCOUNT)}/images/${printing.image.id}/buildlog?${V}&follow=true`]) {
      const response = await fetch(address);
      assert.equal(response.status, 401, address);
      assert.equal(((await response.json()) as { code: string }).code, 'Unauthorized');
    }
    const missing = await fetch(logsUrl('no-such-service'), { headers: auth() });
    assert.equal(missing.status, 404);
  });

  it('without follow: the kept lines (init prints and load events), then the last N with tail', async () => {
    const all = linesOf(await (await fetch(logsUrl(printing.service.id), { headers: auth() })).text());
    assert.ok(all.length >= 4, all.join('\n'));
    for (const line of all) assert.match(line, LINE);
    const texts = all.map((l) => LINE.exec(l)![4]);
    assert.ok(texts.includes('starting') && texts.includes('ready'), texts.join('\n'));
    assert.ok(all.some((l) => l.endsWith(' stdout loading the model')), all.join('\n'));
    assert.ok(all.some((l) => l.endsWith(' stderr a warning on stderr')), all.join('\n'));
    assert.equal(LINE.exec(all[0]!)![2], 'logs-py:1', 'tagged with the image');

    for (let i = 1; i <= 5; i++) assert.equal((await score(printing.endpoint.scoringUri, printing.keys.primaryKey, { tag: `t${i}` })).status, 200);
    // The print reaches the service through the replica's pipe, maybe after the answer did.
    const tail1 = await follow(logsUrl(printing.service.id, '&follow=true&tail=1'), auth());
    await tail1.waitFor((t) => t.includes('scoring t5'));
    tail1.hangUp();
    const response = await fetch(logsUrl(printing.service.id, '&tail=2'), { headers: auth() });
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    const last = linesOf(await response.text());
    assert.deepEqual(last.map((l) => LINE.exec(l)![4]), ['scoring t4', 'scoring t5']);
    assert.equal(linesOf(await (await fetch(logsUrl(printing.service.id, '&tail=0'), { headers: auth() })).text()).length, 0);
  });

  it('follow=true: a line the driver prints on a call arrives on the open stream, tagged with replica and time', async () => {
    const stream = await follow(logsUrl(printing.service.id, '&follow=true&tail=0'), auth());
    assert.equal(stream.status, 200);
    assert.equal(stream.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(stream.headers.get('transfer-encoding'), 'chunked');
    assert.equal((await score(printing.endpoint.scoringUri, printing.keys.primaryKey, { tag: 'followed' })).status, 200);
    const text = await stream.waitFor((t) => t.includes('scoring followed\n'));
    const line = linesOf(text).find((l) => l.endsWith('scoring followed'))!;
    const [, replica, image] = LINE.exec(line)!;
    assert.equal(image, 'logs-py:1');
    assert.ok(Number(replica) >= 1);
    assert.ok(!text.includes('loading the model'), 'tail=0: no earlier line');
    stream.hangUp();
  });

  it('SSE when Accept asks for text/event-stream: one event per line, numbered, with JSON data', async () => {
    const stream = await follow(logsUrl(printing.service.id, '&follow=true&tail=1'), { ...auth(), Accept: 'text/event-stream' });
    assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal((await score(printing.endpoint.scoringUri, printing.keys.primaryKey, { tag: 'sse' })).status, 200);
    const text = await stream.waitFor((t) => t.includes('scoring sse'));
    const events = text.split('\n\n').filter((e) => e.startsWith('id: '));
    assert.equal(events.length, 2, text);
    const [idLine, eventLine, dataLine] = events[1]!.split('\n');
    assert.match(idLine!, /^id: \d+$/);
    assert.equal(eventLine, 'event: log');
    const data = JSON.parse(dataLine!.slice('data: '.length)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(data), ['time', 'replica', 'image', 'stream', 'text']);
    assert.equal(data.text, 'scoring sse');
    assert.equal(data.image, 'logs-py:1');
    stream.hangUp();

    // A client reconnecting with Last-Event-ID carries on after that line.
    const firstId = idLine!.slice('id: '.length);
    const previousId = events[0]!.split('\n')[0]!.slice('id: '.length);
    const resumed = await follow(logsUrl(printing.service.id, '&follow=true&tail=0'), { ...auth(), Accept: 'text/event-stream', 'Last-Event-ID': previousId });
    assert.match(await resumed.waitFor((t) => t.includes('scoring sse')), new RegExp(`^id: ${firstId}\n`));
    resumed.hangUp();
  });

  it('Last-Event-ID from before a restart resumes at the first line of this run; one never given starts at the tail', async () => {
    const log = service.context.runtime.logs.of(printing.service.id);
    // Lines are numbered from the time the log was made: a later run numbers above every line of an earlier one.
    assert.ok(log.firstSeq > Date.now() * 1000 - 3_600_000_000, `first line number ${log.firstSeq} is not from this run's start`);
    const firstKept = log.after(log.firstSeq - 1).entries[0]!;
    assert.equal(firstKept.seq, log.firstSeq, 'nothing of this run was dropped yet');

    const fromEarlierRun = await follow(logsUrl(printing.service.id, '&follow=true&tail=0'), { ...auth(), Accept: 'text/event-stream', 'Last-Event-ID': String(log.firstSeq - 5) });
    assert.equal((await score(printing.endpoint.scoringUri, printing.keys.primaryKey, { tag: 'after-restart' })).status, 200);
    const resent = await fromEarlierRun.waitFor((t) => t.includes('scoring after-restart'));
    assert.match(resent, new RegExp(`^id: ${log.firstSeq}\n`), 'every line of this run, from its first');
    assert.ok(resent.includes('loading the model'), 'the lines printed before the follower came back');
    fromEarlierRun.hangUp();

    const neverGiven = await follow(logsUrl(printing.service.id, '&follow=true&tail=0'), { ...auth(), Accept: 'text/event-stream', 'Last-Event-ID': String(log.lastSeq + 1000) });
    assert.equal((await score(printing.endpoint.scoringUri, printing.keys.primaryKey, { tag: 'fresh' })).status, 200);
    const fresh = await neverGiven.waitFor((t) => t.includes('scoring fresh'));
    assert.ok(!fresh.includes('loading the model'), 'an id this log never gave: tail=0, no earlier line');
    neverGiven.hangUp();
  });

  it('a client that goes away leaves no listener behind', async () => {
    const log = service.context.runtime.logs.of(printing.service.id);
    await eventually(() => log.followerCount, 0, 'followers left by the tests before');
    const streams = await Promise.all([1, 2, 3].map(() => follow(logsUrl(printing.service.id, '&follow=true'), auth())));
    await eventually(() => log.followerCount, 3, 'followers while three clients follow');
    for (const stream of streams) stream.hangUp();
    await eventually(() => log.followerCount, 0, 'followers once they hung up');
    // Lines printed after they left go nowhere but the kept tail.
    assert.equal((await score(printing.endpoint.scoringUri, printing.keys.primaryKey, { tag: 'after' })).status, 200);
  });

  it("a driver that fails to load: its traceback and the load error are in the service's log", async () => {
    const image = await buildImage(account, 'broken-py', 'Python', { 'score.py': BROKEN_INIT_PY }, { driver: 'score.py' });
    const accepted = await account.services.create({ name: 'broken-py', imageId: image.id, computeResource: { id: 'local', type: 'Cluster' } });
    const serviceId = accepted.operation.resourceLocation!.split('/').pop()!;
    await account.waitForOperation(accepted.operationLocation, { intervalMs: 25, timeoutMs: 60_000 }).catch(() => undefined);
    const text = await (await fetch(logsUrl(serviceId), { headers: auth() })).text();
    assert.match(text, / broken-py:1 stdout about to fail\n/);
    assert.match(text, /ZeroDivisionError/);
    assert.match(text, / system could not load: ZeroDivisionError: division by zero\n/);
    assert.ok(!text.includes(dataDir), 'no path of the service machine');
  });

  it('buildlog?follow=true follows a build that has not finished to its end; without follow, the file as it was', async () => {
    // A service whose init takes 3 s holds the operation queue, so the image build waits behind it.
    const slow = await buildImage(account, 'slow-py', 'Python', { 'score.py': SLOW_INIT_PY }, { driver: 'score.py' });
    const deploying = await account.services.create({ name: 'slow-py', imageId: slow.id, computeResource: { id: 'local', type: 'Cluster' } });
    const accepted = await account.createImage({ name: 'followed', manifestId: slow.manifest.id, imageType: 'Docker', computeResourceId: 'local' });
    const imageId = accepted.operation.resourceLocation!.split('/').pop()!;
    const buildlog = `${url}${accountPath(DEFAULT_ACCOUNT)}/images/${imageId}/buildlog?${V}`;
    const stream = await follow(`${buildlog}&follow=true`, auth());
    assert.equal(stream.status, 200);
    assert.notEqual((await account.getImage(imageId)).creationState, 'Succeeded', 'the build had not finished when the stream opened');
    await eventually(() => service.context.buildLogs.followerCount, 1, 'build log followers');
    const text = await stream.waitForEnd(30_000);
    const lines = linesOf(text);
    assert.match(lines[0]!, /^\S+Z Building image followed:1 from manifest slow-py:1 \(Python\)$/);
    assert.match(lines[lines.length - 1]!, /^\S+Z Succeeded$/);
    assert.equal((await account.getImage(imageId)).creationState, 'Succeeded');
    await eventually(() => service.context.buildLogs.followerCount, 0, 'build log followers after the end');
    const plain = await fetch(buildlog, { headers: auth() });
    assert.equal(plain.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(await plain.text(), text, 'the same log without follow');
    const sse = await (await fetch(buildlog, { headers: { ...auth(), Accept: 'text/event-stream' } })).text();
    assert.match(sse, /^event: log\ndata: \{"time":"\S+Z","text":"Building image followed:1/);
    await account.waitForOperation(deploying.operationLocation, { intervalMs: 25, timeoutMs: 60_000 });
  });

  it("deleting the service ends its followers' streams and drops its log", async () => {
    const image = await buildImage(account, 'gone-py', 'Python', { 'score.py': PRINTING_PY }, { driver: 'score.py' });
    const gone = await deployImage(account, image, 'gone-py');
    const stream = await follow(logsUrl(gone.service.id, '&follow=true'), auth());
    await stream.waitFor((t) => t.includes('loading the model'));
    await account.services.delete(gone.service.id);
    const text = await stream.waitForEnd();
    assert.match(text, /-- the service was deleted\n$/);
  });

  it('closing the Modelbay service ends the open streams instead of waiting for their clients', async () => {
    const stream = await follow(logsUrl(printing.service.id, '&follow=true'), auth());
    await stream.waitFor((t) => t.includes('scoring'));
    closed = true;
    await service.close();
    assert.match(await stream.waitForEnd(), /-- the Modelbay service is stopping\n$/);
  });
});

describe('live logs of Node drivers (console in a worker thread), on the built service', () => {
  let service: ServiceProcess;
  const CONSOLE_JS = `
exports.init = () => { console.log('node driver loaded'); };
exports.run = (input) => { console.log('scoring', input.tag); console.error('on stderr', input.tag); return { ok: true }; };
`;
  before(async () => {
    service = await startServiceProcess();
  });
  after(async () => {
    await service?.stop();
  });

  it("console.log and console.error of the driver's init and calls reach the follow stream", async () => {
    const d = await deployDriver(service.account, 'console-js', CONSOLE_JS);
    const stream = await follow(`${service.url}${accountPath(DEFAULT_ACCOUNT)}/services/${d.service.id}/logs?${V}&follow=true`, { Authorization: `Bearer ${service.token}` });
    await stream.waitFor((t) => t.includes('node driver loaded'));
    assert.equal((await score(d.endpoint.scoringUri, d.keys.primaryKey, { tag: 'n1' })).status, 200);
    const text = await stream.waitFor((t) => t.includes('scoring n1') && t.includes('on stderr n1'));
    assert.match(text, / console-js:1 stdout node driver loaded\n/);
    assert.match(text, / console-js:1 stdout scoring n1\n/);
    assert.match(text, / console-js:1 stderr on stderr n1\n/);
    stream.hangUp();
  });

  it('a Node driver whose init throws: the load error is in the log', async () => {
    const image = await buildImage(service.account, 'throws-js', 'Node', { 'score.js': "exports.init = () => { throw new Error('no weights here'); }; exports.run = () => 1;" }, { driver: 'score.js' });
    const accepted = await service.account.services.create({ name: 'throws-js', imageId: image.id, computeResource: { id: 'local', type: 'Cluster' } });
    await service.account.waitForOperation(accepted.operationLocation, { intervalMs: 25, timeoutMs: 60_000 }).catch(() => undefined);
    const serviceId = accepted.operation.resourceLocation!.split('/').pop()!;
    const text = await (await fetch(`${service.url}${accountPath(DEFAULT_ACCOUNT)}/services/${serviceId}/logs?${V}`, { headers: { Authorization: `Bearer ${service.token}` } })).text();
    assert.match(text, / throws-js:1 system could not load: Error: no weights here\n/);
  });
});
