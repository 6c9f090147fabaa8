// Store benchmark: the embedded store's own code (VersionedTable, the real migrations, WAL + synchronous=FULL) on
// libsql, the N-API SQLite it ships with, side by side with better-sqlite3 12, the driver it replaced, in one run.
// Rounds alternate between the two so a busy moment of the machine hits both alike. Prints a table with ratios.
// better-sqlite3 is not a dependency of Modelbay: this script installs it (compiled for this Node) in .tools/.
// Usage: npm run bench:store   (BENCH_REGISTRATIONS, BENCH_ROUNDS to change the sizes)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Libsql from 'libsql';
import type { Model } from '../../src/api/schemas';
import type { ModelFilter } from '../../src/server/store/repositories';
import { MIGRATIONS } from '../../src/server/store/sqlite/openDatabase';
import { modelFilter } from '../../src/server/store/sqlite/sqliteStore';
import { VersionedTable } from '../../src/server/store/sqlite/versionedTable';

const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LIST_SIZE = 10_000;
const LIST_SAMPLES = 200;
const ACCOUNT = 'bench/bench/bench';

type Driver = new (file: string) => Libsql.Database;
interface Sample {
  registrationsPerSecond: number[];
  firstPage: number[];
  byTag: number[];
  byName: number[];
  deepPage: number[];
}

/** better-sqlite3 12 in its own folder under .tools/ (compiled from source on first use, about a minute). */
function betterSqlite3(): Driver {
  const folder = path.join(__dirname, '..', '..', '.tools', 'bench-better-sqlite3');
  const entry = path.join(folder, 'node_modules', 'better-sqlite3');
  if (!existsSync(entry)) {
    mkdirSync(folder, { recursive: true });
    const manifest = { name: 'bench-better-sqlite3', private: true, allowScripts: { 'better-sqlite3': true } };
    writeFileSync(path.join(folder, 'package.json'), JSON.stringify(manifest));
    console.log('installing better-sqlite3@12 into .tools/bench-better-sqlite3 (compiles, about a minute)...');
    const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', 'better-sqlite3@12'], { cwd: folder, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('could not install better-sqlite3@12 for the comparison');
  }
  return createRequire(__filename)(entry) as Driver;
}

/** Opens a store file exactly as openDatabase does, with the given driver. */
function open(Driver: Driver, file: string): Libsql.Database {
  const db = new Driver(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA foreign_keys = ON');
  for (const migration of MIGRATIONS) db.exec(migration);
  return db;
}

const draft = (id: string, version: number, i: number): Model => ({
  id,
  name: `bench${i % 50}`,
  version,
  mimeType: 'application/octet-stream',
  url: 'http://127.0.0.1/asset',
  tags: i % 10 === 0 ? ['bench', 'tenth'] : ['bench'],
  unpack: false,
  createdAt: new Date().toISOString(),
});

async function timeEach(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** One round on a fresh file: timed registrations (a transaction with an fsync each), then lists of 10,000. */
async function round(Driver: Driver, folder: string, label: string, into: Sample): Promise<void> {
  const file = path.join(folder, `${label}.sqlite`);
  const db = open(Driver, file);
  const models = new VersionedTable<Model, ModelFilter>(db, 'models', modelFilter);
  const register = (i: number) => models.create(ACCOUNT, `bench${i % 50}`, ({ id, version }) => draft(id, version, i));
  const started = performance.now();
  for (let i = 0; i < REGISTRATIONS; i++) await register(i);
  into.registrationsPerSecond.push((REGISTRATIONS / (performance.now() - started)) * 1000);
  // Fill up to 10,000 without an fsync per commit (not timed), then read.
  db.exec('PRAGMA synchronous = OFF');
  for (let i = REGISTRATIONS; i < LIST_SIZE; i++) await register(i);
  db.exec('PRAGMA synchronous = FULL');
  let deep = await models.list(ACCOUNT, {}, { count: 100 });
  for (let page = 1; page < 90 && deep.next !== undefined; page++) deep = await models.list(ACCOUNT, {}, { count: 100, after: deep.next });
  const after = deep.next;
  into.firstPage.push(...(await timeEach(LIST_SAMPLES, () => models.list(ACCOUNT, {}, { count: 100 }))));
  into.byTag.push(...(await timeEach(LIST_SAMPLES, () => models.list(ACCOUNT, { tag: 'tenth' }, { count: 100 }))));
  into.byName.push(...(await timeEach(LIST_SAMPLES, () => models.list(ACCOUNT, { name: 'bench7' }, { count: 100 }))));
  into.deepPage.push(...(await timeEach(LIST_SAMPLES, () => models.list(ACCOUNT, {}, { count: 100, after }))));
  db.close();
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
}

/**
 * better-sqlite3 refuses numbered parameters (`?1`), which the store's SQL uses since deleted version numbers are
 * remembered (libsql takes them): such statements are rewritten to named ones (`@p1`) and their positional values
 * passed by name. Only the version-number query goes through this, in both drivers' rounds alike.
 */
function numberedParameters(Base: Driver): Driver {
  type Statement = Record<string, unknown>;
  const Native = Base as unknown as new (file: string) => { prepare(sql: string): Statement };
  class Wrapped extends Native {
    override prepare(sql: string): Statement {
      if (!/\?\d/.test(sql)) return super.prepare(sql);
      const statement = super.prepare(sql.replace(/\?(\d+)/g, '@p$1'));
      const named = (args: unknown[]) => Object.fromEntries(args.map((v, i) => [`p${i + 1}`, v]));
      for (const method of ['get', 'all', 'run']) {
        const call = statement[method] as (values: object) => unknown;
        statement[method] = (...args: unknown[]) => call.call(statement, named(args));
      }
      return statement;
    }
  }
  return Wrapped as unknown as Driver;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.99))]!;
const empty = (): Sample => ({ registrationsPerSecond: [], firstPage: [], byTag: [], byName: [], deepPage: [] });

async function main(): Promise<void> {
  const better = numberedParameters(betterSqlite3());
  const folder = mkdtempSync(path.join(os.tmpdir(), 'modelbay-store-bench-'));
  const libsql = empty();
  const previous = empty();
  try {
    for (let r = 0; r < ROUNDS; r++) {
      await round(Libsql, folder, 'libsql', libsql);
      await round(better, folder, 'better-sqlite3', previous);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  console.log(`Store benchmark: libsql (N-API) vs better-sqlite3 12, ${ROUNDS} interleaved rounds, ${os.cpus().length} cores, node ${process.version}`);
  console.log(`same code (VersionedTable), same schema, WAL + synchronous=FULL, temp folder on ${os.tmpdir()}\n`);
  const rows: [string, (s: Sample) => number, string, boolean][] = [
    [`registrations/s (one transaction + fsync each, ${REGISTRATIONS}/round), median`, (s) => median(s.registrationsPerSecond), '/s', true],
    [`first page of 100 of ${LIST_SIZE} models, p50`, (s) => median(s.firstPage), 'ms', false],
    ['first page of 100, p99', (s) => p99(s.firstPage), 'ms', false],
    ['page of 100 filtered by tag (1 in 10 match), p50', (s) => median(s.byTag), 'ms', false],
    ['page of 100 filtered by name (200 match), p50', (s) => median(s.byName), 'ms', false],
    ['page 91 of 100 (keyset), p50', (s) => median(s.deepPage), 'ms', false],
  ];
  console.log(`${'measure'.padEnd(66)} ${'libsql'.padStart(10)} ${'better-sqlite3'.padStart(15)} ${'libsql speed'.padStart(13)}`);
  for (const [label, value, unit, higherIsBetter] of rows) {
    const a = value(libsql);
    const b = value(previous);
    const speed = higherIsBetter ? a / b : b / a;
    const fmt = (v: number) => (unit === '/s' ? v.toFixed(0) : `${v.toFixed(3)} ${unit}`);
    console.log(`${label.padEnd(66)} ${fmt(a).padStart(10)} ${fmt(b).padStart(15)} ${`${speed.toFixed(2)}x`.padStart(13)}`);
  }
  console.log('\n"libsql speed": how fast libsql is relative to better-sqlite3 (above 1: faster).');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
