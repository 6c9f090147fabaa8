import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT } from '../../src/api/accountRef';
import type { ServiceResponse } from '../../src/api/schemas';
import type { ModelbayExtensionApi } from '../../src/extension/extension';
import { endpointKeySecret } from '../../src/extension/requests/endpointKeys';
import type { SendResult } from '../../src/extension/requests/sendRequest';
import { modelbayApi, SAMPLE_ONNX } from './helpers/modelbay';

/**
 * Test Service then Send Request, as a user does it, for one account. Test Service reuses the service's request
 * document as it is, so its target account is set to the one wanted (an unsaved edit: a send reads the editor).
 */
async function sendAs(modelbay: ModelbayExtensionApi, accountId: string, service: ServiceResponse): Promise<SendResult> {
  const editor = await vscode.commands.executeCommand<vscode.TextEditor>('modelbay.testService', { kind: 'service', account: modelbay.connections.handle(accountId), resource: service });
  const document = JSON.parse(editor.document.getText()) as { target: Record<string, unknown>; body: unknown };
  const edit = new vscode.WorkspaceEdit();
  edit.replace(editor.document.uri, new vscode.Range(0, 0, editor.document.lineCount, 0), JSON.stringify({ ...document, target: { ...document.target, account: accountId } }, null, 2));
  assert.ok(await vscode.workspace.applyEdit(edit));
  const sent = await vscode.commands.executeCommand<SendResult | undefined>('modelbay.sendRequest', editor.document.uri);
  assert.equal(sent?.status, 200, `the send as ${accountId} worked`);
  return sent;
}

describe('removing an account removes what this machine kept for it', function () {
  this.timeout(180_000);

  it('deletes its endpoint keys and its request history, and leaves the other accounts their own', async () => {
    const modelbay = await modelbayApi();
    const service = await vscode.commands.executeCommand<ServiceResponse>('modelbay.deploy', vscode.Uri.file(SAMPLE_ONNX), { serviceName: 'forgotten', wait: true });
    // A remote account on the same service (the Local one, reached with its admin token): the same endpoint, two accounts.
    const { url, account } = await modelbay.connections.connect('local');
    const token = (await fs.readFile(path.join(modelbay.local.dataDir, 'admin-token'), 'utf8')).trim();
    await modelbay.connections.definitions.add({ id: 'team', label: 'Team', url, ref: DEFAULT_ACCOUNT, auth: { kind: 'pastedToken' } }, { kind: 'token', value: token });
    const localBefore = await modelbay.requestData.describe('local');
    await sendAs(modelbay, 'team', service);
    await sendAs(modelbay, 'team', service);
    await sendAs(modelbay, 'local', service);
    const localKept = await modelbay.requestData.describe('local');
    assert.equal(localKept.sentRequests, localBefore.sentRequests + 1);

    const endpoint = (await account.services.endpoints(service.id))[0]!;
    const stored = (accountId: string, name: string) => modelbay.requestData.keySecrets(accountId).get(name);
    assert.ok(await stored('team', endpointKeySecret('team', endpoint.id)), "the team account's endpoint key is stored");
    assert.deepEqual(await modelbay.requestData.describe('team'), { endpointKeys: 1, sentRequests: 2 });

    await vscode.commands.executeCommand('modelbay.removeAccount', { kind: 'account', account: modelbay.connections.handle('team') }, true);

    assert.equal(modelbay.connections.handle('team'), undefined, 'the account is gone');
    assert.equal(await stored('team', endpointKeySecret('team', endpoint.id)), undefined, 'its endpoint key is deleted from SecretStorage');
    assert.deepEqual(await modelbay.requestData.describe('team'), { endpointKeys: 0, sentRequests: 0 }, 'no history entry of it is left in globalState');
    assert.deepEqual(await modelbay.requestData.describe('local'), localKept, 'the Local account keeps its own, also for the same endpoint');
  });
});
