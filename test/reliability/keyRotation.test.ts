import * as assert from 'node:assert/strict';
import { buildImage, deployImage, sampleFile, type Deployed } from '../server/helpers/deploy';
import { startServiceProcess, type ServiceProcess } from '../server/helpers/serviceProcess';
import { printTable } from './table';

// Issue 15, item 6: a customer rotates keys the way the classic services taught: callers move to the secondary key,
// the primary is regenerated. Under load, not one call on the secondary may fail, and an old primary must be
// refused from the moment its regenerate call returns.

const ROTATIONS = Number(process.env.MODELBAY_ROTATIONS ?? 100);
const CALLERS = 4;
const FLOWER = JSON.stringify({ data: [[5.1, 3.5, 1.4, 0.2]] });

describe('reliability: key rotation under load', function () {
  this.timeout(0);
  let service: ServiceProcess;
  let deployed: Deployed;

  before(async () => {
    service = await startServiceProcess();
    const image = await buildImage(service.account, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: await sampleFile('onnx-classifier/iris-classifier.onnx') } });
    deployed = await deployImage(service.account, image, 'iris');
  });
  after(async () => {
    await service?.stop();
  });

  const call = async (key: string) => {
    const response = await fetch(deployed.endpoint.scoringUri, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: FLOWER });
    await response.arrayBuffer();
    return response.status;
  };

  it(`${CALLERS} callers on the secondary key while the primary is regenerated ${ROTATIONS} times: none fails; each old primary is refused at once`, async () => {
    const secondary = deployed.keys.secondaryKey;
    let rotating = true;
    const statuses = new Map<number, number>();
    const callers = Array.from({ length: CALLERS }, async () => {
      while (rotating) {
        const status = await call(secondary);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    });
    const services = service.account.services;
    let primary = deployed.keys.primaryKey;
    let oldRefused = 0;
    let newAccepted = 0;
    try {
      for (let i = 0; i < ROTATIONS; i++) {
        const keys = await services.regenerateKey(deployed.service.id, 'Primary');
        assert.equal(keys.secondaryKey, secondary, 'the secondary is kept');
        assert.notEqual(keys.primaryKey, primary);
        // The old primary, the moment regenerate returned: refused.
        assert.equal(await call(primary), 401, `rotation ${i + 1}: the old primary is refused`);
        oldRefused++;
        primary = keys.primaryKey;
        assert.equal(await call(primary), 200, `rotation ${i + 1}: the new primary scores`);
        newAccepted++;
      }
    } finally {
      rotating = false;
      await Promise.all(callers);
    }
    const onSecondary = [...statuses.values()].reduce((a, b) => a + b, 0);
    printTable('Key rotation under load', ['what', 'count', 'held'], [
      ['primary regenerated', ROTATIONS, 'every regenerate answered'],
      ['old primary tried right after', oldRefused, '401 every time'],
      ['new primary tried', newAccepted, '200 every time'],
      [`calls on the secondary (${CALLERS} callers)`, onSecondary, JSON.stringify(Object.fromEntries(statuses))],
    ]);
    assert.deepEqual([...statuses.keys()], [200], `every call on the secondary scored: ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.ok(onSecondary > ROTATIONS, 'the callers were calling throughout');
  });
});
