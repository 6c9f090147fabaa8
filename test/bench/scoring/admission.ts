// E: an endpoint driven at twice its maxConcurrentCalls. The excess calls must be refused at once (503
// RequestThrottled, p99 under 5 ms) and the admitted ones must not suffer for it: their p99 within 2x of the p99
// of the same endpoint driven at exactly its limit, where nothing is refused ("unloaded" by excess calls).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Target } from './deployments';
import { median } from './stats';

interface Loop {
  seconds: number;
  cpu: number;
  byStatus: Record<string, { count: number; p50: number; p99: number } | undefined>;
}

function callLoop(target: Target, body: string, connections: number, seconds: number): Promise<Loop> {
  const child = spawn(process.execPath, [path.join(__dirname, 'callLoop.mjs'), target.url, target.key, body, String(connections), String(seconds)]);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`callLoop exited ${code}: ${out.slice(0, 400)}`);
        resolve(JSON.parse(out) as Loop);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
}

export interface AdmissionResult {
  limit: number;
  atLimitP99: number;
  admittedP99: number;
  refusedP99: number;
  refusedP50: number;
  admittedPerSecond: number;
  refusedPerSecond: number;
  other: number;
  clientCpu: number;
}

/** Interleaved rounds: at the limit, then at twice it; medians over rounds. */
export async function measureAdmission(target: Target, body: string, limit: number, rounds: number, seconds: number): Promise<AdmissionResult> {
  const at: Loop[] = [];
  const over: Loop[] = [];
  await callLoop(target, body, limit, 1); // warm
  for (let r = 0; r < rounds; r++) {
    at.push(await callLoop(target, body, limit, seconds));
    over.push(await callLoop(target, body, 2 * limit, seconds));
  }
  const of = (loops: Loop[], status: string, pick: (s: { count: number; p50: number; p99: number }) => number) =>
    median(loops.map((l) => { const s = l.byStatus[status]; return s ? pick(s) : NaN; }).filter(Number.isFinite));
  const other = over.reduce((n, l) => n + Object.entries(l.byStatus).filter(([s]) => s !== '200' && s !== '503').reduce((m, [, v]) => m + (v?.count ?? 0), 0), 0);
  return {
    limit,
    atLimitP99: of(at, '200', (s) => s.p99),
    admittedP99: of(over, '200', (s) => s.p99),
    refusedP99: of(over, '503', (s) => s.p99),
    refusedP50: of(over, '503', (s) => s.p50),
    admittedPerSecond: median(over.map((l) => (l.byStatus['200']?.count ?? 0) / l.seconds)),
    refusedPerSecond: median(over.map((l) => (l.byStatus['503']?.count ?? 0) / l.seconds)),
    other,
    clientCpu: Math.max(...[...at, ...over].map((l) => l.cpu)),
  };
}
