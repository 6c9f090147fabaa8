import * as path from 'node:path';
import * as vscode from 'vscode';
import { submitJobParamsCheck, type SubmitJobEvent, type SubmitJobInit, type SubmitJobMethods } from '../../../webviews/protocol/submitJobProtocol';
import type { Endpoint } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';
import { inBackground } from '../core/reportFailure';
import type { ExtensionServices } from '../extensionServices';
import { pickInputFile, submitJob } from '../jobs/submitJob';
import { jobProgress } from '../jobs/trackedJob';
import { openPanel } from './panelHost';
import { describeFile } from './sourcePicking';

/**
 * The Submit Batch Job form of one endpoint: a CSV/TSV of the workspace (uploaded), or blob references; global
 * parameters. Submit uploads, submits and starts; the form then shows how the job is doing until it ends (the output
 * opens beside the input by itself). One panel per endpoint and file.
 */
export function openSubmitJobPanel(services: ExtensionServices, account: AccountHandle, endpoint: Endpoint, file?: vscode.Uri): void {
  const subject = `job:${account.id}/${endpoint.id}:${file?.toString() ?? ''}`;
  if (services.panels.reveal(subject)) return;
  const opened = openPanel<SubmitJobMethods, SubmitJobInit, SubmitJobEvent>(services.context, services.log, {
    viewType: 'modelbay.submitJob',
    // Two forms of one endpoint (two files) are told apart by the file.
    title: file ? `Score ${path.basename(file.fsPath)} · ${endpoint.serviceName}/${endpoint.name}` : `Batch Job · ${endpoint.serviceName}/${endpoint.name}`,
    script: 'submitJob',
    check: submitJobParamsCheck,
    init: () => Promise.resolve({ target: { accountLabel: account.label, serviceName: endpoint.serviceName, endpointName: endpoint.name }, file: file ? describeFile(file) : undefined }),
    handlers: {
      async pickFile() {
        const picked = await pickInputFile();
        return picked ? describeFile(picked) : null;
      },
      async submit(params, handle) {
        const { job, done } = await submitJob(services, {
          accountId: account.id,
          endpoint,
          input: params.input,
          globalParameters: params.globalParameters,
          progress: (message) => handle.post({ kind: 'progress', message }),
        });
        // The form follows the job it started while it stays open.
        const following = services.jobs.onDidChange(({ job: changed, status, forgotten }) => {
          if (changed.jobId !== job.jobId) return;
          const progress = status ? jobProgress(status) : 'no rows yet';
          // Cancelled (or deleted) from the tree: the form says so rather than showing the last progress forever.
          if (forgotten) handle.post({ kind: 'job', jobId: job.jobId, state: 'Cancelled', progress });
          else if (status) handle.post({ kind: 'job', jobId: job.jobId, state: status.StatusCode, progress, details: status.Details ?? undefined });
        });
        const stop = handle.panel.onDidDispose(() => {
          following.dispose();
        });
        inBackground(services.log, 'Following the batch job', done.then(() => {
          following.dispose();
          stop.dispose();
        }));
        return { jobId: job.jobId };
      },
    },
  });
  services.panels.add(subject, opened.panel);
}
