import Database from 'libsql';

/** Schema migrations, applied in order; PRAGMA user_version records how many ran. Never edit one that shipped. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE accounts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    subscription TEXT NOT NULL,
    resource_group TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX accounts_by_group ON accounts(subscription, resource_group, seq);

  CREATE TABLE assets (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    doc TEXT NOT NULL
  );

  CREATE TABLE models (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (account, name, version)
  );
  CREATE INDEX models_by_account ON models(account, seq);
  CREATE INDEX models_by_name ON models(account, name, seq);

  CREATE TABLE manifests (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (account, name, version)
  );
  CREATE INDEX manifests_by_account ON manifests(account, seq);
  CREATE INDEX manifests_by_name ON manifests(account, name, seq);

  CREATE TABLE images (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (account, name, version)
  );
  CREATE INDEX images_by_account ON images(account, seq);

  CREATE TABLE operations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    state TEXT NOT NULL,
    doc TEXT NOT NULL,
    work TEXT NOT NULL
  );
  CREATE INDEX operations_by_state ON operations(state, seq);
  `,
  `
  CREATE TABLE services (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (account, name)
  );
  CREATE INDEX services_by_account ON services(account, seq);

  CREATE TABLE endpoints (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    service_id TEXT NOT NULL,
    name TEXT NOT NULL,
    doc TEXT NOT NULL,
    keys TEXT NOT NULL,
    UNIQUE (service_id, name)
  );

  CREATE TABLE deployments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    service_id TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX deployments_by_service ON deployments(service_id, seq);
  `,
  `
  -- The highest version ever given per name, kept when versions are deleted, so a number is never given twice.
  CREATE TABLE deleted_versions (
    kind TEXT NOT NULL,
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (kind, account, name)
  );
  `,
  `
  -- Batch (BES) jobs of an endpoint. doc: the job as answered (state, times, rows, where outputs went); request: the
  -- submit body, which may hold storage keys and is never answered.
  CREATE TABLE jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    endpoint_id TEXT NOT NULL,
    state TEXT NOT NULL,
    doc TEXT NOT NULL,
    request TEXT NOT NULL
  );
  CREATE INDEX jobs_by_endpoint ON jobs(endpoint_id, seq);
  CREATE INDEX jobs_by_state ON jobs(state, seq);
  `,
  `
  -- A job's submit body can hold a customer's storage keys: when its endpoint goes (removed, or with its service),
  -- its jobs go too, whichever route or repository removed it.
  CREATE TRIGGER jobs_leave_with_their_endpoint AFTER DELETE ON endpoints
  BEGIN
    DELETE FROM jobs WHERE endpoint_id = OLD.id;
  END;
  `,
  `
  -- Each endpoint's quota counts in its current window (window_start: ms since the epoch), written in batches.
  CREATE TABLE quota_counters (
    endpoint_id TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    calls INTEGER NOT NULL,
    bytes INTEGER NOT NULL
  );
  CREATE TRIGGER quota_counters_leave_with_their_endpoint AFTER DELETE ON endpoints
  BEGIN
    DELETE FROM quota_counters WHERE endpoint_id = OLD.id;
  END;
  `,
  `
  -- Usage per endpoint and minute (minute: its first ms since the epoch); figures: the minute's counts and latency
  -- histograms as JSON, added to by each batch the gateway writes.
  CREATE TABLE usage_minutes (
    endpoint_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    minute INTEGER NOT NULL,
    figures TEXT NOT NULL,
    PRIMARY KEY (endpoint_id, minute)
  );
  CREATE INDEX usage_minutes_by_service ON usage_minutes(service_id, minute);
  CREATE INDEX usage_minutes_by_minute ON usage_minutes(minute);

  -- Endpoints' request logs: doc is the record without its id (the seq is); bytes: the doc's size, for the bound.
  CREATE TABLE request_logs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint_id TEXT NOT NULL,
    status INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX request_logs_by_endpoint ON request_logs(endpoint_id, seq);

  CREATE TRIGGER usage_and_request_logs_leave_with_their_endpoint AFTER DELETE ON endpoints
  BEGIN
    DELETE FROM usage_minutes WHERE endpoint_id = OLD.id;
    DELETE FROM request_logs WHERE endpoint_id = OLD.id;
  END;
  `,
  `
  CREATE TABLE leases (
    resource TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    until INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    account TEXT NOT NULL,
    id TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE TRIGGER endpoints_insert_feed AFTER INSERT ON endpoints
  BEGIN
    INSERT INTO changes (kind, account, id, at) VALUES ('endpoint', NEW.account, NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
  END;
  CREATE TRIGGER endpoints_update_feed AFTER UPDATE ON endpoints
  BEGIN
    INSERT INTO changes (kind, account, id, at) VALUES ('endpoint', NEW.account, NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
  END;
  CREATE TRIGGER endpoints_delete_feed AFTER DELETE ON endpoints
  BEGIN
    INSERT INTO changes (kind, account, id, at) VALUES ('endpoint', OLD.account, OLD.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
  END;
  CREATE TRIGGER services_insert_feed AFTER INSERT ON services
  BEGIN
    INSERT INTO changes (kind, account, id, at) VALUES ('service', NEW.account, NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
  END;
  CREATE TRIGGER services_update_feed AFTER UPDATE ON services
  BEGIN
    INSERT INTO changes (kind, account, id, at) VALUES ('service', NEW.account, NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
  END;
  CREATE TRIGGER services_delete_feed AFTER DELETE ON services
  BEGIN
    INSERT INTO changes (kind, account, id, at) VALUES ('service', OLD.account, OLD.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
  END;
  `,  `
  -- Who holds which role on an account: a user (a JWT's oid or sub) or a group (an id in the token's groups claim).
  -- doc: the assignment as answered. A principal holds a role on an account once (UNIQUE), under one name.
  CREATE TABLE role_assignments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    principal_type TEXT NOT NULL,
    principal_id TEXT NOT NULL,
    role TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (account, name),
    UNIQUE (account, principal_type, principal_id, role)
  );
  CREATE INDEX role_assignments_by_account ON role_assignments(account, seq);
  `,
];

/** A PRAGMA's single value (libsql answers pragmas as a row object, not as a plain value). */
function pragmaValue(db: Database.Database, name: string): unknown {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown> | undefined;
  return row?.[name];
}

/**
 * Opens (or creates) the store's database: WAL, full sync on commit, foreign keys, migrations applied.
 * libsql is SQLite behind an N-API module, so the same binary loads in Node and in VS Code's own runtime (Electron).
 */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.exec('PRAGMA journal_mode = WAL');
  // FULL: a commit that returned is on disk, so an accepted request survives a power cut, not only a crash.
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA foreign_keys = ON');
  // Checked, not assumed: a store that silently ran without WAL or full sync would lose acknowledged writes.
  if (pragmaValue(db, 'journal_mode') !== 'wal') throw new Error(`the store at ${file} cannot use WAL journaling`);
  if (pragmaValue(db, 'synchronous') !== 2) throw new Error('the store cannot use synchronous = FULL');
  const applied = Number(pragmaValue(db, 'user_version'));
  for (let i = applied; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]!);
      db.exec(`PRAGMA user_version = ${i + 1}`);
    })();
  }
  return db;
}
