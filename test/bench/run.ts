// Service benchmark: the HTTP API measured side by side with the same store called in-process, in one run.
// Prints rates and latencies and their ratios (the service's overhead over its store). Not a test: no pass/fail.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqliteStore } from '../../src/server/store/sqlite/sqliteStore';
import type { Model } from '../../src/api/schemas';
import { startServiceProcess } from '../server/helpers/serviceProcess';
import { inParallel } from './inParallel';

const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? 2000);
const LIST_SIZE = 10_000;
const LIST_SAMPLES = 60;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

const row = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);

async function main(): Promise<void> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-bench-'));
  const store = openSqliteStore(path.join(folder, 'direct.sqlite'));
  await store.accounts.put({ subscriptionId: 'b', resourceGroupName: 'b', accountName: 'b' }, {});
  const draft = (id: string, version: number, name: string): Model => ({
    id, name, version, mimeType: 'application/octet-stream', url: 'http://127.0.0.1/asset', tags: ['bench'], unpack: false, createdAt: new Date().toISOString(),
  });

  const service = await startServiceProcess();
  const asset = await service.account.uploadAsset('bench.bin', Buffer.from('bench'));
  const request = (i: number) => ({ name: `bench${i % 50}`, mimeType: 'application/octet-stream', url: asset.url, tags: ['bench'] });

  console.log(`Modelbay service benchmark (${os.cpus().length} cores, node ${process.version})\n`);
  // Registrations: one at a time, then 8 in flight.
  const directSerial = await inParallel(REGISTRATIONS, 1, async (i) => store.models.create('b/b/b', `bench${i % 50}`, ({ id, version }) => draft(id, version, `bench${i % 50}`)));
  const httpSerial = await inParallel(REGISTRATIONS, 1, (i) => service.account.registerModel(request(i)));
  const httpParallel = await inParallel(REGISTRATIONS, 8, (i) => service.account.registerModel(request(i)));
  const rate = (ms: number) => (REGISTRATIONS / ms) * 1000;
  row('registrations/s, store in-process (fsync per commit)', rate(directSerial).toFixed(0));
  row('registrations/s, HTTP one at a time', rate(httpSerial).toFixed(0));
  row('registrations/s, HTTP 8 in flight', rate(httpParallel).toFixed(0));
  row('ratio HTTP(1) / store: time per registration', (httpSerial / directSerial).toFixed(2));

  // A list of 10,000 models: fill both to the same size, then read first pages, filtered pages and deep pages.
  const have = REGISTRATIONS * 2;
  await inParallel(LIST_SIZE - have, 8, (i) => service.account.registerModel(request(i)));
  for (let i = REGISTRATIONS; i < LIST_SIZE; i++) await store.models.create('b/b/b', `bench${i % 50}`, ({ id, version }) => draft(id, version, `bench${i % 50}`));
  const firstDirect = await timeEach(LIST_SAMPLES, () => store.models.list('b/b/b', {}, { count: 100 }));
  const firstHttp = await timeEach(LIST_SAMPLES, () => service.account.listModels({ count: 100 }));
  const byName = await timeEach(LIST_SAMPLES, () => service.account.listModels({ name: 'bench7', count: 100 }));
  const byTag = await timeEach(LIST_SAMPLES, () => service.account.listModels({ tag: 'bench', count: 100 }));
  let deepLink: string | undefined;
  let page = await service.account.listModels({ count: 100 });
  for (let i = 0; i < 90 && page.nextLink; i++) page = await service.account.getByLocation((deepLink = page.nextLink));
  const deep = await timeEach(LIST_SAMPLES, () => service.account.getByLocation(deepLink!));
  const fmt = (s: number[]) => `p50 ${percentile(s, 50).toFixed(2)} ms  p99 ${percentile(s, 99).toFixed(2)} ms`;
  row(`list ${LIST_SIZE} models, first page of 100, store in-process`, fmt(firstDirect));
  row(`list ${LIST_SIZE} models, first page of 100, HTTP`, fmt(firstHttp));
  row('  filtered by name (200 matches)', fmt(byName));
  row('  filtered by tag (all match)', fmt(byTag));
  row('  page 91 of 100 (via nextLink)', fmt(deep));
  row('ratio HTTP / store: first page p50', (percentile(firstHttp, 50) / percentile(firstDirect, 50)).toFixed(2));

  await service.stop();
  await store.close();
  await fs.rm(folder, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
