import * as vscode from 'vscode';
import { ModelbayApiError, ModelbayConnectionError } from '../../api/client/errors';
import type { JobClient } from '../../api/client/jobClient';
import type { Endpoint, JobState, JobStatus, Page } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';
import { jobProgress } from '../jobs/trackedJob';
import { taggedContext } from './callerRole';
import { pagedChildren } from './pagedChildren';
import { Pager } from './pager';
import type { TreeContext, TreeNode } from './treeNode';

/** What the tree needs to show an endpoint's batch jobs. */
export interface TreeJobs {
  client(accountId: string, endpoint: Endpoint): Promise<JobClient>;
  /** The newest status this window read for a job it follows. */
  latest(jobId: string): JobStatus | undefined;
  /** The name a job was submitted under from this machine ("iris.csv"). */
  labelOf(jobId: string): string | undefined;
}

/** A job row, as a command gets it from the tree (or a notification, a test). */
export interface JobRef {
  readonly kind: 'job';
  readonly account: AccountHandle;
  readonly endpoint: Endpoint;
  readonly job: JobStatus;
}

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

const seconds = (from: string | null, to: string | null) => {
  if (!from || !to) return undefined;
  const s = (Date.parse(to) - Date.parse(from)) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
};

function jobIcon(state: JobState): vscode.ThemeIcon {
  switch (state) {
    case 'NotStarted':
      return new vscode.ThemeIcon('clock');
    case 'Running':
      return new vscode.ThemeIcon('sync~spin');
    case 'Finished':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'Failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'Cancelled':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
  }
}

const WORDS: Record<JobState, string> = { NotStarted: 'not started', Running: 'running', Finished: 'finished', Failed: 'failed', Cancelled: 'cancelled' };

/** An endpoint row's jobs, updated in place when a followed job moves on (the rows keep their identity). */
export interface JobRows {
  /** The row of that job, showing the new status; undefined when the row is not loaded. */
  update(jobId: string, status: JobStatus): TreeNode | undefined;
}

/** One batch job: its state icon, progress and times; its menu offers what its state allows. */
export class JobNode implements TreeNode, JobRef {
  readonly kind = 'job' as const;
  readonly id: string;
  constructor(
    readonly parent: TreeNode,
    readonly account: AccountHandle,
    readonly endpoint: Endpoint,
    public job: JobStatus,
    private readonly label: string | undefined,
  ) {
    this.id = `${parent.id}/job/${job.Id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const j = this.job;
    const name = this.label ?? `job ${j.Id.slice(0, 8)}`;
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const when = j.EndedAt ?? j.StartedAt ?? j.CreatedAt;
    const took = seconds(j.StartedAt, j.EndedAt);
    item.description = [WORDS[j.StatusCode], j.StatusCode === 'NotStarted' ? undefined : jobProgress(j), took ?? new Date(when).toLocaleTimeString()].filter(Boolean).join(' · ');
    item.iconPath = jobIcon(j.StatusCode);
    const lines = [
      `**${name}** (${WORDS[j.StatusCode]})`,
      `- job: \`${j.Id}\``,
      `- rows: ${jobProgress(j)}`,
      `- submitted: ${time(j.CreatedAt)}`,
      `- started: ${time(j.StartedAt)}`,
      `- ended: ${time(j.EndedAt)}${took ? ` (${took})` : ''}`,
    ];
    if (j.Results) lines.push(`- outputs: ${Object.keys(j.Results).join(', ')}`);
    if (j.Details) lines.push('', `**Why:** ${j.Details}`);
    item.tooltip = new vscode.MarkdownString(lines.join('\n'));
    item.contextValue = taggedContext(this, `modelbay.job.${j.StatusCode}`);
    return item;
  }
}

/**
 * The jobs under an endpoint row: newest first, paged, with this window's fresher status where it has one. A job's
 * row stays the same object across loads and updates, so a menu opened on it while the job moves on still acts on it.
 */
export class EndpointJobs implements JobRows {
  private readonly pager: Pager<JobStatus>;
  private client: JobClient | undefined;
  private readonly rows = new Map<string, JobNode>();

  constructor(
    private readonly parent: TreeNode,
    private readonly account: AccountHandle,
    private readonly endpoint: Endpoint,
    private readonly tree: TreeContext,
  ) {
    this.pager = new Pager(
      () => this.firstPage(),
      async (nextLink) => (await this.jobClient()).page(nextLink),
    );
  }

  children(): Promise<TreeNode[]> {
    const { jobs } = this.tree;
    return pagedChildren(
      this.parent,
      this.pager,
      this.tree,
      (items) => {
        const shown = items.map((listed) => {
          const job = fresher(listed, jobs.latest(listed.Id));
          const row = this.rows.get(job.Id) ?? new JobNode(this.parent, this.account, this.endpoint, job, jobs.labelOf(job.Id));
          row.job = job;
          return row;
        });
        this.rows.clear();
        for (const row of shown) this.rows.set(row.job.Id, row);
        return shown;
      },
      'No batch jobs yet (Submit Batch Job...)',
    );
  }

  update(jobId: string, status: JobStatus): TreeNode | undefined {
    const row = this.rows.get(jobId);
    if (row) row.job = status;
    return row;
  }

  reset(): void {
    this.pager.reset();
    this.client = undefined;
  }

  private async jobClient(): Promise<JobClient> {
    this.client ??= await this.tree.jobs.client(this.account.id, this.endpoint);
    return this.client;
  }

  /** A service without batch routes (an older remote one) has no jobs to show, which is not an error. */
  private async firstPage(): Promise<Page<JobStatus>> {
    try {
      return await (await this.jobClient()).list({ count: this.tree.pageSize });
    } catch (error) {
      const notOffered = (error instanceof ModelbayConnectionError && / 404 /.test(error.message)) || (error instanceof ModelbayApiError && error.statusCode === 404 && error.code !== 'EndpointNotFound');
      if (notOffered) return { value: [] };
      throw error;
    }
  }
}

/** The list may be older than what the tracker read since (it polls more often than the tree loads). */
function fresher(listed: JobStatus, tracked: JobStatus | undefined): JobStatus {
  if (!tracked || listed.EndedAt) return listed;
  if (tracked.EndedAt) return tracked;
  return tracked.RowsDone >= listed.RowsDone ? tracked : listed;
}
