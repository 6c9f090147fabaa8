import * as assert from 'node:assert/strict';
import type { AuthKeys, Endpoint } from '../../src/api/schemas';
import { EndpointDirectory } from '../../src/server/gateway/endpointDirectory';
import { matchesKeyBytes } from '../../src/server/services/endpointKeys';

const endpoint = { id: 'e1', name: 'default', serviceId: 's1', maxConcurrentCalls: 20 } as Endpoint;

/** A repository whose reads wait until the test lets them finish, so a change can land in between. */
function slowRepository(keys: { current: AuthKeys }) {
  const gates: (() => void)[] = [];
  let reads = 0;
  return {
    get reads() {
      return reads;
    },
    release: () => gates.splice(0).forEach((open) => open()),
    find: async (id: string) => {
      reads++;
      const seen = keys.current; // read now, answered later
      await new Promise<void>((open) => gates.push(open));
      return id === 'e1' ? { account: 'a/b/c', endpoint, keys: seen } : undefined;
    },
  };
}

describe('endpoint directory', () => {
  it('reads an endpoint once for concurrent calls, then answers from memory', async () => {
    const keys = { current: { primaryKey: 'p1', secondaryKey: 's1' } };
    const repository = slowRepository(keys);
    const directory = new EndpointDirectory(repository);
    const both = Promise.all([directory.load('e1'), directory.load('e1')]);
    repository.release();
    const [a, b] = await both;
    assert.equal(a, b);
    assert.equal(repository.reads, 1);
    assert.equal(directory.cached('e1'), a);
    assert.ok(matchesKeyBytes('p1', a!.keyBytes) && matchesKeyBytes('s1', a!.keyBytes) && !matchesKeyBytes('x', a!.keyBytes));
  });

  it('does not keep a read that overlapped a change: the next call reads the new keys', async () => {
    const keys = { current: { primaryKey: 'old', secondaryKey: 's' } };
    const repository = slowRepository(keys);
    const directory = new EndpointDirectory(repository);
    const stale = directory.load('e1'); // reads the old keys ...
    keys.current = { primaryKey: 'new', secondaryKey: 's' };
    directory.forgetId('e1'); // ... while they are regenerated
    repository.release();
    await stale;
    assert.equal(directory.cached('e1'), undefined, 'the overlapping read was not kept');
    const fresh = directory.load('e1');
    repository.release();
    const entry = await fresh;
    assert.ok(matchesKeyBytes('new', entry!.keyBytes) && !matchesKeyBytes('old', entry!.keyBytes));
  });

  it('forgets what a predicate picks and keeps no unknown ids', async () => {
    const repository = slowRepository({ current: { primaryKey: 'p', secondaryKey: 's' } });
    const directory = new EndpointDirectory(repository);
    const known = directory.load('e1');
    const unknown = directory.load('nope');
    repository.release();
    await Promise.all([known, unknown]);
    assert.equal(directory.cached('nope'), undefined);
    directory.forget((e) => e.endpoint.serviceId === 'other');
    assert.ok(directory.cached('e1'));
    directory.forget((e) => e.endpoint.serviceId === 's1');
    assert.equal(directory.cached('e1'), undefined);
  });
});
