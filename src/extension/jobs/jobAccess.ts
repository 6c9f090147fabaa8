import { JobClient } from '../../api/client/jobClient';
import type { Endpoint } from '../../api/schemas';
import type { AccountConnections } from '../accounts/accountConnections';
import type { AccountRequestData } from '../requests/accountRequestData';
import { endpointKeyFor } from '../requests/endpointKeyFor';
import type { JobEndpoint } from './trackedJob';

/**
 * Job clients for endpoints: the jobs address from the endpoint's scoring URL, the endpoint key from SecretStorage
 * (read through the management API when missing or refused, as request testing does).
 */
export class JobAccess {
  constructor(
    private readonly connections: AccountConnections,
    private readonly requestData: AccountRequestData,
  ) {}

  /** For an endpoint as the tree or a picker has it. */
  async forEndpoint(accountId: string, endpoint: Endpoint): Promise<JobClient> {
    const connection = await this.connections.connect(accountId);
    return new JobClient({ scoringUri: endpoint.scoringUri, keys: endpointKeyFor(this.requestData, accountId, connection, endpoint) });
  }

  /**
   * For a remembered job: the endpoint is read again, since its scoring URL moves with the service (the service
   * answers its current address, and the Local service may have restarted on another port since the job was submitted).
   */
  async forJob(job: Pick<JobEndpoint, 'accountId' | 'serviceId' | 'endpointName'>): Promise<{ client: JobClient; endpoint: Endpoint }> {
    const connection = await this.connections.connect(job.accountId);
    const endpoint = await connection.account.services.endpoint(job.serviceId, job.endpointName);
    return { client: await this.forEndpoint(job.accountId, endpoint), endpoint };
  }
}
