import * as vscode from 'vscode';
import { LogStreamClient } from '../../api/client/logStream';
import type { Image } from '../../api/schemas';
import type { Connection } from '../accounts/accountConnections';
import { describeError } from '../core/describeError';
import { ReconnectDelay } from './reconnectDelay';

/** An image whose build has not ended: its log is still being written. */
export const isBuilding = (image: Image) => image.creationState === 'NotStarted' || image.creationState === 'Running';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The build logs followed while their builds run, one output channel per image ("Modelbay: iris:3 build"): every line
 * the build wrote, then each as it is written, until the build ends (the channel then says how it ended). A stream
 * that breaks off mid-build is followed again, the lines already shown skipped (a build log only grows).
 */
export class BuildLogFollowers implements vscode.Disposable {
  private readonly channels = new Map<string, { channel: vscode.OutputChannel; following: boolean; lines: string[] }>();
  private disposed = false;

  constructor(
    private readonly connect: (accountId: string) => Promise<Connection>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Shows the build's channel, following it while the build runs (once: a second Show shows the same channel). */
  show(accountId: string, image: Image): vscode.OutputChannel {
    const key = `${accountId}/${image.id}`;
    const existing = this.channels.get(key);
    if (existing) {
      existing.channel.show(true);
      return existing.channel;
    }
    const entry = { channel: vscode.window.createOutputChannel(`Modelbay: ${image.name}:${image.version} build`, 'log'), following: true, lines: [] as string[] };
    this.channels.set(key, entry);
    entry.channel.show(true);
    this.follow(accountId, image, entry)
      .finally(() => (entry.following = false))
      .catch((error: unknown) => this.log.error(`Build log of ${image.name}:${image.version}: ${describeError(error)}`));
    return entry.channel;
  }

  /** The lines shown so far for an image's build (for tests). */
  lines(accountId: string, imageId: string): readonly string[] {
    return this.channels.get(`${accountId}/${imageId}`)?.lines ?? [];
  }

  dispose(): void {
    this.disposed = true;
    for (const { channel } of this.channels.values()) channel.dispose();
    this.channels.clear();
  }

  private async follow(accountId: string, image: Image, entry: { channel: vscode.OutputChannel; lines: string[] }): Promise<void> {
    const abort = new AbortController();
    const delay = new ReconnectDelay();
    const append = (text: string) => {
      entry.lines.push(text);
      entry.channel.appendLine(text);
    };
    try {
      while (!this.disposed) {
        const connection = await this.connect(accountId);
        let skip = entry.lines.length;
        try {
          const stream = new LogStreamClient(connection.client.http, connection.account.basePath).buildLog(image.id, { signal: abort.signal });
          for await (const item of stream) {
            if (this.disposed) return;
            delay.succeeded();
            if (item.kind === 'notice') entry.channel.appendLine(`-- ${item.text}`);
            else if (skip > 0) skip--;
            else append(`${item.time} ${item.text}`);
          }
        } catch (error) {
          entry.channel.appendLine(`-- the build log stream broke off: ${describeError(error)}`);
        }
        const now = await connection.account.getImage(image.id);
        if (!isBuilding(now)) {
          entry.channel.appendLine(`-- the build ended: ${now.creationState}${now.error ? ` (${now.error.message})` : ''}`);
          return;
        }
        await pause(delay.next());
      }
    } catch (error) {
      // The image is gone, or the service cannot be reached any more: say so where the log is read.
      entry.channel.appendLine(`-- no longer following: ${describeError(error)}`);
      this.log.warn(`Build log of ${image.name}:${image.version}: ${describeError(error)}`);
    } finally {
      abort.abort();
    }
  }
}
