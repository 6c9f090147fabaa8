import * as vscode from 'vscode';
import { ModelbayApiError, ModelbayConnectionError } from '../../api/client/errors';
import type { JobClient } from '../../api/client/jobClient';
import { pollJob } from '../../api/client/jobPolling';
import type { JobStatus } from '../../api/schemas';
import { describeError } from '../core/describeError';
import { isTrackedJob, type FinishedJob, type JobEndpoint, type TrackedJob } from './trackedJob';

/** Jobs in flight: followed again by the next window. */
const IN_FLIGHT_KEY = 'modelbay.jobsInFlight';
/** Jobs this machine submitted, newest first: their names in the tree and the input their output opens beside. */
const KNOWN_KEY = 'modelbay.jobsKnown';
const KNOWN_LIMIT = 200;

/** Jobs move faster than deployments: progress shows every 2 s at most. */
const POLL = { intervalMs: 500, maxIntervalMs: 2_000 };

interface Following {
  job: TrackedJob;
  done: Promise<FinishedJob>;
  stop: AbortController;
}

/** A change the tree and the status bar show: a job's new status, or its end. */
export interface JobChange {
  job: TrackedJob;
  status?: JobStatus;
  /** The job was cancelled or deleted from this window and is no longer followed. */
  forgotten?: boolean;
}

/**
 * Follows batch jobs until they end, as OperationTracker follows operations: the status bar counts them, the tree
 * shows their progress, and the ones in flight are kept in global state so a window reload follows them again. A job
 * is read through a client made for its endpoint when following starts, made again after a connection failure.
 */
export class JobTracker implements vscode.Disposable {
  private readonly running = new Map<string, Following>();
  private readonly latestStatus = new Map<string, JobStatus>();
  private readonly finished: FinishedJob[] = [];
  private readonly changed = new vscode.EventEmitter<JobChange>();
  private readonly ended = new vscode.EventEmitter<FinishedJob>();
  private disposed = false;
  /** Fires when a job starts being followed, when its status changes, and when it ends. */
  readonly onDidChange = this.changed.event;
  /** Fires once per job when it ends (Finished, Failed, Cancelled, or lost). */
  readonly onDidFinish = this.ended.event;

  constructor(
    private readonly open: (job: JobEndpoint) => Promise<JobClient>,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  inFlight(): TrackedJob[] {
    return [...this.running.values()].map((r) => r.job).sort((a, b) => b.startedAt - a.startedAt);
  }

  recent(): FinishedJob[] {
    return [...this.finished];
  }

  /** The newest status read for a job this window follows (fresher than a list the tree loaded). */
  latest(jobId: string): JobStatus | undefined {
    return this.latestStatus.get(jobId);
  }

  /** What this machine remembers of a job it submitted, in flight or not. */
  known(jobId: string): TrackedJob | undefined {
    return this.running.get(jobId)?.job ?? this.knownJobs().find((j) => j.jobId === jobId);
  }

  /** Starts following a job (remembered as submitted from here); resolves when it ends, never rejects. */
  track(job: TrackedJob): Promise<FinishedJob> {
    const existing = this.running.get(job.jobId);
    if (existing) return existing.done;
    const stop = new AbortController();
    const done = this.follow(job, stop.signal);
    this.running.set(job.jobId, { job, done, stop });
    this.remember(job);
    this.persist();
    this.changed.fire({ job });
    return done;
  }

  /** Picks up what a previous window left in flight. */
  resume(): void {
    const saved: unknown = this.state.get(IN_FLIGHT_KEY);
    for (const job of Array.isArray(saved) ? saved.filter(isTrackedJob) : []) {
      this.log.info(`Following batch job ${job.label} (${job.jobId}) again`);
      this.track(job).catch(() => undefined);
    }
  }

  /** Stops following a job, unannounced (it was deleted from here). */
  forget(jobId: string): void {
    const following = this.running.get(jobId);
    if (!following) return;
    this.running.delete(jobId);
    following.stop.abort(new Error('the job was deleted'));
    this.persist();
    this.changed.fire({ job: following.job, status: this.latestStatus.get(jobId), forgotten: true });
  }

  /** Stops following an account's jobs (the account was removed). */
  forgetAccount(accountId: string): void {
    for (const { job } of [...this.running.values()].filter((r) => r.job.accountId === accountId)) this.forget(job.jobId);
  }

  dispose(): void {
    this.disposed = true;
    for (const { stop } of this.running.values()) stop.abort(new Error('the window is closing'));
    this.changed.dispose();
    this.ended.dispose();
  }

  private async follow(job: TrackedJob, signal: AbortSignal): Promise<FinishedJob> {
    let client: JobClient | undefined;
    const read = async () => {
      client ??= await this.open(job);
      try {
        return await client.get(job.jobId);
      } catch (error) {
        // The service may be back on another address (the Local service restarted): make the client again.
        if (error instanceof ModelbayConnectionError) client = undefined;
        throw error;
      }
    };
    try {
      const status = await pollJob(read, {
        ...POLL,
        timeoutMs: Infinity,
        signal,
        onUpdate: (s) => this.update(job, s),
        // A service restarting or a network down is waited for; a job (or endpoint) the service does not know is not.
        retryRead: (error, failures) => {
          if (error instanceof ModelbayApiError && error.statusCode === 404) return false;
          if (failures === 1 || failures % 10 === 0) this.log.warn(`Reading batch job ${job.label} failed (${failures}): ${describeError(error)}`);
          return true;
        },
      });
      return this.finish({ ...job, status, finishedAt: Date.now() });
    } catch (error) {
      // The window is closing (the state stays for the next one) or the job was deleted here: nothing to announce.
      if (signal.aborted) return new Promise(() => undefined);
      const lostReason = error instanceof ModelbayApiError && error.statusCode === 404 ? 'The service no longer knows this job (deleted elsewhere?).' : describeError(error);
      return this.finish({ ...job, status: this.latestStatus.get(job.jobId), lostReason, finishedAt: Date.now() });
    }
  }

  private update(job: TrackedJob, status: JobStatus): void {
    // A read that was under way when the job was forgotten (cancelled from the tree) says nothing any more: the form
    // following it would otherwise go back from "cancelled" to the last progress it read.
    if (!this.running.has(job.jobId)) return;
    const before = this.latestStatus.get(job.jobId);
    this.latestStatus.set(job.jobId, status);
    if (before?.StatusCode !== status.StatusCode || before.RowsDone !== status.RowsDone || before.RowsTotal !== status.RowsTotal) this.changed.fire({ job, status });
  }

  private finish(result: FinishedJob): FinishedJob {
    this.running.delete(result.jobId);
    this.finished.unshift(result);
    this.finished.splice(20);
    this.persist();
    this.log.info(`Batch job ${result.label} (${result.jobId}): ${result.status?.StatusCode ?? 'lost'}${result.lostReason ? ` (${result.lostReason})` : ''}${result.status?.Details ? `: ${result.status.Details}` : ''}`);
    this.changed.fire({ job: result, status: result.status });
    this.ended.fire(result);
    return result;
  }

  private knownJobs(): TrackedJob[] {
    const saved: unknown = this.state.get(KNOWN_KEY);
    return Array.isArray(saved) ? saved.filter(isTrackedJob) : [];
  }

  private remember(job: TrackedJob): void {
    const others = this.knownJobs().filter((j) => j.jobId !== job.jobId);
    this.save(KNOWN_KEY, [job, ...others].slice(0, KNOWN_LIMIT));
  }

  /** Saves what is in flight; once the window is closing the state is left as it is, for the next window. */
  private persist(): void {
    if (!this.disposed) this.save(IN_FLIGHT_KEY, this.inFlight());
  }

  private save(key: string, value: TrackedJob[]): void {
    this.state.update(key, value).then(undefined, (error: unknown) => this.log.warn(`Could not save the batch jobs: ${describeError(error)}`));
  }
}
