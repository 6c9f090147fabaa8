/**
 * The message protocol between a webview and its host, typed per panel: a `ready` handshake, requests answered by
 * responses (matched by id), and events the host pushes. Shared by webviews/ and src/extension/panels/.
 */
export interface Method<P, R> {
  params: P;
  result: R;
}

export type MethodMap = Record<string, Method<unknown, unknown>>;

export type RequestMessage<M extends MethodMap> = {
  [K in keyof M & string]: { type: 'request'; id: number; method: K; params: M[K]['params'] };
}[keyof M & string];

export type WebviewMessage<M extends MethodMap> = { type: 'ready' } | RequestMessage<M>;

export interface ResponseError {
  message: string;
  code?: string;
}

export type HostMessage<Init, Event> =
  | { type: 'init'; state: Init }
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: ResponseError }
  | { type: 'event'; event: Event };

/** Checks a method's params arrived as declared; the host refuses anything else. */
export type ParamsCheck<M extends MethodMap> = { [K in keyof M & string]: (params: unknown) => params is M[K]['params'] };

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isOptionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

/** An object with exactly these keys checked (others refused), for params validation. */
export function hasShape(value: unknown, shape: Record<string, (v: unknown) => boolean>): boolean {
  if (!isObject(value)) return false;
  if (Object.keys(value).some((k) => !(k in shape))) return false;
  return Object.entries(shape).every(([key, check]) => check(value[key]));
}
