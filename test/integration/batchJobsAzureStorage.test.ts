import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BlobSASPermissions } from '@azure/storage-blob';
import * as vscode from 'vscode';
import type { ModelbayExtensionApi } from '../../src/extension/extension';
import type { RunJobResult } from '../../src/extension/jobs/jobCommands';
import { startAzurite as startServiceAzurite, type Azurite } from '../server/helpers/azurite';
import { modelbayApi, REPO, SAMPLE_ONNX } from './helpers/modelbay';

const IRIS = path.join(REPO, 'samples/onnx-classifier/iris.csv');
const IRIS_LABELS = ['0', '2', '1', '0', '2', '1', '0', '2', '1', '0', '2', '1'];

/** Azurite's blob service from the repository's node_modules (the service tests' helper, told where it is from here). */
const startAzurite = () => startServiceAzurite(path.join(REPO, 'node_modules/.bin/azurite-blob'));

const labels = (csv: string) => {
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  const index = header!.split(',').indexOf('label');
  return rows.map((row) => row.split(',')[index]);
};

// Submit Batch Job with blob references (what the form's Azure Storage choices send), against Azurite admitted by
// the Local service's allowedStorageUrlPrefixes: the job reads the blob, writes the named output blob, and the
// extension downloads the output from the Results link and opens it.
describe('batch jobs reading and writing Azure Storage (Azurite, real Local service)', function () {
  this.timeout(180_000);
  let modelbay: ModelbayExtensionApi;
  let azurite: Azurite;
  let serviceNode: unknown;

  before(async () => {
    modelbay = await modelbayApi();
    azurite = await startAzurite();
    await fs.mkdir(modelbay.local.dataDir, { recursive: true });
    await fs.writeFile(path.join(modelbay.local.dataDir, 'config.json'), JSON.stringify({ allowedStorageUrlPrefixes: [azurite.accountUrl] }));
    await modelbay.local.restart(); // the service reads its config when it starts
    const container = azurite.service.getContainerClient('scoring');
    await container.createIfNotExists();
    await container.getBlockBlobClient('in/iris.csv').uploadFile(IRIS);
    const service = await vscode.commands.executeCommand<{ id: string; name: string }>('modelbay.deploy', vscode.Uri.file(SAMPLE_ONNX), { serviceName: 'blobjobs', wait: true });
    assert.ok(service, 'deployed');
    serviceNode = { kind: 'service', account: modelbay.connections.handle('local'), resource: service };
  });
  after(async () => {
    await azurite?.stop();
  });

  it('a connection string with container/blob input and output: the output blob is written and opened', async () => {
    const input = { kind: 'connectionString', connectionString: azurite.connectionString, input: '/scoring/in/iris.csv', output: 'scoring/out/iris-scored.csv' };
    const result = await vscode.commands.executeCommand<RunJobResult>('modelbay.submitJob', serviceNode, { input, wait: true });
    const { job, outputs, editor } = result.ending!;
    assert.equal(job.status?.StatusCode, 'Finished', job.status?.Details ?? job.lostReason);
    assert.equal(job.label, 'iris.csv');
    const written = await azurite.service.getContainerClient('scoring').getBlockBlobClient('out/iris-scored.csv').downloadToBuffer();
    assert.deepEqual(labels(written.toString('utf8')), IRIS_LABELS, 'the output blob');
    assert.deepEqual(labels(await fs.readFile(outputs[0]!.fsPath, 'utf8')), IRIS_LABELS, 'and its download');
    assert.match(path.basename(outputs[0]!.fsPath), /^iris\.output1\.[0-9a-f]{8}\.csv$/);
    assert.equal(editor?.document.uri.fsPath, outputs[0]!.fsPath, 'opened (no input file to open it beside)');
  });

  it('a blob URL with its SAS token as input, the output left to the service', async () => {
    const blob = azurite.service.getContainerClient('scoring').getBlobClient('in/iris.csv');
    const inputUrl = await blob.generateSasUrl({ permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(Date.now() + 3_600_000) });
    const result = await vscode.commands.executeCommand<RunJobResult>('modelbay.submitJob', serviceNode, { input: { kind: 'sasUrl', inputUrl }, wait: true });
    const { job, outputs } = result.ending!;
    assert.equal(job.status?.StatusCode, 'Finished', job.status?.Details ?? job.lostReason);
    assert.deepEqual(labels(await fs.readFile(outputs[0]!.fsPath, 'utf8')), IRIS_LABELS);
  });

  it('a storage URL the service does not admit is refused at submit, with its words', async () => {
    const input = { kind: 'sasUrl', inputUrl: 'http://127.0.0.1:9/devstoreaccount1/scoring/in/iris.csv?sv=1' };
    const result = await vscode.commands.executeCommand<RunJobResult | undefined>('modelbay.submitJob', serviceNode, { input, wait: true });
    assert.equal(result, undefined, 'the command reported the refusal instead of answering a job');
  });
});
