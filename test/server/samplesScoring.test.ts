import * as assert from 'node:assert/strict';
import type { ModelbayApiError } from '../../src/api/client';
import { buildImage, deployImage, sampleFile, score, type Deployed } from './helpers/deploy';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

const GOOD_DAY = [0, 1, 1, 0, 0, 2, 1, 0]; // samples/feature-hashing/README.md, checked by hand
const HASH_COLUMNS = Array.from({ length: 8 }, (_, i) => `HashingFeature.${i}`);

describe('the samples, deployed and scored', () => {
  let service: ServiceProcess;
  const deployed: Record<string, Deployed> = {};
  before(async () => {
    service = await startServiceProcess();
    const account = service.account;
    const readme = await sampleFile('feature-hashing/README.md');
    const py = await buildImage(account, 'hash-py', 'Python', { 'score.py': await sampleFile('feature-hashing/score.py') }, { driver: 'score.py', model: { file: 'README.md', content: readme } });
    const js = await buildImage(account, 'hash-js', 'Node', { 'score.js': await sampleFile('feature-hashing/score.js') }, { driver: 'score.js', model: { file: 'README.md', content: readme } });
    const onnx = await buildImage(account, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: await sampleFile('onnx-classifier/iris-classifier.onnx') } });
    deployed.python = await deployImage(account, py, 'hash-py');
    deployed.node = await deployImage(account, js, 'hash-js');
    deployed.onnx = await deployImage(account, onnx, 'iris');
  });
  after(async () => {
    await service?.stop();
  });

  it('reports each service Succeeded with its scoringUri and replicas answering', async () => {
    for (const d of Object.values(deployed)) {
      const fresh = await service.account.services.get(d.service.id);
      assert.equal(fresh.state, 'Succeeded');
      assert.equal(fresh.scoringUri, d.endpoint.scoringUri);
      assert.equal(fresh.readyReplicas, 1);
    }
  });

  for (const runtime of ['python', 'node'] as const) {
    it(`feature hashing (${runtime}): raw, records and classic RRS tables give the documented counts`, async () => {
      const d = deployed[runtime]!;
      const raw = await score(d.endpoint.scoringUri, d.keys.primaryKey, { data: ['This is a good day', 'day day day'] });
      assert.equal(raw.status, 200, JSON.stringify(raw.body));
      assert.deepEqual(raw.body, { result: [GOOD_DAY, [0, 0, 0, 0, 0, 3, 0, 0]] });

      const rrs = await score(`${d.endpoint.rrsUri}?api-version=2.0&details=true`, d.keys.secondaryKey, {
        Inputs: { input1: { ColumnNames: ['Col2'], Values: [['This is a good day']] } },
        GlobalParameters: {},
      });
      assert.equal(rrs.status, 200, JSON.stringify(rrs.body));
      assert.deepEqual(rrs.body, {
        Results: { output1: { type: 'table', value: { ColumnNames: HASH_COLUMNS, ColumnTypes: HASH_COLUMNS.map(() => 'Int64'), Values: [GOOD_DAY.map(String)] } } },
      });
      const withoutDetails = await score(`${d.endpoint.rrsUri}?api-version=2.0`, d.keys.primaryKey, {
        Inputs: { input1: [{ text: 'This is a good day' }] },
      });
      assert.deepEqual(withoutDetails.body, { Results: { output1: { type: 'table', value: { ColumnNames: HASH_COLUMNS, Values: [GOOD_DAY.map(String)] } } } });
    });
  }

  it('feature hashing: a driver error about the input is a 400 naming it', async () => {
    for (const d of [deployed.python!, deployed.node!]) {
      const bad = await score(d.endpoint.scoringUri, d.keys.primaryKey, { data: [42] });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error?.code, 'ModuleExecutionError');
      assert.match(bad.body.error?.message ?? '', /data\[0\]/);
    }
  });

  it('the ONNX classifier answers the hand-checked probabilities in plain, V2 and RRS formats', async () => {
    const d = deployed.onnx!;
    const expected = JSON.parse((await sampleFile('onnx-classifier/expected.json')).toString('utf8')) as { inputs: number[][]; probabilities: number[][]; label: number[] };
    const close = (actual: number[], wanted: number[]) => actual.forEach((v, i) => assert.ok(Math.abs(v - wanted[i]!) < 1e-4, `${actual.join(',')} vs ${wanted.join(',')}`));

    const plain = await score(d.endpoint.scoringUri, d.keys.primaryKey, { data: expected.inputs });
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    const probabilities = plain.body.probabilities as number[][];
    expected.probabilities.forEach((row, i) => close(probabilities[i]!, row));
    assert.deepEqual(plain.body.label, expected.label);

    const v2 = await score(d.endpoint.scoringUri, d.keys.primaryKey, {
      inputs: [{ name: 'input', shape: [expected.inputs.length, 4], datatype: 'FP32', data: expected.inputs.flat() }],
    });
    assert.equal(v2.status, 200, JSON.stringify(v2.body));
    const outputs = v2.body.outputs as { name: string; datatype: string; shape: number[]; data: number[] }[];
    const probs = outputs.find((o) => o.name === 'probabilities')!;
    assert.deepEqual(probs.shape, [expected.inputs.length, 3]);
    assert.equal(probs.datatype, 'FP32');
    close(probs.data, expected.probabilities.flat());
    assert.deepEqual(outputs.find((o) => o.name === 'label'), { name: 'label', datatype: 'INT64', shape: [expected.inputs.length], data: expected.label });

    const rrs = await score(`${d.endpoint.rrsUri}?api-version=2.0&details=true`, d.keys.primaryKey, {
      Inputs: { input1: { ColumnNames: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], Values: expected.inputs } },
      GlobalParameters: {},
    });
    assert.equal(rrs.status, 200, JSON.stringify(rrs.body));
    const table = (rrs.body.Results as Record<string, { value: { ColumnNames: string[]; ColumnTypes: string[]; Values: string[][] } }>).output1!.value;
    assert.deepEqual(table.ColumnNames, ['probabilities.0', 'probabilities.1', 'probabilities.2', 'label']);
    assert.deepEqual(table.ColumnTypes, ['Double', 'Double', 'Double', 'Int64']);
    // Cells come as text, as the live classic service sent them; ColumnTypes says what they hold.
    assert.deepEqual(table.Values.map((r) => r[3]), expected.label.map(String));
  });

  it('publishes each endpoint schema with a sample request that scores', async () => {
    for (const d of Object.values(deployed)) {
      const schema = await service.account.services.endpointSchema(d.service.id, 'default');
      assert.ok(schema.inputs, `${schema.runtimeType} declares its inputs`);
      const viaKey = await fetch(`${d.endpoint.scoringUri}/schema`, { headers: { Authorization: `Bearer ${d.keys.primaryKey}` } });
      assert.deepEqual(await viaKey.json(), schema);
      const answer = await score(d.endpoint.scoringUri, d.keys.primaryKey, schema.sampleRequest);
      assert.equal(answer.status, 200, `${schema.runtimeType}: ${JSON.stringify(answer.body)}`);
    }
    const onnx = await service.account.services.endpointSchema(deployed.onnx!.service.id, 'default');
    assert.deepEqual(onnx.inputs, [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }]);
  });

  it('a service scaled to 0 replicas: its schema is a 409 naming why on the management API, a 503 to a scoring client', async () => {
    // Found by the full fuzzing run: a PUT that scaled the service to 0 made the management schema route answer 503.
    const d = deployed.onnx!;
    const services = service.account.services;
    await services.updateAndWait(d.service.id, { numReplicas: 0 });
    try {
      const refused = await services.endpointSchema(d.service.id, 'default').then(
        () => assert.fail('a schema without a replica'),
        (error: ModelbayApiError) => error,
      );
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.code, 'ServiceNotRunning');
      assert.match(refused.message, /runs 0 replicas; scale it up/);
      const viaKey = await fetch(`${d.endpoint.scoringUri}/schema`, { headers: { Authorization: `Bearer ${d.keys.primaryKey}` } });
      assert.equal(viaKey.status, 503, 'the data plane keeps its classic answer');
    } finally {
      await services.updateAndWait(d.service.id, { numReplicas: 1 });
    }
    assert.ok((await services.endpointSchema(d.service.id, 'default')).inputs, 'scaled up again, it answers');
  });
});
