import * as path from 'node:path';

/** Which driver host a replica runs: Python's (score.py) or Node's (score.js) as a child process. */
export type HostRuntime = 'Python' | 'Node';

/** What one replica host is started with: spawned as it is, fd 3 carrying the host's answers. */
export interface HostLaunch {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface LaunchRequest {
  runtime: HostRuntime;
  /** The image folder on the service's machine. */
  imageDir: string;
  /** The manifest's properties (MODELBAY_PROPERTIES), as JSON. */
  properties: string;
  /** The memory reservation: RLIMIT_AS for Python, the V8 heap limit for Node. */
  memoryBytes?: number;
}

/** Starts driver hosts, confined or not; `launch` rejects with a reason a client may read when drivers cannot run here. */
export interface DriverHosts {
  readonly confined: boolean;
  /** False while drivers cannot run here (confined, and bubblewrap missing or not working). */
  canRun(): boolean;
  /** One sentence for the service's start line and log: how drivers run here, and whether they can. */
  describe(): string;
  launch(request: LaunchRequest): Promise<HostLaunch>;
}

/** The Python that runs replicas: MODELBAY_PYTHON when set, else `python3` (`python` on Windows, where `python3` is often only a store alias). */
export function pythonExecutable(): string {
  return process.env.MODELBAY_PYTHON || (process.platform === 'win32' ? 'python' : 'python3');
}

/** The V8 heap limit a Node replica gets from a memory reservation (as worker threads had it). */
export function nodeHeapMb(memoryBytes: number | undefined): number | undefined {
  return memoryBytes ? Math.max(16, Math.floor(memoryBytes / (1024 * 1024))) : undefined;
}

/** The environment every host reads its settings from, whatever runs it. */
export function replicaSettings(request: LaunchRequest, imageRoot: string): Record<string, string> {
  const env: Record<string, string> = { MODELBAY_MODEL_DIR: `${imageRoot}/models`, MODELBAY_PROPERTIES: request.properties };
  if (request.runtime === 'Python') {
    env.PYTHONUNBUFFERED = '1';
    env.PYTHONDONTWRITEBYTECODE = '1';
    if (request.memoryBytes) env.MODELBAY_MEMORY_LIMIT_BYTES = String(request.memoryBytes);
  } else if (process.versions.electron) {
    env.ELECTRON_RUN_AS_NODE = '1'; // VS Code's runtime runs the host as plain Node
  }
  return env;
}

/** The Node host bundle sits beside the service bundle (dist/nodeDriverHost.js). */
export const NODE_HOST_SCRIPT = path.join(__dirname, 'nodeDriverHost.js');

/** The host's command line, with the image where the host sees it and the host script where it sees it. */
export function hostCommand(request: LaunchRequest, python: string, imageRoot: string, nodeHost: string): string[] {
  if (request.runtime === 'Python') return [python, `${imageRoot}/serve/modelbay_host.py`, '--stdio'];
  const heap = nodeHeapMb(request.memoryBytes);
  return [process.execPath, ...(heap ? [`--max-old-space-size=${heap}`] : []), nodeHost, imageRoot];
}
