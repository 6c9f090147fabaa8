import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT, type AccountRef } from '../../api/accountRef';
import { ModelbayClient } from '../../api/client/modelbayClient';
import type { AccountClient } from '../../api/client/accountClient';
import { AccountDefinitions, LOCAL_ACCOUNT_ID, type RemoteAccount } from './accountDefinitions';
import type { LocalService } from './localService';
import { tokenProviderFor } from './tokenProviders';

/** "local/local/default": where an account is on its service. */
export const accountAddress = (ref: AccountRef) => `${ref.subscriptionId}/${ref.resourceGroupName}/${ref.accountName}`;

/** An account as the tree and commands see it. */
export interface AccountHandle {
  id: string;
  label: string;
  kind: 'local' | 'remote';
  /** For remote accounts, where the service is; the Local one's URL is known once it runs. */
  url?: string;
  /** For remote accounts, the account on that service: "subscription/resource group/account". */
  address?: string;
}

export interface Connection {
  client: ModelbayClient;
  account: AccountClient;
  url: string;
}

/** Every account, and a client for each: the Local service (started on first use) and the remote ones. */
export class AccountConnections {
  private readonly remoteClients = new Map<string, Connection>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    readonly definitions: AccountDefinitions,
    private readonly local: LocalService,
    private readonly secrets: vscode.SecretStorage,
  ) {
    definitions.onDidChange(() => {
      this.remoteClients.clear();
      this.changed.fire();
    });
  }

  all(): AccountHandle[] {
    const local: AccountHandle[] = vscode.workspace.getConfiguration('modelbay').get<boolean>('local.enabled', true)
      ? [{ id: LOCAL_ACCOUNT_ID, label: 'Local', kind: 'local' }]
      : [];
    const remote = this.definitions.list().map((a): AccountHandle => ({ id: a.id, label: a.label, kind: 'remote', url: a.url, address: accountAddress(a.ref) }));
    return [...local, ...remote];
  }

  handle(id: string): AccountHandle | undefined {
    return this.all().find((a) => a.id === id);
  }

  async connect(accountId: string): Promise<Connection> {
    if (accountId === LOCAL_ACCOUNT_ID) {
      const { url, token } = await this.local.ensureRunning();
      // A call that cannot connect tells the Local service, so the next connect finds a running one again.
      const client = new ModelbayClient({ baseUrl: url, getToken: () => token, onUnreachable: () => this.local.unreachable(url) });
      return { client, account: client.account(DEFAULT_ACCOUNT), url };
    }
    const cached = this.remoteClients.get(accountId);
    if (cached) return cached;
    const definition = this.definitions.get(accountId);
    if (!definition) throw new Error(`Account ${accountId} was removed.`);
    const connection = this.remoteConnection(definition);
    this.remoteClients.set(accountId, connection);
    return connection;
  }

  /**
   * Forgets the client of a remote account (its cached token or credential), so the next call connects again: after
   * a new sign-in, or a token that the service refused.
   */
  reconnect(accountId: string): void {
    this.remoteClients.delete(accountId);
    this.changed.fire();
  }

  private remoteConnection(definition: RemoteAccount): Connection {
    const client = new ModelbayClient({ baseUrl: definition.url, getToken: tokenProviderFor(definition, this.secrets), timeoutMs: 30_000 });
    return { client, account: client.account(definition.ref), url: definition.url };
  }
}
