import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('Modelbay in a real VS Code (smoke)', () => {
  it('is installed as modelbay.modelbay and activates', async () => {
    const extension = vscode.extensions.getExtension('modelbay.modelbay');
    assert.ok(extension, 'extension modelbay.modelbay is not known to the extension host');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  // npm run test:desktop sets MODELBAY_TEST_HOST=desktop (test/desktop/run.ts); npm run test:integration runs code-server.
  if (process.env.MODELBAY_TEST_HOST === 'desktop') {
    it('runs inside desktop VS Code (Electron extension host)', () => {
      assert.equal(vscode.env.uiKind, vscode.UIKind.Desktop);
      assert.ok(process.versions.electron, 'the extension host runs on Electron');
    });
  } else {
    it('runs inside code-server (web UI, remote extension host)', () => {
      assert.equal(vscode.env.appName, 'code-server');
      assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
    });
  }
});
