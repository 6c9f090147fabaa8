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
  const late = Number.isFinite(printed) && now - printed > LATE_MS ? ` (${line.time})` : '';
  const text = `replica-${line.replica} ${line.image}${line.stream === 'system' ? ' ·' : ''}${late} ${line.text}`;
  if (line.stream === 'stderr') channel.warn(text);
  else channel.info(text);
  return text;
}
