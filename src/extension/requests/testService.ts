import type * as vscode from 'vscode';
import { resolveEndpoint } from '../commands/pickers';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf } from '../tree/nodeRef';
import { openRequestDocument } from './openRequestDocument';
import { requestFileName, type RequestDocument } from './requestDocument';

/**
 * Test Service: a request document for the clicked (or picked) endpoint, its body prefilled with the sample
 * request the service derives from the model's inputs, ready for "Send request".
 */
export async function testService(services: ExtensionServices, node?: unknown): Promise<vscode.TextEditor> {
  const { account, connection, endpoint } = await resolveEndpoint(services, nodeRefOf(node));
  const schema = await connection.account.services.endpointSchema(endpoint.serviceId, endpoint.name);
  const request: RequestDocument = {
    target: { account: account.id, serviceId: endpoint.serviceId, service: endpoint.serviceName, endpoint: endpoint.name, format: 'score' },
    body: schema.sampleRequest ?? {},
  };
  const editor = await openRequestDocument(requestFileName(endpoint.serviceName, endpoint.name), request);
  services.log.info(`Request document for ${endpoint.serviceName}/${endpoint.name}: ${editor.document.uri.toString()}`);
  return editor;
}
