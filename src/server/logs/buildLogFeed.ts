import type { LogFollower } from './logRing';

/**
 * Tells the readers following an image's build log (`buildlog?follow=true`) that lines were appended to its file,
 * and that the build ended. It holds listeners only: the lines are in the log file, where each reader reads them.
 */
export class BuildLogFeed {
  private readonly followers = new Map<string, Set<LogFollower>>();

  subscribe(imageId: string, follower: LogFollower): () => void {
    let set = this.followers.get(imageId);
    if (!set) {
      set = new Set();
      this.followers.set(imageId, set);
    }
    set.add(follower);
    return () => {
      set.delete(follower);
      if (set.size === 0 && this.followers.get(imageId) === set) this.followers.delete(imageId);
    };
  }

  /** How many readers follow builds now (a test checks that a reader who left is gone). */
  get followerCount(): number {
    let count = 0;
    for (const set of this.followers.values()) count += set.size;
    return count;
  }

  appended(imageId: string): void {
    for (const follower of this.followers.get(imageId) ?? []) follower.wake();
  }

  ended(imageId: string): void {
    for (const follower of [...(this.followers.get(imageId) ?? [])]) follower.end('the build ended');
  }
}
