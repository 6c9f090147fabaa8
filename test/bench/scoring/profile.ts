// Profiles the Modelbay service under wrk load: starts it with --cpu-prof, deploys iris (one replica), drives one
// request format at concurrency 20, stops it, and prints where the main thread's (and the replica's) time went.
// Usage: npx tsx test/bench/scoring/profile.ts [raw|v2|rrs|refused] [seconds=5]   (refused: E's excess calls, all
// answered 503 while 20 sleeping calls hold the endpoint)
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measureRefusal } from './admission';
import { deployAll } from './deployments';
import { startModelbay } from './processes';
import { summarize } from './profileSummary';
import { ensureWrk, runWrk } from './wrk';

const BODIES: Record<string, string> = {
  raw: '{"data": [[5.1, 3.5, 1.4, 0.2]]}',
  v2: '{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}]}',
  rrs: '{"Inputs": {"input1": {"ColumnNames": ["a", "b", "c", "d"], "Values": [[5.1, 3.5, 1.4, 0.2]]}}, "GlobalParameters": {}}',
};

async function main(): Promise<void> {
  const [format = 'raw', seconds = '5'] = process.argv.slice(2);
  ensureWrk();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-profile-'));
  const service = await startModelbay(undefined, ['--cpu-prof', '--cpu-prof-dir', dir]);
  const { iris1, sleeper } = await deployAll(service.account);
  if (format === 'refused') {
    const result = await measureRefusal(sleeper, 20, Number(seconds));
    console.log(`refused: ${result.perSecond.toFixed(0)} calls/s at c20, p50 ${result.p50.toFixed(2)} ms; profiles in ${dir}\n`);
  } else {
    const call = { url: iris1.url, body: BODIES[format]!, headers: { Authorization: `Bearer ${iris1.key}` } };
    await runWrk(call, 20, 1);
    const result = await runWrk(call, 20, Number(seconds));
    console.log(`${format}: ${result.perSecond.toFixed(0)} calls/s at c20, p50 ${result.p50.toFixed(2)} ms; profiles in ${dir}\n`);
  }
  await service.stop();
  await fs.rm(service.dataDir, { recursive: true, force: true });
  // One profile per thread: the service's main thread (it ran server.js) and each replica worker (replicaWorker.js).
  for (const f of (await fs.readdir(dir)).filter((name) => name.endsWith('.cpuprofile'))) {
    const text = await fs.readFile(path.join(dir, f), 'utf8');
    const thread = text.includes('dist/server.js') ? 'main thread' : text.includes('replicaWorker.js') ? 'replica worker' : 'other thread';
    console.log(`=== ${thread} (${f})`);
    // The load ran last, just before the stop: its seconds (and the short shutdown) are what is summed.
    console.log(summarize(JSON.parse(text) as Parameters<typeof summarize>[0], thread === 'main thread' ? 40 : 15, Number(seconds) + 0.5));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
