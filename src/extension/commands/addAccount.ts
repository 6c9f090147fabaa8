import type { RemoteAccount } from '../accounts/accountDefinitions';
import type { ExtensionServices } from '../extensionServices';
import { askAccountName, askAddress, askAuth, askServiceUrl, suggestAccountName } from './accountPrompts';

/**
 * Modelbay: Add Account: a remote account: its URL, its subscription/resource group/account, where its token comes
 * from, and a name of its own (suggested from the account and host, never one another account has).
 */
export async function addAccount(services: ExtensionServices): Promise<RemoteAccount> {
  const title = 'Add a Modelbay account';
  const url = await askServiceUrl(title);
  const ref = await askAddress(title);
  const { auth, secret } = await askAuth(title);
  const taken = services.connections.all().map((a) => a.label);
  const label = await askAccountName(title, suggestAccountName(ref.accountName, url, taken), taken);
  const account: RemoteAccount = { id: `remote-${Date.now().toString(36)}`, label, url, ref, auth };
  await services.connections.definitions.add(account, secret);
  services.log.info(`Added the account ${label} (${url})`);
  return account;
}
