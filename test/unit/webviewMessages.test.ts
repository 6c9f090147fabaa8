import * as assert from 'node:assert/strict';
import { dispatchWebviewMessage, type DispatchTarget } from '../../src/extension/panels/messageDispatch';
import { deployParamsCheck, type DeployMethods } from '../../webviews/protocol/deployProtocol';
import { registerParamsCheck } from '../../webviews/protocol/registerModelProtocol';
import { serviceDetailsParamsCheck } from '../../webviews/protocol/serviceDetailsProtocol';

/** A deterministic generator, so a failing fuzz case can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function junk(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * 12);
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return next() * 1e6 - 5e5;
    case 3: return Number.NaN;
    case 4: return 'x'.repeat(Math.floor(next() * 300));
    case 5: return next() > 0.5;
    case 6: return depth > 3 ? [] : Array.from({ length: Math.floor(next() * 4) }, () => junk(next, depth + 1));
    case 7: return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');
    case 8: return { type: 'request', id: Math.floor(next() * 100), method: ['deploy', 'pickDriver', 'listModels', 'toString', '__proto__', 'constructor', 'nope'][Math.floor(next() * 7)], params: junk(next, depth + 1) };
    case 9: return { type: ['request', 'ready', 'response', 'init', 7, null][Math.floor(next() * 6)], id: junk(next, depth + 1), method: junk(next, depth + 1) };
    case 10: return depth > 3 ? {} : Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, (_, i) => [`k${i}`, junk(next, depth + 1)]));
    default: return { type: 'request', id: 1, method: 'deploy', params: { accountId: 'local', runtime: 'Java', serviceName: 5, scale: { kind: 'fixed' }, perReplica: '4' } };
  }
}

describe('webview messages', () => {
  const calls: string[] = [];
  /** A handler that notes its call and answers `result`. */
  const noting =
    <T>(method: string, result: T) =>
    () => {
      calls.push(method);
      return Promise.resolve(result);
    };
  const target: DispatchTarget<DeployMethods, { ok: true }, null> = {
    viewType: 'test.deploy',
    init: () => Promise.resolve({ ok: true }),
    check: deployParamsCheck,
    handlers: {
      listModels: noting('listModels', []),
      pickSource: noting('pickSource', null),
      pickDriver: noting('pickDriver', null),
      checkServiceName: noting('checkServiceName', { exists: false }),
      deploy: noting('deploy', { serviceId: 's', serviceName: 'n', scoringUri: 'u' }),
      testService: noting('testService', null),
    },
  };

  it('answers ready with init and a valid request with its result', async () => {
    const posted: unknown[] = [];
    const io = { post: (m: unknown) => posted.push(m), warn: () => undefined, error: () => undefined };
    await dispatchWebviewMessage(target, { type: 'ready' }, io, null);
    await dispatchWebviewMessage(target, { type: 'request', id: 7, method: 'pickDriver', params: { runtime: 'Python' } }, io, null);
    assert.deepEqual(posted, [{ type: 'init', state: { ok: true } }, { type: 'response', id: 7, ok: true, result: null }]);
  });

  it('ignores 5,000 unknown or ill-typed messages with a log line each, never calling a handler with bad params, never throwing', async () => {
    const next = random(20261123);
    let warned = 0;
    calls.length = 0;
    const posted: { type: string; ok?: boolean }[] = [];
    const io = { post: (m: { type: string; ok?: boolean }) => posted.push(m), warn: () => void warned++, error: () => void warned++ };
    for (let i = 0; i < 5_000; i++) {
      const message = junk(next);
      const before = calls.length;
      await dispatchWebviewMessage(target, message, io as never, null);
      if (calls.length > before) {
        const m = message as { method: string; params: unknown };
        assert.ok(target.check[m.method as keyof DeployMethods](m.params), `handler ran with bad params: ${JSON.stringify(message)}`);
      }
    }
    assert.ok(warned > 4_000, `only ${warned} log lines`);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
    assert.ok(posted.every((p) => p.type === 'response' || p.type === 'init'));
  });

  it('checks every panel’s params strictly: extra keys, wrong types and missing fields are refused', () => {
    assert.equal(registerParamsCheck.register({ accountId: 'a', path: '/p', name: 'n', tags: [], mimeType: 'a/b' }), true);
    assert.equal(registerParamsCheck.register({ accountId: 'a', path: '/p', name: 'n', tags: 'x', mimeType: 'a/b' }), false);
    assert.equal(registerParamsCheck.register({ accountId: 'a', path: '/p', name: 'n', tags: [], mimeType: 'a/b', extra: 1 }), false);
    assert.equal(serviceDetailsParamsCheck.regenerateKey({ endpoint: 'default', keyType: 'Tertiary' }), false);
    assert.equal(serviceDetailsParamsCheck.addEndpoint({ name: 'x', maxConcurrentCalls: 20, loggingLevel: 'All', sampleDataEnabled: false }), true);
    assert.equal(serviceDetailsParamsCheck.addEndpoint({ name: 'x', maxConcurrentCalls: '20', loggingLevel: 'All', sampleDataEnabled: false }), false);
    assert.equal(deployParamsCheck.deploy({ accountId: 'a', action: 'create', runtime: 'Onnx', serviceName: 's', scale: { kind: 'fixed', replicas: 1 }, perReplica: 4 }), true);
    assert.equal(deployParamsCheck.deploy({ accountId: 'a', action: 'update', runtime: 'Onnx', serviceName: 's', scale: { kind: 'fixed', replicas: 1 }, perReplica: 4 }), true);
    assert.equal(deployParamsCheck.deploy({ accountId: 'a', action: 'replace', runtime: 'Onnx', serviceName: 's', scale: { kind: 'fixed', replicas: 1 }, perReplica: 4 }), false);
    assert.equal(deployParamsCheck.deploy({ accountId: 'a', runtime: 'Onnx', serviceName: 's', scale: { kind: 'fixed', replicas: 1 }, perReplica: 4 }), false, 'action is required');
    assert.equal(deployParamsCheck.deploy({ accountId: 'a', action: 'create', runtime: 'Onnx', serviceName: 's', scale: { kind: 'auto', replicas: 1 }, perReplica: 4 }), false);
    assert.equal(deployParamsCheck.checkServiceName({ accountId: 'a', name: 'iris' }), true);
    assert.equal(deployParamsCheck.checkServiceName({ accountId: 'a', name: 5 }), false);
  });
});
