// Prints the scoring bench's table: one row per target, medians over interleaved rounds, then the goals as ratios.
import type { AdmissionResult } from './admission';
import { fixed, median } from './stats';
import type { WrkResult } from './wrk';

export interface Measured {
  runs: WrkResult[];
  /** Server CPU (the process and its children) over each run, as cores. */
  serverCpu: number[];
  /** Log bytes the server wrote per call (Modelbay only). */
  logPerCall: number[];
}

export interface Row {
  label: string;
  c1?: Measured;
  c20?: Measured;
}

const of = (m: Measured | undefined, pick: (r: WrkResult) => number) => (m ? median(m.runs.map(pick)) : NaN);

export function printRows(rows: Row[]): void {
  const head = ['c1 p50', 'c1 p99', 'c20 /s', 'c20 p50', 'c20 p99', 'srv cpu', 'wrk cpu', 'log B', 'bad'];
  console.log(`${'target'.padEnd(40)}${head.map((h) => h.padStart(9)).join('')}`);
  for (const row of rows) {
    const c20 = row.c20;
    const bad = [row.c1, c20].reduce((n, m) => n + (m ? m.runs.reduce((k, r) => k + r.non2xx + r.socketErrors, 0) : 0), 0);
    const cells = [
      fixed(of(row.c1, (r) => r.p50), 3),
      fixed(of(row.c1, (r) => r.p99), 3),
      fixed(of(c20, (r) => r.perSecond), 0),
      fixed(of(c20, (r) => r.p50), 2),
      fixed(of(c20, (r) => r.p99), 2),
      fixed(c20 ? median(c20.serverCpu) : NaN, 2),
      fixed(Math.max(...[row.c1, c20].flatMap((m) => (m ? m.runs.map((r) => r.wrkCpu) : []))), 2),
      fixed(Math.max(...[row.c1, c20].flatMap((m) => m?.logPerCall ?? [])), 0),
      String(bad),
    ];
    console.log(`${row.label.padEnd(40)}${cells.map((c) => c.padStart(9)).join('')}`);
  }
  console.log('(ms; c20 /s = calls per second at 20 connections; srv cpu = cores the server used at c20; wrk cpu = share of');
  console.log(' one core wrk used, max over runs; log B = log bytes per call; bad = non-2xx answers and socket errors)');
}

export interface Goal {
  what: string;
  value: number;
  goal: string;
  met: boolean;
}

/** The goals for the build whose rows end in `suffix` ('' for this build). */
export function ratioGoals(rows: Map<string, Row>, admission: AdmissionResult, suffix = ''): Goal[] {
  const tput = (k: string) => of(rows.get(k)?.c20, (r) => r.perSecond);
  const p50 = (k: string) => of(rows.get(k)?.c1, (r) => r.p50);
  const goals: Goal[] = [];
  for (const c of ['C raw', 'C V2', 'C RRS']) {
    const v = tput(`${c} 1r${suffix}`) / tput('B');
    goals.push({ what: `${c}, 1 replica: c20 throughput / B`, value: v, goal: '>= 0.80', met: v >= 0.8 });
  }
  for (const c of ['C raw', 'C V2', 'C RRS']) {
    const v = p50(`${c} 1r${suffix}`) / p50('B');
    goals.push({ what: `${c}, 1 replica: c1 p50 / B`, value: v, goal: '<= 1.30', met: v <= 1.3 });
  }
  // What every policy (rate limit, quota) and a request log of every call cost, beside the same service's plain
  // endpoint in the same rounds (both record usage).
  if (rows.has(`C raw 1r policies${suffix}`)) {
    const policies = tput(`C raw 1r policies${suffix}`) / tput(`C raw 1r${suffix}`);
    goals.push({ what: 'C raw 1r, policies + log All / none: c20 throughput', value: policies, goal: '>= 0.90', met: policies >= 0.9 });
    const policiesP50 = p50(`C raw 1r policies${suffix}`) / p50(`C raw 1r${suffix}`);
    goals.push({ what: 'C raw 1r, policies + log All / none: c1 p50', value: policiesP50, goal: '<= 1.10', met: policiesP50 <= 1.1 });
  }
  const py1 = tput(`D py 1r${suffix}`) / tput('D gunicorn 1w');
  goals.push({ what: 'D Python replica / gunicorn, 1 worker: c20 throughput', value: py1, goal: '>= 1.00', met: py1 >= 1 });
  const py2 = tput(`D py 2r${suffix}`) / tput('D gunicorn 2w');
  goals.push({ what: 'D Python replicas / gunicorn, 2 workers: c20 throughput', value: py2, goal: '>= 1.00', met: py2 >= 1 });
  const pyLat = p50('D gunicorn 1w') / p50(`D py 1r${suffix}`);
  goals.push({ what: 'D gunicorn c1 p50 / Python replica c1 p50', value: pyLat, goal: '>= 1.00', met: pyLat >= 1 });
  const refused = admission.refusal?.p99 ?? admission.refusedP99;
  goals.push({ what: 'E excess calls refused: p99 (ms)', value: refused, goal: '< 5', met: refused < 5 });
  // The machine's own floor for that figure: the bare node:http server (A) at the same 20 connections, same run.
  const bareP99 = of(rows.get('A')?.c20, (r) => r.p99);
  goals.push({ what: '   (A, a bare node:http answer, c20 p99 in the same run, ms)', value: bareP99, goal: '-', met: true });
  const e = admission.admittedP99 / admission.atLimitP99;
  goals.push({ what: 'E admitted p99 at 2x limit / p99 at the limit', value: e, goal: '<= 2.00', met: e <= 2 });
  return goals;
}

export function printGoals(goals: Goal[]): void {
  for (const g of goals) {
    const verdict = g.goal === '-' ? '' : ` goal ${g.goal.padEnd(8)} ${g.met ? 'met' : 'NOT met'}`;
    console.log(`  ${g.what.padEnd(58)}${fixed(g.value, 2).padStart(8)} ${verdict}`);
  }
}

export function printAdmission(a: AdmissionResult): void {
  console.log(`E  admission, endpoint limit ${a.limit}, a closed-loop caller per connection (two processes of their own, each at most ${fixed(a.clientCpu, 2)} of a core)`);
  console.log(`   at the limit (${a.limit} connections):      admitted p99 ${fixed(a.atLimitP99, 2)} ms`);
  console.log(`   at twice the limit (${2 * a.limit} connections): admitted p99 ${fixed(a.admittedP99, 2)} ms (${fixed(a.admittedPerSecond, 0)}/s), refused p50 ${fixed(a.refusedP50, 2)} ms p99 ${fixed(a.refusedP99, 2)} ms (${fixed(a.refusedPerSecond, 0)}/s), other answers ${a.other}`);
  const r = a.refusal;
  if (r) {
    console.log(`   wrk, ${a.limit} connections of excess calls while ${a.limit} calls hold the endpoint: refused p50 ${fixed(r.p50, 3)} ms p99 ${fixed(r.p99, 3)} ms (${fixed(r.perSecond, 0)}/s, ${r.refused} of ${r.requests} refused, wrk cpu ${fixed(r.wrkCpu, 2)})`);
  }
}
