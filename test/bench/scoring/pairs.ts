// C against B in pairs, for a shared machine: each round measures B (node:http + onnxruntime in a worker) and
// Modelbay (and, with BENCH_BASELINE, the build before) back to back, in an order that turns each round, and the
// ratio is taken per round; the medians of those ratios are printed. Other people's load moves from second to
// second, so a ratio of two cells measured a minute apart (the full bench's medians) can swing by 0.3 where a ratio
// of two cells measured a second apart does not. It also prints the CPU each server spent per call at c20 (all its
// threads, and its main thread alone, from /proc): under others' load that is steadier than calls per second, and
// B's per-call CPU over C's is the throughput ratio C would reach if CPU were the only limit. Not a test.
// Usage: npx tsx test/bench/scoring/pairs.ts [rounds=15] [seconds=2]   (BENCH_BASELINE=<other dist/server.js>)
import { promises as fs } from 'node:fs';
import { treeCpuSeconds } from './cpu';
import { deployAll, IRIS_MODEL, type Target } from './deployments';
import { SERVER_BUNDLE, startModelbay, startReference, type Started } from './processes';
import { loadAverage, median } from './stats';
import { ensureWrk, runWrk, type Call, type WrkResult } from './wrk';

const RAW = '{"data": [[5.1, 3.5, 1.4, 0.2]]}';
const RRS = '{"Inputs": {"input1": {"ColumnNames": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "Values": [[5.1, 3.5, 1.4, 0.2]]}}, "GlobalParameters": {}}';

const keyed = (t: Target, body: string): Call => ({ url: t.url, body, headers: { Authorization: `Bearer ${t.key}` } });

/** CPU seconds of one thread (the main thread's id is the process id), from /proc; NaN where it cannot be read. */
async function threadCpuSeconds(pid: number | undefined): Promise<number> {
  const text = await fs.readFile(`/proc/${pid}/task/${pid}/stat`, 'utf8').catch(() => '');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return text ? (Number(fields[11]) + Number(fields[12])) / 100 : NaN;
}

interface Contender {
  label: string;
  pid: number | undefined;
  /** Per c20 run: server CPU per call in µs, all threads and main thread. */
  cpuUs: number[];
  mainUs: number[];
  raw: Call;
  rrs?: Call;
  c20: WrkResult[];
  c1: WrkResult[];
  rrs20: WrkResult[];
}

async function main(): Promise<void> {
  const [rounds = 15, seconds = 2] = process.argv.slice(2).map(Number);
  ensureWrk();
  const before = await loadAverage();
  const servers: Started[] = [];
  const dataDirs: string[] = [];
  const reference = await startReference('onnxServer.mjs', [IRIS_MODEL]);
  servers.push(reference);
  const contenders: Contender[] = [{ label: 'B', pid: reference.child.pid, cpuUs: [], mainUs: [], raw: { url: reference.url, body: RAW }, c20: [], c1: [], rrs20: [] }];
  const builds: [string, string][] = [['C', SERVER_BUNDLE], ...(process.env.BENCH_BASELINE ? [['C before', process.env.BENCH_BASELINE] as [string, string]] : [])];
  for (const [label, bundle] of builds) {
    const service = await startModelbay(undefined, [], bundle);
    servers.push(service);
    dataDirs.push(service.dataDir);
    const { iris1 } = await deployAll(service.account);
    contenders.push({ label, pid: service.child.pid, cpuUs: [], mainUs: [], raw: keyed(iris1, RAW), rrs: keyed(iris1, RRS), c20: [], c1: [], rrs20: [] });
  }
  for (const c of contenders) await runWrk(c.raw, 20, 1); // warm up
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(i + round) % contenders.length]!;
      const [cpu0, main0] = [await treeCpuSeconds(c.pid), await threadCpuSeconds(c.pid)];
      const run = await runWrk(c.raw, 20, seconds);
      const [cpu1, main1] = [await treeCpuSeconds(c.pid), await threadCpuSeconds(c.pid)];
      c.c20.push(run);
      c.cpuUs.push(((cpu1 - cpu0) / run.requests) * 1e6);
      c.mainUs.push(((main1 - main0) / run.requests) * 1e6);
      c.c1.push(await runWrk(c.raw, 1, 1));
      if (c.rrs) c.rrs20.push(await runWrk(c.rrs, 20, seconds));
    }
  }
  const after = await loadAverage();
  const b = contenders[0]!;
  console.log(`\nPaired rounds: ${rounds} x ${seconds} s at c20 (raw and RRS), 1 s at c1; load average ${before} at start, ${after} at end`);
  console.log('target            c20 /s (median)   c1 p50 ms   per-round c20 / B   per-round c1 p50 / B   RRS c20 / B raw');
  for (const c of contenders) {
    const ratio = (i: number) => c.c20[i]!.perSecond / b.c20[i]!.perSecond;
    const latency = (i: number) => c.c1[i]!.p50 / b.c1[i]!.p50;
    const rrs = (i: number) => (c.rrs20[i]?.perSecond ?? NaN) / b.c20[i]!.perSecond;
    const indexes = c.c20.map((_, i) => i);
    console.log(
      `${c.label.padEnd(16)}  ${median(c.c20.map((r) => r.perSecond)).toFixed(0).padStart(15)}   ${median(c.c1.map((r) => r.p50)).toFixed(3).padStart(9)}   ` +
        `${median(indexes.map(ratio)).toFixed(2).padStart(17)}   ${median(indexes.map(latency)).toFixed(2).padStart(20)}   ${c.rrs ? median(indexes.map(rrs)).toFixed(2).padStart(15) : '              -'}`,
    );
  }
  console.log('\nCPU per call at c20 (median; µs)   all threads   main thread   B all / this all   B main / this main');
  for (const c of contenders) {
    const [all, main] = [median(c.cpuUs), median(c.mainUs)];
    console.log(`${c.label.padEnd(32)} ${all.toFixed(0).padStart(11)}   ${main.toFixed(0).padStart(11)}   ${(median(b.cpuUs) / all).toFixed(2).padStart(16)}   ${(median(b.mainUs) / main).toFixed(2).padStart(18)}`);
  }
  console.log(`(per-round ratios, min..max: ${contenders.slice(1).map((c) => `${c.label} ${Math.min(...c.c20.map((r, i) => r.perSecond / b.c20[i]!.perSecond)).toFixed(2)}..${Math.max(...c.c20.map((r, i) => r.perSecond / b.c20[i]!.perSecond)).toFixed(2)}`).join(', ')})`);
  await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(dataDirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
