import type { JobState, JobSubmitRequest } from '../../api/schemas';
import type { AccountKey, ListOptions, ListResult } from '../store/repositories';

/** Where a finished job wrote one output: a new asset of the account, or a blob in Azure Storage. */
export type WrittenOutput = { kind: 'asset'; assetId: string; name: string } | { kind: 'blob'; url: string };

/**
 * A batch job as the store keeps it and the status route answers it (Results are made from `outputs` when asked,
 * so download links are signed fresh). The submit body is kept beside it, never in it: it may hold storage keys.
 */
export interface JobDoc {
  id: string;
  account: AccountKey;
  endpointId: string;
  state: JobState;
  details: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  rowsDone: number;
  rowsTotal: number | null;
  /** How many times the job was started (its start plus resumes after restarts). */
  attempts: number;
  /** Set when the job Finished. */
  outputs: Record<string, WrittenOutput> | null;
}

/** A job with the body it was submitted with. */
export interface StoredJob {
  doc: JobDoc;
  request: JobSubmitRequest;
}

export type StartOutcome = { kind: 'started'; job: StoredJob } | { kind: 'notStartable'; state: JobState } | { kind: 'absent' };

export interface JobRepository {
  create(job: StoredJob): Promise<void>;
  get(endpointId: string, id: string): Promise<StoredJob | undefined>;
  /** An endpoint's jobs, newest first, keyset-paged. */
  list(endpointId: string, options: ListOptions): Promise<ListResult<JobDoc>>;
  /** NotStarted -> Running in one transaction, so two starts cannot both succeed. */
  start(endpointId: string, id: string, startedAt: string): Promise<StartOutcome>;
  /** Replaces a Running job's doc; false when it is no longer Running (deleted meanwhile), and nothing is written. */
  updateRunning(doc: JobDoc): Promise<boolean>;
  delete(endpointId: string, id: string): Promise<boolean>;
  /** Jobs left Running, oldest first: what a restart must resume or fail. */
  listRunning(): Promise<StoredJob[]>;
}
