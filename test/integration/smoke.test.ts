import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('Modelbay in a real VS Code (smoke)', () => {
  it('is installed as modelbay.modelbay and activates', async () => {
    const extension = vscode.extensions.getExtension('modelbay.modelbay');
    assert.ok(extension, 'extension modelbay.modelbay is not known to the extension host');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('runs inside code-server (web UI, remote extension host)', () => {
    assert.equal(vscode.env.appName, 'code-server');
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
  });
});
