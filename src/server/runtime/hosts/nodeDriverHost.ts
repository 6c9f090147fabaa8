// The Node driver host as a child process (dist/nodeDriverHost.js), for drivers that run outside the service's
// process (confined in a sandbox): `node nodeDriverHost.js <image folder>`. It loads the driver (score.js with
// init() and run(input)) once, then answers JSON lines `{id, body}` from stdin on fd 3 as the Python host does, so
// whatever the driver prints (stdout, stderr) is only ever log output. Bundled on its own, imports nothing of the
// service but the error wording and the driver loading a worker replica does too.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { ImageSpec } from '../../images/imageBuilder';
import { describeError, driverFailure } from '../driverFailure';
import { loadDriverModule, type DriverModule } from '../driverModule';

const imageDir = path.resolve(process.argv[2] ?? '.');
// A pipe as a stream socket: non-blocking writes, answers written together when several are ready at once.
const protocol = new Socket({ fd: 3, readable: false, writable: true });
const send = (message: object) => protocol.write(`${JSON.stringify(message)}\n`);
/** The driver is a module found at run time. */
const requireAtRunTime: (id: string) => unknown = createRequire(path.join(imageDir, 'app', 'index.js'));

function load(): Promise<DriverModule> {
  const spec = JSON.parse(fs.readFileSync(path.join(imageDir, 'modelbay-image.json'), 'utf8')) as ImageSpec;
  return loadDriverModule(requireAtRunTime, imageDir, spec.driverProgram);
}

/** The driver's answer as JSON text (an answer of `undefined` is null), or why it has none. */
async function answer(run: (input: unknown) => unknown, body: string): Promise<object> {
  let output: unknown;
  try {
    output = await run(JSON.parse(body));
  } catch (error) {
    const failure = driverFailure(error);
    console.error(error);
    return { ok: false, status: failure.status, error: failure.message };
  }
  try {
    return { ok: true, result: JSON.stringify(output) ?? 'null' };
  } catch (error) {
    return { ok: false, status: 500, error: `the driver returned something that is not JSON: ${describeError(error)}` };
  }
}

async function main(): Promise<void> {
  let driver: DriverModule;
  try {
    driver = await load();
  } catch (error) {
    console.error(error);
    send({ ready: false, error: describeError(error) });
    protocol.end(() => process.exit(1));
    return;
  }
  send({ ready: true, schema: driver.schema });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const { id, body } = JSON.parse(line) as { id: number; body: string };
    void answer(driver.run, body).then((reply) => send({ id, ...reply }));
  });
  lines.on('close', () => process.exit(0));
}

void main();
