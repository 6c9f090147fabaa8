import { Pool } from 'pg';

/** Is this store setting a PostgreSQL connection URL (rather than absent, which means the SQLite file)? */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** Where a connection URL points, for messages: host (or socket folder) and port, never the user's password. */
export function describeServer(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(an unreadable postgres:// URL)';
  }
  const host = parsed.searchParams.get('host') ?? (parsed.hostname || 'localhost');
  return `${decodeURIComponent(host)}:${parsed.searchParams.get('port') ?? (parsed.port || '5432')}`;
}

/** A message without the URL's password in it, whatever the driver put there. */
function withoutPassword(message: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // An unreadable URL: nothing to take out that the driver could have read either.
  }
  return password ? message.split(password).join('***') : message;
}

/** A connect error's words: Node's AggregateError (each address of a name tried) has an empty message of its own. */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map((e) => String((e as Error).message ?? e)).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}

export interface PoolOptions {
  /** Connections kept at most (each instance has its own pool). */
  max?: number;
  /** An idle connection's failure (server restarted, network gone): logged, the pool replaces the connection. */
  onIdleError: (error: Error) => void;
}

/**
 * A pool on the server at `url`, with one round trip made first: a server that cannot be reached fails the start
 * with "cannot reach PostgreSQL at host:port: <why>", never with the URL (it may hold a password).
 */
export async function openPool(url: string, options: PoolOptions): Promise<Pool> {
  if (!isPostgresUrl(url)) throw new Error('the store must be a postgres:// or postgresql:// URL');
  const pool = new Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 10_000, application_name: 'modelbay' });
  pool.on('error', (error) => options.onIdleError(new Error(withoutPassword(error.message, url))));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    // The driver's error stays attached for a debugger; it names the host and user, never the password.
    throw new Error(`cannot reach PostgreSQL at ${describeServer(url)}: ${withoutPassword(reasonOf(error), url)}`, { cause: error });
  }
  return pool;
}
