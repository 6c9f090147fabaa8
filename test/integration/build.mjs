// Bundles the integration tests for the extension host: test/integration/index.ts and every
// test/integration/**/*.test.ts into out/integration/ (index.js and the *.test.js side by side).
// Usage: node test/integration/build.mjs
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const outdir = join(repoRoot, 'out', 'integration');

const testFiles = readdirSync(here, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.test.ts') && !name.split(/[\\/]/).includes('harness'))
  .map((name) => join(here, name));

// Start clean: a test file deleted from the sources must not keep running from a stale bundle.
rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [join(here, 'index.ts'), ...testFiles],
  outbase: here,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  // @azure/storage-blob (tests that put blobs in Azurite) is loaded from node_modules: its ES modules read import.meta.url.
  external: ['vscode', 'mocha', 'libsql', 'onnxruntime-node', '@azure/storage-blob'],
  logLevel: 'warning',
});
console.log(`[integration build] ${testFiles.length} test file(s) -> ${relative(repoRoot, outdir)}`);
