import * as path from 'node:path';
import type { DeclaredSchema } from './scoreRequest';

/** A Node driver as a replica calls it: its `run` (bound to the module), and the schema it may declare. */
export interface DriverModule {
  run: (input: unknown) => unknown;
  schema?: DeclaredSchema;
}

/**
 * Loads a Node driver from its image (`app/<driverProgram>`, a module with `run(input)` and maybe `init()`) and
 * runs its `init` once: what a replica does before its first call, in a worker thread or a host process alike.
 * `load` is a `require` made for the caller's bundle (the driver is a module found at run time).
 */
export async function loadDriverModule(load: (id: string) => unknown, imageDir: string, driverProgram: string | undefined): Promise<DriverModule> {
  const driver = load(path.join(imageDir, 'app', driverProgram!)) as { init?: () => unknown; run?: (input: unknown) => unknown; schema?: DeclaredSchema };
  if (typeof driver.run !== 'function') throw new Error(`${driverProgram} exports no run(input) function`);
  await driver.init?.();
  return { run: driver.run.bind(driver), schema: driver.schema };
}
