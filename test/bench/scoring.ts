// Scoring benchmark: the Modelbay service against the smallest honest scoring servers, with the load from wrk (a
// separate process, in C; its own CPU is reported so it is visibly not the bottleneck). Side by side in one run,
// in interleaved rounds (every target sees the same background load), medians printed as a table with ratios:
//   A  bare node:http answering the same JSON (no model): what HTTP costs;
//   B  node:http + onnxruntime in one worker thread (the reference, test/bench/scoring/reference);
//   C  Modelbay: raw {"data"}, V2 tensors and RRS tables, one replica and two;
//   D  a Python driver replica against the same driver in Flask under gunicorn, same worker count;
//   E  admission at twice an endpoint's maxConcurrentCalls;
//   F  POST /services to Succeeded per runtime, and Local service start to first answer.
// Not a test: it prints, it does not pass or fail. BENCH_SECONDS (per run, default 2) and BENCH_ROUNDS (default 3).
import * as os from 'node:os';
import { measureAdmission } from './scoring/admission';
import { treeCpuSeconds } from './scoring/cpu';
import { deployAll, HASHING_PY, IRIS_MODEL, type Target } from './scoring/deployments';
import { startGunicorn, startModelbay, startReference, type Started } from './scoring/processes';
import { freshStart, restartToFirstScore } from './scoring/startup';
import { fixed, loadAverage } from './scoring/stats';
import { printAdmission, printGoals, printRows, ratioGoals, type Measured, type Row } from './scoring/table';
import { ensureWrk, runWrk, type Call } from './scoring/wrk';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LIMIT = 20; // an endpoint's default maxConcurrentCalls

const IRIS_RAW = '{"data": [[5.1, 3.5, 1.4, 0.2]]}';
const IRIS_V2 = '{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}]}';
const IRIS_RRS = '{"Inputs": {"input1": {"ColumnNames": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "Values": [[5.1, 3.5, 1.4, 0.2]]}}, "GlobalParameters": {}}';
const HASH_RAW = '{"data": ["This is a good day"]}';

interface Cell {
  row: string;
  call: Call;
  connections: number;
  server: () => Started;
  logBytes?: () => number;
}

const keyed = (t: Target, body: string): Call => ({ url: t.url, body, headers: { Authorization: `Bearer ${t.key}` } });

async function measure(cell: Cell, into: Measured): Promise<void> {
  const pid = cell.server().child.pid;
  const [cpu0, log0] = [await treeCpuSeconds(pid), cell.logBytes?.() ?? NaN];
  const result = await runWrk(cell.call, cell.connections, SECONDS);
  const [cpu1, log1] = [await treeCpuSeconds(pid), cell.logBytes?.() ?? NaN];
  into.runs.push(result);
  into.serverCpu.push((cpu1 - cpu0) / result.seconds);
  into.logPerCall.push((log1 - log0) / result.requests);
}

async function main(): Promise<void> {
  ensureWrk();
  const load = await loadAverage();
  let modelbay = await startModelbay();
  const deployed = await deployAll(modelbay.account);
  const bare = await startReference('bareServer.mjs');
  const onnx = await startReference('onnxServer.mjs', [IRIS_MODEL]);
  const gunicorn1 = await startGunicorn(HASHING_PY, 1);
  const gunicorn2 = await startGunicorn(HASHING_PY, 2);
  const mb = () => modelbay;
  const mbLog = () => modelbay.logBytes();

  const plan: [string, Call, () => Started, (() => number) | undefined, number[]][] = [
    ['A', { url: bare.url, body: IRIS_RAW }, () => bare, undefined, [1, LIMIT]],
    ['B', { url: onnx.url, body: IRIS_RAW }, () => onnx, undefined, [1, LIMIT]],
    ['C raw 1r', keyed(deployed.iris1, IRIS_RAW), mb, mbLog, [1, LIMIT]],
    ['C V2 1r', keyed(deployed.iris1, IRIS_V2), mb, mbLog, [1, LIMIT]],
    ['C RRS 1r', keyed(deployed.iris1, IRIS_RRS), mb, mbLog, [1, LIMIT]],
    ['C raw 2r', keyed(deployed.iris2, IRIS_RAW), mb, mbLog, [LIMIT]],
    ['C V2 2r', keyed(deployed.iris2, IRIS_V2), mb, mbLog, [LIMIT]],
    ['C RRS 2r', keyed(deployed.iris2, IRIS_RRS), mb, mbLog, [LIMIT]],
    ['D py 1r', keyed(deployed.python1, HASH_RAW), mb, mbLog, [1, LIMIT]],
    ['D gunicorn 1w', { url: gunicorn1.url, body: HASH_RAW }, () => gunicorn1, undefined, [1, LIMIT]],
    ['D py 2r', keyed(deployed.python2, HASH_RAW), mb, mbLog, [LIMIT]],
    ['D gunicorn 2w', { url: gunicorn2.url, body: HASH_RAW }, () => gunicorn2, undefined, [LIMIT]],
  ];
  const rows = new Map<string, Row>(plan.map(([label]) => [label, { label }]));
  const cells: (Cell & { into: Measured })[] = plan.flatMap(([label, call, server, logBytes, concurrencies]) =>
    concurrencies.map((connections) => {
      const into: Measured = { runs: [], serverCpu: [], logPerCall: [] };
      rows.get(label)![connections === 1 ? 'c1' : 'c20'] = into;
      return { row: label, call, connections, server, logBytes, into };
    }),
  );

  for (const [, call] of plan) await runWrk(call, LIMIT, 1); // warm every path once (wrk takes whole seconds)
  // Interleaved: each round visits every cell, starting one later each time, so drift in the machine's load is
  // shared by all targets instead of landing on whichever ran last.
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[(i + round) % cells.length]!;
      await measure(cell, cell.into);
    }
  }
  const admission = await measureAdmission(deployed.iris1, IRIS_RAW, LIMIT, ROUNDS, SECONDS);
  const fresh = await freshStart();
  const restarted = await restartToFirstScore(modelbay, deployed.iris1, IRIS_RAW);
  modelbay = restarted.service;

  console.log(`\nScoring benchmark: ${os.cpus().length} cores, node ${process.version}, load average ${load} at start, ${await loadAverage()} at end`);
  console.log(`wrk -t1, ${ROUNDS} interleaved rounds of ${SECONDS} s per cell, medians; iris ONNX batch 1 (A-C), feature hashing driver (D)\n`);
  printRows([...rows.values()]);
  console.log('');
  printAdmission(admission);
  console.log('');
  const f = deployed.toSucceeded;
  console.log(`F  POST /services to Succeeded: Onnx ${fixed(f.Onnx, 0)} ms, Node ${fixed(f.Node, 0)} ms, Python ${fixed(f.Python, 0)} ms`);
  console.log(`   Local service, fresh data folder: listening after ${fixed(fresh.listening, 0)} ms, first answer (/healthz) after ${fixed(fresh.firstAnswer, 0)} ms`);
  console.log(`   Local service restarted with these 5 services: first scoring answer after ${fixed(restarted.ms, 0)} ms`);
  console.log('\nGoals');
  printGoals(ratioGoals(rows, admission));

  await Promise.all([modelbay, bare, onnx, gunicorn1, gunicorn2].map((s) => s.stop()));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
