import * as vscode from 'vscode';
import type { JobTracker } from './jobTracker';
import { jobProgress, jobTitle } from './trackedJob';

/**
 * The batch jobs' status-bar item, beside the operations' one: a spinner, how many jobs run, and the newest one's
 * progress ("iris.csv 40/150 rows"); hidden when none runs. A click lists them (Show Batch Jobs).
 */
export function jobsStatusBar(tracker: JobTracker): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('modelbay.jobs', vscode.StatusBarAlignment.Left, 49);
  item.name = 'Modelbay Batch Jobs';
  item.command = 'modelbay.showJobs';
  const render = () => {
    const running = tracker.inFlight();
    if (running.length === 0) {
      item.hide();
      return;
    }
    const describe = (jobId: string) => {
      const status = tracker.latest(jobId);
      return status ? `${status.StatusCode === 'NotStarted' ? 'waiting' : jobProgress(status)}` : 'starting';
    };
    const newest = running[0]!;
    item.text = `$(sync~spin) Modelbay job${running.length === 1 ? '' : `s ${running.length}`} · ${newest.label} ${describe(newest.jobId)}`;
    item.tooltip = new vscode.MarkdownString(['**Modelbay batch jobs running**', ...running.map((job) => `- ${jobTitle(job)}: ${describe(job.jobId)} (since ${new Date(job.startedAt).toLocaleTimeString()})`)].join('\n'));
    item.show();
  };
  const subscription = tracker.onDidChange(render);
  render();
  return vscode.Disposable.from(item, subscription);
}
