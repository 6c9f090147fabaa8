import * as vscode from 'vscode';
import type { AccountRef } from '../../api/accountRef';

/** How a remote account gets its bearer token. Secrets (token, client secret) live in SecretStorage only. */
export type RemoteAuth =
  | { kind: 'pastedToken' }
  | { kind: 'clientSecret'; tenantId: string; clientId: string; scope: string; authorityHost?: string }
  | { kind: 'azureCli'; scope: string }
  | { kind: 'microsoft'; scope: string };

export interface RemoteAccount {
  id: string;
  label: string;
  url: string;
  ref: AccountRef;
  auth: RemoteAuth;
}

const STATE_KEY = 'modelbay.remoteAccounts';
export const LOCAL_ACCOUNT_ID = 'local';

export function secretKey(accountId: string, what: 'token' | 'clientSecret'): string {
  return `modelbay.account.${accountId}.${what}`;
}

/** The remote accounts a user added (in globalState: addresses and auth kinds, never a secret). */
export class AccountDefinitions {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  list(): RemoteAccount[] {
    return this.state.get<RemoteAccount[]>(STATE_KEY, []);
  }

  get(id: string): RemoteAccount | undefined {
    return this.list().find((a) => a.id === id);
  }

  async add(account: RemoteAccount, secret?: { kind: 'token' | 'clientSecret'; value: string }): Promise<void> {
    if (secret) await this.secrets.store(secretKey(account.id, secret.kind), secret.value);
    await this.state.update(STATE_KEY, [...this.list().filter((a) => a.id !== account.id), account]);
    this.changed.fire();
  }

  /** Changes an account in place (its name, URL, address or auth); a secret given replaces the stored one. */
  async update(account: RemoteAccount, secret?: { kind: 'token' | 'clientSecret'; value: string }): Promise<void> {
    if (!this.get(account.id)) throw new Error(`The account ${account.label} was removed.`);
    if (secret) await this.secrets.store(secretKey(account.id, secret.kind), secret.value);
    // A secret the new way of signing in does not use is not kept.
    if (account.auth.kind !== 'pastedToken') await this.secrets.delete(secretKey(account.id, 'token'));
    if (account.auth.kind !== 'clientSecret') await this.secrets.delete(secretKey(account.id, 'clientSecret'));
    await this.state.update(STATE_KEY, this.list().map((a) => (a.id === account.id ? account : a)));
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    await this.secrets.delete(secretKey(id, 'token'));
    await this.secrets.delete(secretKey(id, 'clientSecret'));
    await this.state.update(STATE_KEY, this.list().filter((a) => a.id !== id));
    this.changed.fire();
  }
}
