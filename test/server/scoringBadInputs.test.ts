import * as assert from 'node:assert/strict';
import { behaviourDriver, buildImage, deployDriver, deployImage, sampleFile, score, type Deployed } from './helpers/deploy';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

describe('scoring bad input', () => {
  let service: ServiceProcess;
  let onnx: Deployed;
  let driver: Deployed;
  before(async () => {
    service = await startServiceProcess();
    const image = await buildImage(service.account, 'iris', 'Onnx', {}, { model: { file: 'iris.onnx', content: await sampleFile('onnx-classifier/iris-classifier.onnx') } });
    onnx = await deployImage(service.account, image, 'iris');
    driver = await deployDriver(service.account, 'echo', behaviourDriver('v1'));
  });
  after(async () => {
    await service?.stop();
  });

  const tensor = (extra: object) => ({ inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4], ...extra }] });
  const huge = Array.from({ length: 1_100_000 }, () => [1, 2, 3, 4]);

  const cases = (): [string, () => Deployed, unknown, RegExp, string?][] => [
    ['ragged plain rows', () => onnx, { data: [[1, 2, 3, 4], [1, 2]] }, /ragged: row 0 has 4 values, row 1 has 2/],
    ['ragged RRS Values', () => onnx, { Inputs: { input1: { ColumnNames: ['a', 'b', 'c', 'd'], Values: [[1, 2, 3, 4], [1, 2, 3]] } } }, /Inputs\.input1\.Values is ragged: row 1 has 3 values for 4 columns/],
    ['RRS without ColumnNames', () => driver, { Inputs: { input1: { Values: [[1]] } } }, /Inputs\.input1\.ColumnNames must be a non-empty array/],
    ['RRS duplicate columns', () => driver, { Inputs: { input1: { ColumnNames: ['a', 'a'], Values: [[1, 2]] } } }, /ColumnNames has a name twice/],
    ['wrong dtype', () => onnx, tensor({ datatype: 'INT64' }), /datatype is INT64; input 'input' takes FP32/],
    ['unknown dtype', () => onnx, tensor({ datatype: 'FP8' }), /datatype 'FP8' is not one of/],
    ['wrong shape', () => onnx, tensor({ shape: [2, 2] }), /dimension 1 = 2; input 'input' needs 4/],
    ['shape and data disagree', () => onnx, tensor({ shape: [2, 4] }), /has 4 values; shape \[2,4\] needs 8/],
    ['unknown input name', () => onnx, tensor({ name: 'pixels' }), /'pixels' is not an input of this model \(input\)/],
    ['a string in a tensor', () => onnx, tensor({ data: [1, 'two', 3, 4] }), /value 1 must be a finite number, got "two"/],
    ['NaN as a string', () => onnx, { data: [[1, 'NaN', 3, 4]] }, /value 1 must be a finite number, got "NaN"/],
    ['NaN literal', () => onnx, undefined, /not valid JSON/, '{"data": [[1, NaN, 3, 4]]}'],
    ['Infinity literal', () => onnx, undefined, /not valid JSON/, '{"data": [[1, Infinity, 3, 4]]}'],
    ['huge arrays', () => onnx, { data: huge }, /4400000 values; the limit is 4000000/],
    ['__proto__ key', () => driver, undefined, /__proto__/, '{"a": 1, "__proto__": {"polluted": true}}'],
    ['constructor.prototype', () => driver, undefined, /prototype/, '{"constructor": {"prototype": {"polluted": true}}}'],
    ['__proto__ column in RRS', () => driver, undefined, /__proto__/, '{"Inputs": {"input1": {"ColumnNames": ["__proto__"], "Values": [[{"x": 1}]]}}}'],
    ['plain form without data', () => onnx, { rows: [[1, 2, 3, 4]] }, /send \{"data"/],
    ['truncated JSON', () => driver, undefined, /not valid JSON/, '{"data": [1, 2'],
  ];

  it('answers each with 400 naming the problem, and the service keeps answering', async () => {
    const failures: string[] = [];
    for (const [what, target, body, reason, raw] of cases()) {
      const d = target();
      const r = await score(d.endpoint.scoringUri, d.keys.primaryKey, body, raw);
      if (r.status !== 400 || !reason.test(r.body.error?.message ?? '')) failures.push(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    assert.deepEqual(failures, []);
    assert.equal((await score(onnx.endpoint.scoringUri, onnx.keys.primaryKey, { data: [[5.1, 3.5, 1.4, 0.2]] })).status, 200);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('answers 400 to a body nested too deeply to hand to a replica, and frees its slot at once (worker and process replicas)', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const python = await deployImage(
      service.account,
      await buildImage(service.account, 'echo-py', 'Python', { 'score.py': 'import json\ndef init():\n    pass\ndef run(raw):\n    return {"n": len(raw)}\n' }, { driver: 'score.py' }),
      'echo-py',
      { maxConcurrentRequestsPerContainer: 1, numReplicas: 1 },
    );
    const narrow = await deployDriver(service.account, 'echo-narrow', behaviourDriver('v1'), { maxConcurrentRequestsPerContainer: 1, numReplicas: 1 });
    for (const target of [narrow, python]) {
      for (let i = 0; i < 3; i++) {
        const refused = await score(target.endpoint.scoringUri, target.keys.primaryKey, undefined, deep);
        assert.equal(refused.status, 400, JSON.stringify(refused.body));
        assert.equal(refused.body.error?.code, 'InputTooDeep');
      }
      // One slot per replica: had a refused call kept it, this call would wait for the 60 s timeout and be refused.
      const next = await score(target.endpoint.scoringUri, target.keys.primaryKey, { fine: true });
      assert.equal(next.status, 200, JSON.stringify(next.body));
    }
  });

  it('answers 413 to a body over the scoring limit, and 404 to an unknown endpoint', async () => {
    const tooBig = await fetch(onnx.endpoint.scoringUri, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${onnx.keys.primaryKey}` },
      body: JSON.stringify({ data: Array.from({ length: 2_000_000 }, () => [1.5, 2.5, 3.5, 4.5]) }),
    }).catch((e: Error) => e);
    if (!(tooBig instanceof Error)) assert.equal(tooBig.status, 413);
    const unknown = await score(onnx.endpoint.scoringUri.replace(/[0-9a-f-]{36}$/, '00000000-0000-0000-0000-000000000000'), onnx.keys.primaryKey, {});
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error?.code, 'EndpointNotFound');
  });
});
