import { FINAL_OPERATION_STATES, type AsyncOperationStatus } from '../schemas';
import { ModelbayOperationError } from './errors';

export interface PollOptions {
  /** First wait between polls; doubles up to maxIntervalMs. */
  intervalMs?: number;
  maxIntervalMs?: number;
  /** Give up after this long (the operation goes on in the service). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onUpdate?: (status: AsyncOperationStatus) => void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error('aborted'));
    }, { once: true });
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
  let interval = options.intervalMs ?? 250;
  for (;;) {
    const status = await read();
    options.onUpdate?.(status);
    if (FINAL_OPERATION_STATES.includes(status.state)) {
      if (status.state === 'Succeeded') return status;
      throw new ModelbayOperationError(status.id, status.state, status.error);
    }
    if (Date.now() + interval > deadline) throw new Error(`operation ${status.id} still ${status.state} after the time limit`);
    await sleep(interval, options.signal);
    interval = Math.min(interval * 2, options.maxIntervalMs ?? 5_000);
  }
}
