import { FINAL_JOB_STATES, type JobStatus } from '../schemas';
import { MAX_POLL_INTERVAL_MS, POLL_INTERVAL_MS, sleep, type PollOptions } from './polling';

export type JobPollOptions = Omit<PollOptions, 'onUpdate'> & { onUpdate?: (status: JobStatus) => void };

/** Whether a job has ended (Finished, Failed or Cancelled): its status no longer changes. */
export const jobEnded = (status: Pick<JobStatus, 'StatusCode'>) => FINAL_JOB_STATES.includes(status.StatusCode);

/**
 * Reads a job's status with the same back-off as an operation's until it ends, and resolves with that last status:
 * a job that Failed or was Cancelled is an answer (its Details say why), not an exception. Rejects when a read fails
 * and `retryRead` does not want another, when the signal aborts, or past the time limit.
 */
export async function pollJob(read: () => Promise<JobStatus>, options: JobPollOptions = {}): Promise<JobStatus> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let interval = options.intervalMs ?? POLL_INTERVAL_MS;
  let failures = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    let status: JobStatus | undefined;
    try {
      status = await read();
      failures = 0;
    } catch (error) {
      failures++;
      if (!options.retryRead?.(error, failures)) throw error;
    }
    if (status) {
      options.onUpdate?.(status);
      if (jobEnded(status)) return status;
    }
    if (Date.now() + interval > deadline) {
      throw new Error(status ? `job ${status.Id} still ${status.StatusCode} after the time limit` : 'the job could not be read within the time limit');
    }
    await sleep(interval, options.signal);
    interval = Math.min(interval * 2, options.maxIntervalMs ?? MAX_POLL_INTERVAL_MS);
  }
}
