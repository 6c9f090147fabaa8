import type { Sequenced } from './logRing';

/** Where a line came from: what the replica printed, or what the service says about the replica (loaded, exited). */
export type LogStream = 'stdout' | 'stderr' | 'system';

/** One line a service's replica printed, as kept in the service's log. */
export interface ReplicaLogLine extends Sequenced {
  /** Milliseconds since the epoch, when the service read it. */
  time: number;
  /** The replica's number within the service (counted from 1 since the service started here). */
  replica: number;
  /** The image the replica runs, `name:version`. */
  image: string;
  stream: LogStream;
  text: string;
}

/** `2026-11-30T20:15:00.123Z replica-3 iris:2 stdout hello`: fixed fields first, the text as printed last. */
export function lineText(line: ReplicaLogLine, hidePaths: (text: string) => string): string {
  return `${new Date(line.time).toISOString()} replica-${line.replica} ${line.image} ${line.stream} ${hidePaths(line.text)}`;
}

/** The line as an SSE event's data. */
export function lineJson(line: ReplicaLogLine, hidePaths: (text: string) => string): string {
  return JSON.stringify({ time: new Date(line.time).toISOString(), replica: line.replica, image: line.image, stream: line.stream, text: hidePaths(line.text) });
}
