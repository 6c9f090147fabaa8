// F's second half: how long the Local service takes from spawn to its first answer, on a fresh data folder
// (first use of the extension) and on the bench's own folder with its services to bring back (a restart).
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startModelbay, type ModelbayProcess } from './processes';
import type { Target } from './deployments';

async function until(ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (performance.now() > deadline) throw new Error('no answer in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Spawn of a fresh service (of the build `bundle`) to its first 200 from /healthz. */
export async function freshStart(bundle?: string): Promise<{ listening: number; firstAnswer: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-bench-fresh-'));
  const started = performance.now();
  const service = await startModelbay(dir, [], bundle);
  await until(async () => (await fetch(`${service.url}/healthz`)).ok, 10_000);
  const firstAnswer = performance.now() - started;
  await service.stop();
  await fs.rm(dir, { recursive: true, force: true });
  return { listening: service.startMs, firstAnswer };
}

/** Stops `service` and starts it again on its folder: spawn to the first 200 scoring answer from `target`. */
export async function restartToFirstScore(service: ModelbayProcess, target: Target, body: string): Promise<{ service: ModelbayProcess; ms: number }> {
  await service.stop();
  const started = performance.now();
  const again = await startModelbay(service.dataDir);
  const url = target.url.replace(/^http:\/\/[^/]+/, again.url);
  const score = async () =>
    (await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${target.key}` }, body })).status === 200;
  await until(score, 30_000);
  return { service: again, ms: performance.now() - started };
}
