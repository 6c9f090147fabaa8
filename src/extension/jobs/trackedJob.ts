import type { JobStatus } from '../../api/schemas';

/** Which endpoint a job runs on, as remembered across window reloads (names for the user, ids to find it again). */
export interface JobEndpoint {
  accountId: string;
  serviceId: string;
  serviceName: string;
  endpointName: string;
  endpointId: string;
}

/** A batch job this window submitted or was asked to follow; no secrets (the endpoint key stays in SecretStorage). */
export interface TrackedJob extends JobEndpoint {
  jobId: string;
  /** What the user knows it by: the input's file name ("iris.csv"), or the blob it reads. */
  label: string;
  /** The workspace file it scores: its output opens beside it. */
  inputPath?: string;
  startedAt: number;
}

export interface FinishedJob extends TrackedJob {
  /** The last status read (Finished, Failed, Cancelled); absent when the job could no longer be read. */
  status?: JobStatus;
  /** Why the job could not be followed to its end (it was deleted elsewhere, the service lost it). */
  lostReason?: string;
  finishedAt: number;
}

/** "iris.csv on iris/default" */
export const jobTitle = (job: Pick<TrackedJob, 'label' | 'serviceName' | 'endpointName'>) => `${job.label} on ${job.serviceName}/${job.endpointName}`;

/** Rows scored so far: "40/150 rows", "40 rows" while the total is not known yet. */
export function jobProgress(status: Pick<JobStatus, 'RowsDone' | 'RowsTotal'>): string {
  return status.RowsTotal === null ? `${status.RowsDone} rows` : `${status.RowsDone}/${status.RowsTotal} rows`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A remembered job as far as it can be checked (globalState written by an older or newer version). */
export function isTrackedJob(value: unknown): value is TrackedJob {
  if (!isRecord(value)) return false;
  const strings = ['jobId', 'accountId', 'serviceId', 'serviceName', 'endpointName', 'endpointId', 'label'];
  return strings.every((k) => typeof value[k] === 'string') && typeof value.startedAt === 'number' && (value.inputPath === undefined || typeof value.inputPath === 'string');
}
