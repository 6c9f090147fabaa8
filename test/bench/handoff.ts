// Hand-off bench: the cheapest correct way to give a replica worker a scoring call and take its answer back,
// measured in one run: structured clone of the parsed body (what the service did), the body's text as a string,
// its bytes in a transferred ArrayBuffer, and a SharedArrayBuffer ring. What counts is the main thread's busy
// time per call (the service's main thread is its bottleneck), at 20 calls in flight, and the round trip at 1.
// Usage: npx tsx test/bench/handoff.ts
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';
import { createRing, openRing } from './handoff/ring';

type Mode = 'clone' | 'string' | 'transfer' | 'ring';
const BODIES = {
  'iris, 1 row': JSON.stringify({ data: [[5.1, 3.5, 1.4, 0.2]] }),
  'iris, 100 rows': JSON.stringify({ data: Array.from({ length: 100 }, () => [5.1, 3.5, 1.4, 0.2]) }),
};
const CALLS = Number(process.env.BENCH_HANDOFF_CALLS ?? 20_000);

interface Channel {
  send(id: number, text: string): void;
  onAnswer(handle: (id: number, output: unknown) => void): void;
  close(): Promise<number>;
}

// The worker is bundled to plain JavaScript first: a worker thread does not inherit tsx's TypeScript loader.
const WORKER = path.resolve(__dirname, '../../out/bench/echoWorker.js');
esbuild.buildSync({ entryPoints: [path.join(__dirname, 'handoff', 'echoWorker.ts')], outfile: WORKER, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });

function channel(mode: Mode): Channel {
  const toWorker = createRing(1 << 20);
  const toMain = createRing(1 << 20);
  const worker = new Worker(WORKER, { workerData: { mode, toWorker, toMain } });
  const inbox = openRing(toMain);
  const outbox = openRing(toWorker);
  return {
    // The main thread's share of the work is done here: parse (clone only) and pack; then unpack the answer.
    send(id, text) {
      if (mode === 'clone') worker.postMessage({ id, body: JSON.parse(text) as unknown });
      else if (mode === 'string') worker.postMessage({ id, text });
      else if (mode === 'transfer') {
        const b = Buffer.from(text);
        const bytes = b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
        worker.postMessage({ id, bytes }, [bytes]);
      } else if (!outbox.send(id, text)) throw new Error('ring full');
    },
    onAnswer(handle) {
      if (mode === 'ring') inbox.onMessages((id: number, text: string) => handle(id, text));
      else
        worker.on('message', (m: { id: number; output?: unknown; text?: string; bytes?: ArrayBuffer }) =>
          // What the HTTP side needs is text to send: the clone's object must still be stringified.
          handle(m.id, m.text ?? (m.bytes ? Buffer.from(m.bytes).toString('utf8') : JSON.stringify(m.output))),
        );
    },
    close: () => worker.terminate(),
  };
}

async function run(mode: Mode, text: string, inFlight: number): Promise<{ mainUsPerCall: number; perSecond: number; p50us: number }> {
  const ch = channel(mode);
  const waiting = new Map<number, (v: unknown) => void>();
  ch.onAnswer((id) => waiting.get(id)?.(undefined));
  let next = 1;
  const samples: number[] = [];
  const call = () => {
    const id = next++;
    const started = performance.now();
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      ch.send(id, text);
    }).then(() => {
      waiting.delete(id);
      samples.push(performance.now() - started);
    });
  };
  for (let i = 0; i < 500; i++) await call(); // warm
  samples.length = 0;
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  let issued = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (issued++ < CALLS) await call();
  }));
  const wall = performance.now() - t0;
  const elu = performance.eventLoopUtilization(elu0);
  await ch.close();
  samples.sort((a, b) => a - b);
  return { mainUsPerCall: (elu.active * 1000) / CALLS, perSecond: (CALLS / wall) * 1000, p50us: samples[Math.floor(samples.length / 2)]! * 1000 };
}

async function main(): Promise<void> {
  const modes: Mode[] = ['clone', 'string', 'transfer', 'ring'];
  console.log(`Replica hand-off, ${CALLS} calls per cell, 3 interleaved rounds, medians`);
  console.log(`${'body'.padEnd(16)}${'mode'.padEnd(10)}${'main us/call'.padStart(14)}${'calls/s @20'.padStart(13)}${'p50 us @1'.padStart(11)}`);
  for (const [name, text] of Object.entries(BODIES)) {
    const results = new Map<Mode, { main: number[]; tput: number[]; p50: number[] }>(modes.map((m) => [m, { main: [], tput: [], p50: [] }]));
    for (let round = 0; round < 3; round++) {
      for (const mode of modes) {
        const r = results.get(mode)!;
        const loaded = await run(mode, text, 20);
        r.main.push(loaded.mainUsPerCall);
        r.tput.push(loaded.perSecond);
        r.p50.push((await run(mode, text, 1)).p50us);
      }
    }
    const med = (v: number[]) => [...v].sort((a, b) => a - b)[1]!;
    for (const mode of modes) {
      const r = results.get(mode)!;
      console.log(`${name.padEnd(16)}${mode.padEnd(10)}${med(r.main).toFixed(2).padStart(14)}${med(r.tput).toFixed(0).padStart(13)}${med(r.p50).toFixed(1).padStart(11)}`);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
