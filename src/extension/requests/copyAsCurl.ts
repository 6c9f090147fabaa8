import * as vscode from 'vscode';
import { describeError } from '../core/describeError';
import type { ExtensionServices } from '../extensionServices';
import { curlCommand, KEY_VARIABLE } from './curl';
import { endpointKeyFor } from './endpointKeyFor';
import { requestUrl } from './requestUrl';
import { resolveSubject } from './requestSubject';

/**
 * Copy as curl: the request as one curl line with `$MODELBAY_KEY` for the key, so the clipboard (and whatever it is
 * pasted into: a chat, a ticket, shell history) never holds the secret. "Copy with Key" inlines it on demand.
 */
export async function copyAsCurl(services: ExtensionServices, arg?: unknown): Promise<string> {
  const subject = await resolveSubject(services, arg, { withBody: true });
  const url = requestUrl(subject.endpoint, subject.target.format);
  const command = curlCommand(url, subject.body);
  await vscode.env.clipboard.writeText(command);
  void vscode.window.showInformationMessage(`Modelbay: curl command copied. It reads the key from $${KEY_VARIABLE}.`, 'Copy with Key').then(async (choice) => {
    if (choice !== 'Copy with Key') return;
    const { connection, endpoint, target } = subject;
    try {
      // Read from the service, not the stored copy: a command handed to someone else must carry the current key.
      const key = await endpointKeyFor(services.requestData, target.account, connection, endpoint).refresh();
      await vscode.env.clipboard.writeText(curlCommand(url, subject.body, { key }));
      void vscode.window.showInformationMessage('Modelbay: curl command with the key copied. Treat it as a secret.');
    } catch (error) {
      // The command has already returned: registerCommand cannot report this one.
      services.log.error(`Copy with Key failed: ${describeError(error)}`);
      void vscode.window.showErrorMessage(`Modelbay: ${describeError(error)}`);
    }
  });
  return command;
}
