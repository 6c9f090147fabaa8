import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JobFormInput } from '../../../webviews/protocol/submitJobProtocol';
import { jobSubmitRequest, parseGlobalParameters, type JobLocations } from '../../api/jobRequests';
import type { Endpoint } from '../../api/schemas';
import type { ExtensionServices } from '../extensionServices';
import type { FinishedJob, TrackedJob } from './trackedJob';

/** Where a job reads: a CSV/TSV of the workspace (uploaded as an asset), or blobs the service reads itself. */
export type JobInput = JobFormInput;

export interface JobSubmission {
  accountId: string;
  endpoint: Endpoint;
  input: JobInput;
  /** `name=value` lines or a JSON object, as typed. */
  globalParameters?: string;
  /** Told what is under way ("Uploading iris.csv..."). */
  progress?: (message: string) => void;
}

export interface SubmittedJob {
  job: TrackedJob;
  /** Resolves when the job ends (never rejects); its output is opened and the end announced meanwhile. */
  done: Promise<FinishedJob>;
}

const MIME_TYPES: Record<string, string> = { '.csv': 'text/csv', '.tsv': 'text/tab-separated-values' };

/** What the user knows the input by: the file's name, or the blob's. */
function inputLabel(input: JobInput): string {
  switch (input.kind) {
    case 'file':
      return path.basename(input.path);
    case 'connectionString':
      return input.input.trim().split('/').filter(Boolean).pop() ?? input.input;
    case 'sasUrl':
      try {
        return decodeURIComponent(new URL(input.inputUrl).pathname.split('/').filter(Boolean).pop() ?? 'blob');
      } catch {
        return 'blob';
      }
  }
}

/**
 * Runs a batch job on an endpoint: uploads a workspace file as an asset of the endpoint's account (streamed), submits
 * the job, starts it, and follows it in the status bar and the tree. A refusal (400, 401, 404) throws here, with the
 * service's words.
 */
export async function submitJob(services: ExtensionServices, submission: JobSubmission): Promise<SubmittedJob> {
  const { accountId, endpoint, input } = submission;
  const progress = submission.progress ?? (() => undefined);
  const parameters = parseGlobalParameters(submission.globalParameters ?? '');
  if (!parameters.ok) throw new Error(`Global parameters: ${parameters.problem}`);
  const label = inputLabel(input);
  let locations: JobLocations;
  if (input.kind === 'file') {
    const stat = await fs.stat(input.path);
    if (!stat.isFile()) throw new Error(`${input.path} is not a file.`);
    progress(`Uploading ${label}...`);
    const connection = await services.connections.connect(accountId);
    const mimeType = MIME_TYPES[path.extname(input.path).toLowerCase()] ?? 'text/csv';
    const asset = await connection.account.uploadAsset(label, createReadStream(input.path), { mimeType });
    services.log.info(`Uploaded ${label} (${stat.size} bytes) as asset ${asset.id}`);
    locations = { kind: 'asset', assetId: asset.id };
  } else {
    locations = input;
  }
  const body = jobSubmitRequest(locations, parameters.value);
  if (!body.ok) throw new Error(body.problem);
  const client = await services.jobAccess.forEndpoint(accountId, endpoint);
  progress('Submitting the job...');
  const jobId = await client.submit(body.value);
  progress('Starting the job...');
  await client.start(jobId);
  const job: TrackedJob = {
    jobId,
    accountId,
    serviceId: endpoint.serviceId,
    serviceName: endpoint.serviceName,
    endpointName: endpoint.name,
    endpointId: endpoint.id,
    label,
    inputPath: input.kind === 'file' ? input.path : undefined,
    startedAt: Date.now(),
  };
  services.log.info(`Started batch job ${jobId} on ${endpoint.serviceName}/${endpoint.name} for ${label}`);
  const done = services.jobs.track(job);
  services.tree.reloadJobs(accountId, endpoint.id);
  return { job, done };
}

/** A workspace CSV/TSV chosen in a picker. */
export async function pickInputFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectMany: false,
    title: 'Rows to score',
    openLabel: 'Choose',
    filters: { 'CSV or TSV': ['csv', 'tsv'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}
