import type { HostMessage, MethodMap, ResponseError } from '../protocol/rpc';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Thrown in the webview when the host answered a request with an error. */
export class HostError extends Error {
  constructor(readonly error: ResponseError) {
    super(error.message);
  }
}

/**
 * The webview's side of the protocol: says `ready`, receives `init` once, calls the host's methods and gets their
 * answers as promises, and hears the host's events.
 */
export class Rpc<M extends MethodMap, Init, Event> {
  private readonly api = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(onInit: (state: Init) => void, onEvent: (event: Event) => void = () => undefined) {
    window.addEventListener('message', (message: MessageEvent<HostMessage<Init, Event>>) => {
      const data = message.data;
      if (data.type === 'init') onInit(data.state);
      else if (data.type === 'event') onEvent(data.event);
      else if (data.type === 'response') {
        const waiting = this.pending.get(data.id);
        this.pending.delete(data.id);
        if (!waiting) return;
        if (data.ok) waiting.resolve(data.result);
        else waiting.reject(new HostError(data.error));
      }
    });
    this.api.postMessage({ type: 'ready' });
  }

  call<K extends keyof M & string>(method: K, params: M[K]['params']): Promise<M[K]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.api.postMessage({ type: 'request', id, method, params });
    });
  }
}
