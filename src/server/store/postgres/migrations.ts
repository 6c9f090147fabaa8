import type { Pool } from 'pg';
import { inTransaction } from './transaction';

/**
 * Schema migrations, applied in order at start; schema_migrations records which ran. Never edit one that shipped.
 * Documents are `json` (not jsonb): it keeps the text as written, so answers keep their field order, as SQLite's do.
 * The first migration is the SQLite store's schema as of its migration 6, in PostgreSQL's words.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE accounts (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key text NOT NULL UNIQUE,
    subscription text NOT NULL,
    resource_group text NOT NULL,
    doc json NOT NULL
  );
  CREATE INDEX accounts_by_group ON accounts (subscription, resource_group, seq);

  CREATE TABLE assets (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    account text NOT NULL,
    sha256 text NOT NULL,
    doc json NOT NULL
  );

  -- The last version given per name, kept when versions are deleted, so a number is never given twice. Taking the
  -- next one is an upsert on this row: concurrent registrations of one name (on any instance) queue on its lock.
  CREATE TABLE version_counters (
    kind text NOT NULL,
    account text NOT NULL,
    name text NOT NULL,
    last integer NOT NULL,
    PRIMARY KEY (kind, account, name)
  );

  CREATE TABLE models (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    account text NOT NULL,
    name text NOT NULL,
    version integer NOT NULL,
    doc json NOT NULL,
    UNIQUE (account, name, version)
  );
  CREATE INDEX models_by_account ON models (account, seq);
  CREATE INDEX models_by_name ON models (account, name, seq);

  CREATE TABLE manifests (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    account text NOT NULL,
    name text NOT NULL,
    version integer NOT NULL,
    doc json NOT NULL,
    UNIQUE (account, name, version)
  );
  CREATE INDEX manifests_by_account ON manifests (account, seq);
  CREATE INDEX manifests_by_name ON manifests (account, name, seq);

  CREATE TABLE images (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    account text NOT NULL,
    name text NOT NULL,
    version integer NOT NULL,
    doc json NOT NULL,
    UNIQUE (account, name, version)
  );
  CREATE INDEX images_by_account ON images (account, seq);

  CREATE TABLE operations (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    account text NOT NULL,
    state text NOT NULL,
    doc json NOT NULL,
    work json NOT NULL
  );
  CREATE INDEX operations_by_state ON operations (state, seq);

  CREATE TABLE services (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    account text NOT NULL,
    name text NOT NULL,
    doc json NOT NULL,
    UNIQUE (account, name)
  );
  CREATE INDEX services_by_account ON services (account, seq);

  CREATE TABLE endpoints (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    account text NOT NULL,
    service_id text NOT NULL,
    name text NOT NULL,
    doc json NOT NULL,
    keys json NOT NULL,
    UNIQUE (service_id, name)
  );

  CREATE TABLE deployments (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    account text NOT NULL,
    service_id text NOT NULL,
    doc json NOT NULL
  );
  CREATE INDEX deployments_by_service ON deployments (service_id, seq);

  -- Batch (BES) jobs of an endpoint. doc: the job as answered; request: the submit body, which may hold storage keys
  -- and is never answered.
  CREATE TABLE jobs (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    account text NOT NULL,
    endpoint_id text NOT NULL,
    state text NOT NULL,
    doc json NOT NULL,
    request json NOT NULL
  );
  CREATE INDEX jobs_by_endpoint ON jobs (endpoint_id, seq);
  CREATE INDEX jobs_by_state ON jobs (state, seq);

  -- Each endpoint's quota counts in its current window (window_start: ms since the epoch), written in batches.
  CREATE TABLE quota_counters (
    endpoint_id text PRIMARY KEY,
    window_start bigint NOT NULL,
    calls bigint NOT NULL,
    bytes bigint NOT NULL
  );

  -- A job's submit body can hold a customer's storage keys, and a quota count means nothing without its endpoint:
  -- when an endpoint goes (removed, or with its service), both go too, whichever repository removed it.
  CREATE FUNCTION rows_leave_with_their_endpoint() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    DELETE FROM jobs WHERE endpoint_id = OLD.id;
    DELETE FROM quota_counters WHERE endpoint_id = OLD.id;
    RETURN OLD;
  END
  $$;
  CREATE TRIGGER rows_leave_with_their_endpoint AFTER DELETE ON endpoints
    FOR EACH ROW EXECUTE FUNCTION rows_leave_with_their_endpoint();
  `,
  `
  -- Usage per endpoint and minute (minute: its first ms since the epoch); figures: the minute's counts and latency
  -- histograms, added to by each batch an instance writes.
  CREATE TABLE usage_minutes (
    endpoint_id text NOT NULL,
    service_id text NOT NULL,
    minute bigint NOT NULL,
    figures json NOT NULL,
    PRIMARY KEY (endpoint_id, minute)
  );
  CREATE INDEX usage_minutes_by_service ON usage_minutes (service_id, minute);
  CREATE INDEX usage_minutes_by_minute ON usage_minutes (minute);

  -- Endpoints' request logs: doc is the record without its id (the seq is); bytes: the doc's size, for the bound.
  CREATE TABLE request_logs (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id text NOT NULL,
    status integer NOT NULL,
    bytes integer NOT NULL,
    doc json NOT NULL
  );
  CREATE INDEX request_logs_by_endpoint ON request_logs (endpoint_id, seq);

  CREATE OR REPLACE FUNCTION rows_leave_with_their_endpoint() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    DELETE FROM jobs WHERE endpoint_id = OLD.id;
    DELETE FROM quota_counters WHERE endpoint_id = OLD.id;
    DELETE FROM usage_minutes WHERE endpoint_id = OLD.id;
    DELETE FROM request_logs WHERE endpoint_id = OLD.id;
    RETURN OLD;
  END
  $$;
  `,
  `
  CREATE TABLE leases (
    resource text PRIMARY KEY,
    owner text NOT NULL,
    until bigint NOT NULL
  );

  CREATE TABLE changes (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL,
    account text NOT NULL,
    id text NOT NULL,
    at bigint NOT NULL
  );

  -- Writers of the feed take turns until they commit, so seqs become visible in order (see changeTable.ts).
  CREATE OR REPLACE FUNCTION record_change() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    changed record;
  BEGIN
    PERFORM pg_advisory_xact_lock(1835164006);
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    INSERT INTO changes (kind, account, id, at)
      VALUES (TG_ARGV[0], changed.account, changed.id, (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
    RETURN NULL;
  END
  $$;
  CREATE TRIGGER endpoints_feed AFTER INSERT OR UPDATE OR DELETE ON endpoints FOR EACH ROW EXECUTE FUNCTION record_change('endpoint');
  CREATE TRIGGER services_feed AFTER INSERT OR UPDATE OR DELETE ON services FOR EACH ROW EXECUTE FUNCTION record_change('service');
  `,  `
  -- Who holds which role on an account: a user (a JWT's oid or sub) or a group (an id in the token's groups claim).
  -- doc: the assignment as answered. A principal holds a role on an account once (UNIQUE), under one name.
  CREATE TABLE role_assignments (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account text NOT NULL,
    name text NOT NULL,
    principal_type text NOT NULL,
    principal_id text NOT NULL,
    role text NOT NULL,
    doc json NOT NULL,
    UNIQUE (account, name),
    UNIQUE (account, principal_type, principal_id, role)
  );
  CREATE INDEX role_assignments_by_account ON role_assignments (account, seq);
  `,
];

/** The advisory lock key the migration run holds (any fixed number; this one spells "mbay" in ASCII). */
const MIGRATION_LOCK = 0x6d626179;

/**
 * Applies the migrations not applied yet, all in one transaction under a transaction-level advisory lock: when
 * several instances start together, one migrates and the others wait, then find nothing left to do. A failed
 * migration leaves the schema as it was.
 */
export async function applyMigrations(pool: Pool, migrations: readonly string[] = PG_MIGRATIONS): Promise<number> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ applied: number | null }>('SELECT max(version) AS applied FROM schema_migrations');
    const applied = rows[0]?.applied ?? 0;
    if (applied > migrations.length) {
      throw new Error(`the PostgreSQL store has schema version ${applied}, newer than this Modelbay knows (${migrations.length}): upgrade Modelbay`);
    }
    for (let i = applied; i < migrations.length; i++) {
      await client.query(migrations[i]!);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [i + 1]);
    }
    return migrations.length - applied;
  });
}
