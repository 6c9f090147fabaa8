import type * as vscode from 'vscode';
import type { TreeJobs } from '../tree/jobNodes';
import type { ModelbayTreeProvider } from '../tree/modelbayTreeProvider';
import type { JobAccess } from './jobAccess';
import type { JobTracker } from './jobTracker';

/** What the tree reads of batch jobs: clients for the endpoints, and what this window knows of the jobs it follows. */
export function treeJobs(access: JobAccess, tracker: JobTracker): TreeJobs {
  return {
    client: (accountId, endpoint) => access.forEndpoint(accountId, endpoint),
    latest: (jobId) => tracker.latest(jobId),
    labelOf: (jobId) => tracker.known(jobId)?.label,
  };
}

/** A followed job's row shows its progress as it goes; a job cancelled or deleted here leaves its endpoint's list. */
export function showJobProgress(tree: ModelbayTreeProvider, tracker: JobTracker): vscode.Disposable {
  return tracker.onDidChange(({ job, status, forgotten }) => {
    if (forgotten) tree.reloadJobs(job.accountId, job.endpointId);
    else tree.jobChanged(job.accountId, job.endpointId, job.jobId, status);
  });
}
