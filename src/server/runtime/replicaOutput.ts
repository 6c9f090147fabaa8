/** Where a replica's output goes besides its crash tail: the service's live log (logs/serviceLogs.ts). */
export interface ReplicaOutput {
  /** Text the replica printed on one of its streams, as it arrived (lines may be cut across chunks). */
  printed(stream: 'stdout' | 'stderr', text: string): void;
  /** What the service says about the replica: loaded, could not load, exited. Ends any unfinished printed line. */
  event(text: string): void;
}
