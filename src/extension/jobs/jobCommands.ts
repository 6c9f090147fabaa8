import * as vscode from 'vscode';
import { jobEnded } from '../../api/client/jobPolling';
import { resolveEndpoint } from '../commands/pickers';
import { presetOf, registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { openSubmitJobPanel } from '../panels/submitJobPanel';
import { nodeRefOf } from '../tree/nodeRef';
import { JobDocuments, JOB_SCHEME, type JobDocumentTarget } from './jobDocuments';
import { JobEndings, type JobEnding } from './jobEndings';
import { downloadOutputs, openBesideInput } from './jobOutputs';
import { jobTargetOf } from './jobTargets';
import { pickScoringEndpoint, type EndpointChoice } from './pickScoringEndpoint';
import { submitJob, type JobInput } from './submitJob';
import { jobProgress } from './trackedJob';

/** A command's answers when a test or a script runs a job without the form. */
interface JobAnswers extends EndpointChoice {
  input?: JobInput;
  globalParameters?: string;
  /** Resolve once the job ended and its output opened, with what came of it. */
  wait?: boolean;
}

export interface RunJobResult {
  jobId: string;
  ending?: JobEnding;
}

/**
 * Submit Batch Job... (an endpoint or service row, or the palette), Score with Modelbay... (a .csv/.tsv in the
 * Explorer), and on job rows: Open Output, Show Job Details, Start, Cancel and Delete; Show Batch Jobs (the status
 * bar). Answers the job endings, for the extension's API.
 */
export function registerJobCommands(services: ExtensionServices): JobEndings {
  const { context, log, jobs, jobAccess } = services;
  const documents = new JobDocuments(jobAccess);
  const endings = new JobEndings(services);
  context.subscriptions.push(documents, endings, vscode.workspace.registerTextDocumentContentProvider(JOB_SCHEME, documents));
  const target = (arg: unknown): JobDocumentTarget => {
    const found = jobTargetOf(arg, (id) => jobs.known(id)?.label);
    if (!found) throw new Error('Choose a batch job under an endpoint in the Modelbay view.');
    return found;
  };
  const run = async (accountId: string, endpoint: Parameters<typeof submitJob>[1]['endpoint'], answers: JobAnswers & { input: JobInput }): Promise<RunJobResult> => {
    const { job, done } = await submitJob(services, { accountId, endpoint, input: answers.input, globalParameters: answers.globalParameters });
    if (!answers.wait) return { jobId: job.jobId };
    await done;
    return { jobId: job.jobId, ending: await endings.ended(job.jobId) };
  };

  registerCommand(context, log, 'modelbay.submitJob', async (node?: unknown, answers?: unknown) => {
    const { account, endpoint } = await resolveEndpoint(services, nodeRefOf(node));
    const preset = presetOf<JobAnswers>(answers);
    if (preset?.input) return run(account.id, endpoint, { ...preset, input: preset.input });
    openSubmitJobPanel(services, account, endpoint);
    return undefined;
  });

  registerCommand(context, log, 'modelbay.scoreFile', async (file?: unknown, answers?: unknown) => {
    const uri = file instanceof vscode.Uri ? file : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file' || !/\.(csv|tsv)$/i.test(uri.path)) throw new Error('Choose a .csv or .tsv file in the Explorer.');
    const preset = presetOf<JobAnswers>(answers);
    const { account, endpoint } = await pickScoringEndpoint(services, preset);
    if (preset) return run(account.id, endpoint, { ...preset, input: { kind: 'file', path: uri.fsPath } });
    openSubmitJobPanel(services, account, endpoint, uri);
    return undefined;
  });

  registerCommand(context, log, 'modelbay.showJobDetails', (arg?: unknown) => documents.show(target(arg)));

  registerCommand(context, log, 'modelbay.openJobOutput', async (arg?: unknown) => {
    const job = target(arg);
    const { client } = await jobAccess.forJob(job);
    const status = await client.get(job.jobId);
    if (status.StatusCode !== 'Finished') throw new Error(`The job is ${status.StatusCode}: only a finished job has an output.`);
    const known = jobs.known(job.jobId);
    const outputs = await downloadOutputs({ ...job, inputPath: known?.inputPath }, status, context.globalStorageUri);
    if (!outputs[0]) throw new Error('The job finished without outputs.');
    return openBesideInput(outputs[0], known?.inputPath);
  });

  registerCommand(context, log, 'modelbay.startJob', async (arg?: unknown) => {
    const job = target(arg);
    const { client, endpoint } = await jobAccess.forJob(job);
    await client.start(job.jobId);
    const known = jobs.known(job.jobId);
    // track() never rejects; the end is announced through onDidFinish.
    jobs.track(known ?? { ...job, serviceName: endpoint.serviceName, endpointId: endpoint.id, startedAt: Date.now() }).catch(() => undefined);
    services.tree.reloadJobs(job.accountId, endpoint.id);
  });

  /** Cancel (a job that runs: it stops and is deleted) and Delete (a job that ended) are one DELETE, after a confirmation. */
  const remove = async (button: 'Cancel Job' | 'Delete', arg: unknown, confirmed: unknown): Promise<boolean> => {
    const job = target(arg);
    const { client, endpoint } = await jobAccess.forJob(job);
    if (confirmed !== true) {
      const status = await client.get(job.jobId);
      const what = jobEnded(status) ? `Delete the job ${job.label}?` : `Cancel the job ${job.label}? It has scored ${jobProgress(status)}; it stops and is deleted.`;
      // The dialog has its own Cancel (keep the job), so the action is named apart from it.
      if ((await vscode.window.showWarningMessage(what, { modal: true }, button)) !== button) return false;
    }
    // Not followed any more first, so its disappearance is not reported as a lost job; followed again if it stays.
    const followed = jobs.inFlight().find((j) => j.jobId === job.jobId);
    jobs.forget(job.jobId);
    try {
      await client.delete(job.jobId);
    } catch (error) {
      if (followed) jobs.track(followed).catch(() => undefined);
      throw error;
    }
    services.tree.reloadJobs(job.accountId, endpoint.id);
    return true;
  };
  registerCommand(context, log, 'modelbay.cancelJob', (arg?: unknown, confirmed?: unknown) => remove('Cancel Job', arg, confirmed));
  registerCommand(context, log, 'modelbay.deleteJob', (arg?: unknown, confirmed?: unknown) => remove('Delete', arg, confirmed));

  registerCommand(context, log, 'modelbay.showJobs', async () => {
    const running = jobs.inFlight().map((job) => ({ label: `$(sync~spin) ${job.label}`, description: `${job.serviceName}/${job.endpointName} · ${jobs.latest(job.jobId) ? jobProgress(jobs.latest(job.jobId)!) : 'starting'}`, job }));
    const recent = jobs.recent().map((job) => ({
      label: `${job.status?.StatusCode === 'Finished' ? '$(pass)' : '$(error)'} ${job.label}`,
      description: `${job.serviceName}/${job.endpointName} · ${job.status?.StatusCode ?? 'lost'} at ${new Date(job.finishedAt).toLocaleTimeString()}`,
      detail: job.status?.Details ?? job.lostReason,
      job,
    }));
    if (running.length + recent.length === 0) {
      void vscode.window.showInformationMessage('Modelbay: no batch jobs in this window yet.');
      return;
    }
    const picked = await vscode.window.showQuickPick([...running, ...recent], { title: 'Modelbay batch jobs' });
    if (picked) await documents.show({ ...picked.job, label: picked.job.label });
  });

  return endings;
}
