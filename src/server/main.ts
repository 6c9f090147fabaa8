import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONTAINER as DEFAULT_BLOB_CONTAINER } from './blobs/azureContainer';
import { DEFAULTS, readConfigFile, type ServiceConfig } from './config';
import { DEFAULT_DRIVER_MODE, DRIVER_MODES, isDriverMode, type DriverMode } from './runtime/sandbox/driverMode';
import { startService, type RunningService } from './startService';

const USAGE = `Usage: modelbay-service --data <dir> [--port <n>] [--host <addr>] [--public-url <url>]
  [--jwt-issuer <url> --jwt-audience <aud> [--jwks-uri <url>]]
  [--blobs <Azure Storage connection string> [--blobs-container <name>]] [--store <postgres://...>]
  [--drivers confined|unconfined] [--default-drivers confined|unconfined]

Runs the Modelbay service on the data folder <dir> (created if missing). Listens on 127.0.0.1 unless --host says
otherwise; --port 0 (the default) picks a free port. The admin token is in <dir>/admin-token.
--blobs keeps assets and images in Azure Blob Storage (container 'modelbay' unless --blobs-container says
otherwise), shared by several instances; without it they stay in <dir>. Also "blobs" in <dir>/config.json.
--store postgres://user@host:port/db keeps the store in PostgreSQL, shared by several instances; without it the
store is SQLite in <dir>. Also "store" in <dir>/config.json.
--drivers confined (the default) runs Python and Node drivers in a bubblewrap sandbox (Debian package
'bubblewrap') that sees only the driver's own image, read-only; unconfined runs them with the service's own rights,
for a service one person owns. Also "drivers" in <dir>/config.json. --default-drivers is what applies when neither
says (the Local account's service passes unconfined).`;

function fail(message: string): never {
  process.stderr.write(`modelbay-service: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function blobSettings(connectionString: string | undefined, container: string | undefined): ServiceConfig['blobs'] {
  if (connectionString === undefined) {
    if (container !== undefined) fail('--blobs-container needs --blobs (or "blobs" in config.json)');
    return undefined;
  }
  if (connectionString.trim() === '') fail('--blobs needs an Azure Storage connection string');
  return { connectionString, container: container ?? DEFAULT_BLOB_CONTAINER };
}

function driverMode(flag: string | undefined): DriverMode | undefined {
  return isDriverMode(flag) ? flag : undefined;
}

async function configFromArgs(argv: string[]): Promise<ServiceConfig> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: DEFAULTS.host },
        'public-url': { type: 'string' },
        'jwt-issuer': { type: 'string' },
        'jwt-audience': { type: 'string' },
        'jwks-uri': { type: 'string' },
        blobs: { type: 'string' },
        'blobs-container': { type: 'string' },
        store: { type: 'string' },
        drivers: { type: 'string' },
        'default-drivers': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (!parsed.data) fail('--data <dir> is required');
  const port = Number(parsed.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port '${parsed.port}' is not a port number`);
  const dataDir = path.resolve(parsed.data);
  const file = await readConfigFile(dataDir).catch((error: Error) => fail(error.message));
  const issuer = parsed['jwt-issuer'];
  // Never echoed: the URL may hold a password.
  if (parsed.store !== undefined && !/^postgres(ql)?:\/\//i.test(parsed.store)) fail('--store must be a postgres:// URL');
  for (const flag of ['drivers', 'default-drivers'] as const) {
    if (parsed[flag] !== undefined && !isDriverMode(parsed[flag])) fail(`--${flag} must be ${DRIVER_MODES.join(' or ')}`);
  }
  if (issuer && !parsed['jwt-audience']) fail('--jwt-issuer needs --jwt-audience');
  return {
    dataDir,
    host: parsed.host,
    port,
    publicUrl: parsed['public-url'] ?? file.publicUrl,
    jwt: issuer ? { issuer, audience: parsed['jwt-audience']!, jwksUri: parsed['jwks-uri'] } : file.jwt,
    allowedUrlPrefixes: file.allowedUrlPrefixes ?? [],
    allowedStorageUrlPrefixes: file.allowedStorageUrlPrefixes ?? [],
    maxAssetBytes: file.maxAssetBytes ?? DEFAULTS.maxAssetBytes,
    maxJsonBytes: file.maxJsonBytes ?? DEFAULTS.maxJsonBytes,
    maxScoringBytes: file.maxScoringBytes ?? DEFAULTS.maxScoringBytes,
    leaseMs: file.leaseSeconds === undefined ? undefined : file.leaseSeconds * 1000,
    usageRetentionDays: file.usageRetentionDays ?? DEFAULTS.usageRetentionDays,
    requestLogMaxRecords: file.requestLogMaxRecords ?? DEFAULTS.requestLogMaxRecords,
    requestLogMaxBytes: file.requestLogMaxBytes ?? DEFAULTS.requestLogMaxBytes,
    blobs: blobSettings(parsed.blobs ?? file.blobs, parsed['blobs-container'] ?? file.blobsContainer),
    store: parsed.store ?? file.store,
    drivers: driverMode(parsed.drivers) ?? file.drivers ?? driverMode(parsed['default-drivers']) ?? DEFAULT_DRIVER_MODE,
  };
}

async function main(): Promise<void> {
  const config = await configFromArgs(process.argv.slice(2));
  const stateFile = path.join(config.dataDir, 'service.json');
  // Signals are taken from the first moment: one that arrives while the store opens still shuts down cleanly.
  let service: RunningService | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    service?.log.info({ signal }, 'shutting down');
    Promise.resolve(service?.close())
      .then(() => fs.rm(stateFile, { force: true }))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  // Logs go to stderr as JSON lines; stdout carries only the line with the URL, for whoever started us.
  service = await startService(config, { level: process.env.MODELBAY_LOG_LEVEL ?? 'info' }, process.stderr);
  if (stopping) return stop('late');
  const address = await service.app.listen({ host: config.host, port: config.port });
  const url = new URL(address);
  const shown = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${url.port}`;
  await fs.writeFile(stateFile, JSON.stringify({ url: shown, pid: process.pid }), { mode: 0o600 });
  // After the URL and a space (whoever reads the URL stops there): how drivers run, said at every start.
  process.stdout.write(`Modelbay service listening on ${shown} (${service.context.runtime.drivers.describe()})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`modelbay-service: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
