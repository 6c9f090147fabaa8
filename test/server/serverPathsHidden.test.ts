import * as assert from 'node:assert/strict';
import { ModelbayOperationError } from '../../src/api/client';
import { deployDriver, score } from './helpers/deploy';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

/** Node drivers that put their own absolute path (inside the service's data folder) into what they throw. */
const FAILS_AT_INIT = `exports.init = () => { throw new Error('cannot load ' + __filename); }; exports.run = () => 1;`;
const FAILS_AT_RUN = `exports.init = () => {}; exports.run = () => { throw new Error('bad weights in ' + require('path').join(__dirname, 'w.bin') + ' near ' + process.cwd()); };`;

describe('no server path in any error', () => {
  let service: ServiceProcess;
  before(async () => {
    service = await startServiceProcess();
  });
  after(async () => {
    await service?.stop();
  });

  const assertNoServerPath = (text: string) => {
    assert.ok(!text.includes(service.dataDir), `a server path reached the caller: ${text}`);
    assert.doesNotMatch(text, /\/(tmp|root|home|work)\//, text);
  };

  it('a deployment that fails names the file inside the image, not where the service keeps it', async () => {
    const failed = await deployDriver(service.account, 'pathy', FAILS_AT_INIT).then(
      () => undefined,
      (e: ModelbayOperationError) => e,
    );
    assert.ok(failed, 'the deployment of a driver whose init throws succeeded');
    const message = failed.error?.message ?? '';
    assert.match(message, /cannot load app\/score\.js/);
    assertNoServerPath(message);
    const [listed] = (await service.account.services.list({ serviceName: 'pathy' })).value;
    assertNoServerPath(JSON.stringify(listed?.error ?? {}));
  });

  it('a driver error while scoring reaches the caller without server paths', async () => {
    const d = await deployDriver(service.account, 'pathy-run', FAILS_AT_RUN);
    const answer = await score(d.endpoint.scoringUri, d.keys.primaryKey, { x: 1 });
    assert.ok(answer.status >= 400);
    const text = JSON.stringify(answer.body);
    assert.match(text, /bad weights in app\/w\.bin/);
    assertNoServerPath(text);
  });
});
