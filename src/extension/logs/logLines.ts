import type * as vscode from 'vscode';
import type { ServiceLogLine } from '../../api/client/logStream';

/** A line older than this when it arrives (from the tail, after a reconnect) shows the time it was printed. */
const LATE_MS = 5_000;

/**
 * Writes a replica's line to the service's log channel. The channel stamps each line with the time it is written, so
 * a line printed a while ago (the tail shown on opening) carries its own time too. What a driver prints on stderr is
 * a warning (Python's logging writes there by default, so it is not all errors); the service's remarks about a
 * replica (started, exited) are info.
 */
export function writeServiceLine(channel: vscode.LogOutputChannel, line: ServiceLogLine, now = Date.now()): string {
  const printed = Date.parse(line.time);
  const late = Number.isFinite(printed) && now - printed > LATE_MS ? ` (printed ${printedAt(printed, now)})` : '';
  const text = `replica-${line.replica} ${line.image}${line.stream === 'system' ? ' ·' : ''}${late} ${line.text}`;
  if (line.stream === 'stderr') channel.warn(text);
  else channel.info(text);
  return text;
}

const two = (n: number) => String(n).padStart(2, '0');

/** Local time as the channel writes its own stamps (`23:52:44.724`), with the date when it was another day. */
function printedAt(time: number, now: number): string {
  const d = new Date(time);
  const clock = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
  return d.toDateString() === new Date(now).toDateString() ? clock : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${clock}`;
}
