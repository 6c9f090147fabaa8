import type { ReplicaOutput } from '../runtime/replicaOutput';
import { LineSplitter } from './lineSplitter';
import { firstSeqAt, LogRing, type LogLimits } from './logRing';
import type { LogStream, ReplicaLogLine } from './replicaLogLine';

/** What each service keeps in memory by default: its last 2,000 lines, at most 1 MiB of them; a line at most 8 KiB. */
export const DEFAULT_SERVICE_LOG_LIMITS: ServiceLogLimits = { lines: 2000, bytes: 1024 * 1024, lineChars: 8192 };

export interface ServiceLogLimits extends LogLimits {
  /** Longer printed lines are kept in pieces of this many characters. */
  lineChars: number;
}

/** One service's kept log and the count its replicas are numbered by. */
export class ServiceLog extends LogRing<ReplicaLogLine> {
  private replicas = 0;

  nextReplica(): number {
    return ++this.replicas;
  }
}

/**
 * The live logs of the services running here: what their replicas print (stdout and stderr of Python hosts, the
 * console of Node drivers), their load errors and exits, tagged with the replica and the time. Kept in memory only,
 * bounded per service; a service's log goes when the service is deleted.
 */
export class ServiceLogs {
  private readonly logs = new Map<string, ServiceLog>();

  constructor(private readonly limits: ServiceLogLimits = DEFAULT_SERVICE_LOG_LIMITS) {}

  /** The log of a service, made empty on first use. */
  of(serviceId: string): ServiceLog {
    let log = this.logs.get(serviceId);
    if (!log) {
      // Numbered from the time it is made, so a follower from before a restart resumes at this log's first line.
      log = new ServiceLog(this.limits, firstSeqAt(Date.now()));
      this.logs.set(serviceId, log);
    }
    return log;
  }

  /** The service was deleted: its followers are ended and its lines dropped. */
  forget(serviceId: string): void {
    this.logs.get(serviceId)?.close('the service was deleted');
    this.logs.delete(serviceId);
  }

  /** A new replica's output, for a replica of `image` (`name:version`) of the service. */
  replicaOutput(serviceId: string, image: string): ReplicaOutput {
    const log = this.of(serviceId);
    const replica = log.nextReplica();
    const add = (stream: LogStream, text: string) => log.push({ time: Date.now(), replica, image, stream, text, bytes: Buffer.byteLength(text) + 64 });
    const splitters = {
      stdout: new LineSplitter((line) => add('stdout', line), this.limits.lineChars),
      stderr: new LineSplitter((line) => add('stderr', line), this.limits.lineChars),
    };
    return {
      printed: (stream, text) => splitters[stream].write(text),
      event: (text) => {
        splitters.stdout.flush();
        splitters.stderr.flush();
        add('system', text.slice(0, this.limits.lineChars));
      },
    };
  }
}
