// Team store benchmark: the same service over HTTP on SQLite (the embedded default) and on PostgreSQL (the team
// store; a server this script starts in a temp folder), measured side by side in one run: registrations per second
// (one at a time, and 8 in flight) and list latency over 10,000 models, samples taken alternately from the two.
// Prints a table with the ratios PostgreSQL / SQLite. Usage: npm run bench:team   (BENCH_REGISTRATIONS to change)
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AccountClient } from '../../src/api/client';
import { startPostgres } from '../server/helpers/postgresServer';
import { startServiceProcess, type ServiceProcess } from '../server/helpers/serviceProcess';
import { ensureDatabase } from '../server/helpers/testStore';
import { inParallel } from './inParallel';
import { percentile } from './scoring/stats';

const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? 1000);
const LIST_SIZE = 10_000;
const LIST_SAMPLES = 60;

interface Target {
  label: string;
  service: ServiceProcess;
  account: AccountClient;
  assetUrl: string;
}

const request = (t: Target, i: number) => ({ name: `bench${i % 50}`, mimeType: 'application/octet-stream', url: t.assetUrl, tags: ['bench'] });

async function main(): Promise<void> {
  const postgres = await startPostgres();
  const store = await ensureDatabase(postgres.url('postgres'), 'modelbay_bench');
  const targets: Target[] = [];
  for (const [label, args] of [['SQLite', []], ['PostgreSQL', ['--store', store]]] as const) {
    const service = await startServiceProcess({ args: [...args] });
    const asset = await service.account.uploadAsset('bench.bin', Buffer.from('bench'));
    targets.push({ label, service, account: service.account, assetUrl: asset.url });
  }
  const [sqlite, pg] = targets as [Target, Target];
  try {
    console.log(`Team store benchmark (${os.cpus().length} cores, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})\n`);
    const rows: [string, number, number, string][] = [];
    // Registrations: each store in turn, twice, so a busy moment hits both alike; the better of the two runs.
    const best = async (concurrency: number) => {
      const ms = new Map<Target, number>();
      for (let round = 0; round < 2; round++) {
        for (const t of round === 0 ? [sqlite, pg] : [pg, sqlite]) {
          const took = await inParallel(REGISTRATIONS / 2, concurrency, (i) => t.account.registerModel(request(t, i)));
          ms.set(t, Math.min(ms.get(t) ?? Infinity, took));
        }
      }
      return [sqlite, pg].map((t) => (REGISTRATIONS / 2 / ms.get(t)!) * 1000) as [number, number];
    };
    rows.push(['registrations/s, one at a time', ...(await best(1)), 'higher is better']);
    rows.push(['registrations/s, 8 in flight', ...(await best(8)), 'higher is better']);

    // 10,000 models in each, then list latencies, samples alternating between the two.
    for (const t of targets) {
      const have = 2 * REGISTRATIONS;
      await inParallel(LIST_SIZE - have, 8, (i) => t.account.registerModel(request(t, i)));
    }
    const deepLinks = new Map<Target, string>();
    for (const t of targets) {
      let page = await t.account.listModels({ count: 100 });
      for (let i = 0; i < 90 && page.nextLink; i++) {
        deepLinks.set(t, page.nextLink);
        page = await t.account.getByLocation(page.nextLink);
      }
    }
    const lists: [string, (t: Target) => Promise<unknown>][] = [
      [`list ${LIST_SIZE} models, first page of 100, p50 ms`, (t) => t.account.listModels({ count: 100 })],
      ['  filtered by name (200 matches), p50 ms', (t) => t.account.listModels({ name: 'bench7', count: 100 })],
      ['  filtered by tag (all match), p50 ms', (t) => t.account.listModels({ tag: 'bench', count: 100 })],
      ['  page 91 of 100 via nextLink, p50 ms', (t) => t.account.getByLocation(deepLinks.get(t)!)],
    ];
    for (const [label, read] of lists) {
      const samples = new Map<Target, number[]>([[sqlite, []], [pg, []]]);
      for (let i = 0; i < LIST_SAMPLES; i++) {
        for (const t of i % 2 === 0 ? [sqlite, pg] : [pg, sqlite]) {
          const start = performance.now();
          await read(t);
          samples.get(t)!.push(performance.now() - start);
        }
      }
      rows.push([label, percentile(samples.get(sqlite)!, 50), percentile(samples.get(pg)!, 50), 'lower is better']);
    }
    console.log(`${'measure'.padEnd(52)}${'SQLite'.padStart(10)}${'PostgreSQL'.padStart(12)}${'PG / SQLite'.padStart(13)}`);
    for (const [label, a, b, better] of rows) {
      console.log(`${label.padEnd(52)}${a.toFixed(a < 100 ? 2 : 0).padStart(10)}${b.toFixed(b < 100 ? 2 : 0).padStart(12)}${(b / a).toFixed(2).padStart(13)}  ${better}`);
    }
  } finally {
    await Promise.all(targets.map((t) => t.service.stop()));
    await postgres.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
