// A closed-loop HTTP caller in its own process, for the admission measurement (E): wrk cannot tell the latency of
// refused calls from that of admitted ones, this can. Each of `connections` callers sends a call as soon as its
// last one was answered, for `seconds`; it prints the latencies per status (ms, rounded to 10 us) and its own CPU
// use as one JSON line.
// Usage: node callLoop.mjs <url> <key> <body> <connections> <seconds>
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';

const [url, key, body, connections, seconds] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${key}`, 'Content-Length': Buffer.byteLength(body) };
const byStatus = new Map();
const until = performance.now() + Number(seconds) * 1000;

function call() {
  return new Promise((resolve) => {
    const start = performance.now();
    const request = http.request(url, { method: 'POST', agent, headers }, (response) => {
      response.resume();
      response.on('end', () => {
        const samples = byStatus.get(response.statusCode) ?? [];
        samples.push(performance.now() - start);
        byStatus.set(response.statusCode, samples);
        resolve();
      });
    });
    request.on('error', () => {
      byStatus.set('error', [...(byStatus.get('error') ?? []), performance.now() - start]);
      resolve();
    });
    request.end(body);
  });
}

const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
await Promise.all(Array.from({ length: Number(connections) }, async () => {
  while (performance.now() < until) await call();
}));
const cpu = process.cpuUsage(cpuBefore);
const wall = (performance.now() - wallBefore) / 1000;
const samples = Object.fromEntries([...byStatus].map(([status, ms]) => [status, ms.map((v) => Math.round(v * 100) / 100)]));
console.log(JSON.stringify({ seconds: wall, cpu: (cpu.user + cpu.system) / 1e6 / wall, samples }));
agent.destroy();
