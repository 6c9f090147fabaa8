import * as assert from 'node:assert/strict';
import type { ServiceNameCheck } from '../../webviews/protocol/deployProtocol';
import { ServiceNameLookup } from '../../webviews/deploy/serviceNameCheck';

/** A question the test answers when it likes, to play answers out of order. */
function deferred(): { promise: Promise<ServiceNameCheck>; resolve: (check: ServiceNameCheck) => void; reject: (error: Error) => void } {
  let resolve!: (check: ServiceNameCheck) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<ServiceNameCheck>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the Deploy form asking whether a service name exists', () => {
  it('keeps only the answer for the name typed last, however late an older answer comes', async () => {
    const asked: Record<string, ReturnType<typeof deferred>> = {};
    let answers = 0;
    const lookup = new ServiceNameLookup(
      (_account, name) => (asked[name] = deferred()).promise,
      () => answers++,
    );
    lookup.lookUp('local', 'iri');
    lookup.lookUp('local', 'iris');
    asked.iris!.resolve({ exists: true, serviceId: 's1', status: 'running · 1 replica' });
    await settle();
    asked.iri!.resolve({ exists: false });
    await settle();
    assert.deepEqual(lookup.knownFor('local', 'iris'), { exists: true, serviceId: 's1', status: 'running · 1 replica' });
    assert.equal(lookup.knownFor('local', 'iri'), undefined, 'the older answer is dropped');
    assert.equal(answers, 1);
  });

  it('asks once per name and account, again after forget() or a failure', async () => {
    const names: string[] = [];
    let fail = true;
    const lookup = new ServiceNameLookup((account, name) => {
      names.push(`${account}/${name}`);
      return fail ? Promise.reject(new Error('offline')) : Promise.resolve({ exists: false });
    }, () => undefined);
    await assert.rejects(lookup.answer('local', 'iris'), /offline/);
    await settle();
    fail = false;
    assert.deepEqual(await lookup.answer('local', 'iris'), { exists: false }, 'a failed question is asked again');
    lookup.lookUp('local', 'iris');
    lookup.lookUp('team', 'iris');
    await settle();
    lookup.forget();
    lookup.lookUp('team', 'iris');
    await settle();
    assert.deepEqual(names, ['local/iris', 'local/iris', 'team/iris', 'team/iris']);
  });
});
