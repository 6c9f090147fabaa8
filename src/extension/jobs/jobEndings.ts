import * as vscode from 'vscode';
import { reportFailure } from '../core/reportFailure';
import type { ExtensionServices } from '../extensionServices';
import { downloadOutputs, openBesideInput } from './jobOutputs';
import { jobProgress, jobTitle, type FinishedJob } from './trackedJob';

/** What became of a job once it ended: its outputs (downloaded and opened) when it Finished. */
export interface JobEnding {
  job: FinishedJob;
  outputs: vscode.Uri[];
  /** The editor showing the first output beside the input. */
  editor?: vscode.TextEditor;
}

/**
 * When a job ends: its endpoint's jobs are loaded again; a Finished job's outputs are downloaded into the workspace
 * and the first opens beside the input; a Failed one says why (the service's Details) with Show Details; a Cancelled
 * or lost one says so. `ended(jobId)` answers what came of it (tests, and commands that wait).
 */
export class JobEndings implements vscode.Disposable {
  private readonly endings = new Map<string, Promise<JobEnding>>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: ExtensionServices) {
    this.subscription = services.jobs.onDidFinish((job) => {
      services.tree.reloadJobs(job.accountId, job.endpointId);
      const ending = this.announce(job).catch((error: unknown) => {
        reportFailure(services.log, error, `Opening the output of ${jobTitle(job)}`);
        return { job, outputs: [] };
      });
      this.endings.set(job.jobId, ending);
    });
  }

  /** What came of a job that ended in this window (undefined while it runs). */
  ended(jobId: string): Promise<JobEnding> | undefined {
    return this.endings.get(jobId);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async announce(job: FinishedJob): Promise<JobEnding> {
    const { status } = job;
    const title = jobTitle(job);
    if (status?.StatusCode === 'Finished') {
      const outputs = await downloadOutputs(job, status, this.services.context.globalStorageUri);
      const editor = outputs[0] ? await openBesideInput(outputs[0], job.inputPath) : undefined;
      void vscode.window.showInformationMessage(`Modelbay: ${title} finished: ${jobProgress(status)} scored.`);
      return { job, outputs, editor };
    }
    if (status?.StatusCode === 'Failed') {
      this.offerDetails(vscode.window.showErrorMessage(`Modelbay: ${title} failed: ${status.Details ?? 'the service gave no reason'}`, 'Show Details'), job);
    } else if (status?.StatusCode === 'Cancelled') {
      void vscode.window.showInformationMessage(`Modelbay: ${title} was cancelled.`);
    } else {
      void vscode.window.showWarningMessage(`Modelbay: ${title} can no longer be followed: ${job.lostReason ?? 'unknown reason'}`);
    }
    return { job, outputs: [] };
  }

  private offerDetails(choice: Thenable<string | undefined>, job: FinishedJob): void {
    choice.then(
      (picked) => (picked === 'Show Details' ? vscode.commands.executeCommand('modelbay.showJobDetails', job) : undefined),
      (error: unknown) => reportFailure(this.services.log, error, 'Showing the job'),
    ).then(undefined, (error: unknown) => reportFailure(this.services.log, error, 'Showing the job'));
  }
}
