import * as vscode from 'vscode';
import type { AccountRef } from '../../api/accountRef';
import { checkAccountSegment } from '../../api/rules';
import type { RemoteAuth } from '../accounts/accountDefinitions';
import { required } from '../core/registerCommand';

/** A secret a way of signing in needs, kept in SecretStorage only. */
export interface AccountSecret {
  kind: 'token' | 'clientSecret';
  value: string;
}

/** One input box; Escape cancels the command. */
export async function ask(title: string, prompt: string, value: string, check: (text: string) => string | undefined, password = false): Promise<string> {
  return required(await vscode.window.showInputBox({ title, prompt, value, password, ignoreFocusOut: true, validateInput: (t) => check(t.trim()) })).trim();
}

const filled = (t: string) => (t ? undefined : 'Required.');

export function checkServiceUrl(text: string): string | undefined {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' || u.protocol === 'http:' ? undefined : 'An http:// or https:// URL.';
  } catch {
    return 'Not a URL: for example https://modelbay.example.com';
  }
}

/** The service URL as kept: no trailing slash. */
export const normalizeUrl = (url: string) => url.replace(/\/+$/, '');

export async function askServiceUrl(title: string, value = 'https://'): Promise<string> {
  return normalizeUrl(await ask(title, 'The service URL (for example https://modelbay.example.com)', value, checkServiceUrl));
}

export async function askAddress(title: string, current?: AccountRef): Promise<AccountRef> {
  const segment = (what: string) => (text: string) => checkAccountSegment(text, what);
  return {
    subscriptionId: await ask(title, 'Subscription', current?.subscriptionId ?? 'local', segment('Subscription')),
    resourceGroupName: await ask(title, 'Resource group', current?.resourceGroupName ?? 'local', segment('Resource group')),
    accountName: await ask(title, 'Account name on the service', current?.accountName ?? 'default', segment('Account')),
  };
}

/** A name no other account has (compared without case); "Local" is the built-in account's. */
export function checkAccountName(name: string, taken: readonly string[]): string | undefined {
  if (!name) return 'A name is required: it tells this account from the others.';
  if ([...taken, 'Local'].some((t) => t.toLowerCase() === name.toLowerCase())) return `Another account is named ${name}.`;
  return undefined;
}

const nameBase = (accountName: string, url: string) => `${accountName} @ ${new URL(url).host}`;

/** Whether a name is the one suggested for this account and URL (so it follows them when they change). */
export function isSuggestedName(name: string, accountName: string, url: string): boolean {
  const base = nameBase(accountName, url);
  return name === base || (name.startsWith(`${base} (`) && /^\(\d+\)$/.test(name.slice(base.length + 1)));
}

/** "default @ host", or "default @ host (2)" when that is taken. */
export function suggestAccountName(accountName: string, url: string, taken: readonly string[]): string {
  const base = nameBase(accountName, url);
  let name = base;
  for (let n = 2; checkAccountName(name, taken); n++) name = `${base} (${n})`;
  return name;
}

export async function askAccountName(title: string, suggested: string, taken: readonly string[]): Promise<string> {
  return ask(title, 'A name for this account, shown in the Modelbay view', suggested, (t) => checkAccountName(t, taken));
}

export const AUTH_CHOICES = [
  { label: 'Paste a token', description: 'the service admin token, or any bearer token', how: 'pastedToken' },
  { label: 'Microsoft sign-in', description: "VS Code's Microsoft account", how: 'microsoft' },
  { label: 'Azure CLI or environment', description: 'az login, or AZURE_* variables', how: 'azureCli' },
  { label: 'Client secret', description: 'a service principal (tenant, client id, secret)', how: 'clientSecret' },
] as const satisfies readonly (vscode.QuickPickItem & { how: RemoteAuth['kind'] })[];

export async function askToken(title: string): Promise<AccountSecret> {
  return { kind: 'token', value: await ask(title, 'The bearer token (kept in VS Code SecretStorage)', '', filled, true) };
}

export async function askClientSecret(title: string): Promise<AccountSecret> {
  return { kind: 'clientSecret', value: await ask(title, 'Client secret (kept in VS Code SecretStorage)', '', filled, true) };
}

/** Where the token comes from, and the secret that needs; `current` fills in what was chosen before. */
export async function askAuth(title: string, current?: RemoteAuth): Promise<{ auth: RemoteAuth; secret?: AccountSecret }> {
  const how = required(
    await vscode.window.showQuickPick(
      AUTH_CHOICES.map((c) => ({ ...c, description: c.how === current?.kind ? `${c.description} (now)` : c.description })),
      { title: `${title}: where does the token come from?`, ignoreFocusOut: true },
    ),
  ).how;
  const scopeOf = async () => ask(title, 'The token scope (audience/.default)', current && 'scope' in current ? current.scope : 'api://modelbay/.default', filled);
  switch (how) {
    case 'pastedToken':
      return { auth: { kind: 'pastedToken' }, secret: await askToken(title) };
    case 'microsoft':
      return { auth: { kind: 'microsoft', scope: await scopeOf() } };
    case 'azureCli':
      return { auth: { kind: 'azureCli', scope: await scopeOf() } };
    case 'clientSecret': {
      const before = current?.kind === 'clientSecret' ? current : undefined;
      const tenantId = await ask(title, 'Tenant id', before?.tenantId ?? '', filled);
      const clientId = await ask(title, 'Client (application) id', before?.clientId ?? '', filled);
      const secret = await askClientSecret(title);
      return { auth: { kind: 'clientSecret', tenantId, clientId, scope: await scopeOf() }, secret };
    }
  }
}
