import { createRequire } from 'node:module';
import * as path from 'node:path';

const requireHere = createRequire(__filename);

/**
 * Loads a part of the extension bundled on its own (dist/<name>.js) on first use, so activation does not parse it.
 * The path is computed at run time, which keeps the bundler from inlining the module into the extension bundle.
 */
export function loadBundle<Module>(name: string): Module {
  return requireHere(path.join(__dirname, `${name}.js`)) as Module;
}
