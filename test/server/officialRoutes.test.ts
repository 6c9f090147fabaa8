import * as assert from 'node:assert/strict';
import { accountPath, DEFAULT_ACCOUNT } from '../../src/api/accountRef';
import { API_VERSION } from '../../src/api/apiVersion';
import type { AsyncOperationStatus, AuthKeys } from '../../src/api/schemas';
import { behaviourDriver, deployDriver, score, type Deployed } from './helpers/deploy';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

/** The management routes as clients written for the official API call them, with plain HTTP. */
describe('management routes as the official clients call them', () => {
  let service: ServiceProcess;
  let d: Deployed;
  let account: string;
  before(async () => {
    service = await startServiceProcess();
    d = await deployDriver(service.account, 'official', behaviourDriver('v1'));
    account = `${service.url}${accountPath(DEFAULT_ACCOUNT)}`;
  });
  after(async () => {
    await service?.stop();
  });

  const call = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${url}${url.includes('?') ? '&' : '?'}api-version=${API_VERSION}`, {
      method,
      headers: { Authorization: `Bearer ${service.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown>, headers: response.headers };
  };

  it('regenerates a service key at POST services/{id}/regenerateKeys, as at POST services/{id}/keys', async () => {
    const before = (await call('GET', `${account}/services/${d.service.id}/keys`)).body as unknown as AuthKeys;
    const primary = await call('POST', `${account}/services/${d.service.id}/regenerateKeys`, { keyType: 'Primary' });
    assert.equal(primary.status, 200);
    const afterPrimary = primary.body as unknown as AuthKeys;
    assert.notEqual(afterPrimary.primaryKey, before.primaryKey);
    assert.equal(afterPrimary.secondaryKey, before.secondaryKey);
    assert.equal((await score(d.endpoint.scoringUri, before.primaryKey, { hi: 1 })).status, 401, 'the old primary key is refused at once');
    assert.equal((await score(d.endpoint.scoringUri, afterPrimary.primaryKey, { hi: 1 })).status, 200);

    const secondary = (await call('POST', `${account}/services/${d.service.id}/regenerateKeys`, { keyType: 'Secondary' })).body as unknown as AuthKeys;
    assert.equal(secondary.primaryKey, afterPrimary.primaryKey);
    assert.notEqual(secondary.secondaryKey, afterPrimary.secondaryKey);
    const seed = (await call('POST', `${account}/services/${d.service.id}/keys`, { keyType: 'Secondary' })).body as unknown as AuthKeys;
    assert.notEqual(seed.secondaryKey, secondary.secondaryKey, 'the seed route still regenerates');
  });

  it('regenerates an endpoint key at POST endpoints/{name}/regenerateKeys', async () => {
    await service.account.services.createEndpoint(d.service.id, { name: 'acme' });
    const endpoint = `${account}/services/${d.service.id}/endpoints/acme`;
    const before = (await call('GET', `${endpoint}/keys`)).body as unknown as AuthKeys;
    const after = await call('POST', `${endpoint}/regenerateKeys`, { keyType: 'Secondary' });
    assert.equal(after.status, 200);
    assert.equal((after.body as unknown as AuthKeys).primaryKey, before.primaryKey);
    assert.notEqual((after.body as unknown as AuthKeys).secondaryKey, before.secondaryKey);
    assert.deepEqual((await call('GET', `${endpoint}/keys`)).body, after.body);
  });

  it('refuses a keyType other than Primary or Secondary with 400 naming the allowed values', async () => {
    const routes = [`${account}/services/${d.service.id}/regenerateKeys`, `${account}/services/${d.service.id}/endpoints/default/regenerateKeys`];
    for (const route of routes) {
      for (const body of [{ keyType: 'Tertiary' }, { keyType: 'primary' }, {}]) {
        const refused = await call('POST', route, body);
        assert.equal(refused.status, 400, `${route} ${JSON.stringify(body)}`);
        assert.match(String(refused.body.message), /body\/keyType/);
        if ('keyType' in body) assert.match(String(refused.body.message), /must be one of "Primary", "Secondary"/);
      }
    }
    assert.equal((await call('POST', `${account}/services/no-such-service/regenerateKeys`, { keyType: 'Primary' })).status, 404);
  });

  it("ends an operation's resourceLocation with the resource's id, with no query string", async () => {
    const created = await call('POST', `${account}/services`, { name: 'located', imageId: d.image.id, computeResource: { id: 'local', type: 'Cluster' } });
    assert.equal(created.status, 202);
    const operationLocation = created.headers.get('operation-location')!;
    let status = created.body as unknown as AsyncOperationStatus;
    const deadline = Date.now() + 60_000;
    while (status.state === 'NotStarted' || status.state === 'Running') {
      assert.ok(Date.now() < deadline, 'the service was not deployed within a minute');
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await call('GET', operationLocation.split('?')[0]!)).body as unknown as AsyncOperationStatus;
    }
    assert.equal(status.state, 'Succeeded');
    const location = status.resourceLocation!;
    assert.doesNotMatch(location, /\?/);
    const id = location.split('/').pop()!;
    assert.equal((await call('GET', `${account}/services/${id}`)).body.name, 'located');
    assert.equal(location, `${account}/services/${id}`);

    // An image build's operation too, as the official CLI reads it: last segment = image id.
    const build = await call('POST', `${account}/images`, { name: 'located', manifestId: d.image.manifest.id, imageType: 'Docker', computeResourceId: 'local' });
    const imageLocation = (build.body as unknown as AsyncOperationStatus).resourceLocation!;
    assert.doesNotMatch(imageLocation, /\?/);
    assert.equal((await call('GET', `${account}/images/${imageLocation.split('/').pop()!}`)).body.name, 'located');
  });
});
