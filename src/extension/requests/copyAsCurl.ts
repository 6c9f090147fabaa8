import * as vscode from 'vscode';
import { inBackground } from '../core/reportFailure';
import type { ExtensionServices } from '../extensionServices';
import { curlCommand, KEY_VARIABLE } from '../../api/snippets/curl';
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
  const copyWithKey = async () => {
    const { connection, endpoint, target } = subject;
    // Read from the service, not the stored copy: a command handed to someone else must carry the current key.
    const key = await endpointKeyFor(services.requestData, target.account, connection, endpoint).refresh();
    await vscode.env.clipboard.writeText(curlCommand(url, subject.body, { key }));
    void vscode.window.showInformationMessage('Modelbay: curl command with the key copied. Treat it as a secret.');
  };
  // The command has returned by the time the button is pressed: registerCommand cannot report this one.
  inBackground(
    services.log,
    'Copy with Key',
    vscode.window.showInformationMessage(`Modelbay: curl command copied. It reads the key from $${KEY_VARIABLE}.`, 'Copy with Key').then((choice) => (choice === 'Copy with Key' ? copyWithKey() : undefined)),
  );
  return command;
}
