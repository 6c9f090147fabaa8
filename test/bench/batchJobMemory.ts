// Batch job memory: a 1 GB CSV scored by a batch job, and the service's peak resident memory while it runs.
// Not a timed test: it prints what it measured. The input is generated on the fly and streamed into an asset (no
// copy on the test's side), then a job scores it with the feature hashing sample; the service's peak RSS
// (VmHWM, reset after the upload through /proc/<pid>/clear_refs) says whether the job streamed it. Synchronous RRS
// calls are timed before and during the job, to see what a running job costs them.
// Usage: node esbuild.mjs server && npx tsx test/bench/batchJobMemory.ts   (BENCH_JOB_MB to change the size)
import { promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { API_VERSION } from '../../src/api/apiVersion';
import type { JobStatus } from '../../src/api/schemas';
import { bes, pollJob, submitAndStart } from '../server/helpers/besCalls';
import { deployJobDrivers, jobsUrl } from '../server/helpers/batchFixtures';
import { makeDataDir, startServiceProcess } from '../server/helpers/serviceProcess';

const MEGABYTES = Number(process.env.BENCH_JOB_MB ?? 1024);
const WORDS = ['good', 'day', 'model', 'batch', 'score', 'stream', 'memory', 'flat', 'row', 'column', 'quote', 'comma'];

/** `text,id` rows of about 1 KB each (a quoted text with commas), until `bytes` bytes were made. */
function* csvChunks(bytes: number): Generator<Buffer> {
  yield Buffer.from('text,id\r\n');
  let made = 0;
  let row = 0;
  while (made < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++, row++) {
      const words = Array.from({ length: 140 }, (_, j) => WORDS[(row * 7 + j * 3) % WORDS.length]).join(' ');
      lines.push(`"${words}, row ${row}",${row}`);
    }
    const chunk = Buffer.from(`${lines.join('\r\n')}\r\n`);
    made += chunk.length;
    yield chunk;
  }
}

async function statusKb(pid: number, field: string): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const dataDir = await makeDataDir('bench-job');
  const service = await startServiceProcess({ dataDir });
  const pid = service.child.pid!;
  try {
    const { hashing } = await deployJobDrivers(service.account);
    const rrs = async () => {
      const started = performance.now();
      const response = await fetch(`${hashing.endpoint.rrsUri}?api-version=2.0`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${hashing.keys.primaryKey}` },
        body: JSON.stringify({ Inputs: { input1: { ColumnNames: ['text'], Values: [['This is a good day']] } }, GlobalParameters: {} }),
      });
      await response.text();
      if (response.status !== 200) throw new Error(`RRS answered ${response.status}`);
      return performance.now() - started;
    };
    const idle: number[] = [];
    for (let i = 0; i < 50; i++) idle.push(await rrs());

    const uploadStarted = performance.now();
    const upload = await fetch(`${service.url}${service.account.basePath}/assets?name=big.csv&api-version=${API_VERSION}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${service.token}`, 'Content-Type': 'application/octet-stream' },
      body: Readable.toWeb(Readable.from(csvChunks(MEGABYTES * 1024 * 1024))) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const asset = (await upload.json()) as { id: string; size: number };
    const uploadSeconds = (performance.now() - uploadStarted) / 1000;
    const rssBefore = await statusKb(pid, 'VmRSS');
    await fs.writeFile(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM: the peak from here on is the job's

    const jobStarted = performance.now();
    const jobUrl = await submitAndStart(jobsUrl(hashing), hashing.keys.primaryKey, { Input: { AssetId: asset.id } });
    const during: number[] = [];
    let samples = 0;
    let rssMax = 0;
    const rssSamples: number[] = [];
    let status: JobStatus;
    for (;;) {
      status = (await bes<JobStatus>('GET', jobUrl, hashing.keys.primaryKey)).body;
      if (status.StatusCode !== 'Running') break;
      const rss = await statusKb(pid, 'VmRSS');
      rssSamples.push(rss);
      rssMax = Math.max(rssMax, rss);
      samples++;
      for (let i = 0; i < 5; i++) during.push(await rrs());
      await new Promise((r) => setTimeout(r, 200));
    }
    const final = await pollJob(jobUrl, hashing.keys.primaryKey);
    const jobSeconds = (performance.now() - jobStarted) / 1000;
    const peak = await statusKb(pid, 'VmHWM');
    console.log(`input: ${(asset.size / 1024 / 1024).toFixed(0)} MB CSV, ${final.RowsTotal} rows; job ${final.StatusCode}${final.Details ? ` (${final.Details})` : ''}`);
    console.log(`upload: ${uploadSeconds.toFixed(1)} s; job: ${jobSeconds.toFixed(1)} s (${((asset.size / 1024 / 1024) / jobSeconds).toFixed(1)} MB/s, ${Math.round((final.RowsTotal ?? 0) / jobSeconds)} rows/s)`);
    console.log(`service RSS before the job: ${(rssBefore / 1024).toFixed(0)} MB; peak during the job (VmHWM): ${(peak / 1024).toFixed(0)} MB; largest sample: ${(rssMax / 1024).toFixed(0)} MB over ${samples} samples`);
    const quarter = Math.max(1, Math.ceil(rssSamples.length / 4));
    const quarters = [0, 1, 2, 3].map((q) => Math.max(...rssSamples.slice(q * quarter, (q + 1) * quarter), 0) / 1024);
    console.log(`largest RSS sample in each quarter of the job: ${quarters.map((mb) => `${mb.toFixed(0)} MB`).join(', ')}`);
    console.log(`RRS call (1 row) median: idle ${median(idle).toFixed(1)} ms, while the job ran ${during.length ? median(during).toFixed(1) : 'n/a'} ms (${during.length} calls)`);
  } finally {
    await service.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
