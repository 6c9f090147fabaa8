import { FINAL_JOB_STATES, type JobStatus } from '../schemas';
import { pollUntilEnded, type PollOptions } from './polling';

export type JobPollOptions = Omit<PollOptions, 'onUpdate'> & { onUpdate?: (status: JobStatus) => void };

/** Whether a job has ended (Finished, Failed or Cancelled): its status no longer changes. */
export const jobEnded = (status: Pick<JobStatus, 'StatusCode'>) => FINAL_JOB_STATES.includes(status.StatusCode);

/**
 * Reads a job's status with the same back-off as an operation's until it ends, and resolves with that last status:
 * a job that Failed or was Cancelled is an answer (its Details say why), not an exception. Rejects when a read fails
 * and `retryRead` does not want another, when the signal aborts, or past the time limit.
 */
export function pollJob(read: () => Promise<JobStatus>, options: JobPollOptions = {}): Promise<JobStatus> {
  return pollUntilEnded({ read, kind: 'job', ended: jobEnded, describe: (s) => `job ${s.Id} still ${s.StatusCode}` }, options);
}
