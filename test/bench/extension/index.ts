// Runs inside the real extension host (loaded as extensionTestsPath by test/bench/extension.ts): measures
// activation and the time to show the first page of the Models folder with 100 and with 10,000 models, side by
// side, and prints them. Not a test: it fails only if it cannot measure.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ModelbayExtensionApi } from '../../../src/extension/extension';
import type { TreeNode } from '../../../src/extension/tree/treeNode';

const label = (n: TreeNode) => {
  const { label: text } = n.getTreeItem();
  return typeof text === 'object' ? text.label : (text ?? '');
};

async function firstPage(api: ModelbayExtensionApi): Promise<{ ms: number; rows: number }> {
  api.tree.reload();
  const start = performance.now();
  const root = await api.tree.getChildren();
  const local = root.find((n) => label(n) === 'Local')!;
  const folders = await api.tree.getChildren(local);
  const models = folders.find((n) => label(n) === 'Models')!;
  const rows = await api.tree.getChildren(models);
  rows.forEach((r) => r.getTreeItem());
  return { ms: performance.now() - start, rows: rows.length };
}

async function median(times: number, measure: () => Promise<{ ms: number; rows: number }>) {
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < times; i++) {
    const r = await measure();
    samples.push(r.ms);
    rows = r.rows;
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length / 2)]!, max: samples.at(-1)!, rows };
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<ModelbayExtensionApi>('modelbay.modelbay')!;
  const api = await extension.activate();
  await vscode.workspace.getConfiguration('modelbay').update('pageSize', 50, vscode.ConfigurationTarget.Global);
  console.log(`[bench] activation (activate() itself): ${api.activationMs.toFixed(1)} ms`);
  // Loading the bundle is part of activation too: evaluate a fresh copy of it and time that.
  const requireAtRunTime = createRequire(__filename);
  const bundle = requireAtRunTime.resolve(`${extension.extensionPath}/dist/extension.js`);
  delete requireAtRunTime.cache[bundle];
  const loadStart = performance.now();
  requireAtRunTime(bundle);
  console.log(`[bench] loading the extension bundle (${(statSync(bundle).size / 1024).toFixed(0)} KB): ${(performance.now() - loadStart).toFixed(1)} ms`);
  const started = performance.now();
  await api.connections.connect('local');
  console.log(`[bench] Local service start on first use: ${(performance.now() - started).toFixed(0)} ms`);

  const { account } = await api.connections.connect('local');
  const asset = await account.uploadAsset('bench.bin', Buffer.from('bench'));
  const register = async (from: number, to: number) => {
    let next = from;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < to) {
        const i = next++;
        await account.registerModel({ name: `bench${i % 500}`, mimeType: 'application/octet-stream', url: asset.url });
      }
    }));
  };
  await register(0, 100);
  const small = await median(15, () => firstPage(api));
  const fillStart = performance.now();
  await register(100, 10_000);
  console.log(`[bench] registered 9,900 more models in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);
  const large = await median(15, () => firstPage(api));
  console.log(`[bench] first page of Models (page size 50), 100 models:    p50 ${small.p50.toFixed(1)} ms, max ${small.max.toFixed(1)} ms, ${small.rows} rows`);
  console.log(`[bench] first page of Models (page size 50), 10,000 models: p50 ${large.p50.toFixed(1)} ms, max ${large.max.toFixed(1)} ms, ${large.rows} rows`);
  console.log(`[bench] ratio 10,000 / 100 models: ${(large.p50 / small.p50).toFixed(2)}x`);
}
