// Scoring overhead, measured side by side in one run on the same ONNX model (samples/onnx-classifier):
//   A. onnxruntime-node called in-process (no HTTP at all),
//   B. a bare node:http server answering the same JSON (HTTP and JSON cost only),
//   C. the Modelbay service (key check, admission, replica round trip, format handling).
// Prints p50/p99 latency at concurrency 1 and throughput at concurrency = maxConcurrentCalls, and ratios.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { buildImage, deployImage, sampleFile } from '../server/helpers/deploy';
import { startServiceProcess } from '../server/helpers/serviceProcess';

const MODEL = path.resolve(__dirname, '../../samples/onnx-classifier/iris-classifier.onnx');
const ROW = [5.1, 3.5, 1.4, 0.2];
const BODY = JSON.stringify({ data: [ROW] });
const SEQUENTIAL = Number(process.env.BENCH_CALLS ?? 2000);
const PARALLEL_CALLS = Number(process.env.BENCH_PARALLEL_CALLS ?? 4000);
const CONCURRENCY = 20; // the default maxConcurrentCalls of an endpoint

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(url: string, key: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`status ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(BODY);
  });
}

const percentile = (samples: number[], p: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!;

async function latency(call: () => Promise<unknown>, n: number): Promise<number[]> {
  for (let i = 0; i < 50; i++) await call(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function throughput(call: () => Promise<unknown>, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < total) await call();
  }));
  return (total / (performance.now() - start)) * 1000;
}

async function main(): Promise<void> {
  const session = await ort.InferenceSession.create(MODEL, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const inProcess = async () => {
    const parsed = JSON.parse(BODY) as { data: number[][] };
    const out = await session.run({ input: new ort.Tensor('float32', Float32Array.from(parsed.data.flat()), [1, 4]) });
    return JSON.stringify({ probabilities: Array.from(out.probabilities!.data as Float32Array), label: Array.from(out.label!.data as BigInt64Array, Number) });
  };
  const answer = await inProcess();
  const bare = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(answer);
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/score`;

  const service = await startServiceProcess();
  const image = await buildImage(service.account, 'iris', 'Onnx', {}, { model: { file: 'iris.onnx', content: await sampleFile('onnx-classifier/iris-classifier.onnx') } });
  const replicas = Number(process.env.BENCH_REPLICAS ?? 1);
  const deployed = await deployImage(service.account, image, 'iris', { numReplicas: replicas, maxConcurrentRequestsPerContainer: CONCURRENCY });
  const modelbay = () => post(deployed.endpoint.scoringUri, deployed.keys.primaryKey);

  const results = {
    'onnxruntime in-process': { lat: await latency(inProcess, SEQUENTIAL), tput: await throughput(inProcess, PARALLEL_CALLS, CONCURRENCY) },
    'bare node:http': { lat: await latency(() => post(bareUrl, undefined), SEQUENTIAL), tput: await throughput(() => post(bareUrl, undefined), PARALLEL_CALLS, CONCURRENCY) },
    [`Modelbay service (${replicas} replica)`]: { lat: await latency(modelbay, SEQUENTIAL), tput: await throughput(modelbay, PARALLEL_CALLS, CONCURRENCY) },
  };
  console.log(`Scoring benchmark: iris ONNX classifier, batch 1, ${SEQUENTIAL} sequential calls, ${PARALLEL_CALLS} calls at concurrency ${CONCURRENCY}\n`);
  console.log(`${'target'.padEnd(34)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'calls/s'.padStart(10)}`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(34)}${percentile(r.lat, 50).toFixed(3).padStart(9)}${percentile(r.lat, 99).toFixed(3).padStart(9)}${r.tput.toFixed(0).padStart(10)}`);
  }
  const [a, b, c] = Object.values(results) as [typeof results[string], typeof results[string], typeof results[string]];
  const ratio = (x: number, y: number) => (x / y).toFixed(2);
  console.log('\nratios (Modelbay over the other)');
  console.log(`  vs in-process:  p50 ${ratio(percentile(c.lat, 50), percentile(a.lat, 50))}x  p99 ${ratio(percentile(c.lat, 99), percentile(a.lat, 99))}x  throughput ${ratio(c.tput, a.tput)}x`);
  console.log(`  vs bare http:   p50 ${ratio(percentile(c.lat, 50), percentile(b.lat, 50))}x  p99 ${ratio(percentile(c.lat, 99), percentile(b.lat, 99))}x  throughput ${ratio(c.tput, b.tput)}x`);

  await service.stop();
  bare.close();
  agent.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
