// E: an endpoint driven at twice its maxConcurrentCalls. The excess calls must be refused at once (503
// RequestThrottled, p99 under 5 ms) and the admitted ones must not suffer for it: their p99 within 2x of the p99
// of the same endpoint driven at exactly its limit, where nothing is refused ("unloaded" by excess calls).
// The refusal time is measured by wrk (exact, in C) while the endpoint's places are all held by calls that sleep in
// the driver, so every call it sends is an excess call; the admitted p99 by closed-loop Node callers, which tell
// the statuses apart (the same callers at the limit and at twice it, so their own delay is in both).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Target } from './deployments';
import { runWrk, type WrkResult } from './wrk';
import { median, percentile } from './stats';

interface Loop {
  seconds: number;
  /** The callers' CPU, as the largest share of a core any one of their processes used. */
  cpu: number;
  samples: Record<string, number[]>;
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

/**
 * The callers split over two processes: one Node process driving 40 connections spends most of a core, and its
 * own event loop's delay would be counted as the server's latency.
 */
async function callers(target: Target, body: string, connections: number, seconds: number): Promise<Loop> {
  const half = Math.ceil(connections / 2);
  const parts = await Promise.all([callLoop(target, body, half, seconds), callLoop(target, body, connections - half, seconds)]);
  const samples: Record<string, number[]> = {};
  for (const part of parts) for (const [status, ms] of Object.entries(part.samples)) (samples[status] ??= []).push(...ms);
  return { seconds: Math.max(...parts.map((p) => p.seconds)), cpu: Math.max(...parts.map((p) => p.cpu)), samples };
}

export interface AdmissionResult {
  limit: number;
  /** wrk's view of the excess calls while the limit is held: every one refused. */
  refusal?: { p50: number; p99: number; perSecond: number; refused: number; requests: number; wrkCpu: number };
  atLimitP99: number;
  admittedP99: number;
  refusedP99: number;
  refusedP50: number;
  admittedPerSecond: number;
  refusedPerSecond: number;
  other: number;
  clientCpu: number;
}

/**
 * `limit` calls held in the sleeping driver, and wrk sending `limit` more connections' worth of calls meanwhile: a
 * warm-up second, then `rounds` runs; the medians of the runs (one run's p99 on two cores moves with whatever else
 * the machine did in that second, as the bare server's own p99 does).
 */
export async function measureRefusal(sleeper: Target, limit: number, seconds: number, rounds = 1): Promise<NonNullable<AdmissionResult['refusal']>> {
  const hold = (ms: number) =>
    fetch(sleeper.url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${sleeper.key}` }, body: JSON.stringify({ sleep: ms }) });
  const holders = Array.from({ length: limit }, () => hold((1 + rounds * (seconds + 1) + 3) * 1000));
  await new Promise((r) => setTimeout(r, 500)); // every holder admitted and sleeping
  const call = { url: sleeper.url, body: '{"excess": true}', headers: { Authorization: `Bearer ${sleeper.key}` } };
  await runWrk(call, limit, 1);
  const runs: WrkResult[] = [];
  for (let r = 0; r < rounds; r++) runs.push(await runWrk(call, limit, seconds));
  await Promise.all(holders);
  const of = (pick: (run: WrkResult) => number) => median(runs.map(pick));
  return {
    p50: of((r) => r.p50),
    p99: of((r) => r.p99),
    perSecond: of((r) => r.perSecond),
    refused: runs.reduce((n, r) => n + r.non2xx, 0),
    requests: runs.reduce((n, r) => n + r.requests, 0),
    wrkCpu: Math.max(...runs.map((r) => r.wrkCpu)),
  };
}

/** Interleaved rounds: at the limit, then at twice it; medians over rounds. */
export async function measureAdmission(target: Target, body: string, limit: number, rounds: number, seconds: number): Promise<AdmissionResult> {
  const at: Loop[] = [];
  const over: Loop[] = [];
  await callers(target, body, limit, 1); // warm
  for (let r = 0; r < rounds; r++) {
    at.push(await callers(target, body, limit, seconds));
    over.push(await callers(target, body, 2 * limit, seconds));
  }
  const of = (loops: Loop[], status: string, p: number) => median(loops.map((l) => percentile(l.samples[status] ?? [], p)).filter(Number.isFinite));
  const rate = (loops: Loop[], status: string) => median(loops.map((l) => (l.samples[status]?.length ?? 0) / l.seconds));
  const other = over.reduce((n, l) => n + Object.entries(l.samples).filter(([s]) => s !== '200' && s !== '503').reduce((m, [, v]) => m + v.length, 0), 0);
  return {
    limit,
    atLimitP99: of(at, '200', 99),
    admittedP99: of(over, '200', 99),
    refusedP99: of(over, '503', 99),
    refusedP50: of(over, '503', 50),
    admittedPerSecond: rate(over, '200'),
    refusedPerSecond: rate(over, '503'),
    other,
    clientCpu: Math.max(...[...at, ...over].map((l) => l.cpu)),
  };
}
