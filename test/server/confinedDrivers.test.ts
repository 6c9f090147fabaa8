import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Image } from '../../src/api/schemas';
import { buildImage, deployImage, score, type Deployed } from './helpers/deploy';
import { ATTEMPTS, NODE_ESCAPE_DRIVER, PYTHON_ESCAPE_DRIVER, type EscapeReport, type EscapeTargets } from './helpers/escapeProbes';
import { addModel } from './helpers/onnxAddModel';
import { makeDataDir, startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

/** Where an image's files are on the service's machine (the data folder's image store). */
function imageFolder(service: ServiceProcess, image: Image): string {
  return path.join(service.dataDir, 'images', 'store', image.imageLocation!.replace(/^sha256:/, ''));
}

interface EscapeSetup {
  service: ServiceProcess;
  marker: EscapeTargets['marker'];
  python: Deployed;
  node: Deployed;
}

/** A service (drivers as `args` say) with the marker planted in its environment, and both escape drivers deployed. */
async function deployEscapeDrivers(args: string[]): Promise<EscapeSetup> {
  const marker = { name: 'MODELBAY_TEST_SECRET', value: `planted-${randomBytes(8).toString('hex')}` };
  const service = await startServiceProcess({ args, env: { [marker.name]: marker.value } });
  const pythonImage = await buildImage(service.account, 'escape-py', 'Python', { 'score.py': PYTHON_ESCAPE_DRIVER }, { driver: 'score.py' });
  const nodeImage = await buildImage(service.account, 'escape-js', 'Node', { 'score.js': NODE_ESCAPE_DRIVER }, { driver: 'score.js' });
  const [python, node] = await Promise.all([deployImage(service.account, pythonImage, 'escape-py'), deployImage(service.account, nodeImage, 'escape-js')]);
  return { service, marker, python, node };
}

/** Asks a deployed escape driver to try everything; `otherImage` is the other driver's image. */
async function tryEscape(setup: EscapeSetup, deployed: Deployed, other: Deployed): Promise<EscapeReport> {
  const targets: EscapeTargets = {
    dataDir: setup.service.dataDir,
    otherImage: imageFolder(setup.service, other.image),
    marker: setup.marker,
    serviceUrl: setup.service.url,
  };
  const answer = await score(deployed.service.scoringUri!, deployed.keys.primaryKey, targets);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body as unknown as EscapeReport;
}

describe('confined drivers', function () {
  this.timeout(120_000);

  describe('on a service started by hand (drivers confined by default)', () => {
    let setup: EscapeSetup;
    before(async () => {
      setup = await deployEscapeDrivers([]);
    });
    after(async () => {
      await setup?.service.stop();
    });

    it('says at start that drivers run confined', () => {
      assert.match(setup.service.startLine, /^Modelbay service listening on http:\/\/\S+ \(drivers run confined by bubblewrap\)$/);
    });

    for (const runtime of ['python', 'node'] as const) {
      it(`a ${runtime === 'python' ? 'Python' : 'Node'} driver fails every attempt to reach what is not its own, and says so`, async () => {
        const [mine, other] = runtime === 'python' ? [setup.python, setup.node] : [setup.node, setup.python];
        const report = await tryEscape(setup, mine, other);
        for (const attempt of ATTEMPTS) {
          assert.equal(report[attempt].reached, false, `${attempt}: ${report[attempt].detail}`);
        }
        // The reads fail because the files are not there at all; the write because the image is read-only.
        assert.match(report.adminToken.detail, /^blocked: /);
        assert.match(report.store.detail, /^blocked: /);
        assert.match(report.otherImage.detail, /^blocked: /);
        assert.match(report.writeOwnImage.detail, /^blocked: (EROFS|Read-only file system)/);
      });
    }
  });

  describe('on a service whose drivers run unconfined (the Local account\'s default): as before', () => {
    let setup: EscapeSetup;
    before(async () => {
      setup = await deployEscapeDrivers(['--drivers', 'unconfined']);
    });
    after(async () => {
      await setup?.service.stop();
    });

    it('says at start that drivers run unconfined', () => {
      assert.match(setup.service.startLine, /\(drivers run unconfined, with the service's own rights\)$/);
    });

    for (const runtime of ['python', 'node'] as const) {
      it(`the same ${runtime === 'python' ? 'Python' : 'Node'} driver reaches everything the confined one could not (the test can fail)`, async () => {
        const [mine, other] = runtime === 'python' ? [setup.python, setup.node] : [setup.node, setup.python];
        const report = await tryEscape(setup, mine, other);
        for (const attempt of ATTEMPTS) {
          assert.equal(report[attempt].reached, true, `${attempt}: ${report[attempt].detail}`);
        }
      });
    }
  });

  describe('the setting', () => {
    it('the Local service\'s default (--default-drivers unconfined) gives way to the data folder\'s config.json, and --drivers wins over both', async () => {
      const dataDir = await makeDataDir('drivers');
      await fs.writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ drivers: 'confined' }));
      const starts = [
        { args: ['--default-drivers', 'unconfined'], says: /drivers run confined by bubblewrap/ },
        { args: ['--default-drivers', 'unconfined', '--drivers', 'unconfined'], says: /drivers run unconfined/ },
      ];
      for (const { args, says } of starts) {
        const service = await startServiceProcess({ dataDir, args });
        await service.stop();
        assert.match(service.startLine, says, args.join(' '));
      }
    });
  });

  describe('when bubblewrap is not there', () => {
    let service: ServiceProcess;
    before(async () => {
      service = await startServiceProcess({ env: { MODELBAY_BWRAP: '/nonexistent/bwrap' } });
    });
    after(async () => {
      await service?.stop();
    });

    it('the service starts, and says drivers cannot run', async () => {
      assert.match(service.startLine, /bubblewrap \(bwrap\) is not installed: Python and Node drivers cannot run/);
      assert.match(service.log(), /"level":40.*bubblewrap \(bwrap\) is not installed/); // a warning in the log too
      assert.equal((await fetch(`${service.url}/healthz`)).status, 200);
    });

    for (const runtime of ['Python', 'Node'] as const) {
      it(`deploying a ${runtime} driver fails with a reason that names the fix, and the service stays up`, async () => {
        const files: Record<string, string> = runtime === 'Python' ? { 'score.py': 'def init():\n    pass\n\ndef run(raw):\n    return 1\n' } : { 'score.js': 'exports.run = () => 1;' };
        const driver = runtime === 'Python' ? 'score.py' : 'score.js';
        const image = await buildImage(service.account, `nobwrap-${runtime.toLowerCase()}`, runtime, files, { driver });
        const failure = await deployImage(service.account, image, `nobwrap-${runtime.toLowerCase()}`).then(
          () => assert.fail('the deploy succeeded without bubblewrap'),
          (error: Error) => error,
        );
        assert.match(failure.message, /bubblewrap \(bwrap\) is not installed/);
        assert.match(failure.message, /apt-get install bubblewrap/);
        assert.match(failure.message, /"drivers": "unconfined"/);
        assert.ok(!failure.message.includes(service.dataDir), failure.message);
        assert.ok(!failure.message.includes('/nonexistent'), failure.message);
        assert.equal((await fetch(`${service.url}/healthz`)).status, 200);
      });
    }

    it('ONNX models still deploy (they are data, run in the service\'s worker threads)', async () => {
      const image = await buildImage(service.account, 'nobwrap-onnx', 'Onnx', {}, { model: { file: 'add.onnx', content: addModel() } });
      const deployed = await deployImage(service.account, image, 'nobwrap-onnx');
      const answer = await score(deployed.service.scoringUri!, deployed.keys.primaryKey, { inputs: [{ name: 'x', shape: [2], datatype: 'FP32', data: [0, 0] }] });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
    });
  });

  describe('ONNX models: external data stays inside the image', () => {
    let service: ServiceProcess;
    before(async () => {
      service = await startServiceProcess();
    });
    after(async () => {
      await service?.stop();
    });

    // onnxruntime-node (1.30) itself refuses external-data locations that are absolute or lead out of the model's
    // folder, when the model loads: the deploy fails, naming the problem and no server path.
    const outside = (dataDir: string) => [
      { label: 'an absolute path to the admin token', location: path.join(dataDir, 'admin-token') },
      { label: 'a relative path out of the image', location: '../../../../../../../admin-token' },
    ];
    for (const index of [0, 1]) {
      it(`a model whose weights are ${index === 0 ? 'an absolute path to the admin token' : 'a relative path out of the image'} does not deploy`, async () => {
        const { label, location } = outside(service.dataDir)[index]!;
        const name = `external-${index}`;
        const image = await buildImage(service.account, name, 'Onnx', {}, { model: { file: 'add.onnx', content: addModel(location) } });
        const failure = await deployImage(service.account, image, name).then(
          () => assert.fail(`a model with ${label} deployed`),
          (error: Error) => error,
        );
        assert.match(failure.message, /External data path/i);
        assert.ok(!failure.message.includes(service.dataDir), failure.message);
      });
    }

    it('a model whose weights are inside the file deploys and answers (the control)', async () => {
      const image = await buildImage(service.account, 'inline-weights', 'Onnx', {}, { model: { file: 'add.onnx', content: addModel() } });
      const deployed = await deployImage(service.account, image, 'inline-weights');
      const answer = await score(deployed.service.scoringUri!, deployed.keys.primaryKey, { inputs: [{ name: 'x', shape: [2], datatype: 'FP32', data: [3, 4] }] });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.match(JSON.stringify(answer.body), /\[4,6\]/);
    });
  });
});
