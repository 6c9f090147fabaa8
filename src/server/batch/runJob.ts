import type { Readable } from 'node:stream';
import { ApiError } from '../errors';
import type { ReplicaPool } from '../runtime/replicaPool';
import { poolForEndpoint, runningPool } from '../gateway/endpointPools';
import { BatchPace } from './batchPace';
import { JobFailure, type BatchScoringDeps } from './batchScoring';
import type { JobDoc, StoredJob, WrittenOutput } from './jobRecord';
import { MIME_TYPES, outputFormat, planJob, type PlannedInput, type PlannedOutput } from './jobPlan';
import { cellReaders } from './rowsToRecords';
import { scoreRows, type OpenInput } from './scoreRows';
import type { AzureBlobs } from './storage/azureBlobs';
import { AssetSink, BlockBlobSink, type OutputSink } from './storage/outputSinks';
import { formatOfName, type TableFormat } from './tables/tableFormat';
import { TableReader } from './tables/tableReader';
import { TableWriter } from './tables/tableWriter';

/** A batch holds at most about this many characters of cells (and as many rows as BatchPace says). */
const BATCH_CHARS = 512 * 1024;

export interface JobRunDeps extends BatchScoringDeps {
  azure: AzureBlobs;
}

interface OpenOutput {
  planned: PlannedOutput;
  writer: TableWriter;
  sink: OutputSink;
}

/** The endpoint's replicas, waited for while they come up (after a restart, or a redeployment). */
async function endpointPool(deps: BatchScoringDeps, endpointId: string, signal: AbortSignal): Promise<ReplicaPool> {
  for (let tries = 0; ; tries++) {
    const found = deps.endpoints.cached(endpointId) ?? (await deps.endpoints.load(endpointId));
    if (!found) throw new JobFailure('The endpoint no longer exists.');
    try {
      return runningPool(deps.context, found.endpoint) ?? (await poolForEndpoint(deps.context, found.account, found.endpoint));
    } catch (error) {
      if (!(error instanceof ApiError) || error.statusCode !== 503 || tries >= 150) throw new JobFailure((error as Error).message);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    signal.throwIfAborted();
  }
}

/**
 * Runs a started job: streams its inputs in batches through the endpoint's replicas and its outputs into sinks,
 * and commits every output at the end (all or none). Answers where the outputs went; throws JobFailure (Details)
 * or the abort reason.
 */
export async function runJob(
  job: StoredJob,
  deps: JobRunDeps,
  signal: AbortSignal,
  onProgress: (rowsDone: number) => Promise<void>,
): Promise<{ outputs: Record<string, WrittenOutput>; rows: number }> {
  const { context } = deps;
  const plan = planJob(job.request, context.config.allowedStorageUrlPrefixes ?? []);
  const pool = await endpointPool(deps, job.doc.endpointId, signal);
  const inputs: OpenInput[] = [];
  const outputs = new Map<string, OpenOutput>();
  try {
    for (const planned of plan.inputs) inputs.push(await openInput(deps, job.doc, planned, signal));
    for (const input of inputs) {
      input.columns = await input.reader.readHeader().catch((error: Error) => {
        throw new JobFailure(`${input.name}: ${error.message}`);
      });
      input.cells = cellReaders(pool.schema, pool.spec.runtimeType, input.name, input.columns);
    }
    const inputFormat = inputs[0]!.format;
    const outputFor = async (name: string): Promise<OpenOutput | undefined> => {
      const known = outputs.get(name);
      if (known) return known;
      const planned = plan.outputs.length > 0 ? plan.outputs.find((o) => o.name === name) : { name, where: `Outputs.${name}`, location: { kind: 'chosen' as const } };
      if (!planned) return undefined; // an output the request did not ask for
      const format = outputFormat(planned.location, inputFormat);
      const opened = { planned, writer: new TableWriter(format), sink: await openSink(deps, job.doc, planned, format, signal) };
      outputs.set(name, opened);
      return opened;
    };

    let rows = 0;
    let savedAt = Date.now();
    const pace = new BatchPace();
    for (;;) {
      signal.throwIfAborted();
      const batches = await Promise.all(
        inputs.map((input) =>
          input.reader.readBatch(pace.rows, BATCH_CHARS).catch((error: Error) => {
            throw new JobFailure(`${input.name}: ${error.message}`);
          }),
        ),
      );
      const size = Math.max(0, ...batches.map((b) => b?.rows.length ?? 0));
      if (size === 0) break;
      const answers = await scoreRows(deps, job.doc.endpointId, inputs, batches, plan.globalParameters, pace, signal);
      for (const [name, table] of answers.flatMap((answer) => [...answer])) {
        const output = await outputFor(name);
        if (!output) continue;
        let text: string;
        try {
          text = output.writer.text(table.columns, table.values);
        } catch (error) {
          throw new JobFailure(`${name}: ${(error as Error).message}`);
        }
        await output.sink.write(text);
      }
      rows += size;
      if (Date.now() - savedAt > 1000) {
        savedAt = Date.now();
        await onProgress(rows);
      }
    }
    for (const planned of plan.outputs) {
      if (!outputs.has(planned.name)) {
        if (rows > 0) throw new JobFailure(`The model answered no output named '${planned.name}'.`);
        await outputFor(planned.name); // no rows at all: the output is written empty
      }
    }
    signal.throwIfAborted();
    const written: Record<string, WrittenOutput> = {};
    for (const [name, output] of outputs) written[name] = await output.sink.commit();
    return { outputs: written, rows };
  } catch (error) {
    await Promise.all([...outputs.values()].map((o) => o.sink.discard()));
    throw error;
  } finally {
    for (const input of inputs) input.reader.close();
  }
}

async function openInput(deps: JobRunDeps, doc: JobDoc, planned: PlannedInput, signal: AbortSignal): Promise<OpenInput> {
  let source: Readable;
  let name: string;
  if (planned.location.kind === 'asset') {
    const asset = await deps.context.store.assets.get(doc.account, planned.location.assetId);
    if (!asset) throw new JobFailure(`${planned.where}: asset ${planned.location.assetId} no longer exists.`);
    source = await deps.context.blobs.read(asset.sha256);
    name = asset.name;
  } else {
    source = await deps.azure.read(planned.location, signal);
    name = planned.location.blob;
  }
  const format = formatOfName(name) ?? 'csv';
  return { name: planned.name, format, reader: new TableReader(source, format), columns: [], cells: [] };
}

async function openSink(deps: JobRunDeps, doc: JobDoc, planned: PlannedOutput, format: TableFormat, signal: AbortSignal): Promise<OutputSink> {
  const { context } = deps;
  if (planned.location.kind === 'azure') return new BlockBlobSink(await deps.azure.client(planned.location), MIME_TYPES[format], signal);
  const name = `${doc.id}-${planned.name}.${format}`;
  return new AssetSink(context.blobs, context.config.maxAssetBytes, context.store.assets, doc.account, name, MIME_TYPES[format]);
}

