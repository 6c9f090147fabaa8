import type * as vscode from 'vscode';
import { endpointKeySecret, type SecretStore } from './endpointKeys';
import { historyKey, validEntries } from './history';

/** The globalState key listing the endpoint-key secrets stored for an account: SecretStorage cannot list its keys. */
const keyIndex = (accountId: string) => `modelbay.endpointKeySecrets.${accountId}`;
const HISTORY_PREFIX = historyKey('');

/** What this machine keeps for an account's requests, as counted for the user before removing it. */
export interface KeptForAccount {
  endpointKeys: number;
  sentRequests: number;
}

/**
 * What the request features keep per account: endpoint keys in SecretStorage (listed in globalState, since
 * SecretStorage cannot list), and the request history in globalState. Removing an account removes both.
 */
export class AccountRequestData {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  /** SecretStorage for one account's endpoint keys (and nothing else) that lists what it stores. */
  keySecrets(accountId: string): SecretStore {
    const own = (key: string) => {
      if (!key.startsWith(endpointKeySecret(accountId, ''))) throw new Error(`${key} is not an endpoint key of ${accountId}`);
      return key;
    };
    return {
      get: (key) => this.secrets.get(own(key)),
      store: async (key, value) => {
        own(key);
        const stored = this.listed(keyIndex(accountId));
        // Listed before it is stored: a key is never kept without being listed.
        if (!stored.includes(key)) await this.state.update(keyIndex(accountId), [...stored, key]);
        await this.secrets.store(key, value);
      },
    };
  }

  async describe(accountId: string): Promise<KeptForAccount> {
    const { keys, history } = this.find(accountId);
    let endpointKeys = 0;
    for (const key of keys) if ((await this.secrets.get(key)) !== undefined) endpointKeys++;
    return { endpointKeys, sentRequests: history.reduce((sum, h) => sum + h.ours, 0) };
  }

  /** Deletes the account's endpoint keys and its request history; other accounts' entries stay, also for the same endpoint. */
  async forget(accountId: string): Promise<void> {
    const { keys, history } = this.find(accountId);
    for (const { key, others } of history) await this.state.update(key, others.length > 0 ? others : undefined);
    for (const key of keys) await this.secrets.delete(key);
    await this.state.update(keyIndex(accountId), undefined);
  }

  private find(accountId: string) {
    const keys = new Set(this.listed(keyIndex(accountId)));
    const history = [];
    for (const key of this.state.keys().filter((k) => k.startsWith(HISTORY_PREFIX))) {
      const entries = validEntries(this.state.get(key));
      const others = entries.filter((entry) => entry.target.account !== accountId);
      if (others.length === entries.length) continue;
      history.push({ key, others, ours: entries.length - others.length });
      // A key stored before keys were listed is found through the history of its endpoint.
      keys.add(endpointKeySecret(accountId, key.slice(HISTORY_PREFIX.length)));
    }
    return { keys, history };
  }

  private listed(key: string): string[] {
    const value: unknown = this.state.get(key);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }
}
