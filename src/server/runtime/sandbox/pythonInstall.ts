import { execFile } from 'node:child_process';

/** A Python as it sees itself: the real interpreter (not a pyenv shim) and the folders its standard library and packages are in. */
export interface PythonInstall {
  executable: string;
  folders: string[];
}

const ASK = 'import json, sys; print(json.dumps([sys.executable, sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]))';

/** Asks `python` where it is installed (a shim or a venv's link resolves to the interpreter it runs). */
export function findPython(python: string): Promise<PythonInstall> {
  return new Promise((resolve, reject) => {
    execFile(python, ['-c', ASK], { timeout: 30_000 }, (error, stdout) => {
      if (error) {
        reject(new Error(`Python (${python}) could not start on the service's machine: ${error.message.split('\n')[0]}`));
        return;
      }
      try {
        const [executable, ...folders] = JSON.parse(stdout.trim().split('\n').pop() ?? '') as string[];
        if (typeof executable !== 'string' || executable === '') throw new Error('no executable');
        resolve({ executable, folders: [...new Set(folders.filter((f) => typeof f === 'string' && f !== ''))] });
      } catch {
        reject(new Error(`Python (${python}) did not say where it is installed`));
      }
    });
  });
}
