import { Pool } from 'pg';

/** Is this store setting a PostgreSQL connection URL (rather than absent, which means the SQLite file)? */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** %-decoded text, or the text as it is when it is not valid %-encoding. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Where a connection URL points, for messages: host (or socket folder) and port, never the user's password. Read by
 * hand: WHATWG's URL refuses forms pg takes, such as a user with no host (`postgres://me@/db?host=/run/postgresql`).
 */
export function describeServer(url: string): string {
  const match = /^postgres(?:ql)?:\/\/(?:[^@/?]*@)?([^/?]*)[^?]*(?:\?(.*))?$/i.exec(url);
  if (!match) return '(an unreadable postgres:// URL)';
  const query = new URLSearchParams(match[2] ?? '');
  const authority = match[1] ?? '';
  const bracketed = /^(\[[^\]]*\])(?::(\d+))?$/.exec(authority);
  const [host, port] = bracketed ? [bracketed[1], bracketed[2]] : (authority.split(':') as [string, string | undefined]);
  return `${query.get('host') ?? (host ? decoded(host) : 'localhost')}:${query.get('port') ?? (port || '5432')}`;
}

/** A message without the URL's password in it, whatever the driver put there. */
function withoutPassword(message: string, url: string): string {
  const raw = /^postgres(?:ql)?:\/\/[^:@/?]*:([^@/?]*)@/i.exec(url)?.[1];
  if (!raw) return message;
  return message.split(decoded(raw)).join('***').split(raw).join('***');
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
