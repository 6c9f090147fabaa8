import * as vscode from 'vscode';
import type { AccountClient } from '../../api/client';
import type { RequestLogRecord } from '../../api/schemas/requestLog';
import type { AccountConnections } from '../accounts/accountConnections';
import type { ResourceKind } from '../tree/nodeRef';

export const RESOURCE_SCHEME = 'modelbay-resource';

type Kind = ResourceKind | 'buildlog' | 'requestlog';

/** The newest records a request log document shows (the service keeps a bounded number per endpoint anyway). */
const REQUEST_LOG_RECORDS = 500;

/** modelbay-resource:/<account>/<kind>/<id>[/<endpoint>].json: read-only documents fetched from the service. */
export function resourceUri(accountId: string, kind: Kind, id: string, label: string): vscode.Uri {
  const extension = kind === 'buildlog' ? 'log' : 'json';
  // The last segment is what the tab shows, so it is kept readable ("iris:3 build.log"); only a slash would break it.
  return vscode.Uri.from({ scheme: RESOURCE_SCHEME, path: `/${accountId}/${kind}/${encodeURIComponent(id)}/${label.replace(/[/\\]/g, '-')}.${extension}` });
}

/** Serves resource documents; VS Code shows documents of a content provider read-only. */
export class ResourceDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly connections: AccountConnections) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, accountId, kind, rawId] = uri.path.split('/') as [string, string, Kind, string];
    const id = decodeURIComponent(rawId);
    const { account } = await this.connections.connect(accountId);
    switch (kind) {
      case 'model':
        return JSON.stringify(await account.getModel(id), null, 2);
      case 'manifest':
        return JSON.stringify(await account.getManifest(id), null, 2);
      case 'image':
        return JSON.stringify(await account.getImage(id), null, 2);
      case 'service':
        return JSON.stringify(await account.services.get(id), null, 2);
      case 'deployment':
        return JSON.stringify(await account.services.deployment(id), null, 2);
      case 'endpoint': {
        const [serviceId, name] = id.split('/') as [string, string];
        return JSON.stringify(await account.services.endpoint(serviceId, name), null, 2);
      }
      case 'buildlog':
        return (await account.getImageBuildLog(id)) || '(the build has not written anything yet)';
      case 'requestlog': {
        const [serviceId, name] = id.split('/') as [string, string];
        return JSON.stringify(await requestLogDocument(account, serviceId, name), null, 2);
      }
    }
  }
}

/**
 * An endpoint's request log as one JSON document: what its logging level keeps, newest first, and a word on why it is
 * empty when it is (logging is off, or nothing was called yet).
 */
async function requestLogDocument(account: AccountClient, serviceId: string, name: string): Promise<object> {
  const endpoint = await account.services.endpoint(serviceId, name);
  const records: RequestLogRecord[] = [];
  let page = await account.services.requestLogs(serviceId, name, { top: 100 });
  records.push(...page.value);
  while (page.nextLink && records.length < REQUEST_LOG_RECORDS) {
    page = await account.services.requestLogs(serviceId, name, { top: 100, skipToken: new URL(page.nextLink).searchParams.get('$skipToken') ?? undefined });
    records.push(...page.value);
  }
  const note =
    records.length > 0
      ? undefined
      : endpoint.loggingLevel === 'None'
        ? 'Logging is off for this endpoint (logging level None): set it to Error or All in Service Details to keep calls.'
        : 'No call has been kept yet.';
  return { endpoint: `${endpoint.serviceName}/${endpoint.name}`, loggingLevel: endpoint.loggingLevel, sampleDataEnabled: endpoint.sampleDataEnabled, note, records: records.slice(0, REQUEST_LOG_RECORDS) };
}
