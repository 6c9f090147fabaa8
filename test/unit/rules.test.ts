import * as assert from 'node:assert/strict';
import { Value } from '@sinclair/typebox/value';
import { AccountSegment, AutoScaler, EndpointName, MaxConcurrentCalls, ResourceName, ServiceCreateRequest } from '../../src/api/schemas';
import { AUTOSCALER, checkAccountSegment, checkEndpointName, checkResourceName, checkWholeNumber, MAX_CONCURRENT_CALLS, PER_REPLICA_CONCURRENCY, REPLICAS, suggestResourceName } from '../../src/api/rules';
import { autoscaleSettings } from '../../src/server/runtime/autoscaler';
import { settingsFromCreate } from '../../src/server/services/serviceSettings';

const NAMES = ['iris', 'Iris-2.onnx_v1', '9lives', '-leading-dash', '.hidden', 'has space', 'ünïcode', '', 'a'.repeat(255), 'a'.repeat(256), 'a'.repeat(90), 'a'.repeat(91)];
const ENDPOINTS = ['default', 'customera', 'abc123', 'Upper', 'with-dash', '', 'a'.repeat(24), 'a'.repeat(25)];

// What a form or a command accepts as the user types is exactly what the service's schemas accept.
describe('naming rules, limits and defaults: one source for forms, commands and the service', () => {
  it('a resource name passes the form check exactly when it passes the schema', () => {
    for (const name of NAMES) assert.equal(checkResourceName(name) === undefined, Value.Check(ResourceName, name), JSON.stringify(name));
  });

  it('an account segment and an endpoint name likewise', () => {
    for (const name of NAMES) assert.equal(checkAccountSegment(name, 'Account') === undefined, Value.Check(AccountSegment, name), JSON.stringify(name));
    for (const name of ENDPOINTS) assert.equal(checkEndpointName(name) === undefined, Value.Check(EndpointName, name), JSON.stringify(name));
  });

  it('whole-number limits are the schema limits', () => {
    for (const n of [0, 3, 4, 20, 200, 201]) assert.equal(checkWholeNumber(String(n), MAX_CONCURRENT_CALLS, 'calls') === undefined, Value.Check(MaxConcurrentCalls, n), String(n));
    for (const scaler of [{ minReplicas: AUTOSCALER.minReplicas.max + 1 }, { maxReplicas: 0 }, { targetUtilization: 101 }]) {
      assert.equal(Value.Check(AutoScaler, { autoscaleEnabled: true, ...scaler }), false, JSON.stringify(scaler));
    }
    const base = { name: 's', imageId: 'i', computeResource: { id: 'local', type: 'Cluster' } };
    assert.equal(Value.Check(ServiceCreateRequest, { ...base, numReplicas: REPLICAS.max }), true);
    assert.equal(Value.Check(ServiceCreateRequest, { ...base, numReplicas: REPLICAS.max + 1 }), false);
    assert.equal(Value.Check(ServiceCreateRequest, { ...base, maxConcurrentRequestsPerContainer: PER_REPLICA_CONCURRENCY.max + 1 }), false);
  });

  it('the service fills in the same defaults the forms show', () => {
    const settings = autoscaleSettings({ autoscaleEnabled: true });
    assert.equal(settings.maxReplicas, AUTOSCALER.maxReplicas.default);
    assert.equal(settings.targetUtilization, AUTOSCALER.targetUtilization.default);
    assert.equal(settings.refreshPeriodMs, AUTOSCALER.refreshPeriodInSeconds.default * 1000);
    const created = settingsFromCreate({ name: 's', imageId: 'i', computeResource: { id: 'local', type: 'Cluster' } });
    assert.equal(created.numReplicas, REPLICAS.default);
    assert.equal(created.maxConcurrentRequestsPerContainer, PER_REPLICA_CONCURRENCY.default);
  });

  it('a suggested name is always a valid one', () => {
    for (const text of ['My Model (final).onnx', '---', '', 'Ünïcode', 'x'.repeat(400)]) {
      assert.equal(checkResourceName(suggestResourceName(text)), undefined, text);
      assert.equal(checkResourceName(suggestResourceName(text, { lowerCase: true })), undefined, text);
    }
  });
});
