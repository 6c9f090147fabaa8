import type { IncomingHttpHeaders } from 'node:http';
import { DEFAULTS, type ServiceConfig } from '../config';
import type { ScoringEndpoint } from '../gateway/endpointDirectory';
import type { NewRequestLog, RequestLogLimits, RequestLogRepository, Store, UsageMinuteRow, UsageRepository } from '../store/repositories';
import { CallTrace } from './callTrace';
import { MinuteTally } from './minuteTally';
import { requestLogRecord } from './requestLogRecord';
import type { CallKind } from './usageFigures';

/**
 * How often usage and request logs are written. A crash (SIGKILL, power) loses at most the calls of the last period;
 * a stop (SIGTERM) writes everything first and loses nothing.
 */
export const USAGE_FLUSH_MS = 5000;
/** How often minutes past the retention are deleted. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Usage rows held while the store refuses writes, at most: past it, the oldest are dropped. */
const MAX_WAITING = 20_000;

export interface RecorderSettings {
  usage: UsageRepository;
  requestLogs: RequestLogRepository;
  retentionDays: number;
  logLimits: RequestLogLimits;
  hidePaths: (text: string) => string;
  onError: (error: unknown, what: string) => void;
}

/**
 * Every data-plane call's usage and request log record, in memory on the hot path and written to the store in
 * batches (every few seconds, on a read of usage or logs, and at shutdown), never once per call. Usage is counted per
 * endpoint per minute; each batch adds to the stored minute, so a minute written in several batches, or before and
 * after a restart, holds every call once.
 */
export class CallRecorder {
  private readonly open = new Map<string, MinuteTally>();
  private done: MinuteTally[] = [];
  private waitingRows: UsageMinuteRow[] = [];
  /** Request log records not written yet, per endpoint, oldest first. */
  private records = new Map<string, NewRequestLog[]>();
  private flushing: Promise<void> = Promise.resolve();
  private readonly flushTimer: NodeJS.Timeout;
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(private readonly settings: RecorderSettings) {
    this.flushTimer = setInterval(() => void this.flush(), USAGE_FLUSH_MS);
    this.flushTimer.unref();
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
    void this.prune();
  }

  /** A call whose endpoint is known: its trace, to fill in and hand to `finish` once answered. */
  begin(found: ScoringEndpoint, kind: CallKind, method: string, url: string, headers: IncomingHttpHeaders, queryKey: string | undefined, started: number): CallTrace {
    return new CallTrace(found, kind, method, url, headers, queryKey, started);
  }

  /** The call was answered `status` (or its caller left): counted, and logged when its endpoint's level says so. */
  finish(trace: CallTrace, status: number): void {
    const ms = performance.now() - trace.started;
    const { endpoint } = trace.found;
    const now = Date.now();
    const minute = now - (now % 60_000);
    let tally = this.open.get(endpoint.id);
    if (tally === undefined || tally.minute !== minute) {
      if (tally !== undefined) this.done.push(tally);
      tally = new MinuteTally(endpoint.id, endpoint.serviceId, minute);
      this.open.set(endpoint.id, tally);
    }
    tally.add(trace.kind === 'BES', status, ms, trace.modelMs, trace.bytesIn, trace.bytesOut);
    const level = endpoint.loggingLevel;
    if (level === 'All' || (level === 'Error' && status >= 400)) this.keepWaiting(requestLogRecord(trace, status, ms, this.settings.hidePaths));
  }

  private keepWaiting(record: NewRequestLog): void {
    let waiting = this.records.get(record.endpointId);
    if (waiting === undefined) this.records.set(record.endpointId, (waiting = []));
    waiting.push(record);
    // The store keeps an endpoint's newest maxRecords only: older ones waiting are dropped here, maxRecords at a
    // time (one splice per maxRecords calls, not one per call), so a busy endpoint's log costs the same memory and
    // the same writes at any call rate.
    const keep = this.settings.logLimits.maxRecords;
    if (waiting.length >= 2 * keep) waiting.splice(0, waiting.length - keep);
  }

  /** Writes what was counted and logged since the last write; one write at a time. */
  flush(): Promise<void> {
    // write() reports the store's refusals itself; anything else is reported here, so the chain never stays rejected.
    this.flushing = this.flushing.then(() => this.write()).catch((error: unknown) => this.settings.onError(error, 'could not write usage or request logs'));
    return this.flushing;
  }

  /** Stops the timers and writes what is left (at shutdown, before the store closes). */
  stop(): Promise<void> {
    clearInterval(this.flushTimer);
    clearInterval(this.pruneTimer);
    return this.flush();
  }

  private async write(): Promise<void> {
    // Open minutes are taken too: a later call of the same minute starts a new tally, added to the stored minute.
    const rows = this.waitingRows;
    for (const tally of this.done) rows.push(tally.row());
    for (const tally of this.open.values()) rows.push(tally.row());
    this.waitingRows = [];
    this.done = [];
    this.open.clear();
    const records: NewRequestLog[] = [];
    const keep = this.settings.logLimits.maxRecords;
    for (const waiting of this.records.values()) records.push(...(waiting.length > keep ? waiting.slice(waiting.length - keep) : waiting));
    this.records = new Map();
    const { usage, requestLogs, logLimits, onError } = this.settings;
    if (rows.length > 0) {
      try {
        await usage.add(rows);
      } catch (error) {
        // Nothing of a failed batch was stored (one transaction): it is tried again with the next one.
        this.waitingRows = rows.length > MAX_WAITING ? rows.slice(rows.length - MAX_WAITING) : rows;
        onError(error, 'could not write usage');
      }
    }
    if (records.length > 0) {
      try {
        await requestLogs.append(records, logLimits);
      } catch (error) {
        // Nothing of the batch was stored (one transaction): tried again with the next one, ahead of the records
        // that came meanwhile, so ids still follow the calls.
        const since = this.records;
        this.records = new Map();
        for (const record of records) this.keepWaiting(record);
        for (const waiting of since.values()) for (const record of waiting) this.keepWaiting(record);
        onError(error, 'could not write request logs');
      }
    }
  }

  private async prune(): Promise<void> {
    try {
      await this.settings.usage.prune(Date.now() - this.settings.retentionDays * DAY_MS);
    } catch (error) {
      this.settings.onError(error, 'could not delete usage past its retention');
    }
  }
}

/** The recorder of a service, with the settings of its config (defaults where it has none). */
export function createCallRecorder(
  config: Pick<ServiceConfig, 'usageRetentionDays' | 'requestLogMaxRecords' | 'requestLogMaxBytes'>,
  store: Pick<Store, 'usage' | 'requestLogs'>,
  hidePaths: (text: string) => string,
  log: { error(fields: object, message: string): void },
): CallRecorder {
  return new CallRecorder({
    usage: store.usage,
    requestLogs: store.requestLogs,
    retentionDays: config.usageRetentionDays ?? DEFAULTS.usageRetentionDays,
    logLimits: { maxRecords: config.requestLogMaxRecords ?? DEFAULTS.requestLogMaxRecords, maxBytes: config.requestLogMaxBytes ?? DEFAULTS.requestLogMaxBytes },
    hidePaths,
    onError: (error, what) => log.error({ err: error }, what),
  });
}
