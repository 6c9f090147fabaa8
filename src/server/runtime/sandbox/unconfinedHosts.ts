import * as path from 'node:path';
import { hostCommand, NODE_HOST_SCRIPT, pythonExecutable, replicaSettings, type DriverHosts, type HostLaunch, type LaunchRequest } from './hostLaunch';

/** Drivers with the service's own rights and environment: a service one person owns (the Local account). */
export class UnconfinedHosts implements DriverHosts {
  readonly confined = false;

  canRun(): boolean {
    return true;
  }

  describe(): string {
    return 'drivers run unconfined, with the service\'s own rights';
  }

  launch(request: LaunchRequest): Promise<HostLaunch> {
    const [file, ...args] = hostCommand(request, pythonExecutable(), request.imageDir, NODE_HOST_SCRIPT);
    return Promise.resolve({
      file: file!,
      args,
      cwd: path.join(request.imageDir, 'app'),
      env: { ...process.env, ...replicaSettings(request, request.imageDir) },
    });
  }
}
