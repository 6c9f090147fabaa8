import { accountRefOf } from '../store/repositories';
import type { JobOutputLocation, JobStatus } from '../../api/schemas';
import type { DownloadSigner } from './downloadSigner';
import type { JobDoc, StoredJob } from './jobRecord';
import { planJob } from './jobPlan';
import type { AzureBlobs } from './storage/azureBlobs';

/** The path under which finished outputs kept as assets download with a signed link. */
export const DOWNLOADS_PATH = '/downloads';

/** `{origin}/downloads/{subscription}/{resourceGroup}/{account}` and `/{assetId}/{file name}`. */
export function assetDownloadParts(origin: string, doc: Pick<JobDoc, 'account'>, assetId: string, name: string): { base: string; relative: string } {
  const ref = accountRefOf(doc.account);
  return {
    base: `${origin}${DOWNLOADS_PATH}/${ref.subscriptionId}/${ref.resourceGroupName}/${ref.accountName}`,
    relative: `/${assetId}/${encodeURIComponent(name)}`,
  };
}

/** The outputs a job asked for; none when its storage is no longer allowed (the operator changed the list since). */
function plannedOutputs(job: StoredJob, allowed: readonly string[]) {
  try {
    return planJob(job.request, allowed).outputs;
  } catch {
    return [];
  }
}

/** Where each output of a Finished job downloads from, signed now (so every status read gives a fresh link). */
async function results(job: StoredJob, origin: string, signer: DownloadSigner, azure: AzureBlobs, allowed: readonly string[]): Promise<Record<string, JobOutputLocation>> {
  const written = job.doc.outputs ?? {};
  const planned = new Map(plannedOutputs(job, allowed).map((o) => [o.name, o.location]));
  const answer: Record<string, JobOutputLocation> = {};
  for (const [name, output] of Object.entries(written)) {
    const location = planned.get(name);
    if (output.kind === 'blob' && location?.kind === 'azure') {
      const link = await azure.readLink(location);
      answer[name] = { ConnectionString: null, BaseLocation: link.base, RelativeLocation: link.relative, SasBlobToken: link.sas };
    } else if (output.kind === 'asset') {
      const { base, relative } = assetDownloadParts(origin, job.doc, output.assetId, output.name);
      answer[name] = { ConnectionString: null, BaseLocation: base, RelativeLocation: relative, SasBlobToken: signer.token(job.doc.account, output.assetId) };
    }
  }
  return answer;
}

/** A job as `GET .../jobs/{id}` answers it: the classic StatusCode, Results, Details, then Modelbay's extras. */
export async function jobStatus(job: StoredJob, origin: string, signer: DownloadSigner, azure: AzureBlobs, allowed: readonly string[]): Promise<JobStatus> {
  const { doc } = job;
  return {
    StatusCode: doc.state,
    Results: doc.state === 'Finished' ? await results(job, origin, signer, azure, allowed) : null,
    Details: doc.details,
    Id: doc.id,
    EndpointId: doc.endpointId,
    CreatedAt: doc.createdAt,
    StartedAt: doc.startedAt,
    EndedAt: doc.endedAt,
    RowsDone: doc.rowsDone,
    RowsTotal: doc.rowsTotal,
  };
}
