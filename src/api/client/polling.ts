import { FINAL_OPERATION_STATES, type AsyncOperationStatus } from '../schemas';
import { ModelbayOperationError } from './errors';

export interface PollOptions {
  /** First wait between polls; doubles up to maxIntervalMs. */
  intervalMs?: number;
  maxIntervalMs?: number;
  /** Give up after this long (the operation goes on in the service); Infinity follows it until it ends. */
  timeoutMs?: number;
  /** Stops polling: the poll rejects with the signal's reason. */
  signal?: AbortSignal;
  onUpdate?: (status: AsyncOperationStatus) => void;
  /**
   * Whether a read that failed is tried again after the next wait (a service restarting, a dropped connection);
   * without it, the first failed read rejects the poll. Told how many reads in a row failed.
   */
  retryRead?: (error: unknown, failuresInARow: number) => boolean;
}

/** The back-off every poll of an operation uses unless told otherwise. */
export const POLL_INTERVAL_MS = 250;
export const MAX_POLL_INTERVAL_MS = 5_000;

/** Waits `ms`; rejects with the signal's reason when it aborts first. */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const aborted = () => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    // The listener goes when the wait ends: a poll that runs for hours adds one per wait.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    signal?.addEventListener('abort', aborted, { once: true });
  });

/** What a poll follows: how to read it, when it has ended, and what to call it in a time-limit error. */
export interface Followed<T> {
  read: () => Promise<T>;
  ended: (status: T) => boolean;
  describe: (status: T) => string;
  /** What it is ("operation", "job"), for the error when it could not be read at all. */
  kind: string;
}

/**
 * Reads `followed` with back-off until it has ended, and resolves with that last status. Rejects when a read fails
 * and `retryRead` does not want another, when the signal aborts, or past the time limit. Operations and batch jobs
 * are both followed this way.
 */
export async function pollUntilEnded<T>(followed: Followed<T>, options: Omit<PollOptions, 'onUpdate'> & { onUpdate?: (status: T) => void } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let interval = options.intervalMs ?? POLL_INTERVAL_MS;
  let failures = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    let status: T | undefined;
    try {
      status = await followed.read();
      failures = 0;
    } catch (error) {
      failures++;
      if (!options.retryRead?.(error, failures)) throw error;
    }
    options.signal?.throwIfAborted(); // stopped while the read was under way: its answer is not reported
    if (status !== undefined) {
      options.onUpdate?.(status);
      if (followed.ended(status)) return status;
    }
    if (Date.now() + interval > deadline) {
      throw new Error(status !== undefined ? `${followed.describe(status)} after the time limit` : `the ${followed.kind} could not be read within the time limit`);
    }
    await sleep(interval, options.signal);
    interval = Math.min(interval * 2, options.maxIntervalMs ?? MAX_POLL_INTERVAL_MS);
  }
}

/**
 * Polls an operation (through its Operation-Location) with back-off until it reaches a final state. Resolves
 * with the Succeeded status; rejects with ModelbayOperationError when it Failed or was Cancelled.
 */
export async function pollOperation(read: () => Promise<AsyncOperationStatus>, options: PollOptions = {}): Promise<AsyncOperationStatus> {
  const status = await pollUntilEnded(
    { read, kind: 'operation', ended: (s) => FINAL_OPERATION_STATES.includes(s.state), describe: (s) => `operation ${s.id} still ${s.state}` },
    options,
  );
  if (status.state === 'Succeeded') return status;
  throw new ModelbayOperationError(status.id, status.state, status.error);
}
