import type { UsageInterval, UsageQuery, UsageReport } from '../../api/schemas/usage';
import { ApiError } from '../errors';
import type { UsageMinuteRow } from '../store/repositories';
import { emptyFigures, mergeFigures, presentFigures, type StoredFigures } from './usageFigures';

const MINUTE_MS = 60_000;
export const INTERVAL_MS: Record<UsageInterval, number> = { PT1M: MINUTE_MS, PT1H: 60 * MINUTE_MS, P1D: 24 * 60 * MINUTE_MS };
/** The most intervals one report answers (a day in minutes, two months in hours). */
export const MAX_INTERVALS = 1500;
const DEFAULT_SPAN_MS = 24 * 60 * MINUTE_MS;
/** ISO 8601 with a time and a zone (as `format: date-time` means it), e.g. 2026-11-30T12:00:00Z. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** The minutes a report covers, `from` inclusive and `to` exclusive, on whole minutes. */
export interface UsageRange {
  from: number;
  to: number;
  interval: UsageInterval;
}

function timeOf(field: 'from' | 'to', text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const time = DATE_TIME.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(time)) throw new ApiError(400, 'InvalidField', `query/${field} must be an ISO 8601 date-time with a zone, e.g. 2026-11-30T12:00:00Z; it is '${text}'.`);
  return time;
}

/**
 * The range a query asks for: `to` (default now) rounded up and `from` (default 24 hours before `to`) rounded down to
 * whole minutes, since usage is kept per minute. A bad value is a 400 that names its field.
 */
export function usageRange(query: UsageQuery, now: number): UsageRange {
  const interval = query.interval ?? 'PT1H';
  const asked = timeOf('to', query.to) ?? now;
  const to = Math.ceil(asked / MINUTE_MS) * MINUTE_MS;
  const from = Math.floor((timeOf('from', query.from) ?? to - DEFAULT_SPAN_MS) / MINUTE_MS) * MINUTE_MS;
  if (from >= to) throw new ApiError(400, 'InvalidField', `query/from must be before query/to (${new Date(from).toISOString()} is not before ${new Date(to).toISOString()}).`);
  const size = INTERVAL_MS[interval];
  const intervals = Math.ceil((to - Math.floor(from / size) * size) / size);
  if (intervals > MAX_INTERVALS) {
    throw new ApiError(400, 'InvalidField', `query/interval ${interval} over this range makes ${intervals} intervals, more than ${MAX_INTERVALS}; ask for a shorter range or a longer interval.`);
  }
  return { from, to, interval };
}

/**
 * A report from stored minutes: each minute summed into the interval it falls in (intervals start on whole UTC
 * minutes, hours or days); intervals without a call are left out.
 */
export function usageReport(
  rows: readonly UsageMinuteRow[],
  range: UsageRange,
  subject: { serviceId: string; endpointName?: string },
  retentionDays: number,
): UsageReport {
  const size = INTERVAL_MS[range.interval];
  const intervals = new Map<number, StoredFigures>();
  let totals = emptyFigures();
  for (const row of rows) {
    const start = Math.floor(row.minute / size) * size;
    intervals.set(start, mergeFigures(intervals.get(start) ?? emptyFigures(), row.figures));
    totals = mergeFigures(totals, row.figures);
  }
  const report: UsageReport = {
    serviceId: subject.serviceId,
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    interval: range.interval,
    buckets: [...intervals]
      .sort((a, b) => a[0] - b[0])
      .filter(([, figures]) => figures.total > 0)
      .map(([start, figures]) => ({ time: new Date(start).toISOString(), ...presentFigures(figures) })),
    totals: presentFigures(totals),
    retentionDays,
  };
  if (subject.endpointName !== undefined) report.endpointName = subject.endpointName;
  return report;
}
