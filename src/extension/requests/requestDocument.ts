import { jsonErrorOffset, positionOf } from './jsonErrorLocation';
import { prettyJson } from '../../api/snippets/prettyJson';

/**
 * A request document (`<name>.score.json`): which endpoint to call and the JSON to send. It names the endpoint by
 * account, service and endpoint name rather than by scoring URL, so it keeps working when the service moves
 * (a new port for the Local service) or its keys change; media/schemas/score-request.schema.json describes it
 * to the editor. No `vscode` import: unit tests parse documents in plain Node.
 */

/** `score`: POST the body to the scoring URL; `rrs`: POST a classic RRS table to the RRS URL. */
export type RequestFormat = 'score' | 'rrs';
export const REQUEST_FORMATS: readonly RequestFormat[] = ['score', 'rrs'];

export interface RequestTarget {
  /** The Modelbay account's id in this VS Code (`local` for the Local service). */
  account: string;
  /** The service's id; when it is absent or no longer exists, the service is looked up by `service` (its name). */
  serviceId?: string;
  /** The service's name (shown, and used when the id is absent or stale). */
  service?: string;
  /** The endpoint's name (`default` unless the service has more). */
  endpoint: string;
  format: RequestFormat;
}

export interface RequestDocument {
  target: RequestTarget;
  /** Sent as it is, as JSON. */
  body: unknown;
}

export type ParsedRequest = { ok: true; request: RequestDocument } | { ok: false; problem: string };

export const REQUEST_FILE_SUFFIX = '.score.json';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** V8's message without the echo of the whole text and the offset (we give the line and column instead). */
function jsonProblem(text: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/^Unexpected end of JSON input$/, 'the text ends too early');
  const offset = jsonErrorOffset(text);
  if (offset < 0) return `not valid JSON: ${message}`;
  const { line, column } = positionOf(text, offset);
  return `not valid JSON at line ${line}, column ${column}: ${message}`;
}

/** Reads a request document, or says exactly what is wrong with it (in words fit for an error message). */
export function parseRequestDocument(text: string): ParsedRequest {
  if (text.trim() === '') return { ok: false, problem: 'The request document is empty: it needs a "target" (the endpoint to call) and a "body" (the JSON to send).' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `The request document is ${jsonProblem(text, error)}.` };
  }
  return validateRequestDocument(parsed);
}

/** Checks an already parsed value, field by field, naming the first field that is wrong. */
export function validateRequestDocument(value: unknown): ParsedRequest {
  const fail = (problem: string): ParsedRequest => ({ ok: false, problem });
  if (!isObject(value)) return fail('The request document must be a JSON object with "target" and "body".');
  const target = value.target;
  if (target === undefined) return fail('The request document has no "target": add {"account", "serviceId" or "service", "endpoint"} to say which endpoint to call.');
  if (!isObject(target)) return fail('"target" must be an object: {"account", "serviceId" or "service", "endpoint"}.');
  if (!nonEmptyString(target.account)) return fail('"target.account" is missing: the id of the Modelbay account ("local" for the Local service).');
  if (target.serviceId !== undefined && !nonEmptyString(target.serviceId)) return fail('"target.serviceId" must be a non-empty string.');
  if (target.service !== undefined && !nonEmptyString(target.service)) return fail('"target.service" must be a non-empty string (the service name).');
  if (target.serviceId === undefined && target.service === undefined) return fail('"target" needs "serviceId" or "service" (the service name).');
  if (!nonEmptyString(target.endpoint)) return fail('"target.endpoint" is missing: the endpoint name ("default" unless the service has more).');
  const format = target.format ?? 'score';
  if (!REQUEST_FORMATS.includes(format as RequestFormat)) return fail(`"target.format" must be "score" or "rrs", not ${JSON.stringify(format)}.`);
  if (!('body' in value)) return fail('The request document has no "body": put the JSON to send under "body".');
  return {
    ok: true,
    request: {
      target: {
        account: target.account,
        serviceId: target.serviceId,
        service: target.service,
        endpoint: target.endpoint,
        format: format as RequestFormat,
      },
      body: value.body,
    },
  };
}

/** The text of a new request document: the target first (what the CodeLens acts on), then the body. */
export function requestDocumentText(request: RequestDocument): string {
  const { account, serviceId, service, endpoint, format } = request.target;
  const target: Record<string, string> = { account };
  if (serviceId !== undefined) target.serviceId = serviceId;
  if (service !== undefined) target.service = service;
  target.endpoint = endpoint;
  target.format = format;
  return `${prettyJson({ target, body: request.body })}\n`;
}

/** `iris-default.score.json`: a file name from the service and endpoint names, safe on every file system. */
export function requestFileName(serviceName: string, endpointName: string, suffix = ''): string {
  const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '') || 'service';
  return `${safe(serviceName)}-${safe(endpointName)}${suffix}${REQUEST_FILE_SUFFIX}`;
}

/** True for a file name or path that names a request document. */
export function isRequestFileName(name: string): boolean {
  return name.toLowerCase().endsWith(REQUEST_FILE_SUFFIX);
}
