import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT } from '../../../src/api/accountRef';
import { ModelbayClient, type AccountClient } from '../../../src/api/client';
import type { UiSession } from './uiSession';

/** Where the installed extension keeps the Local service's data in a session (its global storage). */
const dataDir = (ui: UiSession) => join(ui.session.codeServer.userDataDir, 'User', 'globalStorage', 'modelbay.modelbay', 'local-service');

/**
 * The Local account as another client sees it (another window, a colleague's script): the API client on the Local
 * service the extension in the workbench started, with its admin token. For what a test does "elsewhere" (deploy
 * the sample before the test, change a service behind the panel's back); what the user does goes through the UI.
 * The extension starts the service on first use (opening the Modelbay view does): this waits for it up to `timeoutMs`.
 */
export async function localServiceClient(ui: UiSession, timeoutMs = 60_000): Promise<AccountClient> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { url } = JSON.parse(readFileSync(join(dataDir(ui), 'service.json'), 'utf8')) as { url: string };
      const token = readFileSync(join(dataDir(ui), 'admin-token'), 'utf8').trim();
      return new ModelbayClient({ baseUrl: url, getToken: () => token }).account(DEFAULT_ACCOUNT);
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the Local service did not start within ${timeoutMs / 1000} s (no ${dataDir(ui)}/service.json)`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
