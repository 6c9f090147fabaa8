import * as vscode from 'vscode';
import type { ExtensionServices } from '../extensionServices';
import { describeEntry, type HistoryEntry } from './history';
import { freshUntitledName, openUntitledRequest } from './openRequestDocument';
import { requestFileName } from './requestDocument';
import type { RequestHistory } from './requestHistory';
import { resolveSubject } from './requestSubject';

/** `20260101-134501` in the user's time zone: the time they remember sending it. */
function localStamp(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
}

/**
 * Request history of an endpoint: its last sends, newest first. Picking one opens its body in a new untitled
 * request document (the files a user keeps are never overwritten), ready to be sent again or changed.
 * `index` (0: the newest) skips the quick pick, for callers that know which send they want.
 */
export async function showRequestHistory(services: ExtensionServices, history: RequestHistory, arg?: unknown, index?: number): Promise<{ entry: HistoryEntry; editor: vscode.TextEditor } | undefined> {
  const { endpoint } = await resolveSubject(services, arg, { withBody: false });
  const entries = history.entries(endpoint.id);
  const name = `${endpoint.serviceName}/${endpoint.name}`;
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(`Modelbay: no request was sent to ${name} from this machine yet.`);
    return undefined;
  }
  const now = new Date();
  const entry =
    index !== undefined
      ? entries[index]
      : (
          await vscode.window.showQuickPick(
            entries.map((e) => ({ ...describeEntry(e, now), entry: e })),
            { title: `Requests sent to ${name} (last ${entries.length})`, placeHolder: 'Pick one to open its body in a new request document', matchOnDetail: true },
          )
        )?.entry;
  if (!entry) return undefined;
  if (entry.body === undefined) {
    void vscode.window.showWarningMessage(`Modelbay: that request's body (${entry.bodyChars} characters) was too large to keep in the history.`);
    return undefined;
  }
  const stamp = localStamp(new Date(entry.at));
  // Sends in the same second share a stamp: a counter keeps each picked entry in a document of its own.
  const fileName = freshUntitledName((n) => requestFileName(endpoint.serviceName, endpoint.name, `-${stamp}${n > 1 ? `-${n}` : ''}`));
  const editor = await openUntitledRequest(fileName, { target: entry.target, body: entry.body });
  return { entry, editor };
}
