import * as vscode from 'vscode';
import { accountAddress } from '../accounts/accountConnections';
import type { RemoteAccount } from '../accounts/accountDefinitions';
import { required } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import type { NodeRef } from '../tree/nodeRef';
import {
  askAccountName,
  askAddress,
  askAuth,
  askClientSecret,
  askServiceUrl,
  askToken,
  AUTH_CHOICES,
  checkAccountName,
  checkServiceUrl,
  isSuggestedName,
  normalizeUrl,
  suggestAccountName,
  type AccountSecret,
} from './accountPrompts';

/** Changes given up front (by a test or a script) instead of asked. */
export interface AccountEdit {
  label?: string;
  url?: string;
  /** A new pasted token (the account then signs in with it). */
  token?: string;
}

type Change = 'label' | 'url' | 'address' | 'signIn' | 'auth';

const SIGN_IN: Record<RemoteAccount['auth']['kind'], { label: string; detail: string }> = {
  pastedToken: { label: 'Paste a new token', detail: 'the one kept in SecretStorage is replaced' },
  microsoft: { label: 'Sign in again', detail: "a new session of VS Code's Microsoft account" },
  azureCli: { label: 'Sign in again', detail: 'run az login in a terminal first; Modelbay then asks the Azure CLI again' },
  clientSecret: { label: 'Paste a new client secret', detail: 'the one kept in SecretStorage is replaced' },
};

async function pickAccount(services: ExtensionServices, ref: NodeRef | undefined): Promise<RemoteAccount> {
  const definitions = services.connections.definitions;
  if (ref?.account.kind === 'local') throw new Error('The Local account has no URL or token to edit: it is the service on this machine.');
  const clicked = ref ? definitions.get(ref.account.id) : undefined;
  if (clicked) return clicked;
  const remote = definitions.list();
  if (remote.length === 0) throw new Error('There is no remote account to edit: add one with Add Account.');
  const items = remote.map((account) => ({ label: account.label, description: `${account.url} · ${accountAddress(account.ref)}`, account }));
  return required(await vscode.window.showQuickPick(items, { title: 'Edit which account?', ignoreFocusOut: true })).account;
}

async function pickChange(account: RemoteAccount): Promise<Change> {
  const how = AUTH_CHOICES.find((c) => c.how === account.auth.kind)?.label ?? account.auth.kind;
  const items: (vscode.QuickPickItem & { change: Change })[] = [
    { label: '$(edit) Name', description: account.label, change: 'label' },
    { label: '$(link) Service URL', description: account.url, change: 'url' },
    { label: '$(symbol-namespace) Account on the service', description: accountAddress(account.ref), change: 'address' },
    { label: `$(key) ${SIGN_IN[account.auth.kind].label}`, detail: SIGN_IN[account.auth.kind].detail, change: 'signIn' },
    { label: '$(arrow-swap) How the token is obtained', description: how, change: 'auth' },
  ];
  return required(await vscode.window.showQuickPick(items, { title: `Edit ${account.label}: what to change?`, ignoreFocusOut: true })).change;
}

/** A new sign-in where the token comes from elsewhere; a new secret where it is pasted. */
async function signInAgain(account: RemoteAccount, title: string): Promise<AccountSecret | undefined> {
  switch (account.auth.kind) {
    case 'pastedToken':
      return askToken(title);
    case 'clientSecret':
      return askClientSecret(title);
    case 'microsoft':
      await vscode.authentication.getSession('microsoft', [account.auth.scope], { forceNewSession: { detail: `Modelbay signs in again for ${account.label}.` } });
      return undefined;
    case 'azureCli':
      return undefined;
  }
}

function applyPreset(account: RemoteAccount, edit: AccountEdit, taken: string[]): { account: RemoteAccount; secret?: AccountSecret } {
  const problem = (edit.label !== undefined ? checkAccountName(edit.label, taken) : undefined) ?? (edit.url !== undefined ? checkServiceUrl(edit.url) : undefined);
  if (problem) throw new Error(problem);
  return {
    account: { ...account, label: edit.label ?? account.label, url: edit.url !== undefined ? normalizeUrl(edit.url) : account.url, auth: edit.token !== undefined ? { kind: 'pastedToken' } : account.auth },
    secret: edit.token !== undefined ? { kind: 'token', value: edit.token } : undefined,
  };
}

/**
 * Modelbay: Edit Account: a remote account's name, URL, address on its service, token or way of signing in; or
 * sign in again. The tree connects again at once, so a fixed URL or token shows the account's folders.
 */
export async function editAccount(services: ExtensionServices, ref?: NodeRef, preset?: AccountEdit): Promise<RemoteAccount> {
  const before = await pickAccount(services, ref);
  const title = `Edit ${before.label}`;
  const taken = services.connections.all().filter((a) => a.id !== before.id).map((a) => a.label);
  let after: RemoteAccount = before;
  let secret: AccountSecret | undefined;
  if (preset) ({ account: after, secret } = applyPreset(before, preset, taken));
  else {
    switch (await pickChange(before)) {
      case 'label':
        after = { ...before, label: await askAccountName(title, before.label, taken) };
        break;
      case 'url':
        after = { ...before, url: await askServiceUrl(title, before.url) };
        break;
      case 'address':
        after = { ...before, ref: await askAddress(title, before.ref) };
        break;
      case 'signIn':
        secret = await signInAgain(before, title);
        break;
      case 'auth': {
        const chosen = await askAuth(title, before.auth);
        after = { ...before, auth: chosen.auth };
        secret = chosen.secret;
        break;
      }
    }
  }
  // A name Modelbay suggested from the account and host follows them; a name the user chose stays.
  if (!preset?.label && after.label === before.label && isSuggestedName(before.label, before.ref.accountName, before.url)) {
    after = { ...after, label: suggestAccountName(after.ref.accountName, after.url, taken) };
  }
  await services.connections.definitions.update(after, secret);
  services.connections.reconnect(after.id);
  services.tree.reload(services.tree.accountNode(after.id));
  services.log.info(`Edited the account ${after.label} (${after.url})`);
  void vscode.window.showInformationMessage(`Modelbay: ${after.label} updated; connecting again.`);
  return after;
}
