// G: what confining drivers costs. The same feature-hashing driver, Python and Node, on two services side by side:
// one with drivers confined (each replica host in a bubblewrap sandbox: a child process, for Node too) and one with
// drivers unconfined (Python in a child process, Node in a worker thread of the service). Per call: throughput at
// concurrency 20 and p50 at concurrency 1 (the rows join the bench's interleaved rounds); at start: the service's
// own start (it checks bubblewrap once) and POST /services to Succeeded (a replica's start), medians of a few.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AccountClient } from '../../../src/api/client';
import { buildImage } from '../../server/helpers/deploy';
import { deploy, HASHING_JS, HASHING_PY, type Target } from './deployments';
import { startModelbay, type ModelbayProcess } from './processes';
import { fixed, median } from './stats';
import type { Row } from './table';

export const MODES = ['confined', 'unconfined'] as const;
export type Mode = (typeof MODES)[number];
export type DriverRuntime = 'Python' | 'Node';

export interface ConfinementSide {
  mode: Mode;
  service: ModelbayProcess;
  /** ms from starting `node dist/server.js` to its "listening" line. */
  startMs: number;
  targets: Record<DriverRuntime, Target>;
  /** ms from POST /services to Succeeded, one per deploy. */
  toSucceeded: Record<DriverRuntime, number[]>;
}

/** The row label of a runtime on a side, as the bench's table prints it. */
export const confinementLabel = (runtime: DriverRuntime, mode: Mode): string => `G ${runtime === 'Python' ? 'py' : 'js'} ${mode}`;

/** True when bwrap can run here; the confined side cannot start drivers without it (the test setup installs it). */
export function bubblewrapPresent(): boolean {
  return spawnSync('bwrap', ['--version']).error === undefined;
}

async function startSide(mode: Mode): Promise<{ service: ModelbayProcess; startMs: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `modelbay-bench-${mode}-`));
  await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ drivers: mode }));
  const started = performance.now();
  const service = await startModelbay(dir);
  return { service, startMs: performance.now() - started };
}

/**
 * One side: the service, the two drivers deployed once to be scored, and `deploys` more deploys of each (deleted
 * once Succeeded) for the start times. One replica each, per-replica concurrency 20 as in D.
 */
export async function startConfinementSide(mode: Mode, deploys: number): Promise<ConfinementSide> {
  const { service, startMs } = await startSide(mode);
  const account: AccountClient = service.account;
  const wide = { maxConcurrentRequestsPerContainer: 20, numReplicas: 1 };
  const images = {
    Python: await buildImage(account, 'g-hashpy', 'Python', { 'score.py': await fs.readFile(HASHING_PY) }, { driver: 'score.py' }),
    Node: await buildImage(account, 'g-hashjs', 'Node', { 'score.js': await fs.readFile(HASHING_JS) }, { driver: 'score.js' }),
  };
  const targets = {} as Record<DriverRuntime, Target>;
  const toSucceeded: Record<DriverRuntime, number[]> = { Python: [], Node: [] };
  for (const runtime of ['Python', 'Node'] as const) {
    const kept = await deploy(account, images[runtime], `g-${runtime.toLowerCase()}`, wide);
    targets[runtime] = kept;
    toSucceeded[runtime].push(kept.ms);
    for (let i = 0; i < deploys; i++) {
      const again = await deploy(account, images[runtime], `g-${runtime.toLowerCase()}-${i}`, wide);
      toSucceeded[runtime].push(again.ms);
      await account.services.delete(again.serviceId);
    }
  }
  return { mode, service, startMs, targets, toSucceeded };
}

const ofRow = (row: Row | undefined, pick: 'c1p50' | 'c20rate'): number => {
  const measured = pick === 'c1p50' ? row?.c1 : row?.c20;
  return measured ? median(measured.runs.map((r) => (pick === 'c1p50' ? r.p50 : r.perSecond))) : NaN;
};

/** G's summary: per runtime, confined beside unconfined and their ratio (confined / unconfined). */
export function printConfinement(rows: Map<string, Row>, sides: readonly ConfinementSide[]): void {
  const side = (mode: Mode) => sides.find((s) => s.mode === mode)!;
  const [confined, unconfined] = [side('confined'), side('unconfined')];
  console.log('\nG  drivers confined (bubblewrap) vs unconfined: confined / unconfined');
  console.log(`${''.padEnd(24)}${['confined', 'unconfined', 'ratio'].map((h) => h.padStart(12)).join('')}`);
  const line = (label: string, a: number, b: number, digits: number) =>
    console.log(`${label.padEnd(24)}${[fixed(a, digits), fixed(b, digits), fixed(a / b, 2)].map((c) => c.padStart(12)).join('')}`);
  for (const runtime of ['Python', 'Node'] as const) {
    const [c, u] = [rows.get(confinementLabel(runtime, 'confined')), rows.get(confinementLabel(runtime, 'unconfined'))];
    line(`${runtime} c20 calls/s`, ofRow(c, 'c20rate'), ofRow(u, 'c20rate'), 0);
    line(`${runtime} c1 p50 ms`, ofRow(c, 'c1p50'), ofRow(u, 'c1p50'), 3);
    line(`${runtime} to Succeeded ms`, median(confined.toSucceeded[runtime]), median(unconfined.toSucceeded[runtime]), 0);
  }
  line('service listening ms', confined.startMs, unconfined.startMs, 0);
  console.log(`(to Succeeded: median of ${confined.toSucceeded.Python.length} deploys, POST /services to Succeeded, one replica started)`);
}
