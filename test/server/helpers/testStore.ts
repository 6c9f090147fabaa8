import { createHash } from 'node:crypto';
import { Client } from 'pg';

/**
 * How the service tests choose their store: MODELBAY_TEST_STORE=postgres runs every service they start on the
 * PostgreSQL server the suite's global fixture started (its URL in MODELBAY_TEST_POSTGRES_URL); otherwise SQLite in
 * the data folder, as a user's service runs.
 */
export function testStoreIsPostgres(): boolean {
  return process.env.MODELBAY_TEST_STORE === 'postgres';
}

/** The suite's PostgreSQL server, as a URL to its maintenance database. */
export function suitePostgresUrl(): string | undefined {
  return process.env.MODELBAY_TEST_POSTGRES_URL;
}

/** A database name made from the data folder: a fresh folder gets a fresh database, a restart of one finds its own. */
export function databaseFor(dataDir: string): string {
  return `modelbay_${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
}

/** Creates the database on the server at `serverUrl` unless it exists, and answers its URL. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${database}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another start of the same folder
      });
    }
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The `store` setting a service on `dataDir` gets in this test run: undefined on SQLite, else the URL of the
 * folder's own database (created on first use).
 */
export async function testStoreFor(dataDir: string): Promise<string | undefined> {
  if (!testStoreIsPostgres()) return undefined;
  const server = suitePostgresUrl();
  if (!server) throw new Error('MODELBAY_TEST_STORE=postgres but no server: run with the mocha config that loads test/server/helpers/postgresFixture.ts');
  return ensureDatabase(server, databaseFor(dataDir));
}

/**
 * Arguments that start a second service on the same store as the one on `dataDir`: on PostgreSQL its database
 * (instances share it); on SQLite nothing (a test copies the file instead: two processes cannot share it).
 */
export async function sameStoreArgs(dataDir: string): Promise<string[]> {
  const store = await testStoreFor(dataDir);
  return store === undefined ? [] : ['--store', store];
}
