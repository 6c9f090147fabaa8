import * as vscode from 'vscode';
import { checkAccountSegment } from '../../api/rules';
import type { RemoteAccount, RemoteAuth } from '../accounts/accountDefinitions';
import { registerCommand, required } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf } from '../tree/nodeRef';
import { removeAccount } from './removeAccount';

async function ask(title: string, prompt: string, value: string, check: (text: string) => string | undefined, password = false): Promise<string> {
  return required(await vscode.window.showInputBox({ title, prompt, value, password, ignoreFocusOut: true, validateInput: (t) => check(t.trim()) })).trim();
}

const segment = (what: string) => (text: string) => checkAccountSegment(text, what);

/** Add a remote account: its URL, its subscription/resource group/account, and where its token comes from. */
async function addAccount(services: ExtensionServices): Promise<void> {
  const title = 'Add a Modelbay account';
  const url = await ask(title, 'The service URL (for example https://modelbay.example.com)', 'https://', (t) => {
    try {
      const u = new URL(t);
      return u.protocol === 'https:' || u.protocol === 'http:' ? undefined : 'an http(s) URL';
    } catch {
      return 'not a URL';
    }
  });
  const subscriptionId = await ask(title, 'Subscription', 'local', segment('Subscription'));
  const resourceGroupName = await ask(title, 'Resource group', 'local', segment('Resource group'));
  const accountName = await ask(title, 'Account name', 'default', segment('Account'));
  const how = required(
    await vscode.window.showQuickPick(
      [
        { label: 'Paste a token', description: 'the service admin token, or any bearer token', how: 'pastedToken' as const },
        { label: 'Microsoft sign-in', description: "VS Code's Microsoft account", how: 'microsoft' as const },
        { label: 'Azure CLI or environment', description: 'az login, or AZURE_* variables', how: 'azureCli' as const },
        { label: 'Client secret', description: 'a service principal (tenant, client id, secret)', how: 'clientSecret' as const },
      ],
      { title: `${title}: where does the token come from?`, ignoreFocusOut: true },
    ),
  ).how;
  const id = `remote-${Date.now().toString(36)}`;
  let auth: RemoteAuth;
  let secret: { kind: 'token' | 'clientSecret'; value: string } | undefined;
  const scopeOf = async () => ask(title, 'The token scope (audience/.default)', 'api://modelbay/.default', (t) => (t ? undefined : 'required'));
  switch (how) {
    case 'pastedToken':
      auth = { kind: 'pastedToken' };
      secret = { kind: 'token', value: await ask(title, 'The bearer token (kept in VS Code SecretStorage)', '', (t) => (t ? undefined : 'required'), true) };
      break;
    case 'microsoft':
      auth = { kind: 'microsoft', scope: await scopeOf() };
      break;
    case 'azureCli':
      auth = { kind: 'azureCli', scope: await scopeOf() };
      break;
    case 'clientSecret': {
      const tenantId = await ask(title, 'Tenant id', '', (t) => (t ? undefined : 'required'));
      const clientId = await ask(title, 'Client (application) id', '', (t) => (t ? undefined : 'required'));
      secret = { kind: 'clientSecret', value: await ask(title, 'Client secret (kept in VS Code SecretStorage)', '', (t) => (t ? undefined : 'required'), true) };
      auth = { kind: 'clientSecret', tenantId, clientId, scope: await scopeOf() };
      break;
    }
  }
  const label = `${accountName} @ ${new URL(url).host}`;
  const account: RemoteAccount = { id, label, url: url.replace(/\/+$/, ''), ref: { subscriptionId, resourceGroupName, accountName }, auth };
  await services.connections.definitions.add(account, secret);
  services.log.info(`Added account ${label}`);
}

export function registerAccountCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.addAccount', () => addAccount(services));
  registerCommand(context, log, 'modelbay.removeAccount', (node?: unknown, confirmed?: unknown) => removeAccount(services, nodeRefOf(node), confirmed === true));
  registerCommand(context, log, 'modelbay.restartLocalService', async () => {
    await vscode.workspace.getConfiguration('modelbay').update('local.enabled', true, vscode.ConfigurationTarget.Global);
    const { url } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Modelbay: starting the Local service...' }, () => services.local.restart());
    services.tree.reload();
    void vscode.window.showInformationMessage(`Modelbay: the Local service runs at ${url}.`);
  });
}
