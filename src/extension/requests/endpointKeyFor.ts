import type { Endpoint } from '../../api/schemas';
import type { Connection } from '../accounts/accountConnections';
import { endpointKeySecret, endpointKeySource, type SecretStore } from './endpointKeys';
import type { KeySource } from './scoreCall';

/** The key source of one endpoint of one account: its stored primary key, read from the service when needed. */
export function endpointKeyFor(secrets: SecretStore, accountId: string, connection: Connection, endpoint: Endpoint): KeySource {
  return endpointKeySource(secrets, endpointKeySecret(accountId, endpoint.id), () => connection.account.services.endpointKeys(endpoint.serviceId, endpoint.name));
}
