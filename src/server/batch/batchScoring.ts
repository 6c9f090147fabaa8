import type { ServiceContext } from '../context';
import { ApiError } from '../errors';
import type { Admission } from '../gateway/admission';
import type { EndpointDirectory } from '../gateway/endpointDirectory';
import { poolForEndpoint, runningPool } from '../gateway/endpointPools';
import type { ScoreResult } from '../runtime/scoreRequest';

/** Why a job stops: its Details, in words a user can act on. */
export class JobFailure extends Error {}

/** How long a job waits out a service that cannot take calls (being redeployed, restarting, busy) before failing. */
const UNAVAILABLE_LIMIT_MS = 5 * 60_000;

export interface BatchScoringDeps {
  context: ServiceContext;
  endpoints: EndpointDirectory;
  admission: Admission;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', stop, { once: true });
  });

/**
 * Sends one batch (an RRS body) to the endpoint's replicas, as a synchronous call would go, sharing them fairly:
 * - a batch takes a place of the endpoint's admission like any call, but only while at least one more place stays
 *   free: a job never takes the last place, which synchronous calls keep; when the endpoint is busy it waits;
 * - a job has at most one batch in flight (its loop awaits each), so jobs add at most one call each to the
 *   replicas' queue, where they wait their turn behind calls already waiting;
 * - when the replicas are busy or restarting (503), the batch is retried after a pause, not failed.
 */
export async function scoreBatch(deps: BatchScoringDeps, endpointId: string, text: string, signal: AbortSignal): Promise<{ result: ScoreResult; ms: number }> {
  const since = Date.now();
  for (let pause = 100; ; pause = Math.min(pause * 2, 2000)) {
    const found = deps.endpoints.cached(endpointId) ?? (await deps.endpoints.load(endpointId));
    if (!found) throw new JobFailure('The endpoint was deleted while the job ran.');
    const { endpoint, account } = found;
    const limit = Math.max(1, endpoint.maxConcurrentCalls - 1);
    let result: ScoreResult | undefined;
    let started = 0;
    if (deps.admission.tryEnter(endpoint.id, limit)) {
      try {
        const pool = runningPool(deps.context, endpoint) ?? (await poolForEndpoint(deps.context, account, endpoint));
        const call = { text, tablesOnly: true, details: false, records: false };
        started = performance.now();
        result = await pool.score(call);
      } catch (error) {
        if (!(error instanceof ApiError) || error.statusCode !== 503) throw new JobFailure(error instanceof Error ? error.message : String(error));
        result = { ok: false, status: 503, code: error.code, message: error.message };
      } finally {
        deps.admission.leave(endpoint.id);
      }
      if (result.ok || result.status !== 503) return { result, ms: performance.now() - started };
    }
    if (Date.now() - since > UNAVAILABLE_LIMIT_MS) {
      const why = result && !result.ok ? result.message : 'the endpoint stayed full';
      throw new JobFailure(`The service could not take the job's calls for ${UNAVAILABLE_LIMIT_MS / 60_000} minutes: ${why}`);
    }
    await sleep(pause, signal);
  }
}

/** An answer's tables by output name (RRS Results: `{name: {type, value: {ColumnNames, Values}}}`). */
export type AnsweredTables = Map<string, { columns: string[]; values: unknown[][] }>;

export function answeredTables(text: string): AnsweredTables {
  const parsed = JSON.parse(text) as { Results?: Record<string, { value?: { ColumnNames?: unknown; Values?: unknown } }> };
  const tables: AnsweredTables = new Map();
  for (const [name, table] of Object.entries(parsed.Results ?? {})) {
    const columns = table.value?.ColumnNames;
    const values = table.value?.Values;
    if (!Array.isArray(columns) || !Array.isArray(values)) throw new JobFailure(`The model's output '${name}' is not a table.`);
    tables.set(name, { columns: columns.map(String), values: values as unknown[][] });
  }
  return tables;
}
