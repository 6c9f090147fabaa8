import { errorResponseOf } from '../../api/client/errors';
import { prettyJson } from '../../api/snippets/prettyJson';
import { rateLimitSummary } from './rateLimitSummary';
import type { ScoreOutcome } from './scoreCall';

/**
 * The response document's languages (package.json): JSON with comments, or text when the body is not JSON. Both
 * wrap long lines (configurationDefaults), so a long error message is read without scrolling sideways.
 */
export const RESPONSE_LANGUAGE = 'modelbay-response';
export const RESPONSE_TEXT_LANGUAGE = 'modelbay-response-text';

/** What the response document shows, and the language that highlights it. */
export interface ResponseView {
  text: string;
  language: typeof RESPONSE_LANGUAGE | typeof RESPONSE_TEXT_LANGUAGE;
}

export const formatDuration = (ms: number) => (ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** The status line a user reads first: `HTTP 200 OK · 12 ms`, or why there was no answer. */
export function statusLine(outcome: ScoreOutcome): string {
  if (outcome.kind === 'failed') return `Request failed · ${formatDuration(outcome.durationMs)} · ${outcome.error}`;
  return `HTTP ${outcome.status}${outcome.statusText ? ` ${outcome.statusText}` : ''} · ${formatDuration(outcome.durationMs)}`;
}

/** The body pretty-printed when it is JSON (the service's errors included), else as it came. */
function prettyBody(bodyText: string): { text: string; json: boolean; value?: unknown } {
  if (bodyText.trim() === '') return { text: '', json: true };
  try {
    const value: unknown = JSON.parse(bodyText);
    return { text: prettyJson(value), json: true, value };
  } catch {
    return { text: bodyText, json: false };
  }
}

/**
 * An error answer's code and message as the line a user reads first, in either shape the service sends (the data
 * plane's classic `{"error": {code, message}}`, the management API's `{code, message}`): the body below stays as it
 * came.
 */
function errorLines(status: number, body: unknown): string[] {
  const error = status >= 400 ? errorResponseOf(body) : undefined;
  return error ? commented(`${error.code}: ${error.message}`) : [];
}

/**
 * The response document: status line, request line and headers as `//` comments above the pretty-printed body,
 * so the whole text is JSON with comments: highlighted and foldable, with no squiggles on the header lines.
 * It is built from the answer alone; the request's key never reaches it.
 */
export function responseView(method: string, url: string, outcome: ScoreOutcome): ResponseView {
  const lines = [`// ${statusLine(outcome)}`, `// ${method} ${url}`];
  if (outcome.kind === 'failed') {
    lines.push('//', '// No answer came from the endpoint. Is the service running? (Modelbay view > Services)');
    return { text: `${lines.join('\n')}\n`, language: RESPONSE_LANGUAGE };
  }
  const body = prettyBody(outcome.bodyText);
  lines.push(...errorLines(outcome.status, body.value));
  // What is left before the endpoint refuses calls, read first: the raw fields are among the headers below.
  const limits = rateLimitSummary(outcome.headers);
  if (limits) lines.push(`// Limits: ${limits}`);
  if (outcome.retriedWithNewKey) lines.push('// The stored key was refused (401): the endpoint key was read from the service again and the request resent.');
  lines.push('//');
  for (const [name, value] of outcome.headers) lines.push(`// ${name}: ${value}`);
  if (body.text === '') lines.push('', '// (empty body)');
  else lines.push('', body.text);
  return { text: `${lines.join('\n')}\n`, language: body.json ? RESPONSE_LANGUAGE : RESPONSE_TEXT_LANGUAGE };
}

/** Comment lines of a text that may hold line breaks (each line its own comment). */
const commented = (text: string) => text.split(/\r?\n/).map((line) => `// ${line}`);

/**
 * A send that stopped before anything went out (the document or its target is wrong, the endpoint is gone): it
 * replaces the previous response, so what is beside the request is never an answer to an earlier version of it.
 */
export function notSentView(requestName: string, reason: string): ResponseView {
  const lines = ['// Not sent', ...commented(reason), '//', `// Nothing was sent for ${requestName}: fix it (or its "target") and send again.`];
  return { text: `${lines.join('\n')}\n`, language: RESPONSE_LANGUAGE };
}

/**
 * Shown for a request document with no response in this window yet: one just opened beside another's response, or
 * an editor restored after a reload.
 */
export const noResponseYet = (requestName: string): ResponseView => ({
  text: `// No response yet for ${requestName}: send the request (Modelbay: Send Request, or the "Send request" CodeLens).\n`,
  language: RESPONSE_LANGUAGE,
});
