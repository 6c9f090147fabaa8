import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Fastify from 'fastify';
import { API_VERSION } from '../../src/api/apiVersion';
import { AUTHORIZATION_DETAIL, roleIncludes, type RoleName } from '../../src/api/schemas/roleAssignment';
import { installAccessControl } from '../../src/server/auth/accessControl';
import type { Store } from '../../src/server/store/repositories';
import { bes } from './helpers/besCalls';
import { buildImage, deployImage, sampleFile, score } from './helpers/deploy';
import { startLocalIssuer, type LocalIssuer } from './helpers/localIssuer';
import { makeDataDir, startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';
import { sameStoreArgs, testStoreIsPostgres } from './helpers/testStore';

const AUDIENCE = 'api://modelbay';
const SUB = 'team';
const GROUP = 'rg-shared';
const ACCOUNT = `/api/subscriptions/${SUB}/resourceGroups/${GROUP}/accounts/shared`;

/** The principals of the table: one per role, one with none, one holding Contributor only through a group. */
const PRINCIPALS = {
  owner: { oid: 'owner-oid' },
  contributor: { oid: 'contributor-oid' },
  reader: { oid: 'reader-oid' },
  outsider: { oid: 'outsider-oid' },
  viaGroup: { oid: 'member-oid', groups: ['group-contributors', 'group-unrelated'] },
} as const;
type Who = keyof typeof PRINCIPALS;

interface Answer {
  status: number;
  body: { code?: string; message?: string; details?: { code: string; message: string }[]; [key: string]: unknown } | undefined;
}

/**
 * What each management route needs, by its method and OpenAPI path after the account's (the account list and
 * account routes by their own). The test walks the routes the service documents: one missing here fails it.
 */
type Expectation = RoleName | 'accountList' | 'accountPut';
const COLLECTION = '/api/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/accounts';
const EXPECTED: Record<string, Expectation> = {
  [`GET ${COLLECTION}`]: 'accountList',
  'PUT ': 'accountPut',
  'GET ': 'Reader',
  'GET /roleAssignments': 'Reader',
  'GET /roleAssignments/{name}': 'Reader',
  'PUT /roleAssignments/{name}': 'Owner',
  'DELETE /roleAssignments/{name}': 'Owner',
  'POST /assets': 'Contributor',
  'GET /assets/{assetId}': 'Reader',
  'POST /models': 'Contributor',
  'GET /models': 'Reader',
  'GET /models/{id}': 'Reader',
  'DELETE /models/{id}': 'Contributor',
  'POST /manifests': 'Contributor',
  'GET /manifests': 'Reader',
  'GET /manifests/{id}': 'Reader',
  'DELETE /manifests/{id}': 'Contributor',
  'POST /images': 'Contributor',
  'GET /images': 'Reader',
  'GET /images/{id}': 'Reader',
  'DELETE /images/{id}': 'Contributor',
  'GET /images/{id}/buildlog': 'Reader',
  'GET /operations/{id}': 'Reader',
  'POST /services': 'Contributor',
  'GET /services': 'Reader',
  'GET /services/{id}': 'Reader',
  'PUT /services/{id}': 'Contributor',
  'DELETE /services/{id}': 'Contributor',
  'GET /services/{id}/logs': 'Reader',
  'GET /services/{id}/keys': 'Contributor',
  'POST /services/{id}/keys': 'Contributor',
  'POST /services/{id}/regenerateKeys': 'Contributor',
  'GET /services/{id}/usage': 'Reader',
  'POST /services/{id}/endpoints': 'Contributor',
  'GET /services/{id}/endpoints': 'Reader',
  'GET /services/{id}/endpoints/{name}': 'Reader',
  'PATCH /services/{id}/endpoints/{name}': 'Contributor',
  'DELETE /services/{id}/endpoints/{name}': 'Contributor',
  'GET /services/{id}/endpoints/{name}/keys': 'Contributor',
  'POST /services/{id}/endpoints/{name}/keys': 'Contributor',
  'POST /services/{id}/endpoints/{name}/regenerateKeys': 'Contributor',
  'GET /services/{id}/endpoints/{name}/schema': 'Reader',
  'GET /services/{id}/endpoints/{name}/usage': 'Reader',
  'GET /services/{id}/endpoints/{name}/logs': 'Reader',
  'GET /deployments': 'Reader',
  'GET /deployments/{id}': 'Reader',
  'GET /swagger.json': 'Reader',
};

/** The role each principal holds on the table's account (the group member's through its group). */
const HELD: Record<Who, RoleName | undefined> = {
  owner: 'Owner',
  contributor: 'Contributor',
  reader: 'Reader',
  outsider: undefined,
  viaGroup: 'Contributor',
};

/** Did the call get past access control? Anything but 401, 403 and the 404 that hides an account. */
function passed(answer: Answer): boolean {
  return answer.status !== 401 && answer.status !== 403 && !(answer.status === 404 && answer.body?.code === 'AccountNotFound');
}

describe('access control per account', function () {
  this.timeout(120_000);
  let issuer: LocalIssuer;
  let service: ServiceProcess;
  const tokens = {} as Record<Who, string>;
  const jwtArgs = () => ['--jwt-issuer', issuer.issuer, '--jwt-audience', AUDIENCE];

  const callOn = async (origin: string, token: string, method: string, pathAndQuery: string, body?: unknown, contentType = 'application/json'): Promise<Answer> => {
    const url = `${origin}${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}api-version=${API_VERSION}`;
    const payload = body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : new Uint8Array(body as Buffer);
    const response = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'Content-Type': contentType }) },
      body: payload,
    });
    const text = await response.text();
    let parsed: Answer['body'];
    try {
      parsed = text ? (JSON.parse(text) as Answer['body']) : undefined;
    } catch {
      parsed = undefined; // a log or an asset's bytes
    }
    return { status: response.status, body: parsed };
  };
  const call = (who: Who | 'admin', method: string, pathAndQuery: string, body?: unknown) =>
    callOn(service.url, who === 'admin' ? service.token : tokens[who], method, pathAndQuery, body);
  const assign = async (by: Who | 'admin', account: string, name: string, principalId: string, role: RoleName, principalType: 'User' | 'Group' = 'User') => {
    const answer = await call(by, 'PUT', `${account}/roleAssignments/${name}`, { principalId, principalType, role });
    assert.ok(answer.status === 201 || answer.status === 200, `assigning ${role} to ${principalId}: ${answer.status} ${JSON.stringify(answer.body)}`);
  };

  before(async () => {
    issuer = await startLocalIssuer(AUDIENCE);
    service = await startServiceProcess({ args: jwtArgs(), env: { NODE_EXTRA_CA_CERTS: issuer.caFile } });
    for (const [who, claims] of Object.entries(PRINCIPALS)) tokens[who as Who] = await issuer.sign({ aud: AUDIENCE, sub: `${who}-sub`, ...claims });
    // The owner creates the account (and so owns it), then gives the others their roles.
    const created = await call('owner', 'PUT', ACCOUNT, { description: 'the table' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await assign('owner', ACCOUNT, 'contributor', PRINCIPALS.contributor.oid, 'Contributor');
    await assign('owner', ACCOUNT, 'reader', PRINCIPALS.reader.oid, 'Reader');
    await assign('owner', ACCOUNT, 'group', 'group-contributors', 'Contributor', 'Group');
  });
  after(async () => {
    await service?.stop();
    await issuer?.close();
  });

  it('answers every management route by role as its rule says (the table is made from the routes the service documents)', async () => {
    const document = (await call('admin', 'GET', `${ACCOUNT}/swagger.json`)).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(document.paths).flatMap(([route, operations]) =>
      Object.keys(operations)
        .filter((m) => ['get', 'put', 'post', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), route })),
    );
    assert.ok(routes.length > 40, `only ${routes.length} routes documented`);
    const ruleOf = (method: string, route: string): string => {
      const suffix = route.startsWith(`${COLLECTION}/{accountName}`) ? route.slice(`${COLLECTION}/{accountName}`.length) : route;
      return `${method} ${suffix}`;
    };
    const unknown = routes.map((r) => ruleOf(r.method, r.route)).filter((key) => !(key in EXPECTED));
    assert.deepEqual(unknown, [], 'routes with no expectation in this test: add them to EXPECTED with the role they need');

    const fill = (route: string) =>
      route
        .replace('{subscriptionId}', SUB)
        .replace('{resourceGroupName}', GROUP)
        .replace('{accountName}', 'shared')
        .replace('{name}', 'probe')
        .replace('{assetId}', 'probe')
        .replace('{id}', 'probe');
    const table: string[][] = [];
    const problems: string[] = [];
    const columns: Who[] = ['reader', 'contributor', 'owner', 'outsider', 'viaGroup'];
    for (const { method, route } of routes) {
      const key = ruleOf(method, route);
      const expectation = EXPECTED[key]!;
      const row = [`${method} ${route === COLLECTION ? '{accounts}' : key.slice(method.length + 1) || '{account}'}`];
      for (const who of columns) {
        const url = fill(route) + (key === 'POST /assets' ? '?name=probe.bin' : '');
        const body = method === 'GET' || method === 'DELETE' ? undefined : key === 'PUT /roleAssignments/{name}' ? { principalId: 'probe-user', principalType: 'User', role: 'Reader' } : {};
        const answer =
          key === 'POST /assets'
            ? await callOn(service.url, tokens[who], method, url, Buffer.from('probe'), 'application/octet-stream')
            : await call(who, method, url, body);
        row.push(`${answer.status}${answer.body?.code ? ` ${answer.body.code}` : ''}`);
        const held = HELD[who];
        const what = `${method} ${route} as ${who}: ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 200)}`;
        if (expectation === 'accountList') {
          if (answer.status !== 200) problems.push(what);
          const ids = ((answer.body?.value ?? []) as { id: string }[]).map((a) => a.id);
          if (held === undefined ? ids.includes(ACCOUNT) : !ids.includes(ACCOUNT)) problems.push(`${what}: the list ${held ? 'lacks' : 'shows'} the account`);
        } else if (held === undefined) {
          const hidden = expectation === 'accountPut' ? answer.status === 409 && answer.body?.code === 'AccountNameUnavailable' : answer.status === 404 && answer.body?.code === 'AccountNotFound';
          if (!hidden) problems.push(`${what} (expected the account hidden)`);
        } else {
          const needed: RoleName = expectation === 'accountPut' ? 'Contributor' : expectation;
          if (roleIncludes(held, needed)) {
            if (!passed(answer)) problems.push(`${what} (expected to pass: ${held} includes ${needed})`);
          } else {
            const details = Object.fromEntries((answer.body?.details ?? []).map((d) => [d.code, d.message]));
            const refused =
              answer.status === 403 &&
              answer.body?.code === 'AuthorizationFailed' &&
              details[AUTHORIZATION_DETAIL.requiredRole] === needed &&
              details[AUTHORIZATION_DETAIL.account] === `${SUB}/${GROUP}/shared` &&
              typeof details[AUTHORIZATION_DETAIL.action] === 'string' &&
              answer.body.message === `The caller needs ${needed} on account '${SUB}/${GROUP}/shared' to ${details[AUTHORIZATION_DETAIL.action]}.`;
            if (!refused) problems.push(`${what} (expected 403 AuthorizationFailed needing ${needed})`);
          }
        }
      }
      table.push(row);
    }
    const widths = [0, 1, 2, 3, 4, 5].map((i) => Math.max(...[['route', ...columns], ...table].map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
    console.log(`\n${line(['route', ...columns])}\n${table.map(line).join('\n')}\n`);
    assert.deepEqual(problems, []);
  });

  it('names the action in a 403, and hides the account from a caller without a role exactly as a missing one', async () => {
    const refused = await call('reader', 'DELETE', `${ACCOUNT}/models/some-model`);
    assert.equal(refused.status, 403);
    assert.equal(refused.body?.message, `The caller needs Contributor on account '${SUB}/${GROUP}/shared' to delete a model.`);
    const hidden = await call('outsider', 'GET', `${ACCOUNT}/models`);
    const missing = await call('outsider', 'GET', `/api/subscriptions/${SUB}/resourceGroups/${GROUP}/accounts/no-such-account/models`);
    assert.equal(hidden.status, 404);
    assert.deepEqual({ ...hidden.body, message: undefined }, { ...missing.body, message: undefined });
    assert.equal(hidden.body?.message, missing.body?.message?.replace('no-such-account', 'shared'));
    const keys = await call('reader', 'GET', `${ACCOUNT}/services/any/keys`);
    assert.equal(keys.status, 403);
    assert.match(keys.body?.message ?? '', /needs Contributor .* to read a service's keys\.$/);
  });

  it('makes a signed-in creator its account\'s Owner, and never hands an existing account to someone else', async () => {
    const mine = `/api/subscriptions/${SUB}/resourceGroups/${GROUP}/accounts/created-by-reader`;
    const created = await call('reader', 'PUT', mine, {});
    assert.equal(created.status, 201);
    assert.equal(created.body?.callerRole, 'Owner');
    const assignments = (await call('reader', 'GET', `${mine}/roleAssignments`)).body?.value as { principalId: string; role: string; principalType: string }[];
    assert.deepEqual(assignments.map((a) => [a.principalType, a.principalId, a.role]), [['User', PRINCIPALS.reader.oid, 'Owner']]);
    assert.equal((await call('reader', 'PUT', mine, { description: 'mine' })).status, 200);
    // The same creation sent twice at once: one creates, the other finds it its own (PUT stays idempotent).
    const twice = `${mine}-twice`;
    const both = await Promise.all([call('reader', 'PUT', twice, {}), call('reader', 'PUT', twice, {})]);
    assert.deepEqual(both.map((a) => a.status).sort(), [200, 201]);
    assert.ok(both.every((a) => a.body?.callerRole === 'Owner'));
    const taken = await call('outsider', 'PUT', mine, { description: 'theirs' });
    assert.equal(taken.status, 409);
    assert.equal(taken.body?.code, 'AccountNameUnavailable');
    assert.equal((await call('reader', 'GET', mine)).body?.description, 'mine', 'the refused PUT changed nothing');
  });

  it('never lets the last Owner go, even when two Owners remove each other at once', async () => {
    const account = `/api/subscriptions/${SUB}/resourceGroups/${GROUP}/accounts/owners`;
    assert.equal((await call('owner', 'PUT', account, {})).status, 201);
    const own = ((await call('owner', 'GET', `${account}/roleAssignments`)).body?.value as { name: string }[])[0]!.name;
    const removed = await call('owner', 'DELETE', `${account}/roleAssignments/${own}`);
    assert.equal(removed.status, 409);
    assert.equal(removed.body?.code, 'LastOwner');
    const downgraded = await call('owner', 'PUT', `${account}/roleAssignments/${own}`, { principalId: PRINCIPALS.owner.oid, principalType: 'User', role: 'Reader' });
    assert.equal(downgraded.status, 409);
    assert.equal(downgraded.body?.code, 'LastOwner');

    await assign('owner', account, 'second', PRINCIPALS.contributor.oid, 'Owner');
    // With the admin token (every right) both removals reach the store at once: its transaction decides.
    const [a, b] = await Promise.all([
      call('admin', 'DELETE', `${account}/roleAssignments/second`),
      call('admin', 'DELETE', `${account}/roleAssignments/${own}`),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409], `${JSON.stringify(a.body)} ${JSON.stringify(b.body)}`);
    const left = (await call('admin', 'GET', `${account}/roleAssignments`)).body?.value as { role: string }[];
    assert.deepEqual(left.map((x) => x.role), ['Owner']);
  });

  it('grants through a group assignment, and the highest of direct and group roles counts', async () => {
    const account = `/api/subscriptions/${SUB}/resourceGroups/${GROUP}/accounts/groups`;
    assert.equal((await call('owner', 'PUT', account, {})).status, 201);
    const member = await issuer.sign({ aud: AUDIENCE, oid: 'someone', groups: ['readers-group'] });
    const asMember = (method: string, suffix: string, body?: unknown) => callOn(service.url, member, method, `${account}${suffix}`, body);
    assert.equal((await asMember('GET', '')).status, 404);
    await assign('owner', account, 'readers', 'readers-group', 'Reader', 'Group');
    const seen = await asMember('GET', '');
    assert.equal(seen.status, 200);
    assert.equal(seen.body?.callerRole, 'Reader');
    assert.equal((await asMember('POST', '/models', {})).status, 403);
    // A user assignment of the same id does not stand for the group (and the other way round).
    await assign('owner', account, 'user-named-like-group', 'readers-group', 'Owner', 'User');
    assert.equal((await asMember('GET', '')).body?.callerRole, 'Reader');
    await assign('owner', account, 'direct', 'someone', 'Contributor');
    assert.equal((await asMember('GET', '')).body?.callerRole, 'Contributor');
    assert.notEqual((await asMember('POST', '/models', {})).status, 403);
    const duplicate = await call('owner', 'PUT', `${account}/roleAssignments/again`, { principalId: 'someone', principalType: 'User', role: 'Contributor' });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body?.code, 'RoleAssignmentExists');
  });

  it('lists only the accounts where the caller holds a role, with that role, page after full page', async () => {
    const group = `/api/subscriptions/${SUB}/resourceGroups/listing/accounts`;
    const expected = new Map<string, RoleName>();
    for (let i = 0; i < 7; i++) {
      const account = `${group}/acct-${i}`;
      assert.equal((await call('admin', 'PUT', account, {})).status, 201);
      if (i % 3 === 0) continue; // no role for the reader on these
      const role: RoleName = i % 3 === 1 ? 'Reader' : 'Contributor';
      if (i === 4) await assign('admin', account, 'via-group', 'readers', 'Owner', 'Group');
      else await assign('admin', account, 'r', PRINCIPALS.reader.oid, role);
      expected.set(account, i === 4 ? 'Owner' : role);
    }
    const reader = await issuer.sign({ aud: AUDIENCE, oid: PRINCIPALS.reader.oid, groups: ['readers'] });
    const seen = new Map<string, string>();
    let next: string | undefined = `${service.url}${group}?api-version=${API_VERSION}&count=2`;
    let pages = 0;
    while (next) {
      const response: Response = await fetch(next, { headers: { Authorization: `Bearer ${reader}` } });
      assert.equal(response.status, 200);
      const page = (await response.json()) as { value: { id: string; callerRole?: string }[]; nextLink?: string };
      assert.ok(page.value.length === 2 || !page.nextLink, `page ${pages} has ${page.value.length} accounts and a next page`);
      for (const a of page.value) seen.set(a.id, a.callerRole ?? '(none)');
      next = page.nextLink;
      pages++;
    }
    assert.deepEqual(new Map([...seen].sort()), new Map([...expected].sort()));
    assert.equal(pages, Math.ceil(expected.size / 2));
    const all = (await call('admin', 'GET', group)).body?.value as { callerRole?: string }[];
    assert.equal(all.length, 7);
    assert.ok(all.every((a) => a.callerRole === 'Owner'), 'the admin token is Owner everywhere');
  });

  it('takes a change made through one instance into account on the next call on another', async function () {
    // A second process on the same store: PostgreSQL's database, or the same SQLite file (WAL lets two processes share it).
    const dataDir = await makeDataDir('access-second');
    const args = await sameStoreArgs(service.dataDir);
    if (!testStoreIsPostgres()) await fs.symlink(path.join(service.dataDir, 'modelbay.sqlite'), path.join(dataDir, 'modelbay.sqlite'));
    const second = await startServiceProcess({ dataDir, args: [...args, ...jwtArgs()], env: { NODE_EXTRA_CA_CERTS: issuer.caFile } });
    try {
      const late = await issuer.sign({ aud: AUDIENCE, oid: 'late-oid' });
      const onSecond = (suffix: string) => callOn(second.url, late, 'GET', `${ACCOUNT}${suffix}`);
      assert.equal((await onSecond('/models')).status, 404);
      await assign('owner', ACCOUNT, 'late', 'late-oid', 'Reader');
      assert.equal((await onSecond('/models')).status, 200);
      assert.equal((await onSecond('')).body?.callerRole, 'Reader');
      assert.equal((await call('owner', 'DELETE', `${ACCOUNT}/roleAssignments/late`)).status, 200);
      assert.equal((await onSecond('/models')).status, 404);
    } finally {
      await second.stop();
    }
  });

  it('leaves the data plane to endpoint keys: scoring and batch calls take a key whoever holds which role, never a token', async () => {
    const account = service.client.account({ subscriptionId: SUB, resourceGroupName: GROUP, accountName: 'shared' });
    const model = await sampleFile('onnx-classifier/iris-classifier.onnx');
    const image = await buildImage(account, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: model } });
    const deployed = await deployImage(account, image, 'iris');
    const row = { data: [[5.1, 3.5, 1.4, 0.2]] };
    assert.equal((await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, row)).status, 200);
    for (const who of ['owner', 'outsider'] as const) {
      assert.equal((await score(deployed.endpoint.scoringUri, tokens[who], row)).status, 401, `${who}'s token is not a key`);
    }
    assert.equal((await bes('GET', `${deployed.endpoint.scoringUri}/jobs`, deployed.keys.primaryKey)).status, 200);
    assert.equal((await bes('GET', `${deployed.endpoint.scoringUri}/jobs`, tokens.owner)).status, 401);
    // The keys themselves: a Contributor reads them, a Reader does not.
    const keysPath = `${ACCOUNT}/services/${deployed.service.id}/keys`;
    assert.equal((await call('contributor', 'GET', keysPath)).body?.primaryKey, deployed.keys.primaryKey);
    assert.equal((await call('reader', 'GET', keysPath)).status, 403);
    assert.ok(!JSON.stringify((await call('reader', 'GET', `${ACCOUNT}/services/${deployed.service.id}`)).body).includes(deployed.keys.primaryKey));
  });

  it('refuses to start with a management route that declares no access rule', async () => {
    const app = Fastify();
    installAccessControl(app, {} as Store);
    app.get('/healthz', () => 'ok');
    app.get('/api/declared', { config: { access: { role: 'Reader', action: 'read it' } } }, () => 'ok');
    let failure: unknown;
    try {
      app.get('/api/forgotten', () => 'unguarded');
      await app.ready();
    } catch (error) {
      failure = error;
    }
    await app.close().catch(() => undefined);
    assert.match(String(failure), /GET \/api\/forgotten declares no access rule/);
  });
});
