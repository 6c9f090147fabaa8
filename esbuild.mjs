// Bundles the three parts that ship: the extension, the Modelbay service (with its replica worker), and one
// browser bundle per webview panel.
// Usage: node esbuild.mjs [extension|server ...] [--watch]   (no names: all of them)
import * as esbuild from 'esbuild';

/** Native modules load their .node files from node_modules at run time; they are never bundled. */
const nativeModules = ['libsql', 'onnxruntime-node'];

const targets = {
  extension: {
    // identity and folderArchive are loaded on demand (require of a computed path), so activation parses less.
    entryPoints: {
      extension: 'src/extension/extension.ts',
      identity: 'src/extension/accounts/identity.ts',
      folderArchive: 'src/extension/commands/folderArchive.ts',
    },
    platform: 'node',
    format: 'cjs',
    external: ['vscode', ...nativeModules],
  },
  webviews: {
    entryPoints: {
      'webviews/registerModel': 'webviews/registerModel/main.ts',
      'webviews/deploy': 'webviews/deploy/main.ts',
      'webviews/serviceDetails': 'webviews/serviceDetails/main.ts',
      'webviews/submitJob': 'webviews/submitJob/main.ts',
      'webviews/manageAccess': 'webviews/manageAccess/main.ts',
      // Imports uPlot and its stylesheet: esbuild writes dist/webviews/usageDashboard.css beside the script.
      'webviews/usageDashboard': 'webviews/usageDashboard/main.ts',
    },
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  // The developer portal's page script and stylesheet (served by the service at /portal/help.js and help.css).
  portal: {
    entryPoints: { 'portal/help': 'webviews/portal/help.ts' },
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  // The codicon font for vscode-icon in the panels (panelHost.ts links it): @vscode/codicons' stylesheet and font,
  // as dist/webviews/codicon.css and codicon.ttf.
  codicons: {
    entryPoints: { 'webviews/codicon': 'node_modules/@vscode/codicons/dist/codicon.css' },
    loader: { '.ttf': 'file' },
    assetNames: 'webviews/[name]',
  },
  server: {
    entryPoints: {
      server: 'src/server/main.ts',
      replicaWorker: 'src/server/runtime/workers/replicaWorker.ts',
      // The Node driver host a confined replica runs in its sandbox (a child process, not a worker thread).
      nodeDriverHost: 'src/server/runtime/hosts/nodeDriverHost.ts',
    },
    platform: 'node',
    format: 'cjs',
    external: nativeModules,
    // @azure/storage-blob's ES modules read import.meta.url (to locate themselves); in a CommonJS bundle it is the
    // bundle's own file URL.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: 'const importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  },
};

const args = process.argv.slice(2);
const watch = args.includes('--watch');
// --production: minified, no source maps (what the .vsix ships).
const production = args.includes('--production');
const names = args.filter((a) => !a.startsWith('--'));
const chosen = names.length > 0 ? names : Object.keys(targets);
for (const name of chosen) {
  if (!targets[name]) {
    console.error(`unknown bundle '${name}'; known: ${Object.keys(targets).join(', ')}`);
    process.exit(2);
  }
}

await Promise.all(
  chosen.map(async (name) => {
    const options = {
      target: 'node20',
      ...targets[name],
      bundle: true,
      outdir: 'dist',
      sourcemap: !production,
      minify: production,
      logLevel: 'warning',
    };
    if (watch) {
      const context = await esbuild.context(options);
      await context.watch();
    } else {
      await esbuild.build(options);
    }
  }),
);
