import { randomUUID } from 'node:crypto';
import type { JobSubmitRequest } from '../../api/schemas';
import type { ServiceContext } from '../context';
import type { AccountKey } from '../store/repositories';
import { blobNotFound, invalidBlob, storageNotAllowed } from './jobErrors';
import type { StoredJob } from './jobRecord';
import { planJob } from './jobPlan';
import { AzureBlobs, storageFailure } from './storage/azureBlobs';
import { StorageRefused } from './storage/storagePolicy';
import { formatOfName } from './tables/tableFormat';

/**
 * Checks a submit body as far as can be done before the job runs (the classic errors come from here), including
 * that every input exists, and answers the job to store (NotStarted). Storage is reached only where allowed.
 */
export async function newJob(context: ServiceContext, azure: AzureBlobs, account: AccountKey, endpointId: string, request: JobSubmitRequest): Promise<StoredJob> {
  const plan = planJob(request, context.config.allowedStorageUrlPrefixes ?? []);
  for (const input of plan.inputs) {
    const { location, where } = input;
    if (location.kind === 'asset') {
      const asset = await context.store.assets.get(account, location.assetId);
      if (!asset) throw blobNotFound(where, `asset ${location.assetId} of this account`);
      if (formatOfName(asset.name) === undefined) throw invalidBlob(where, `asset '${asset.name}' is not a CSV or TSV file: name it .csv or .tsv when uploading.`);
      continue;
    }
    let size: number | undefined;
    try {
      size = await azure.size(location);
    } catch (error) {
      if (error instanceof StorageRefused) throw storageNotAllowed(where, error.message);
      throw invalidBlob(where, `the blob cannot be read: ${context.hidePaths(storageFailure(error))}`);
    }
    if (size === undefined) throw blobNotFound(where, `blob '${location.container}/${location.blob}'`);
  }
  return {
    doc: {
      id: randomUUID(),
      account,
      endpointId,
      state: 'NotStarted',
      details: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      endedAt: null,
      rowsDone: 0,
      rowsTotal: null,
      attempts: 0,
      outputs: null,
    },
    request,
  };
}
