// wrk (Debian's HTTP load generator, in C) run as its own process: the load never shares a thread, or a
// JavaScript heap, with the server it measures. Its own CPU time is read too, so a table can show it was not the
// bottleneck (one wrk thread near 100% of a core would be).
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Call {
  url: string;
  body: string;
  headers?: Record<string, string>;
}

export interface WrkResult {
  requests: number;
  seconds: number;
  perSecond: number;
  /** Latencies in milliseconds, as wrk measured them (connect to last byte of the answer). */
  p50: number;
  p90: number;
  p99: number;
  /** Answers that were not 2xx/3xx, and socket errors (connect, read, write, timeout). */
  non2xx: number;
  socketErrors: number;
  /** wrk's own CPU over the run, as a share of one core (1 = a full core: then wrk, not the server, limited it). */
  wrkCpu: number;
}

/** Installs wrk from Debian when it is missing (the bench must run on a fresh machine: root, apt reachable). */
export function ensureWrk(): void {
  if (spawnSync('wrk', ['--version']).error === undefined) return;
  console.log('installing wrk, gunicorn and python3-flask from Debian (apt-get) ...');
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'wrk', 'gunicorn', 'python3-flask'], { stdio: 'ignore' });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    const again = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'wrk', 'gunicorn', 'python3-flask'], { stdio: 'inherit' });
    if (again.status !== 0) throw new Error('wrk could not be installed (apt-get install wrk gunicorn python3-flask)');
  }
}

/** A Lua long string that cannot be closed by the body it quotes. */
function luaString(text: string): string {
  let level = '';
  while (text.includes(`]${level}]`)) level += '=';
  return `[${level}[${text}]${level}]`;
}

/** The script: method, body and headers, and a done() that prints the numbers as one JSON line. */
function script(call: Call): string {
  const headers = Object.entries({ 'Content-Type': 'application/json', ...call.headers })
    .map(([k, v]) => `wrk.headers[ ${luaString(k)} ] = ${luaString(v)}`)
    .join('\n');
  return `wrk.method = "POST"
wrk.body = ${luaString(call.body)}
${headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"us":%d,"non2xx":%d,"socket":%d,"p50":%d,"p90":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
`;
}

/** One wrk run of `seconds` (whole seconds: wrk takes no fractions) with `connections` open (one wrk thread: enough for these rates, and it leaves a core). */
export async function runWrk(call: Call, connections: number, seconds: number): Promise<WrkResult> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-wrk-'));
  const file = path.join(dir, 'call.lua');
  await fs.writeFile(file, script(call));
  // bash's `times` prints its children's user and system CPU after wrk exits: wrk's own cost, measured by the kernel.
  const child = spawn('bash', ['-c', 'wrk "$@" && times', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '-s', file, call.url]);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  await fs.rm(dir, { recursive: true, force: true });
  const line = /WRKJSON (\{.*\})/.exec(out);
  if (code !== 0 || !line) throw new Error(`wrk failed (${code}): ${out.slice(0, 500)}`);
  const n = JSON.parse(line[1]!) as { requests: number; us: number; non2xx: number; socket: number; p50: number; p90: number; p99: number };
  const cpu = [...out.matchAll(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/g)].at(-1);
  const cpuSeconds = cpu ? Number(cpu[1]) * 60 + Number(cpu[2]) + Number(cpu[3]) * 60 + Number(cpu[4]) : NaN;
  const seconds_ = n.us / 1e6;
  return {
    requests: n.requests,
    seconds: seconds_,
    perSecond: n.requests / seconds_,
    p50: n.p50 / 1000,
    p90: n.p90 / 1000,
    p99: n.p99 / 1000,
    non2xx: n.non2xx,
    socketErrors: n.socket,
    wrkCpu: cpuSeconds / seconds_,
  };
}
