import { performance } from 'node:perf_hooks';

/** Runs `fn(0..total-1)` with `concurrency` calls in flight; answers the milliseconds it took. */
export async function inParallel(total: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await fn(next++);
    }),
  );
  return performance.now() - start;
}
