import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT } from '../../../src/api/accountRef';
import type { AccountClient } from '../../../src/api/client/accountClient';
import { ModelbayClient } from '../../../src/api/client/modelbayClient';
import type { UiSession } from './uiSession';

export interface LocalServiceAccess {
  url: string;
  token: string;
  account: AccountClient;
}

/**
 * The Local service the extension started inside code-server, reached from the test as any API client would: its
 * URL and admin token (what a user pastes into Add Account) are read from its data folder, the extension's global
 * storage on the code-server side. Waits until it answers: the extension starts it when the Local account is first
 * expanded.
 */
export async function localServiceAccess(ui: UiSession, timeoutMs = 60_000): Promise<LocalServiceAccess> {
  const dataDir = join(ui.session.codeServer.userDataDir, 'User', 'globalStorage', 'modelbay.modelbay', 'local-service');
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { url } = JSON.parse(readFileSync(join(dataDir, 'service.json'), 'utf8')) as { url: string };
      const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
      if ((await fetch(`${url}/healthz`)).ok) return { url, token, account: new ModelbayClient({ baseUrl: url, getToken: () => token }).account(DEFAULT_ACCOUNT) };
    } catch {
      // not started yet
    }
    if (Date.now() > until) throw new Error(`the Local service did not start (no answering service.json in ${dataDir}; ${existsSync(dataDir) ? 'the folder exists' : 'no folder'})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
