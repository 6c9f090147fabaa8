import type { PathHider } from '../serverPaths';
import type { FollowStream, StreamLine } from './followStream';
import { lineJson, lineText, type ReplicaLogLine } from './replicaLogLine';
import type { ServiceLog } from './serviceLogs';

export const streamLine = (line: ReplicaLogLine, hidePaths: PathHider): StreamLine => ({ id: line.seq, text: lineText(line, hidePaths), json: lineJson(line, hidePaths) });

/**
 * Writes a service's log to a follow stream from line `after` on, then each line as it comes (gathered once per
 * turn of the event loop). A client reading slower than lines come is sent nothing until it has read what it got;
 * then it gets what is still kept, with a notice of how many lines it missed: the stream never holds a backlog.
 */
export function followServiceLog(log: ServiceLog, stream: FollowStream, after: number, hidePaths: PathHider): void {
  let sent = after;
  let scheduled = false;
  let waiting = false;
  const pump = () => {
    scheduled = false;
    if (stream.closed || waiting) return;
    const { entries, skipped } = log.after(sent);
    if (skipped > 0) stream.notice(`${skipped} lines were dropped before they could be sent (the client read too slowly)`);
    const last = entries[entries.length - 1];
    if (!last) return;
    sent = last.seq;
    if (stream.write(entries.map((line) => streamLine(line, hidePaths)))) return;
    waiting = true;
    void stream.drained().then(() => {
      waiting = false;
      pump();
    });
  };
  const unsubscribe = log.subscribe({
    wake() {
      if (scheduled) return;
      scheduled = true;
      setImmediate(pump);
    },
    end: (reason) => stream.end(reason),
  });
  stream.onGone(unsubscribe);
  pump();
}
