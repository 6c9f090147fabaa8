import type { Readable } from 'node:stream';
import type { HttpClient } from './httpClient';

/** One Server-Sent Event: its type (`message` when none was given), id and data lines joined. */
export interface ServerSentEvent {
  event: string;
  id?: string;
  data: string;
}

/**
 * Reads Server-Sent Events from a byte stream as they arrive (a chunk may end mid-line or mid-event). Comments (the
 * service's keep-alives) are skipped.
 */
export async function* serverSentEvents(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let pending = '';
  let event: Partial<ServerSentEvent> & { data?: string } = {};
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = pending.search(/\r?\n/)) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(pending[newline] === '\r' ? newline + 2 : newline + 1);
      if (line === '') {
        if (event.data !== undefined) yield { event: event.event ?? 'message', id: event.id, data: event.data };
        event = {};
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (name === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`;
      else if (name === 'event') event.event = value;
      else if (name === 'id') event.id = value;
    }
  }
}

/** A line a service's replica printed (or the service said about a replica), with the number to resume after. */
export interface ServiceLogLine {
  kind: 'line';
  seq?: number;
  time: string;
  replica: number;
  image: string;
  stream: 'stdout' | 'stderr' | 'system';
  text: string;
}

/** A line of an image's build log. */
export interface BuildLogLine {
  kind: 'line';
  time: string;
  text: string;
}

/** The service's own remark in a stream: lines were dropped, the log ended (the service is deleted or stopping). */
export interface LogNotice {
  kind: 'notice';
  text: string;
}

export interface FollowOptions {
  signal: AbortSignal;
}

/**
 * Follows the live logs of a service (`GET {service}/logs?follow=true`) and the build log of an image
 * (`GET images/{id}/buildlog?follow=true`) as Server-Sent Events, so that a follow broken off can be resumed where it
 * stopped (the service log's event ids, sent back as Last-Event-ID). The iteration ends when the service ends the
 * stream (the build ended, the service was deleted); aborting `signal` ends it at once. A refused request throws
 * before the first line (the HTTP client's errors: read the service or image itself for its code).
 */
export class LogStreamClient {
  constructor(
    private readonly http: HttpClient,
    private readonly basePath: string,
  ) {}

  async *serviceLog(serviceId: string, options: FollowOptions & { tail?: number; lastEventId?: number }): AsyncGenerator<ServiceLogLine | LogNotice> {
    const params: Record<string, string | number> = { follow: 'true' };
    if (options.tail !== undefined) params.tail = options.tail;
    const headers: Record<string, string> = options.lastEventId === undefined ? {} : { 'Last-Event-ID': String(options.lastEventId) };
    for await (const event of this.follow(`/services/${encodeURIComponent(serviceId)}/logs`, params, headers, options.signal)) {
      if (event.event === 'notice') yield { kind: 'notice', text: noticeText(event.data) };
      else if (event.event === 'log') {
        const line = JSON.parse(event.data) as Omit<ServiceLogLine, 'kind' | 'seq'>;
        yield { kind: 'line', seq: event.id !== undefined && /^\d+$/.test(event.id) ? Number(event.id) : undefined, ...line };
      }
    }
  }

  async *buildLog(imageId: string, options: FollowOptions): AsyncGenerator<BuildLogLine | LogNotice> {
    for await (const event of this.follow(`/images/${encodeURIComponent(imageId)}/buildlog`, { follow: 'true' }, {}, options.signal)) {
      if (event.event === 'notice') yield { kind: 'notice', text: noticeText(event.data) };
      else if (event.event === 'log') yield { kind: 'line', ...(JSON.parse(event.data) as { time: string; text: string }) };
    }
  }

  private async *follow(suffix: string, params: Record<string, string | number>, headers: Record<string, string>, signal: AbortSignal): AsyncGenerator<ServerSentEvent> {
    const { data } = await this.http.request<Readable>({
      url: `${this.basePath}${suffix}`,
      params,
      headers: { ...headers, Accept: 'text/event-stream' },
      responseType: 'stream',
      // A followed log may stay quiet for hours: no time limit but the caller's signal.
      timeout: 0,
      signal,
    });
    // Aborting after the answer began need not end the body's iteration by itself: the body is destroyed too.
    const stop = () => data.destroy();
    signal.addEventListener('abort', stop, { once: true });
    try {
      yield* serverSentEvents(data);
    } finally {
      signal.removeEventListener('abort', stop);
      data.destroy();
    }
  }
}

function noticeText(data: string): string {
  try {
    const { text } = JSON.parse(data) as { text?: unknown };
    return typeof text === 'string' ? text : data;
  } catch {
    return data;
  }
}
