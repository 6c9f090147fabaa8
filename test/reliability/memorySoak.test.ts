import * as assert from 'node:assert/strict';
import { API_VERSION } from '../../src/api/apiVersion';
import { bes } from '../server/helpers/besCalls';
import { buildImage, deployImage, sampleFile, type Deployed } from '../server/helpers/deploy';
import { startServiceProcess, type ServiceProcess } from '../server/helpers/serviceProcess';
import { growthBetween, medianTotalBetween, processTreeRss, type Growth, type RssSample } from './soak/processTreeRss';
import { printTable } from './table';

// Issue 15, item 3: a long run of mixed calls (ONNX raw and RRS, a Python and a Node driver, management lists, BES
// submits) must not make the service grow: its memory (the service and every replica process below it) from the
// middle of the run to its end within 20 MB, counted process by process (what the processes that grew grew by). A harness that deploys a driver which keeps a little of every call
// must fail the same check (the negative control), or the check proves nothing.

const CALLS = Number(process.env.MODELBAY_SOAK_CALLS ?? (process.env.MODELBAY_RELIABILITY === 'full' ? 100_000 : 20_000));
const CONCURRENCY = 8;
const GROWTH_LIMIT = 20 * 1024 * 1024;
/** What the leaking driver keeps per call: enough for about 60 MB over the second half of the run. */
const LEAK_BYTES = Math.ceil((60 * 1024 * 1024) / (CALLS * 0.1));

const NODE_DRIVER = 'exports.init = () => {};\nexports.run = async (input) => ({ sum: (input.data || []).reduce((a, b) => a + b, 0) });\n';
const LEAKING_NODE_DRIVER = `const kept = [];\nexports.init = () => {};\nexports.run = async (input) => { kept.push(Buffer.alloc(${LEAK_BYTES}, 1)); return { sum: (input.data || []).reduce((a, b) => a + b, 0) }; };\n`;
const PYTHON_DRIVER = 'import json\n\ndef init():\n    pass\n\ndef run(raw):\n    data = json.loads(raw) if isinstance(raw, str) else raw\n    return {"n": len(data.get("data", []))}\n';
const FLOWER = JSON.stringify({ data: [[5.1, 3.5, 1.4, 0.2]] });
const RRS = JSON.stringify({ Inputs: { input1: { ColumnNames: ['f0', 'f1', 'f2', 'f3'], Values: [[5.1, 3.5, 1.4, 0.2]] } }, GlobalParameters: {} });

interface SoakResult {
  calls: number;
  statuses: Record<string, number>;
  middle: number;
  end: number;
  growth: Growth;
  seconds: number;
}

describe('reliability: memory under a long mixed load', function () {
  this.timeout(0);
  let service: ServiceProcess;
  let onnx: Deployed;
  let python: Deployed;
  let node: Deployed;
  let leaking: Deployed;
  let inputAssetId: string;
  const rows: (string | number)[][] = [];

  before(async () => {
    service = await startServiceProcess();
    const account = service.account;
    onnx = await deployImage(account, await buildImage(account, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: await sampleFile('onnx-classifier/iris-classifier.onnx') } }), 'iris');
    python = await deployImage(account, await buildImage(account, 'soak-py', 'Python', { 'score.py': PYTHON_DRIVER }, { driver: 'score.py' }), 'soak-py');
    node = await deployImage(account, await buildImage(account, 'soak-js', 'Node', { 'score.js': NODE_DRIVER }, { driver: 'score.js' }), 'soak-js');
    inputAssetId = (await account.uploadAsset('rows.csv', Buffer.from('f0,f1,f2,f3\r\n5.1,3.5,1.4,0.2\r\n'), { mimeType: 'text/csv' })).id;
    leaking = await deployImage(account, await buildImage(account, 'leak-js', 'Node', { 'score.js': LEAKING_NODE_DRIVER }, { driver: 'score.js' }), 'leak-js');
  });
  after(async () => {
    printTable(`Memory under ${CALLS} mixed calls (the service and its replica processes; MODELBAY_SOAK_CALLS sets how many)`, ['run', 'calls', 'answers', 'memory at the middle', 'at the end', 'growth (by process)', 'grew most', 'held'], rows);
    await service?.stop();
  });

  const post = async (url: string, key: string, body: string) => {
    const response = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body });
    await response.arrayBuffer();
    return response.status;
  };

  /** The mixed calls, `CONCURRENCY` at a time, with the service's memory sampled every 250 ms. */
  async function soak(nodeDriver: Deployed): Promise<SoakResult> {
    const statuses: Record<string, number> = {};
    const samples: RssSample[] = [];
    let sent = 0;
    const started = Date.now();
    const sampler = setInterval(() => {
      const at = sent / CALLS;
      void processTreeRss(service.child.pid!).then((tree) => samples.push({ at, tree }));
    }, 250);
    const kinds: (() => Promise<string>)[] = [
      async () => `onnx ${await post(onnx.endpoint.scoringUri, onnx.keys.primaryKey, FLOWER)}`,
      async () => `onnx ${await post(onnx.endpoint.scoringUri, onnx.keys.primaryKey, FLOWER)}`,
      async () => `onnx ${await post(onnx.endpoint.scoringUri, onnx.keys.primaryKey, FLOWER)}`,
      async () => `rrs ${await post(onnx.endpoint.rrsUri, onnx.keys.primaryKey, RRS)}`,
      async () => `python ${await post(python.endpoint.scoringUri, python.keys.primaryKey, FLOWER)}`,
      async () => `python ${await post(python.endpoint.scoringUri, python.keys.primaryKey, FLOWER)}`,
      async () => `node ${await post(nodeDriver.endpoint.scoringUri, nodeDriver.keys.primaryKey, FLOWER)}`,
      async () => `node ${await post(nodeDriver.endpoint.scoringUri, nodeDriver.keys.primaryKey, FLOWER)}`,
      async () => {
        const response = await fetch(`${service.url}/api/subscriptions/local/resourceGroups/local/accounts/default/models?api-version=${API_VERSION}&count=20`, { headers: { Authorization: `Bearer ${service.token}` } });
        await response.arrayBuffer();
        return `list ${response.status}`;
      },
      async () => {
        // A BES submit, then its delete: the job's record comes and goes, the memory must too.
        const submitted = await bes<string>('POST', `${onnx.endpoint.scoringUri}/jobs`, onnx.keys.primaryKey, { Input: { AssetId: inputAssetId } });
        if (submitted.status !== 200) return `bes ${submitted.status}`;
        const deleted = await bes('DELETE', `${onnx.endpoint.scoringUri}/jobs/${submitted.body}`, onnx.keys.primaryKey);
        return `bes ${deleted.status}`;
      },
    ];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < CALLS) {
          const kind = kinds[sent++ % kinds.length]!;
          const outcome = await kind().catch((error: Error) => `error ${error.message}`);
          statuses[outcome] = (statuses[outcome] ?? 0) + 1;
        }
      }),
    );
    clearInterval(sampler);
    samples.push({ at: 1, tree: await processTreeRss(service.child.pid!) });
    return {
      calls: sent,
      statuses,
      middle: medianTotalBetween(samples, 0.45, 0.55),
      end: medianTotalBetween(samples, 0.9, 1),
      growth: growthBetween(samples, [0.45, 0.55], [0.9, 1]),
      seconds: (Date.now() - started) / 1000,
    };
  }

  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

  it(`${CALLS} mixed calls: the service's memory grows by less than 20 MB from the middle of the run to its end`, async () => {
    await soak(node); // a first run brings every cache and pool to its size
    const result = await soak(node);
    const growth = result.growth.bytes;
    rows.push(['mixed calls', result.calls, JSON.stringify(result.statuses), mb(result.middle), mb(result.end), mb(growth), result.growth.most, growth <= GROWTH_LIMIT ? 'within 20 MB' : 'GREW']);
    const failed = Object.entries(result.statuses).filter(([outcome]) => !/ (200|202|204)$/.test(outcome));
    assert.deepEqual(failed, [], 'every call answered as it should');
    assert.ok(growth <= GROWTH_LIMIT, `the service grew by ${mb(growth)} from the middle of the run to its end`);
  });

  it(`the negative control: the same run with a driver that keeps ${LEAK_BYTES} bytes per call fails the same check`, async () => {
    const result = await soak(leaking);
    const growth = result.growth.bytes;
    rows.push(['with a leaking driver', result.calls, JSON.stringify(result.statuses), mb(result.middle), mb(result.end), mb(growth), result.growth.most, growth > GROWTH_LIMIT ? 'caught: over 20 MB' : 'NOT CAUGHT']);
    assert.ok(growth > GROWTH_LIMIT, `a leak of ${LEAK_BYTES} bytes per call grew the service by only ${mb(growth)}: the check would not catch it`);
  });
});
