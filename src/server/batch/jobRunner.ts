import type { FastifyBaseLogger } from 'fastify';
import type { LeaseKeeper } from '../instances/leaseKeeper';
import type { PathHider } from '../serverPaths';
import { JobFailure } from './batchScoring';
import type { JobDoc, JobRepository, StoredJob } from './jobRecord';
import { runJob, type JobRunDeps } from './runJob';
import { storageFailure } from './storage/azureBlobs';
import { BatchError } from './jobErrors';

/** Jobs that run at once on this service; more wait their turn (Running, 0 rows done). */
export const MAX_RUNNING_JOBS = 2;
/** How many times a job may be started (its start plus resumes after restarts) before it is failed. */
export const MAX_JOB_ATTEMPTS = 3;

/** The lease name of a job. */
const leaseOf = (jobId: string) => `job:${jobId}`;

/** Why a run was stopped from outside: the job was deleted, the service is shutting down, or its lease was lost. */
class Stopped extends Error {
  constructor(readonly why: 'deleted' | 'shutdown' | 'lost') {
    super(why);
  }
}

/**
 * Runs started jobs, a few at a time, persisting progress and the end state. A job's state lives in the store:
 * after a crash `resumeUnfinished` starts each job left Running again from its first row (its outputs were never
 * committed, so nothing half-written exists), or fails it with a reason after MAX_JOB_ATTEMPTS starts. Several
 * instances on one store share jobs through leases, as operations: a job runs where its lease is held, and is
 * taken over (from its first row) once the lease of an instance that died has ended.
 */
export class JobRunner {
  private readonly queue: StoredJob[] = [];
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void>; endpointId: string }>();
  /** Ids queued, running, or being claimed here. */
  private readonly mine = new Set<string>();
  private stopping = false;
  private poll: NodeJS.Timeout | undefined;

  constructor(
    private readonly jobs: JobRepository,
    private readonly deps: JobRunDeps,
    private readonly hidePaths: PathHider,
    private readonly log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
    private readonly leases: LeaseKeeper,
  ) {
    // This instance stalled past a job's lease and another took the job over: this run stops, writing nothing more.
    leases.onLost((resource) => {
      const run = [...this.running].find(([id]) => leaseOf(id) === resource)?.[1];
      run?.abort.abort(new Stopped('lost'));
    });
  }

  /** Queues a job the store already holds as Running, once its lease is taken here. */
  enqueue(job: StoredJob): void {
    if (this.stopping) return; // stays Running in the store; the next start resumes it
    const id = job.doc.id;
    this.mine.add(id);
    this.leases
      .claim(leaseOf(id))
      .then((won) => {
        if (won && !this.stopping) this.queueHere(job);
        else this.mine.delete(id);
      })
      .catch((error: unknown) => {
        this.mine.delete(id); // the takeover poll, here or elsewhere, runs it
        this.log.warn({ job: id, err: error }, 'could not take the lease of a batch job');
      });
  }

  private queueHere(job: StoredJob): void {
    this.queue.push(job);
    this.pump();
  }

  /** Stops a job that is queued or running, and waits until it no longer runs (its outputs discarded). */
  async cancel(jobId: string): Promise<void> {
    const queued = this.queue.findIndex((j) => j.doc.id === jobId);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.mine.delete(jobId);
      await this.leases.release(leaseOf(jobId));
    }
    const run = this.running.get(jobId);
    if (!run) return;
    run.abort.abort(new Stopped('deleted'));
    await run.done;
  }

  /** Resumes what a previous run of this instance left Running, then keeps taking over the jobs of instances that die. */
  async resumeUnfinished(): Promise<void> {
    await this.takeOver();
    this.poll = setInterval(() => {
      this.takeOver().catch((error: unknown) => this.log.warn({ err: error }, 'could not look for batch jobs to take over'));
    }, Math.max(50, Math.floor(this.leases.leaseMs / 2)));
    this.poll.unref();
  }

  /** Stops every run (left Running in the store, resumed at the next start or by another instance) and waits for them. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.poll) clearInterval(this.poll);
    const queued = this.queue.splice(0);
    const runs = [...this.running.values()];
    for (const run of runs) run.abort.abort(new Stopped('shutdown'));
    await Promise.all(runs.map((r) => r.done));
    // Given back at once: another instance need not wait for the leases to end.
    await Promise.all(queued.map((job) => this.leases.release(leaseOf(job.doc.id)).catch(() => undefined)));
  }

  /** Every job left Running that no live instance holds: taken here and resumed, or failed after too many starts. */
  private async takeOver(): Promise<void> {
    for (const job of await this.jobs.listRunning()) {
      const id = job.doc.id;
      if (this.stopping || this.mine.has(id)) continue;
      if (!(await this.leases.claim(leaseOf(id)))) continue; // another instance runs it
      if (job.doc.attempts >= MAX_JOB_ATTEMPTS) {
        const details = `The service stopped ${job.doc.attempts} times while this job ran; it was given up. Submit it again.`;
        await this.jobs.updateRunning({ ...job.doc, state: 'Failed', details, endedAt: new Date().toISOString() });
        await this.leases.release(leaseOf(id));
      } else {
        this.log.info({ job: id }, 'resuming a batch job after a restart or another instance ended');
        this.mine.add(id);
        this.queueHere(job);
      }
    }
  }

  private pump(): void {
    while (!this.stopping && this.running.size < MAX_RUNNING_JOBS && this.queue.length > 0) {
      const job = this.queue.splice(this.nextIndex(), 1)[0]!;
      const abort = new AbortController();
      const done = this.runOne(job, abort.signal)
        .catch((error: unknown) => this.log.warn({ job: job.doc.id, err: error }, 'could not record the end of a batch job'))
        .then(() => this.leases.release(leaseOf(job.doc.id)))
        .catch((error: unknown) => this.log.warn({ job: job.doc.id, err: error }, 'could not give back the lease of a batch job'))
        .finally(() => {
          this.running.delete(job.doc.id);
          this.mine.delete(job.doc.id);
          this.pump();
        });
      this.running.set(job.doc.id, { abort, done, endpointId: job.doc.endpointId });
    }
  }

  /** The oldest queued job of an endpoint that has none running, else the oldest: one endpoint's many jobs do not hold up another's. */
  private nextIndex(): number {
    const busy = new Set([...this.running.values()].map((run) => run.endpointId));
    const index = this.queue.findIndex((job) => !busy.has(job.doc.endpointId));
    return index >= 0 ? index : 0;
  }

  private async runOne(job: StoredJob, signal: AbortSignal): Promise<void> {
    let doc: JobDoc = { ...job.doc, attempts: job.doc.attempts + 1, rowsDone: 0, rowsTotal: null };
    if (!(await this.jobs.updateRunning(doc))) return; // deleted meanwhile
    const progress = async (rowsDone: number) => {
      doc = { ...doc, rowsDone };
      if (!(await this.jobs.updateRunning(doc)) && !signal.aborted) throw new Stopped('deleted');
    };
    try {
      const { outputs, rows } = await runJob({ ...job, doc }, this.deps, signal, progress);
      await this.jobs.updateRunning({ ...doc, state: 'Finished', rowsDone: rows, rowsTotal: rows, outputs, endedAt: new Date().toISOString() });
    } catch (error) {
      if (signal.aborted && (signal.reason as Stopped | undefined)?.why === 'shutdown') {
        // A clean stop is not a death: the start is not counted against the job, which resumes at the next start.
        await this.jobs.updateRunning({ ...doc, attempts: doc.attempts - 1, rowsDone: 0 });
        return;
      }
      if (error instanceof Stopped || signal.aborted) return; // deleted: the route removes it
      if (!(error instanceof JobFailure) && !(error instanceof BatchError)) this.log.warn({ job: doc.id, err: error }, 'batch job failed');
      const details = this.hidePaths(storageFailure(error));
      await this.jobs.updateRunning({ ...doc, state: 'Failed', details, endedAt: new Date().toISOString() });
    }
  }
}
