import type { HostMessage, MethodMap, ParamsCheck } from '../../../webviews/protocol/rpc';
import { describeError } from '../core/describeError';

export interface DispatchTarget<M extends MethodMap, Init, Handle> {
  viewType: string;
  init(): Promise<Init>;
  check: ParamsCheck<M>;
  handlers: { [K in keyof M & string]: (params: M[K]['params'], handle: Handle) => Promise<M[K]['result']> };
}

export interface DispatchIo<Init, Event> {
  post(message: HostMessage<Init, Event>): void;
  warn(line: string): void;
  error(line: string): void;
}

const describe = (raw: unknown) => {
  try {
    return (JSON.stringify(raw) ?? String(raw)).slice(0, 200);
  } catch {
    return '(unprintable)';
  }
};

/** A params check that throws (a getter on a hostile object) is a failed check. */
function passes<P>(check: (params: unknown) => params is P, params: unknown): params is P {
  try {
    return check(params);
  } catch {
    return false;
  }
}

/**
 * Handles one message from a webview, which is untrusted: `ready` gets `init`; a request for a known method with
 * params that check gets its handler's answer (or the error); anything else is ignored with a log line. Never throws.
 */
export async function dispatchWebviewMessage<M extends MethodMap, Init, Event, Handle>(
  target: DispatchTarget<M, Init, Handle>,
  raw: unknown,
  io: DispatchIo<Init, Event>,
  handle: Handle,
): Promise<void> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    io.warn(`${target.viewType}: ignored a message that is not an object: ${describe(raw)}`);
    return;
  }
  const message = raw as { type?: unknown; id?: unknown; method?: unknown; params?: unknown };
  if (message.type === 'ready') {
    try {
      io.post({ type: 'init', state: await target.init() });
    } catch (error) {
      io.error(`${target.viewType}: could not load the form: ${describeError(error)}`);
    }
    return;
  }
  const known = typeof message.method === 'string' && Object.hasOwn(target.handlers, message.method);
  if (message.type !== 'request' || typeof message.id !== 'number' || !Number.isSafeInteger(message.id) || !known) {
    io.warn(`${target.viewType}: ignored an unknown message ${describe(raw)}`);
    return;
  }
  const method = message.method as keyof M & string;
  const id = message.id;
  const params = message.params;
  if (!passes(target.check[method], params)) {
    io.warn(`${target.viewType}: ignored ${method} with ill-typed params ${describe(message.params)}`);
    io.post({ type: 'response', id, ok: false, error: { message: `The form sent ${method} with unexpected values.`, code: 'BadMessage' } });
    return;
  }
  try {
    const result = await target.handlers[method](params, handle);
    io.post({ type: 'response', id, ok: true, result });
  } catch (error) {
    io.warn(`${target.viewType}: ${method} failed: ${describeError(error)}`);
    const code = (error as { code?: unknown } | null)?.code;
    io.post({ type: 'response', id, ok: false, error: { message: describeError(error), code: typeof code === 'string' ? code : undefined } });
  }
}
