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

/**
 * Polls an operation (through its Operation-Location) with back-off until it reaches a final state. Resolves
 * with the Succeeded status; rejects with ModelbayOperationError when it Failed or was Cancelled.
 */
export async function pollOperation(
  read: () => Promise<AsyncOperationStatus>,
  options: PollOptions = {},
): Promise<AsyncOperationStatus> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let interval = options.intervalMs ?? POLL_INTERVAL_MS;
  let failures = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    let status: AsyncOperationStatus | undefined;
    try {
      status = await read();
      failures = 0;
    } catch (error) {
      failures++;
      if (!options.retryRead?.(error, failures)) throw error;
    }
    if (status) {
      options.onUpdate?.(status);
      if (FINAL_OPERATION_STATES.includes(status.state)) {
        if (status.state === 'Succeeded') return status;
        throw new ModelbayOperationError(status.id, status.state, status.error);
      }
    }
    if (Date.now() + interval > deadline) {
      throw new Error(status ? `operation ${status.id} still ${status.state} after the time limit` : 'the operation could not be read within the time limit');
    }
    await sleep(interval, options.signal);
    interval = Math.min(interval * 2, options.maxIntervalMs ?? MAX_POLL_INTERVAL_MS);
  }
}
