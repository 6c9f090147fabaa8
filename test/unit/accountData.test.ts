import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { AccountRequestData } from '../../src/extension/requests/accountRequestData';
import { endpointKeySecret } from '../../src/extension/requests/endpointKeys';
import { historyKey, type HistoryEntry } from '../../src/extension/requests/history';
import { nodeRefOf, serviceOf } from '../../src/extension/tree/nodeRef';

class MemoryState implements vscode.Memento {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    return Promise.resolve();
  }
}

function memorySecrets(): vscode.SecretStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: (key) => Promise.resolve(values.get(key)),
    store: (key, value) => Promise.resolve(void values.set(key, value)),
    delete: (key) => Promise.resolve(void values.delete(key)),
    onDidChange: () => ({ dispose: () => undefined }),
  };
}

const entry = (account: string): HistoryEntry => ({ at: '2026-01-01T00:00:00.000Z', target: { account, service: 's', endpoint: 'default', format: 'score' }, url: 'http://x/score', durationMs: 3, bodyChars: 2, responseExcerpt: '' });

describe('what this machine keeps for an account, and forgetting it', () => {
  it('lists every endpoint key it stores for an account, and deletes them, the history and the list with the account', async () => {
    const state = new MemoryState();
    const secrets = memorySecrets();
    const data = new AccountRequestData(secrets, state);
    await data.keySecrets('team').store(endpointKeySecret('team', 'e1'), 'k1');
    await data.keySecrets('team').store(endpointKeySecret('team', 'e2'), 'k2');
    await data.keySecrets('local').store(endpointKeySecret('local', 'e3'), 'k3');
    // A key stored before keys were listed: found through its endpoint's history.
    await secrets.store(endpointKeySecret('team', 'old'), 'k0');
    await state.update(historyKey('old'), [entry('team')]);
    // One endpoint reached through two accounts (the same service added twice): only this account's entries go.
    await state.update(historyKey('shared'), [entry('team'), entry('local')]);
    await state.update(historyKey('e3'), [entry('local')]);

    assert.deepEqual(await data.describe('team'), { endpointKeys: 3, sentRequests: 2 }, 'what the confirmation counts');
    await data.forget('team');

    assert.deepEqual([...secrets.values.keys()], [endpointKeySecret('local', 'e3')]);
    assert.equal(state.get(historyKey('old')), undefined);
    assert.deepEqual(state.get<HistoryEntry[]>(historyKey('shared')).map((e) => e.target.account), ['local']);
    assert.equal(state.get<HistoryEntry[]>(historyKey('e3')).length, 1);
    assert.ok(!state.keys().some((k) => k.includes('team')), `nothing named after the account is left: ${state.keys().join(', ')}`);
    assert.deepEqual(await data.describe('team'), { endpointKeys: 0, sentRequests: 0 });
  });
});

describe('node references: what a command is given', () => {
  const account = { id: 'local', label: 'Local', kind: 'local' as const };
  const service = { id: 's1', name: 'iris' };

  it('takes a resource row, a folder of a service and an account, and refuses anything else', () => {
    const ref = nodeRefOf({ kind: 'service', account, resource: service });
    assert.equal(ref?.kind === 'service' && ref.resource.name, 'iris');
    const folder = nodeRefOf({ kind: 'folder', folder: 'endpoints', account, service: { kind: 'service', account, resource: service } });
    assert.equal(serviceOf(folder)?.id, 's1', "an Endpoints folder stands for its service's endpoints");
    assert.equal(nodeRefOf({ kind: 'account', account })?.account.id, 'local');
    for (const bad of [undefined, null, 'local', [], { kind: 'service', resource: service }, { kind: 'service', account: { id: 'x' }, resource: service }, { kind: 'nonsense', account, resource: service }, { kind: 'service', account, resource: { name: 'no id' } }, { kind: 'folder', folder: 'nonsense', account }]) {
      assert.equal(nodeRefOf(bad), undefined, JSON.stringify(bad));
    }
  });
});
