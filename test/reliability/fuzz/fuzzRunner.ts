import fc from 'fast-check';
import type { FuzzRequest } from './routeInputs';
import { sendRaw, type RawAnswer } from './sendRaw';
import type { StoreFingerprint } from './storeFingerprint';
import { printTable } from '../table';

/** What one route's inputs did. */
export interface RouteTally {
  route: string;
  inputs: number;
  valid: number;
  broken: number;
  ok: number;
  refused: number;
  /** Refused calls after which the store was found as before. */
  storeKept: number;
  /** Wall time of the route's inputs, seconds. */
  seconds: number;
  failures: Failure[];
}

export interface Failure {
  what: string;
  request: FuzzRequest;
  status?: number;
  answer?: string;
}

export interface FuzzTarget {
  origin: string;
  /** Headers every request carries (the credential). */
  headers: Record<string, string>;
  fingerprint: StoreFingerprint;
  /** Waits until what an accepted (202) request started has ended, so the store holds still again. */
  settle(answer: RawAnswer): Promise<void>;
  /** True while the service answers its health check. */
  alive(): Promise<boolean>;
}

const shown = (request: FuzzRequest) => `${request.method} ${request.target.slice(0, 300)} [${request.mutation}] body ${request.body ? JSON.stringify(request.body.subarray(0, 200).toString('utf8')) : 'none'}`;

/**
 * Sends `runs` inputs of `inputs` (seeded, so a failure is reproduced by its seed) one after another and checks each:
 * an answer below 500, and for a refused one (4xx) the store exactly as before it. Stops early, with the failure
 * noted, if the service stops answering.
 */
export async function fuzzRoute(route: string, inputs: fc.Arbitrary<FuzzRequest>, runs: number, seed: number, target: FuzzTarget): Promise<RouteTally> {
  const tally: RouteTally = { route, inputs: 0, valid: 0, broken: 0, ok: 0, refused: 0, storeKept: 0, seconds: 0, failures: [] };
  const started = performance.now();
  try {
    await sendAll(tally, inputs, runs, seed, target);
  } finally {
    tally.seconds = (performance.now() - started) / 1000;
  }
  return tally;
}

async function sendAll(tally: RouteTally, inputs: fc.Arbitrary<FuzzRequest>, runs: number, seed: number, target: FuzzTarget): Promise<void> {
  let before = target.fingerprint.take();
  for (const request of fc.sample(inputs, { numRuns: runs, seed })) {
    tally.inputs++;
    if (request.valid) tally.valid++;
    else tally.broken++;
    let answer: RawAnswer;
    try {
      answer = await sendRaw(target.origin, {
        method: request.method,
        target: request.target,
        headers: { ...target.headers, ...(request.contentType !== undefined ? { 'Content-Type': request.contentType } : {}) },
        body: request.body,
      });
    } catch (error) {
      tally.failures.push({ what: `no answer: ${(error as Error).message}`, request });
      if (!(await target.alive())) {
        tally.failures.push({ what: 'the service stopped answering', request });
        return;
      }
      continue;
    }
    if (answer.status >= 500) {
      tally.failures.push({ what: `answered ${answer.status}`, request, status: answer.status, answer: answer.text.slice(0, 300) });
      before = target.fingerprint.since(before).now;
      continue;
    }
    if (answer.status >= 400) {
      tally.refused++;
      const { kept, now: after } = target.fingerprint.since(before);
      if (kept) tally.storeKept++;
      else {
        const changed = Object.keys(after.rows).filter((table) => after.rows[table] !== before.rows[table]);
        tally.failures.push({ what: `refused (${answer.status}) but the store changed: ${changed.join(', ')}`, request, status: answer.status, answer: answer.text.slice(0, 300) });
      }
      before = after;
      continue;
    }
    tally.ok++;
    await target.settle(answer);
    // A read that changed nothing (data_version as before) keeps the digest; only a write makes it read again.
    before = target.fingerprint.since(before).now;
  }
}

const COUNTS = ['inputs', 'valid', 'broken', 'ok', 'refused', 'storeKept'] as const;

/** Prints the routes' tallies as one table, with a row adding them up. */
export function printTallies(title: string, tallies: readonly RouteTally[]): void {
  const sum = (pick: (t: RouteTally) => number) => tallies.reduce((n, t) => n + pick(t), 0);
  printTable(title, ['route', 'inputs', 'valid', 'broken', '2xx', '4xx', 'store kept', 'failures', 's'], [
    ...tallies.map((t) => [t.route, ...COUNTS.map((k) => t[k]), t.failures.length, t.seconds.toFixed(1)]),
    ['all routes', ...COUNTS.map((k) => sum((t) => t[k])), sum((t) => t.failures.length), sum((t) => t.seconds).toFixed(0)],
  ]);
}

export function describeFailures(tallies: RouteTally[]): string {
  return tallies
    .flatMap((tally) => tally.failures.map((failure) => `${tally.route}: ${failure.what}\n  ${shown(failure.request)}${failure.answer ? `\n  answer: ${failure.answer}` : ''}`))
    .join('\n');
}
