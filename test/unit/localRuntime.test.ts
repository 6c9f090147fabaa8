import * as assert from 'node:assert/strict';
import { cannotStartMessage, exitedEarlyMessage, localServiceRuntime, type RuntimeHost } from '../../src/extension/accounts/localRuntime';

const desktop: RuntimeHost = { execPath: '/opt/VSCode/code', electron: '34.5.8', env: { PATH: '/usr/bin', HOME: '/home/a' } };
const remote: RuntimeHost = { execPath: '/home/a/.vscode-server/node', electron: undefined, env: { PATH: '/usr/bin' } };

describe('the runtime the Local service runs on', () => {
  it('desktop VS Code: its own Electron executable as Node.js (ELECTRON_RUN_AS_NODE=1), never `node` on PATH', () => {
    const runtime = localServiceRuntime('', desktop);
    assert.equal(runtime.command, '/opt/VSCode/code');
    assert.equal(runtime.env.ELECTRON_RUN_AS_NODE, '1');
    assert.equal(runtime.env.HOME, '/home/a');
    assert.equal(runtime.source, 'vscode');
  });

  it('code-server and remote hosts: the Node.js the extension host runs on', () => {
    const runtime = localServiceRuntime(undefined, remote);
    assert.equal(runtime.command, '/home/a/.vscode-server/node');
    assert.equal(runtime.env.ELECTRON_RUN_AS_NODE, undefined);
    assert.equal(runtime.source, 'vscode');
  });

  it('modelbay.local.nodePath overrides it (blank means unset)', () => {
    assert.equal(localServiceRuntime('  /usr/local/bin/node ', desktop).command, '/usr/local/bin/node');
    assert.equal(localServiceRuntime('/usr/local/bin/node', remote).source, 'setting');
    assert.equal(localServiceRuntime('   ', desktop).command, '/opt/VSCode/code');
  });

  it('does not change the host environment it copies', () => {
    localServiceRuntime('', desktop);
    assert.equal(desktop.env.ELECTRON_RUN_AS_NODE, undefined);
  });

  it('errors say what to do', () => {
    const fromSetting = localServiceRuntime('/nope/node', remote);
    assert.match(cannotStartMessage(fromSetting, 'spawn /nope/node ENOENT'), /modelbay\.local\.nodePath.*ENOENT.*or clear it.*Restart the Local Service/);
    const own = localServiceRuntime('', desktop);
    assert.match(cannotStartMessage(own, 'EACCES'), /VS Code's own runtime \(\/opt\/VSCode\/code\).*Set modelbay\.local\.nodePath to a Node\.js 20\.19/);
    assert.match(exitedEarlyMessage(own, 'code 1'), /exited before it started \(code 1\).*Show Log.*Restart the Local Service/);
    assert.match(exitedEarlyMessage(fromSetting, 'code 9'), /check that modelbay\.local\.nodePath \(\/nope\/node\) is Node\.js 20\.19/);
  });
});
