import type { ServerResponse } from 'node:http';

/** Plain text lines over chunked HTTP, or Server-Sent Events when the client's Accept asks for text/event-stream. */
export type StreamFormat = 'text' | 'sse';

export function streamFormat(accept: string | undefined): StreamFormat {
  return accept?.includes('text/event-stream') ? 'sse' : 'text';
}

/** One line of a log as each format writes it: the text line, and the SSE event's id and JSON data. */
export interface StreamLine {
  id?: number;
  text: string;
  json: string;
}

const HEARTBEAT_MS = 15_000;

/** A whole answer in one format (the logs without follow). */
export function formatLines(format: StreamFormat, lines: readonly StreamLine[]): string {
  return lines.map((line) => (format === 'sse' ? sseEvent('log', line.json, line.id) : `${line.text}\n`)).join('');
}

function sseEvent(event: string, data: string, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${data}\n\n`;
}

/**
 * A log followed over one HTTP response: lines are written as they come; `write` says when the client reads
 * slower than lines arrive (the caller then waits for `drain` and writes what it missed from its own bounded
 * source, so nothing queues here); a client that goes away calls `onGone` once, which is where listeners go.
 */
export class FollowStream {
  private ended = false;
  private readonly goneListeners: (() => void)[] = [];
  private readonly heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly raw: ServerResponse,
    readonly format: StreamFormat,
    headers: Record<string, string>,
  ) {
    raw.writeHead(200, {
      ...headers,
      'Content-Type': format === 'sse' ? 'text/event-stream; charset=utf-8' : 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // Proxies that buffer answers (nginx) pass this one on as it is written.
      'X-Accel-Buffering': 'no',
    });
    raw.flushHeaders();
    // The client went away: its half-open connection is let go of too (it would hold the service's close).
    raw.once('close', () => {
      this.gone();
      if (!raw.writableEnded) raw.destroy();
    });
    // An SSE comment now and then keeps idle proxies from closing a quiet stream (text has no such comment).
    // Skipped while the client has not read what it was sent: nothing piles up for a client that stopped reading.
    if (format === 'sse') this.heartbeat = setInterval(() => raw.writableNeedDrain || raw.write(': keep-alive\n\n'), HEARTBEAT_MS).unref();
  }

  get closed(): boolean {
    return this.ended;
  }

  /** Writes lines; false when the client has not read what was written before (wait for `drained`). */
  write(lines: readonly StreamLine[]): boolean {
    if (this.ended || lines.length === 0) return !this.ended;
    return this.raw.write(formatLines(this.format, lines));
  }

  /** A remark of the service's own in the stream (lines were dropped, the log ended). */
  notice(text: string): boolean {
    if (this.ended) return false;
    return this.raw.write(this.format === 'sse' ? sseEvent('notice', JSON.stringify({ text })) : `-- ${text}\n`);
  }

  /** Resolves when the client has read what was written, or has gone. */
  drained(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.raw.off('drain', done);
        this.raw.off('close', done);
        resolve();
      };
      this.raw.once('drain', done);
      this.raw.once('close', done);
    });
  }

  onGone(listener: () => void): void {
    if (this.ended) listener();
    else this.goneListeners.push(listener);
  }

  /**
   * Ends the answer, with a last notice when there is a reason to give. `hangUp`: the connection closes too (the
   * service is stopping, and a kept-alive connection would hold its close until the client's timeout).
   */
  end(reason?: string, hangUp = false): void {
    if (this.ended) return;
    if (reason) this.notice(reason);
    this.raw.end(hangUp ? () => this.raw.socket?.destroy() : undefined);
    this.gone();
  }

  private gone(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    for (const listener of this.goneListeners.splice(0)) listener();
  }
}

/** The follow streams open now, so that closing the service ends them instead of waiting for their clients. */
export class OpenStreams {
  private readonly streams = new Set<FollowStream>();

  add(stream: FollowStream): void {
    this.streams.add(stream);
    stream.onGone(() => this.streams.delete(stream));
  }

  get size(): number {
    return this.streams.size;
  }

  endAll(reason: string): void {
    for (const stream of [...this.streams]) stream.end(reason, true);
  }
}
