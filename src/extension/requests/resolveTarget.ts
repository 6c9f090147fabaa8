import { ModelbayApiError } from '../../api/client/errors';
import type { ServiceClient } from '../../api/client/serviceClient';
import type { Endpoint } from '../../api/schemas';
import type { AccountConnections, Connection } from '../accounts/accountConnections';
import type { RequestTarget } from './requestDocument';

/** The endpoint, or undefined when the service says there is no such service or endpoint. */
async function findEndpoint(services: ServiceClient, serviceId: string, name: string): Promise<Endpoint | undefined> {
  try {
    return await services.endpoint(serviceId, name);
  } catch (error) {
    if (error instanceof ModelbayApiError && error.statusCode === 404) return undefined;
    throw error;
  }
}

/**
 * The endpoint a request document names, read from the service on every send (so a new scoring URL or a moved
 * Local service is followed). By id first; when the id is absent or gone (the service was deleted and deployed
 * again under the same name), by the service's name.
 */
export async function resolveTarget(connections: AccountConnections, target: RequestTarget): Promise<{ connection: Connection; endpoint: Endpoint }> {
  if (!connections.handle(target.account)) {
    const known = connections.all().map((a) => `"${a.id}"`).join(', ') || 'none';
    throw new Error(`"target.account" is "${target.account}", which is not one of your Modelbay accounts (${known}).`);
  }
  const connection = await connections.connect(target.account);
  const services = connection.account.services;
  if (target.serviceId) {
    const byId = await findEndpoint(services, target.serviceId, target.endpoint);
    if (byId) return { connection, endpoint: byId };
  }
  if (target.service) {
    const page = await services.list({ serviceName: target.service });
    const service = page.value.find((s) => s.name === target.service);
    if (service) {
      const byName = service.id === target.serviceId ? undefined : await findEndpoint(services, service.id, target.endpoint);
      if (byName) return { connection, endpoint: byName };
      throw new Error(`Service "${service.name}" has no endpoint "${target.endpoint}".`);
    }
    throw new Error(`There is no service named "${target.service}" in account "${target.account}" (any more?). Deploy it, or fix "target".`);
  }
  throw new Error(`There is no service ${target.serviceId} with an endpoint "${target.endpoint}" in account "${target.account}". Add "target.service" (the name) to find it by name.`);
}
