import * as assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { DEFAULT_ACCOUNT } from '../../src/api/accountRef';
import { API_VERSION } from '../../src/api/apiVersion';
import { ModelbayApiError, ModelbayClient } from '../../src/api/client';
import { startLocalIssuer, TENANT, type LocalIssuer } from './helpers/localIssuer';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

const AUDIENCE = 'api://modelbay';

describe('authentication', () => {
  let issuer: LocalIssuer;
  let service: ServiceProcess;
  before(async () => {
    issuer = await startLocalIssuer(AUDIENCE);
    service = await startServiceProcess({
      args: ['--jwt-issuer', issuer.issuer, '--jwt-audience', AUDIENCE],
      env: { NODE_EXTRA_CA_CERTS: issuer.caFile },
    });
    // A signed-in principal acts on an account only with a role there (accessControl.test.ts tests the roles).
    for (const [name, principalId, role] of [['sp', 'service-principal-1', 'Contributor'], ['x', 'x', 'Reader']]) {
      const assigned = await call('PUT', `/roleAssignments/${name}`, `Bearer ${service.token}`, { principalId, principalType: 'User', role });
      assert.equal(assigned.status, 201);
    }
  });
  after(async () => {
    await service?.stop();
    await issuer?.close();
  });

  const accountPath = '/api/subscriptions/local/resourceGroups/local/accounts/default';
  const call = (method: string, suffix: string, authorization?: string, body: unknown = {}) =>
    fetch(`${service.url}${accountPath}${suffix}${suffix.includes('?') ? '&' : '?'}api-version=${API_VERSION}`, {
      method,
      headers: { ...(authorization ? { Authorization: authorization } : {}), 'Content-Type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body),
    });

  it('answers 401 with an ErrorResponse to every verb without a valid token, before reading the body', async () => {
    const cases: [string, string][] = [
      ['GET', '/models'],
      ['POST', '/models'],
      ['POST', '/manifests'],
      ['POST', '/images'],
      ['GET', '/operations/x'],
      ['PUT', ''],
      ['DELETE', '/models/x'],
    ];
    for (const authorization of [undefined, 'Bearer wrong-token', 'Basic abc', `Bearer ${service.token}x`, 'Bearer a.b.c']) {
      for (const [method, suffix] of cases) {
        const response = await call(method, suffix, authorization);
        assert.equal(response.status, 401, `${method} ${suffix} with ${authorization}`);
        const body = (await response.json()) as { code: string; message: string; statusCode: number };
        assert.equal(body.code, 'Unauthorized');
        assert.equal(body.statusCode, 401);
        assert.ok(body.message.length > 10);
        assert.equal(response.headers.get('www-authenticate'), 'Bearer');
      }
    }
  });

  it('accepts the admin token', async () => {
    const response = await call('GET', '/models', `Bearer ${service.token}`);
    assert.equal(response.status, 200);
  });

  it('accepts a token that @azure/identity obtained from the issuer', async () => {
    const credential = new ClientSecretCredential(TENANT, issuer.clientId, issuer.clientSecret, {
      authorityHost: issuer.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: issuer.ca },
    });
    const client = new ModelbayClient({
      baseUrl: service.url,
      getToken: async () => (await credential.getToken(`${AUDIENCE}/.default`)).token,
    });
    const account = client.account(DEFAULT_ACCOUNT);
    const asset = await account.uploadAsset('m.bin', Buffer.from('m'));
    const model = await account.registerModel({ name: 'aad', mimeType: 'a/b', url: asset.url });
    assert.equal(model.version, 1);
  });

  it('refuses JWTs with the wrong audience, the wrong issuer, a foreign key, or past expiry', async () => {
    const cases: [string, Promise<string>][] = [
      ['audience', issuer.sign({ aud: 'api://someone-else', sub: 'x' })],
      ['issuer', issuer.sign({ aud: AUDIENCE, sub: 'x', iss: 'https://evil.example/v2.0' })],
      ['foreign key', issuer.sign({ aud: AUDIENCE, sub: 'x' }, { useOtherKey: true })],
      ['expired', issuer.sign({ aud: AUDIENCE, sub: 'x' }, { expiresIn: '-2h' })],
    ];
    for (const [what, token] of cases) {
      const client = new ModelbayClient({ baseUrl: service.url, getToken: () => token });
      await assert.rejects(
        client.account(DEFAULT_ACCOUNT).listModels(),
        (e: ModelbayApiError) => e.statusCode === 401 && e.code === 'Unauthorized',
        what,
      );
    }
    const good = await issuer.sign({ aud: AUDIENCE, sub: 'x' });
    const client = new ModelbayClient({ baseUrl: service.url, getToken: () => good });
    assert.deepEqual((await client.account(DEFAULT_ACCOUNT).listModels({ name: 'none' })).value, []);
  });

  it('keeps /healthz open and says nothing there', async () => {
    const response = await fetch(`${service.url}/healthz`);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });
});
