import * as vscode from 'vscode';
import { ModelbayApiError } from '../../api/client/errors';
import { LogStreamClient } from '../../api/client/logStream';
import type { Connection } from '../accounts/accountConnections';
import { describeError } from '../core/describeError';
import { watchChannelVisibility } from './channelVisibility';
import { writeServiceLine } from './logLines';
import { ReconnectDelay } from './reconnectDelay';

/** The lines shown on opening: what the replicas printed just before, so a user sees the context of what comes. */
export const OPENING_TAIL = 200;
/** The lines kept for the API (tests, a copy command): the channel itself holds everything. */
const KEPT_LINES = 1_000;

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

export interface FollowedService {
  accountId: string;
  serviceId: string;
  serviceName: string;
}

/**
 * Follows one service's live log into its own log channel ("Modelbay: iris log"): the last lines first, then each
 * line as a replica prints it. A stream that breaks off (a dropped connection, a restarted service) is followed again
 * from the last line received (its event id), after a pause that grows while attempts fail. Following stops when the
 * user closes the channel (hides the Output panel or picks another channel in it; shown again, it catches up from
 * the last line it had), when the service is deleted, with Stop Following Logs, or when the window closes; the
 * channel keeps what it showed.
 */
export class ServiceLogFollower implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly recent: string[] = [];
  private lastSeq: number | undefined;
  private abort = new AbortController();
  private running = false;
  private readonly stateChanged = new vscode.EventEmitter<void>();
  private readonly visibility: vscode.Disposable;
  /** Stopped because the channel was closed: shown again, it follows again. */
  private pausedWhileHidden = false;
  /** Fires when following starts or stops. */
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    readonly service: FollowedService,
    private readonly connect: () => Promise<Connection>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.channel = vscode.window.createOutputChannel(`Modelbay: ${service.serviceName} log`, { log: true });
    this.visibility = watchChannelVisibility(
      this.channel.name,
      () => {
        if (!this.running) return;
        this.pausedWhileHidden = true;
        this.stop('paused while this channel is closed; shown again, it catches up from here');
      },
      () => {
        if (!this.pausedWhileHidden) return;
        this.pausedWhileHidden = false;
        this.start();
      },
    );
  }

  get following(): boolean {
    return this.running;
  }

  /** The last lines written (at most KEPT_LINES), as the channel shows their text. */
  lines(): readonly string[] {
    return this.recent;
  }

  /** Starts following (again, after a stop); does nothing while following. */
  start(): void {
    this.pausedWhileHidden = false;
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.stateChanged.fire();
    this.run(this.abort.signal)
      .finally(() => {
        this.running = false;
        this.stateChanged.fire();
      })
      .catch((error: unknown) => this.log.error(`Log of ${this.service.serviceName}: ${describeError(error)}`));
  }

  stop(reason: string): void {
    if (!this.running) return;
    this.channel.info(`-- ${reason}`);
    this.abort.abort();
  }

  dispose(): void {
    this.abort.abort();
    this.visibility.dispose();
    this.channel.dispose();
    this.stateChanged.dispose();
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { serviceId, serviceName } = this.service;
    const delay = new ReconnectDelay();
    let again = false;
    while (!signal.aborted) {
      try {
        const connection = await this.connect();
        // Asked first so a deleted service (or a refused token) is told apart from a dropped stream.
        await connection.account.services.get(serviceId);
        const stream = new LogStreamClient(connection.client.http, connection.account.basePath).serviceLog(serviceId, {
          signal,
          tail: this.lastSeq === undefined ? OPENING_TAIL : undefined,
          lastEventId: this.lastSeq,
        });
        if (again) this.channel.info('-- following again');
        again = true;
        for await (const item of stream) {
          delay.succeeded();
          if (item.kind === 'notice') this.channel.info(`-- ${item.text}`);
          else {
            this.lastSeq = item.seq ?? this.lastSeq;
            this.keep(writeServiceLine(this.channel, item));
          }
        }
        // The service ended the stream (deleted, stopping): the next round finds out which.
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ModelbayApiError && error.code === 'ServiceNotFound') {
          this.channel.info(`-- ${serviceName} was deleted: its log is no longer followed.`);
          return;
        }
        const wait = delay.next();
        this.channel.warn(`-- the log stream broke off (${describeError(error)}); following again in ${Math.round(wait / 1000)} s`);
        this.log.warn(`Log of ${serviceName}: ${describeError(error)}`);
        await pause(wait, signal);
        continue;
      }
      await pause(delay.next(), signal);
    }
  }

  private keep(text: string): void {
    this.recent.push(text);
    if (this.recent.length > KEPT_LINES) this.recent.splice(0, this.recent.length - KEPT_LINES);
  }
}
