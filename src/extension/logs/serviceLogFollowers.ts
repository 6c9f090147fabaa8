import type * as vscode from 'vscode';
import type { Connection } from '../accounts/accountConnections';
import { ServiceLogFollower, type FollowedService } from './serviceLogFollower';

/**
 * The services whose logs are followed in this window, one channel each: Show Logs again on a service shows its
 * channel (and follows again if it had stopped) rather than opening a second one.
 */
export class ServiceLogFollowers implements vscode.Disposable {
  private readonly followers = new Map<string, ServiceLogFollower>();

  constructor(
    private readonly connect: (accountId: string) => Promise<Connection>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Follows the service's log and shows its channel. */
  show(service: FollowedService): ServiceLogFollower {
    const key = `${service.accountId}/${service.serviceId}`;
    let follower = this.followers.get(key);
    if (!follower) {
      follower = new ServiceLogFollower(service, () => this.connect(service.accountId), this.log);
      this.followers.set(key, follower);
    }
    follower.start();
    follower.channel.show(true);
    return follower;
  }

  /** The followers that follow now (for Stop Following). */
  following(): ServiceLogFollower[] {
    return [...this.followers.values()].filter((f) => f.following);
  }

  of(accountId: string, serviceId: string): ServiceLogFollower | undefined {
    return this.followers.get(`${accountId}/${serviceId}`);
  }

  dispose(): void {
    for (const follower of this.followers.values()) follower.dispose();
    this.followers.clear();
  }
}
