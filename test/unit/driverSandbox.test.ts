import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readConfigFile } from '../../src/server/config';
import { serverPathHider } from '../../src/server/serverPaths';
import { localServiceArguments } from '../../src/extension/accounts/localRuntime';
import { bubblewrapArgs, IMAGE_ROOT } from '../../src/server/runtime/sandbox/bubblewrap';
import { findBubblewrap } from '../../src/server/runtime/sandbox/findBubblewrap';
import { isWithin, safeFolder } from '../../src/server/runtime/sandbox/systemMounts';

describe('driver sandbox', () => {
  describe('bubblewrap arguments', () => {
    const args = bubblewrapArgs({
      mounts: [
        { kind: 'ro-bind', source: '/usr', target: '/usr' },
        { kind: 'symlink', linkTo: 'usr/bin', target: '/bin' },
      ],
      imageDir: '/srv/modelbay/images/store/abc',
      cwd: `${IMAGE_ROOT}/app`,
      command: ['/usr/bin/python3', `${IMAGE_ROOT}/serve/modelbay_host.py`, '--stdio'],
    });

    it('unshares every namespace, dies with the service, leaves its session, is its own pid 1 and holds no capability', () => {
      for (const flag of ['--unshare-all', '--die-with-parent', '--new-session', '--as-pid-1']) assert.ok(args.includes(flag), flag);
      assert.ok(!args.includes('--share-net'));
      assert.deepEqual(args.slice(args.indexOf('--cap-drop'), args.indexOf('--cap-drop') + 2), ['--cap-drop', 'ALL']);
    });

    it('shows the image read-only at /image, a fresh /proc, /dev and a private /tmp, and runs in /image/app', () => {
      const at = args.indexOf('/srv/modelbay/images/store/abc');
      assert.deepEqual(args.slice(at - 1, at + 2), ['--ro-bind', '/srv/modelbay/images/store/abc', '/image']);
      assert.deepEqual(args.slice(args.indexOf('--proc'), args.indexOf('--proc') + 2), ['--proc', '/proc']);
      assert.deepEqual(args.slice(args.indexOf('--dev'), args.indexOf('--dev') + 2), ['--dev', '/dev']);
      assert.deepEqual(args.slice(args.indexOf('--tmpfs'), args.indexOf('--tmpfs') + 2), ['--tmpfs', '/tmp']);
      assert.deepEqual(args.slice(args.indexOf('--chdir'), args.indexOf('--chdir') + 2), ['--chdir', '/image/app']);
      assert.ok(!args.includes('--bind'), 'nothing is shown writable');
    });

    it('ends with the command after --', () => {
      assert.deepEqual(args.slice(args.indexOf('--') + 1), ['/usr/bin/python3', '/image/serve/modelbay_host.py', '--stdio']);
    });
  });

  describe('interpreter folders', () => {
    it('shows the first candidate that holds no hidden folder, never the root', () => {
      assert.equal(safeFolder(['/root/.pyenv/versions/3.11.7'], ['/root/data']), '/root/.pyenv/versions/3.11.7');
      assert.equal(safeFolder(['/root', '/root/bin'], ['/root/data']), '/root/bin');
      assert.equal(safeFolder(['/'], []), undefined);
      assert.equal(safeFolder(['/opt/data-and-python'], ['/opt/data-and-python/data']), undefined);
    });

    it('knows what lies within a folder', () => {
      assert.ok(isWithin('/a/b', '/a'));
      assert.ok(isWithin('/a', '/a'));
      assert.ok(!isWithin('/ab', '/a'));
      assert.ok(!isWithin('/a', '/a/b'));
    });
  });

  describe('paths a confined driver shows', () => {
    it('are shown as paths inside the image, as an unconfined driver\'s are', () => {
      const hide = serverPathHider(['/srv/data']);
      assert.equal(hide('cannot load /image/app/score.js'), 'cannot load app/score.js');
      assert.equal(hide('File "/image/app/score.py", line 3; near /image/app'), 'File "app/score.py", line 3; near app');
      assert.equal(hide('/srv/image/x and /data/image/y stay'), '/srv/image/x and /data/image/y stay');
      assert.equal(serverPathHider([])('in /image/models/iris/1'), 'in models/iris/1');
    });
  });

  describe('finding bubblewrap', () => {
    it('says it runs on Linux only, and names the unconfined setting, elsewhere', async () => {
      const status = await findBubblewrap([], {}, 'darwin');
      assert.equal(status.ok, false);
      if (!status.ok) assert.match(status.problem, /Linux only.*"drivers": "unconfined"/);
    });

    it('names the package and the unconfined setting, and no path, when bwrap is missing', async () => {
      const status = await findBubblewrap([], { MODELBAY_BWRAP: '/nonexistent/bwrap' });
      assert.equal(status.ok, false);
      if (status.ok) return;
      assert.equal(status.missing, true);
      assert.match(status.problem, /apt-get install bubblewrap/);
      assert.match(status.problem, /"drivers": "unconfined"/);
      assert.ok(!status.problem.includes('/nonexistent'));
    });
  });

  describe('settings', () => {
    it('config.json accepts "confined" and "unconfined" for drivers and refuses anything else, naming the key', async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-drivers-'));
      try {
        for (const drivers of ['confined', 'unconfined']) {
          await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ drivers }));
          assert.equal((await readConfigFile(dir)).drivers, drivers);
        }
        await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ drivers: 'sandboxed' }));
        await assert.rejects(readConfigFile(dir), /drivers must be one of "confined", "unconfined"/);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });

    it('the Local account\'s service runs drivers unconfined unless its config.json says otherwise', () => {
      const args = localServiceArguments('/x/server.js', '/x/data');
      assert.deepEqual(args.slice(args.indexOf('--default-drivers'), args.indexOf('--default-drivers') + 2), ['--default-drivers', 'unconfined']);
      assert.ok(!args.includes('--drivers'), 'a flag would win over the data folder\'s config.json');
    });
  });
});
