import type { RequestTarget } from './requestDocument';
import { formatDuration } from './responseText';
import type { ScoreOutcome } from './scoreCall';

/**
 * One send, as remembered per endpoint in globalState. It holds what is needed to send it again (target and
 * body) and to recognise it (time, status, time taken, the start of the answer), never the key.
 */
export interface HistoryEntry {
  /** ISO time the request was sent. */
  at: string;
  target: RequestTarget;
  url: string;
  /** Absent when no answer came (then `error` says why). */
  status?: number;
  statusText?: string;
  error?: string;
  durationMs: number;
  /** The body sent; absent when it was too large to keep (`bodyChars` says how large). */
  body?: unknown;
  bodyChars: number;
  responseExcerpt: string;
}

export const HISTORY_LIMIT = 20;
/** Bodies larger than this are not kept: globalState is loaded in memory for every window. */
export const MAX_KEPT_BODY_CHARS = 64 * 1024;
export const EXCERPT_CHARS = 300;

/** One globalState key per endpoint; endpoint ids are UUIDs, so they do not collide across accounts. */
export const historyKey = (endpointId: string) => `modelbay.requestHistory.${endpointId}`;

/** The first characters of a text on one line, with an ellipsis when cut. */
export function excerpt(text: string, limit = EXCERPT_CHARS): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= limit ? oneLine : `${oneLine.slice(0, limit - 1)}…`;
}

/** A compact excerpt of a JSON answer (re-serialised without its indentation), or of the raw text. */
function responseExcerpt(bodyText: string): string {
  try {
    return excerpt(JSON.stringify(JSON.parse(bodyText)));
  } catch {
    return excerpt(bodyText);
  }
}

export function historyEntry(at: Date, target: RequestTarget, url: string, body: unknown, outcome: ScoreOutcome): HistoryEntry {
  const bodyText = JSON.stringify(body) ?? 'null';
  const entry: HistoryEntry = {
    at: at.toISOString(),
    target,
    url,
    durationMs: Math.round(outcome.durationMs),
    bodyChars: bodyText.length,
    responseExcerpt: outcome.kind === 'response' ? responseExcerpt(outcome.bodyText) : '',
  };
  if (bodyText.length <= MAX_KEPT_BODY_CHARS) entry.body = body;
  if (outcome.kind === 'response') {
    entry.status = outcome.status;
    entry.statusText = outcome.statusText;
  } else entry.error = outcome.error;
  return entry;
}

/** The newest entry first, and no more than the limit. */
export function withEntry(entries: readonly HistoryEntry[], entry: HistoryEntry, limit = HISTORY_LIMIT): HistoryEntry[] {
  return [entry, ...entries].slice(0, Math.max(0, limit));
}

/** Reads what globalState holds, dropping anything that is not an entry (a hand-edited or older state). */
export function validEntries(stored: unknown): HistoryEntry[] {
  if (!Array.isArray(stored)) return [];
  const items: unknown[] = stored;
  return items.filter(isEntry);
}

function isEntry(e: unknown): e is HistoryEntry {
  if (typeof e !== 'object' || e === null || !('at' in e) || !('target' in e) || !('durationMs' in e)) return false;
  return typeof e.at === 'string' && typeof e.target === 'object' && e.target !== null && typeof e.durationMs === 'number';
}

/** How an entry reads in the history quick pick. */
export function describeEntry(entry: HistoryEntry, now: Date = new Date()): { label: string; description: string; detail: string } {
  const ok = entry.status !== undefined && entry.status < 400;
  const icon = entry.status === undefined ? '$(debug-disconnect)' : ok ? '$(pass)' : '$(error)';
  const outcome = entry.status === undefined ? `failed: ${entry.error ?? 'no answer'}` : `${entry.status}${entry.statusText ? ` ${entry.statusText}` : ''}`;
  const sent = entry.body === undefined ? `(a ${entry.bodyChars}-character body, too large to keep)` : excerpt(JSON.stringify(entry.body) ?? 'null', 80);
  return {
    label: `${icon} ${outcome} · ${formatDuration(entry.durationMs)}`,
    description: whenText(new Date(entry.at), now),
    detail: `${sent}  →  ${entry.responseExcerpt ? excerpt(entry.responseExcerpt, 100) : '(no body)'}`,
  };
}

/** "12 s ago", "5 min ago", "3 h ago", then the date. */
export function whenText(at: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return at.toLocaleString();
}
