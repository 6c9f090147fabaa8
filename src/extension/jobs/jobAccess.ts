import { JobClient } from '../../api/client/jobClient';
import type { Endpoint } from '../../api/schemas';
import type { AccountConnections } from '../accounts/accountConnections';
import { LOCAL_ACCOUNT_ID } from '../accounts/accountDefinitions';
import type { AccountRequestData } from '../requests/accountRequestData';
import { endpointKeyFor } from '../requests/endpointKeyFor';
import type { JobEndpoint } from './trackedJob';

/** `uri`'s path and query at `base`'s origin. */
function onOrigin(uri: string, base: string): string {
  const from = new URL(uri);
  return `${new URL(base).origin}${from.pathname}${from.search}`;
}

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
    // The service records an endpoint's scoring URL when the endpoint is made; the Local service listens on a new
    // port each time it starts (each window reload in code-server), so for it the URL is taken onto the current one.
    const scoringUri = accountId === LOCAL_ACCOUNT_ID ? onOrigin(endpoint.scoringUri, connection.url) : endpoint.scoringUri;
    return new JobClient({ scoringUri, keys: endpointKeyFor(this.requestData, accountId, connection, endpoint) });
  }

  /**
   * For a remembered job: the endpoint is read again, since its scoring URL moves with the service (the Local
   * service may have restarted on another port since the job was submitted).
   */
  async forJob(job: Pick<JobEndpoint, 'accountId' | 'serviceId' | 'endpointName'>): Promise<{ client: JobClient; endpoint: Endpoint }> {
    const connection = await this.connections.connect(job.accountId);
    const endpoint = await connection.account.services.endpoint(job.serviceId, job.endpointName);
    return { client: await this.forEndpoint(job.accountId, endpoint), endpoint };
  }
}
