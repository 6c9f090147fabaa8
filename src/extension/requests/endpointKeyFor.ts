import type { Endpoint } from '../../api/schemas';
import type { Connection } from '../accounts/accountConnections';
import type { AccountRequestData } from './accountRequestData';
import { endpointKeySecret, endpointKeySource } from './endpointKeys';
import type { KeySource } from './scoreCall';

/** The key source of one endpoint of one account: its stored primary key, read from the service when needed. */
export function endpointKeyFor(data: AccountRequestData, accountId: string, connection: Connection, endpoint: Endpoint): KeySource {
  return endpointKeySource(data.keySecrets(accountId), endpointKeySecret(accountId, endpoint.id), () => connection.account.services.endpointKeys(endpoint.serviceId, endpoint.name));
}
