// D's hop alone: what a call to a Python replica costs between the service's thread and the driver, without HTTP.
// The real host of a Python image (serve/modelbay_host.py, the text images are built with) runs a driver over its
// real protocol (a JSON line on stdin, the answer on fd 3), called one at a time as a c1 client calls: once with a
// driver that answers 0 at once (pipes, the host's loop and its JSON: the hop), once with the bench's hashing driver.
// The c1 gap between a Python replica and gunicorn (which runs the driver inside the HTTP server) is this hop.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { PYTHON_HOST } from '../../../src/server/images/hosts/pythonHost';
import { pythonExecutable } from '../../../src/server/runtime/sandbox/hostLaunch';
import { median } from './stats';

export interface HopResult {
  /** Round trip with a driver that does nothing, µs (median of the calls). */
  emptyUs: number;
  /** Round trip with the hashing driver, µs. */
  driverUs: number;
}

async function imageWith(driver: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-hop-'));
  await fs.mkdir(path.join(dir, 'serve'));
  await fs.mkdir(path.join(dir, 'app'));
  await fs.mkdir(path.join(dir, 'models'));
  await fs.writeFile(path.join(dir, 'serve', 'modelbay_host.py'), PYTHON_HOST);
  await fs.writeFile(path.join(dir, 'modelbay-image.json'), JSON.stringify({ driverProgram: 'score.py' }));
  await fs.writeFile(path.join(dir, 'app', 'score.py'), driver);
  return dir;
}

/** Median round trip, µs, of `calls` sequential calls (after a warm-up) through the host in `imageDir`. */
async function roundTrips(imageDir: string, body: string, calls: number): Promise<number> {
  const child = spawn(pythonExecutable(), [path.join(imageDir, 'serve', 'modelbay_host.py'), '--stdio'], {
    cwd: path.join(imageDir, 'app'),
    stdio: ['pipe', 'ignore', 'inherit', 'pipe'],
  });
  const lines = createInterface({ input: child.stdio[3] as Readable });
  const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
  const ready = JSON.parse(await next()) as { ready: boolean; error?: string };
  if (!ready.ready) throw new Error(`the Python host did not start: ${ready.error}`);
  const samples: number[] = [];
  const warmUp = Math.ceil(calls / 5);
  for (let id = 1; id <= warmUp + calls; id++) {
    const started = performance.now();
    const answered = next();
    // What ProcessReplica writes for a raw call: the body's JSON as text inside the protocol's line.
    child.stdin!.write(`${JSON.stringify({ id, body: JSON.stringify(JSON.parse(body)) })}\n`);
    const answer = JSON.parse(await answered) as { ok: boolean; result?: string; error?: string };
    if (!answer.ok) throw new Error(`the driver failed: ${answer.error}`);
    JSON.parse(answer.result ?? 'null');
    if (id > warmUp) samples.push((performance.now() - started) * 1000);
  }
  child.kill();
  return median(samples);
}

export async function measurePythonHop(hashingDriver: string, body: string, calls = 5000): Promise<HopResult> {
  const empty = await imageWith('def run(raw):\n    return 0\n');
  const hashing = await imageWith(await fs.readFile(hashingDriver, 'utf8'));
  try {
    return { emptyUs: await roundTrips(empty, body, calls), driverUs: await roundTrips(hashing, body, calls) };
  } finally {
    await Promise.all([empty, hashing].map((dir) => fs.rm(dir, { recursive: true, force: true })));
  }
}
