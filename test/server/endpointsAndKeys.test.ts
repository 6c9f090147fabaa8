import * as assert from 'node:assert/strict';
import type { ModelbayApiError } from '../../src/api/client';
import { behaviourDriver, buildImage, deployDriver, score, type Deployed } from './helpers/deploy';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

describe('endpoints and keys', () => {
  let service: ServiceProcess;
  let d: Deployed;
  before(async () => {
    service = await startServiceProcess();
    d = await deployDriver(service.account, 'shop', behaviourDriver('base'));
  });
  after(async () => {
    await service?.stop();
  });

  it('gives every service a default endpoint whose URL is the service scoringUri', async () => {
    const endpoints = await service.account.services.endpoints(d.service.id);
    assert.deepEqual(endpoints.map((e) => e.name), ['default']);
    assert.equal(endpoints[0]!.maxConcurrentCalls, 20);
    assert.equal((await service.account.services.get(d.service.id)).scoringUri, endpoints[0]!.scoringUri);
  });

  it('adds, reads, updates and removes endpoints, each with its own URL and keys', async () => {
    const api = service.account.services;
    const acme = await api.createEndpoint(d.service.id, { name: 'acme', description: 'for ACME', maxConcurrentCalls: 8, loggingLevel: 'Error', sampleDataEnabled: true });
    assert.equal(acme.serviceId, d.service.id);
    assert.notEqual(acme.scoringUri, d.endpoint.scoringUri);
    assert.deepEqual(await api.endpoint(d.service.id, 'acme'), acme);
    const acmeKeys = await api.endpointKeys(d.service.id, 'acme');
    assert.notEqual(acmeKeys.primaryKey, d.keys.primaryKey);
    assert.equal((await score(acme.scoringUri, acmeKeys.primaryKey, { hi: 1 })).status, 200);

    const patched = await api.updateEndpoint(d.service.id, 'acme', { maxConcurrentCalls: 200, loggingLevel: 'All' });
    assert.equal(patched.maxConcurrentCalls, 200);
    assert.equal(patched.description, 'for ACME');

    await assert.rejects(api.deleteEndpoint(d.service.id, 'default'), (e: ModelbayApiError) => e.statusCode === 409 && e.code === 'DefaultEndpointInUse' && /acme/.test(e.message));
    assert.equal(await api.deleteEndpoint(d.service.id, 'acme'), true);
    assert.equal(await api.deleteEndpoint(d.service.id, 'acme'), false);
    assert.equal((await score(acme.scoringUri, acmeKeys.primaryKey, { hi: 1 })).status, 404, 'a removed endpoint answers no more');
  });

  it('enforces endpoint names, uniqueness and limits', async () => {
    const api = service.account.services;
    const bad: [object, RegExp][] = [
      [{ name: 'Upper' }, /name must match/],
      [{ name: 'with-dash' }, /name must match/],
      [{ name: 'a'.repeat(25) }, /name must NOT have more than 24/],
      [{ name: 'ok', maxConcurrentCalls: 3 }, /maxConcurrentCalls must be >= 4/],
      [{ name: 'ok', maxConcurrentCalls: 201 }, /maxConcurrentCalls must be <= 200/],
      [{ name: 'ok', loggingLevel: 'Verbose' }, /loggingLevel must be one of "None", "Error", "All"/],
    ];
    for (const [body, reason] of bad) {
      await assert.rejects(api.createEndpoint(d.service.id, body as never), (e: ModelbayApiError) => e.statusCode === 400 && reason.test(e.message), JSON.stringify(body));
    }
    await api.createEndpoint(d.service.id, { name: 'twice' });
    await assert.rejects(api.createEndpoint(d.service.id, { name: 'twice' }), (e: ModelbayApiError) => e.statusCode === 409 && e.code === 'EndpointExists');
  });

  it('refuses wrong, missing and other endpoints’ keys with 401, and a regenerated key at once', async () => {
    const api = service.account.services;
    const other = await api.createEndpoint(d.service.id, { name: 'other' });
    const otherKeys = await api.endpointKeys(d.service.id, 'other');
    const cases: [string | undefined, string][] = [
      [undefined, 'MissingKeys'],
      ['not-a-key', 'ScoreRequestUnauthorized'],
      [otherKeys.primaryKey, 'ScoreRequestUnauthorized'],
      [`${d.keys.primaryKey}x`, 'ScoreRequestUnauthorized'],
    ];
    for (const [key, code] of cases) {
      const r = await score(d.endpoint.scoringUri, key, { hi: 1 });
      assert.equal(r.status, 401, String(key));
      assert.equal(r.body.error?.code, code);
    }
    assert.equal((await score(other.scoringUri, otherKeys.secondaryKey, { hi: 1 })).status, 200);

    const before = await api.keys(d.service.id);
    const after = await api.regenerateKey(d.service.id, 'Primary');
    assert.notEqual(after.primaryKey, before.primaryKey);
    assert.equal(after.secondaryKey, before.secondaryKey);
    assert.equal((await score(d.endpoint.scoringUri, before.primaryKey, { hi: 1 })).status, 401, 'old primary refused at once');
    assert.equal((await score(d.endpoint.scoringUri, after.primaryKey, { hi: 1 })).status, 200);
    assert.equal((await score(d.endpoint.scoringUri, after.secondaryKey, { hi: 1 })).status, 200);

    const regenerated = await api.regenerateEndpointKey(d.service.id, 'other', 'Secondary');
    assert.equal((await score(other.scoringUri, otherKeys.secondaryKey, { hi: 1 })).status, 401);
    assert.equal((await score(other.scoringUri, regenerated.secondaryKey, { hi: 1 })).status, 200);
  });

  it('pins an endpoint to its own image while it stays part of the service', async () => {
    const api = service.account.services;
    const custom = await buildImage(service.account, 'shop-custom', 'Node', { 'score.js': behaviourDriver('customer-a') }, { driver: 'score.js' });
    const pinned = await api.createEndpoint(d.service.id, { name: 'customera', imageId: custom.id });
    const keys = await api.endpointKeys(d.service.id, 'customera');
    assert.equal((await score(pinned.scoringUri, keys.primaryKey, {})).body.version, 'customer-a');
    const current = await api.keys(d.service.id);
    assert.equal((await score(d.endpoint.scoringUri, current.primaryKey, {})).body.version, 'base');

    const unpinned = await api.updateEndpoint(d.service.id, 'customera', { imageId: null });
    assert.equal(unpinned.imageId, undefined);
    assert.equal((await score(pinned.scoringUri, keys.primaryKey, {})).body.version, 'base');
    await assert.rejects(api.createEndpoint(d.service.id, { name: 'ghost', imageId: 'no-such-image' }), (e: ModelbayApiError) => e.statusCode === 400 && e.code === 'ImageNotFound');
  });
});
