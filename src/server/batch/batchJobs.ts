import type { FastifyBaseLogger } from 'fastify';
import { loadOrCreateSecret } from '../auth/adminToken';
import type { ServiceContext } from '../context';
import type { Admission } from '../gateway/admission';
import type { EndpointDirectory } from '../gateway/endpointDirectory';
import type { LeaseKeeper } from '../instances/leaseKeeper';
import { DownloadSigner } from './downloadSigner';
import { JobRunner } from './jobRunner';
import { AzureBlobs } from './storage/azureBlobs';
import { guardedAgent } from './storage/storagePolicy';

/** The batch execution service's parts, made once per service and shared by its routes. */
export interface BatchJobs {
  runner: JobRunner;
  signer: DownloadSigner;
  azure: AzureBlobs;
  /** Stops the runs (resumed at the next start) and closes storage connections. */
  close(): Promise<void>;
}

export const DOWNLOAD_KEY_FILE = 'download-key';

export async function openBatchJobs(
  context: ServiceContext,
  gateway: { admission: Admission; endpoints: EndpointDirectory },
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
  leases: LeaseKeeper,
): Promise<BatchJobs> {
  const signer = new DownloadSigner(await loadOrCreateSecret(context.config.dataDir, DOWNLOAD_KEY_FILE));
  const agent = guardedAgent();
  const azure = new AzureBlobs(agent);
  const runner = new JobRunner(context.store.jobs, { context, endpoints: gateway.endpoints, admission: gateway.admission, azure }, context.hidePaths, log, leases);
  return {
    runner,
    signer,
    azure,
    async close() {
      await runner.stop();
      agent.destroy();
    },
  };
}
