import { startPostgres, type PostgresServer } from './postgresServer';
import { testStoreIsPostgres } from './testStore';

/**
 * Mocha global fixture (loaded by test/server/.mocharc.json): with MODELBAY_TEST_STORE=postgres, one PostgreSQL
 * server for the whole run, started before the first test file and stopped after the last. Its URL goes to the
 * tests through the environment, which the service processes they start inherit harmlessly.
 */
interface FixtureContext {
  postgres?: PostgresServer;
}

export async function mochaGlobalSetup(this: FixtureContext): Promise<void> {
  if (!testStoreIsPostgres()) return;
  this.postgres = await startPostgres();
  process.env.MODELBAY_TEST_POSTGRES_URL = this.postgres.url('postgres');
  process.stdout.write(`  (service tests on PostgreSQL at 127.0.0.1:${this.postgres.port})\n`);
}

export async function mochaGlobalTeardown(this: FixtureContext): Promise<void> {
  await this.postgres?.stop();
}
