import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, promises as fs, readdirSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** A PostgreSQL server a test run started for itself: a temp cluster, trusted local logins, stopped by `stop`. */
export interface PostgresServer {
  /** postgres://modelbay@127.0.0.1:<port>/<database> */
  url(database: string, host?: string): string;
  port: number;
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin folder (Debian keeps each major in /usr/lib/postgresql/<n>/bin). */
export function postgresBinDir(): string {
  if (process.env.MODELBAY_PG_BIN) return process.env.MODELBAY_PG_BIN;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(path.join(root, d, 'bin', 'initdb'))) : [];
  majors.sort((a, b) => Number(b) - Number(a));
  if (majors.length === 0) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run `node scripts/setup-postgres.mjs`');
  return path.join(root, majors[0]!, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * initdb and postgres refuse to run as root: as root, the cluster's folder is given to the `postgres` user (Debian's
 * package creates it) and every command runs as that user through runuser.
 */
function asServerUser(): { command: (binary: string, args: string[]) => [string, string[]]; owner?: { uid: number; gid: number } } {
  if (process.getuid?.() !== 0) return { command: (binary, args) => [binary, args] };
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { command: (binary, args) => ['runuser', ['-u', 'postgres', '--', binary, ...args]], owner: { uid, gid } };
}

function run(command: [string, string[]], what: string): void {
  const result = spawnSync(command[0], command[1], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${what} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout || result.error?.message}`);
}

/**
 * initdb into a temp folder, then postgres on a free loopback port with its socket in that folder (never the system
 * service's). Durability is off (fsync, full pages): the tests kill services, never this server, and it is thrown
 * away at the end. Enough connections for the pools of every service a test keeps alive at once.
 */
export async function startPostgres(options: { trustNetwork?: string } = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const user = asServerUser();
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-pg-'));
  if (user.owner) await fs.chown(folder, user.owner.uid, user.owner.gid);
  const data = path.join(folder, 'data');
  try {
    run(user.command(path.join(bin, 'initdb'), ['-D', data, '-U', 'modelbay', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']), 'initdb');
  } catch (error) {
    await fs.rm(folder, { recursive: true, force: true });
    throw error;
  }
  if (options.trustNetwork) {
    // Test hosts in network namespaces reach the server on this side's veth addresses: listen everywhere, trust them.
    await fs.appendFile(path.join(data, 'pg_hba.conf'), `\nhost all all ${options.trustNetwork} trust\n`);
  }
  const listen = options.trustNetwork ? '*' : '127.0.0.1';
  const pgCtl = (args: string[]) => user.command(path.join(bin, 'pg_ctl'), ['-D', data, ...args]);
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const options = `-p ${port} -k ${folder} -c listen_addresses=${listen} -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=400`;
    try {
      run(pgCtl(['-l', path.join(folder, 'server.log'), '-o', options, '-w', '-t', '60', 'start']), 'pg_ctl start');
      break;
    } catch (error) {
      // Another process may have taken the port between our probe and the server's bind: try another one.
      if (attempt >= 3) throw new Error(`${(error as Error).message}\n${await fs.readFile(path.join(folder, 'server.log'), 'utf8').catch(() => '')}`, { cause: error });
    }
  }
  let stopped = false;
  const stopNow = (mode: 'fast' | 'immediate') => {
    if (stopped) return;
    stopped = true;
    spawnSync(...pgCtl(['-m', mode, '-w', 'stop']));
  };
  // A run that ends without its teardown (an error, ^C, a CI timeout's SIGTERM) still takes its server down with it.
  const onExit = () => {
    stopNow('immediate');
    rmSync(folder, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    process.kill(process.pid, signal);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    port,
    url: (database, host = '127.0.0.1') => `postgres://modelbay@${host}:${port}/${database}`,
    async stop() {
      process.removeListener('exit', onExit);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      stopNow('fast');
      await fs.rm(folder, { recursive: true, force: true });
    },
  };
}
