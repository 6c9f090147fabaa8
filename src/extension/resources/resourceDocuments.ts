import * as vscode from 'vscode';
import type { AccountConnections } from '../accounts/accountConnections';
import type { ResourceKind } from '../tree/nodeRef';

export const RESOURCE_SCHEME = 'modelbay-resource';

type Kind = ResourceKind | 'buildlog';

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
    }
  }
}
