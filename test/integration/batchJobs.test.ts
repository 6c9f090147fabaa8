import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { JobClient } from '../../src/api/client/jobClient';
import type { Endpoint } from '../../src/api/schemas';
import type { ModelbayExtensionApi } from '../../src/extension/extension';
import type { RunJobResult } from '../../src/extension/jobs/jobCommands';
import { JobTracker } from '../../src/extension/jobs/jobTracker';
import type { FinishedJob, TrackedJob } from '../../src/extension/jobs/trackedJob';
import { contextOf, findNode, labelOf, modelbayApi, REPO, SAMPLE_ONNX } from './helpers/modelbay';

/** globalState as a window keeps it: what one tracker writes, the next window's tracker reads. */
class MemoryState implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

/** The labels the sample model gives iris.csv's 12 rows (samples/onnx-classifier/README.md). */
const IRIS_LABELS = ['0', '2', '1', '0', '2', '1', '0', '2', '1', '0', '2', '1'];

const column = (csv: string, name: string) => {
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  const index = header!.split(',').indexOf(name);
  assert.ok(index >= 0, `no column ${name} in ${header}`);
  return rows.map((row) => row.split(',')[index]);
};

describe('batch jobs (real extension host, real Local service)', function () {
  this.timeout(180_000);
  let modelbay: ModelbayExtensionApi;
  let workspace: string;
  let irisCsv: vscode.Uri;
  let endpoint: Endpoint;

  before(async () => {
    modelbay = await modelbayApi();
    const service = await vscode.commands.executeCommand<{ id: string; scoringUri: string }>('modelbay.deploy', vscode.Uri.file(SAMPLE_ONNX), { serviceName: 'batch', wait: true });
    assert.ok(service?.scoringUri, 'the sample is deployed');
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    irisCsv = vscode.Uri.file(path.join(workspace, 'data', 'iris.csv'));
    await fs.mkdir(path.dirname(irisCsv.fsPath), { recursive: true });
    await fs.copyFile(path.join(REPO, 'samples/onnx-classifier/iris.csv'), irisCsv.fsPath);
    const { account } = await modelbay.connections.connect('local');
    endpoint = (await account.services.endpoints(service.id)).find((e) => e.name === 'default')!;
  });

  it('Score with Modelbay uploads the CSV, submits and starts; when the job finishes its output opens beside the input', async () => {
    await vscode.window.showTextDocument(irisCsv, { viewColumn: vscode.ViewColumn.One });
    const result = await vscode.commands.executeCommand<RunJobResult>('modelbay.scoreFile', irisCsv, { service: 'batch', wait: true });
    assert.ok(result?.ending, 'the command waited for the end');
    const { job, outputs, editor } = result.ending;
    assert.equal(job.status?.StatusCode, 'Finished', job.status?.Details ?? job.lostReason);
    assert.equal(job.status?.RowsDone, 12);
    assert.equal(job.status?.RowsTotal, 12);
    assert.equal(outputs.length, 1);
    assert.equal(path.dirname(outputs[0]!.fsPath), path.join(workspace, '.modelbay', 'jobs'), 'saved in the workspace, beside the request documents');
    assert.match(path.basename(outputs[0]!.fsPath), /^iris\.output1\.[0-9a-f]{8}\.csv$/);
    assert.deepEqual(column(await fs.readFile(outputs[0]!.fsPath, 'utf8'), 'label'), IRIS_LABELS);
    assert.ok(editor, 'the output is open');
    assert.equal(editor.document.uri.fsPath, outputs[0]!.fsPath);
    assert.equal(editor.viewColumn, vscode.ViewColumn.Two, 'beside the input, which stays in the first column');
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === irisCsv.fsPath && e.viewColumn === vscode.ViewColumn.One));
    assert.deepEqual(modelbay.jobs.inFlight(), [], 'no longer followed');
  });

  it('the job shows under its endpoint in the tree: name, state, rows and its menu tag', async () => {
    const endpointRow = await findNode(modelbay, ['Local', 'Services', 'batch', 'Endpoints', 'default']);
    assert.equal(endpointRow.getTreeItem().collapsibleState, vscode.TreeItemCollapsibleState.Collapsed, 'an endpoint opens onto its jobs');
    modelbay.tree.reload(endpointRow);
    const jobs = await modelbay.tree.getChildren(endpointRow);
    const row = jobs.find((j) => labelOf(j) === 'iris.csv');
    assert.ok(row, `a row named after the input: ${jobs.map(labelOf).join(', ')}`);
    assert.match(String(row.getTreeItem().description), /^finished · 12\/12 rows · /);
    assert.equal(contextOf(row), 'modelbay.job.Finished');
    const tooltip = row.getTreeItem().tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /submitted: .*\n- started: .*\n- ended: /);
  });

  it('a job that fails says why (the service Details), and nothing is opened', async () => {
    const bad = vscode.Uri.file(path.join(workspace, 'data', 'bad.csv'));
    await fs.writeFile(bad.fsPath, 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.3,three,6.0,2.5\n');
    const result = await vscode.commands.executeCommand<RunJobResult>('modelbay.scoreFile', bad, { service: 'batch', wait: true });
    const { job, outputs } = result.ending!;
    assert.equal(job.status?.StatusCode, 'Failed');
    assert.ok(job.status?.Details && job.status.Details.length > 10, `a reason: ${job.status?.Details}`);
    assert.deepEqual(outputs, []);
  });

  it('Cancel Job on a job that has not started deletes it; Delete Job removes a finished one from the tree', async () => {
    const { account } = await modelbay.connections.connect('local');
    const asset = await account.uploadAsset('iris.csv', await fs.readFile(irisCsv.fsPath));
    const client = new JobClient({ scoringUri: endpoint.scoringUri, keys: { current: async () => (await account.services.endpointKeys(endpoint.serviceId, 'default')).primaryKey } });
    const waiting = await client.submit({ Input: { AssetId: asset.id } });
    const local = modelbay.connections.handle('local')!;
    const ref = (jobId: string) => ({ kind: 'job', account: local, endpoint, job: { Id: jobId, StatusCode: 'NotStarted' } });
    assert.equal(await vscode.commands.executeCommand('modelbay.cancelJob', ref(waiting), true), true);
    await assert.rejects(client.get(waiting), /JobNotFound|No job/);

    const endpointRow = await findNode(modelbay, ['Local', 'Services', 'batch', 'Endpoints', 'default']);
    modelbay.tree.reload(endpointRow);
    const finished = (await modelbay.tree.getChildren(endpointRow)).filter((j) => contextOf(j) === 'modelbay.job.Finished');
    assert.ok(finished.length > 0);
    await vscode.commands.executeCommand('modelbay.deleteJob', finished[0], true);
    modelbay.tree.reload(endpointRow);
    const after = await modelbay.tree.getChildren(endpointRow);
    assert.ok(!after.some((j) => j.id === finished[0]!.id), 'the deleted job is gone from the tree');
  });

  it('a job in flight is followed again by the next window, and forgotten once it ends', async () => {
    const { account } = await modelbay.connections.connect('local');
    const asset = await account.uploadAsset('iris.csv', await fs.readFile(irisCsv.fsPath));
    const key = (await account.services.endpointKeys(endpoint.serviceId, 'default')).primaryKey;
    const client = new JobClient({ scoringUri: endpoint.scoringUri, keys: { current: () => key } });
    const jobId = await client.submit({ Input: { AssetId: asset.id } });
    const open = () => Promise.resolve(client);
    const state = new MemoryState();
    const log = vscode.window.createOutputChannel('Modelbay jobs test', { log: true });
    const job: TrackedJob = { jobId, accountId: 'local', serviceId: endpoint.serviceId, serviceName: 'batch', endpointName: 'default', endpointId: endpoint.id, label: 'iris.csv', inputPath: irisCsv.fsPath, startedAt: Date.now() };
    const first = new JobTracker(open, state, log);
    void first.track(job);
    assert.equal(state.get<unknown[]>('modelbay.jobsInFlight', []).length, 1, 'kept while in flight');
    first.dispose(); // the window closes while the job waits

    await client.start(jobId);
    const second = new JobTracker(open, state, log);
    const ended = new Promise<FinishedJob>((resolve) => second.onDidFinish(resolve));
    second.resume();
    assert.equal(second.inFlight().length, 1, 'the next window follows it');
    assert.equal(second.known(jobId)?.label, 'iris.csv', 'and knows its name and input');
    const finished = await ended;
    assert.equal(finished.status?.StatusCode, 'Finished');
    assert.deepEqual(state.get('modelbay.jobsInFlight', []), []);
    second.dispose();
    log.dispose();
  });
});
