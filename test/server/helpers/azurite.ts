import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';

const AZURITE_BLOB = path.resolve(__dirname, '../../../node_modules/.bin/azurite-blob');

/** Azurite's well-known development account (published with the emulator). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1`: what the service's allowedStorageUrlPrefixes lists. */
  accountUrl: string;
  connectionString: string;
  service: BlobServiceClient;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked of the system, then released for the child to take). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`azurite exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket.destroy() === socket));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('azurite did not listen within 10 s');
}

/**
 * Starts Azurite's blob service on a free port with its data in a temp folder; stop() ends it and removes the folder.
 * `azuriteBlob`: the azurite-blob executable, for callers bundled elsewhere than this folder (the integration tests);
 * `blobHost`: the address it listens on (0.0.0.0 for test hosts in network namespaces; 127.0.0.1 is still used here).
 */
export async function startAzurite(azuriteBlob = AZURITE_BLOB, blobHost = '127.0.0.1'): Promise<Azurite> {
  const location = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-azurite-'));
  const port = await freePort();
  const child = spawn(
    azuriteBlob,
    ['--silent', '--location', location, '--blobHost', blobHost, '--blobPort', String(port), '--skipApiVersionCheck', '--loose'],
    { stdio: 'ignore' },
  );
  await waitForPort(port, child);
  const accountUrl = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=${accountUrl};`;
  return {
    accountUrl,
    connectionString,
    service: BlobServiceClient.fromConnectionString(connectionString),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await fs.rm(location, { recursive: true, force: true });
    },
  };
}
