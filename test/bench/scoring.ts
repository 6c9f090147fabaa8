// Scoring benchmark: the Modelbay service against the smallest honest scoring servers, with the load from wrk (a
// separate process, in C; its own CPU is reported so it is visibly not the bottleneck). Side by side in one run,
// in interleaved rounds (every target sees the same background load), medians printed as a table with ratios:
//   A  bare node:http answering the same JSON (no model): what HTTP costs;
//   B  node:http + onnxruntime in one worker thread (the reference, test/bench/scoring/reference);
//   C  Modelbay: raw {"data"}, V2 tensors and RRS tables, one replica and two; raw again on an endpoint of the same
//      service with a rate limit, a quota and loggingLevel All (usage is recorded on every endpoint);
//   D  a Python driver replica against the same driver in Flask under gunicorn, same worker count; and the hop to a
//      Python replica alone (pythonHop.ts), which gunicorn, running the driver in its HTTP server, does not pay;
//   E  admission at twice an endpoint's maxConcurrentCalls;
//   F  POST /services to Succeeded per runtime, and Local service start to first answer;
//   G  drivers confined (bubblewrap) vs unconfined, Python and Node: c20 throughput, c1 p50, start (confinement.ts).
// Not a test: it prints, it does not pass or fail. BENCH_SECONDS (per run, default 1: `npm run bench` must stay
// under 5 minutes), BENCH_ROUNDS (default 5: with 3 the C/B ratios moved by 0.25 between two runs a minute apart);
// BENCH_BASELINE=<other build's dist/server.js> adds that build's C-F rows to the same rounds (before/after), run
// with MODELBAY_LOG_LEVEL=BENCH_BASELINE_LOG_LEVEL when that is set (e.g. warn: the old build without its log lines).
// BENCH_ONLY=G runs G alone (a smoke run: BENCH_ONLY=G BENCH_ROUNDS=1 npm run bench:scoring); BENCH_G_DEPLOYS (default
// 3) is how many more deploys per runtime and side G times.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import { measureAdmission, measureRefusal, type AdmissionResult } from './scoring/admission';
import { bubblewrapPresent, confinementLabel, MODES, printConfinement, startConfinementSide, type ConfinementSide } from './scoring/confinement';
import { treeCpuSeconds } from './scoring/cpu';
import { deployAll, HASHING_PY, IRIS_MODEL, type Deployments, type Target } from './scoring/deployments';
import { SERVER_BUNDLE, startGunicorn, startModelbay, startReference, type ModelbayProcess, type Started } from './scoring/processes';
import { freshStart, restartToFirstScore } from './scoring/startup';
import { fixed, loadAverage } from './scoring/stats';
import { printAdmission, printGoals, printRows, ratioGoals, type Measured, type Row } from './scoring/table';
import { ensureWrk, runWrk, type Call } from './scoring/wrk';
import { measurePythonHop } from './scoring/pythonHop';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BASELINE = process.env.BENCH_BASELINE;
const LIMIT = 20; // an endpoint's default maxConcurrentCalls
const ONLY = process.env.BENCH_ONLY;
const G_DEPLOYS = Number(process.env.BENCH_G_DEPLOYS ?? 3);

const IRIS_RAW = '{"data": [[5.1, 3.5, 1.4, 0.2]]}';
const IRIS_V2 = '{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}]}';
const IRIS_RRS = '{"Inputs": {"input1": {"ColumnNames": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "Values": [[5.1, 3.5, 1.4, 0.2]]}}, "GlobalParameters": {}}';
const HASH_RAW = '{"data": ["This is a good day"]}';

/** One row of the plan: what wrk calls, which process serves it (for its CPU), at which concurrencies. */
type Planned = [label: string, call: Call, server: () => Started, logBytes: (() => number) | undefined, concurrencies: number[]];

interface Cell {
  call: Call;
  connections: number;
  server: () => Started;
  logBytes?: () => number;
  into: Measured;
}

/** A Modelbay build under test: its process (replaced on restart) and what it deployed. */
interface Build {
  suffix: string;
  bundle: string;
  service: ModelbayProcess;
  deployed: Deployments;
  admission?: AdmissionResult;
  fresh?: { listening: number; firstAnswer: number };
  restartMs?: number;
}

const keyed = (t: Target, body: string): Call => ({ url: t.url, body, headers: { Authorization: `Bearer ${t.key}` } });

function modelbayRows(build: Build): Planned[] {
  const mb = () => build.service;
  const log = () => build.service.logBytes();
  const d = build.deployed;
  const s = build.suffix;
  return [
    [`C raw 1r${s}`, keyed(d.iris1, IRIS_RAW), mb, log, [1, LIMIT]],
    ...(d.iris1Policies ? [[`C raw 1r policies${s}`, keyed(d.iris1Policies, IRIS_RAW), mb, log, [1, LIMIT]] satisfies Planned] : []),
    [`C V2 1r${s}`, keyed(d.iris1, IRIS_V2), mb, log, [1, LIMIT]],
    [`C RRS 1r${s}`, keyed(d.iris1, IRIS_RRS), mb, log, [1, LIMIT]],
    [`C raw 2r${s}`, keyed(d.iris2, IRIS_RAW), mb, log, [LIMIT]],
    [`C V2 2r${s}`, keyed(d.iris2, IRIS_V2), mb, log, [LIMIT]],
    [`C RRS 2r${s}`, keyed(d.iris2, IRIS_RRS), mb, log, [LIMIT]],
    [`D py 1r${s}`, keyed(d.python1, HASH_RAW), mb, log, [1, LIMIT]],
    [`D py 2r${s}`, keyed(d.python2, HASH_RAW), mb, log, [LIMIT]],
  ];
}

async function measure(cell: Cell): Promise<void> {
  const pid = cell.server().child.pid;
  const [cpu0, log0] = [await treeCpuSeconds(pid), cell.logBytes?.() ?? NaN];
  const result = await runWrk(cell.call, cell.connections, SECONDS);
  const [cpu1, log1] = [await treeCpuSeconds(pid), cell.logBytes?.() ?? NaN];
  cell.into.runs.push(result);
  cell.into.serverCpu.push((cpu1 - cpu0) / result.seconds);
  cell.into.logPerCall.push((log1 - log0) / result.requests);
}

/** G's rows: each driver on each side, at concurrency 1 and 20. */
function confinementRows(sides: readonly ConfinementSide[]): Planned[] {
  return sides.flatMap((side) =>
    (['Python', 'Node'] as const).map((runtime): Planned => [confinementLabel(runtime, side.mode), keyed(side.targets[runtime], HASH_RAW), () => side.service, () => side.service.logBytes(), [1, LIMIT]]),
  );
}

/** Starts G's two services, when bubblewrap is here to confine drivers (else G is left out, saying why). */
async function startConfinement(): Promise<ConfinementSide[]> {
  if (!bubblewrapPresent()) {
    console.log('G left out: bubblewrap (bwrap) is not installed (apt-get install bubblewrap, or node scripts/setup-team-servers.mjs)');
    return [];
  }
  const sides: ConfinementSide[] = [];
  for (const mode of MODES) sides.push(await startConfinementSide(mode, G_DEPLOYS));
  return sides;
}

/** Warms every path once, then measures every cell in interleaved rounds; answers the rows by label. */
async function runPlan(plan: Planned[]): Promise<Map<string, Row>> {
  const rows = new Map<string, Row>(plan.map(([label]) => [label, { label }]));
  const cells: Cell[] = plan.flatMap(([label, call, server, logBytes, concurrencies]) =>
    concurrencies.map((connections) => {
      const into: Measured = { runs: [], serverCpu: [], logPerCall: [] };
      rows.get(label)![connections === 1 ? 'c1' : 'c20'] = into;
      return { call, connections, server, logBytes, into };
    }),
  );
  for (const [, call] of plan) await runWrk(call, LIMIT, 1); // warm every path once (wrk takes whole seconds)
  // Interleaved: each round visits every cell, starting one later each time, so drift in the machine's load is
  // shared by all targets instead of landing on whichever ran last.
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < cells.length; i++) await measure(cells[(i + round) % cells.length]!);
  }
  return rows;
}

/** BENCH_ONLY=G: the confinement rows alone. */
async function confinementOnly(): Promise<void> {
  ensureWrk();
  const load = await loadAverage();
  const sides = await startConfinement();
  if (sides.length === 0) return;
  const rows = await runPlan(confinementRows(sides));
  console.log(`\nScoring benchmark, G only: ${os.cpus().length} cores, node ${process.version}, load average ${load} at start, ${await loadAverage()} at end`);
  console.log(`wrk -t1, ${ROUNDS} interleaved rounds of ${SECONDS} s per cell, medians; feature hashing driver\n`);
  printRows([...rows.values()]);
  printConfinement(rows, sides);
  await Promise.all(sides.map((s) => s.service.stop()));
  await Promise.all(sides.map((s) => fs.rm(s.service.dataDir, { recursive: true, force: true })));
}

async function startBuild(suffix: string, bundle: string, logLevel?: string): Promise<Build> {
  const service = await startModelbay(undefined, [], bundle, logLevel);
  return { suffix, bundle, service, deployed: await deployAll(service.account) };
}

async function main(): Promise<void> {
  if (ONLY === 'G') return confinementOnly();
  ensureWrk();
  const load = await loadAverage();
  const builds = [await startBuild('', SERVER_BUNDLE), ...(BASELINE ? [await startBuild(' before', BASELINE, process.env.BENCH_BASELINE_LOG_LEVEL)] : [])];
  const bare = await startReference('bareServer.mjs');
  const onnx = await startReference('onnxServer.mjs', [IRIS_MODEL]);
  const gunicorn1 = await startGunicorn(HASHING_PY, 1);
  const gunicorn2 = await startGunicorn(HASHING_PY, 2);
  const sides = await startConfinement();

  const plan: Planned[] = [
    ['A', { url: bare.url, body: IRIS_RAW }, () => bare, undefined, [1, LIMIT]],
    ['B', { url: onnx.url, body: IRIS_RAW }, () => onnx, undefined, [1, LIMIT]],
    ...builds.flatMap(modelbayRows),
    ['D gunicorn 1w', { url: gunicorn1.url, body: HASH_RAW }, () => gunicorn1, undefined, [1, LIMIT]],
    ['D gunicorn 2w', { url: gunicorn2.url, body: HASH_RAW }, () => gunicorn2, undefined, [LIMIT]],
    ...confinementRows(sides),
  ];
  const rows = await runPlan(plan);
  for (const build of builds) {
    build.admission = await measureAdmission(build.deployed.iris1, IRIS_RAW, LIMIT, ROUNDS, SECONDS);
    build.admission.refusal = await measureRefusal(build.deployed.sleeper, LIMIT, Math.max(2, SECONDS), ROUNDS);
  }
  const hop = await measurePythonHop(HASHING_PY, HASH_RAW);
  for (const build of builds) {
    build.fresh = await freshStart(build.bundle);
    const restarted = await restartToFirstScore(build.service, build.deployed.iris1, IRIS_RAW);
    build.service = restarted.service;
    build.restartMs = restarted.ms;
  }

  console.log(`\nScoring benchmark: ${os.cpus().length} cores, node ${process.version}, load average ${load} at start, ${await loadAverage()} at end`);
  console.log(`wrk -t1, ${ROUNDS} interleaved rounds of ${SECONDS} s per cell, medians; iris ONNX batch 1 (A-C), feature hashing driver (D)\n`);
  printRows([...rows.values()]);
  console.log(`D  the hop to a Python replica alone, no HTTP (the image's host over its pipes, one call at a time, medians): ${fixed(hop.emptyUs, 0)} us with a driver answering 0, ${fixed(hop.driverUs, 0)} us with the hashing driver`);
  for (const build of builds) {
    console.log(`\n${build.suffix ? `Build${build.suffix}` : 'This build'}`);
    printAdmission(build.admission!);
    const f = build.deployed.toSucceeded;
    console.log(`F  POST /services to Succeeded: Onnx ${fixed(f.Onnx, 0)} ms, Node ${fixed(f.Node, 0)} ms, Python ${fixed(f.Python, 0)} ms`);
    console.log(`   Local service, fresh data folder: listening after ${fixed(build.fresh!.listening, 0)} ms, first answer (/healthz) after ${fixed(build.fresh!.firstAnswer, 0)} ms`);
    console.log(`   Local service restarted with these 6 services: first scoring answer after ${fixed(build.restartMs!, 0)} ms`);
    console.log('Goals');
    printGoals(ratioGoals(rows, build.admission!, build.suffix));
  }
  if (sides.length > 0) printConfinement(rows, sides);

  await Promise.all([...builds.map((b) => b.service), ...sides.map((s) => s.service), bare, onnx, gunicorn1, gunicorn2].map((s) => s.stop()));
  await Promise.all([...builds, ...sides].map((b) => fs.rm(b.service.dataDir, { recursive: true, force: true })));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
