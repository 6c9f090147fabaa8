/**
 * Drivers that try to reach what is not theirs and report each attempt: the confined-drivers test deploys them on
 * a service whose drivers run confined (every attempt must fail inside the driver) and on one whose drivers run
 * unconfined (the same attempts succeed: proof the test can fail). The request names what to try:
 * `{dataDir, otherImage, marker, serviceUrl}`; the answer is `{attempt: {reached, detail}}` for every attempt below.
 */

export const ATTEMPTS = ['adminToken', 'store', 'otherImage', 'writeOwnImage', 'serviceEnvironment', 'serviceCommandLine', 'serviceNetwork'] as const;
export type Attempt = (typeof ATTEMPTS)[number];
export type EscapeReport = Record<Attempt, { reached: boolean; detail: string }>;

export interface EscapeTargets {
  /** The service's data folder: admin-token and the store's file (modelbay.sqlite) are in it. */
  dataDir: string;
  /** Another image's folder on the service's machine. */
  otherImage: string;
  /** The name of an environment variable planted in the service's process, and its value. */
  marker: { name: string; value: string };
  /** The service's own URL (on 127.0.0.1): reachable only with the service's network. */
  serviceUrl: string;
}

export const NODE_ESCAPE_DRIVER = String.raw`
const fs = require('node:fs');
const path = require('node:path');
function attempt(action) {
  try {
    const detail = action();
    return { reached: detail !== false, detail: detail === false ? 'not found' : String(detail).slice(0, 120) };
  } catch (error) {
    return { reached: false, detail: 'blocked: ' + (error.code || error.message) };
  }
}
function procText(file) {
  try { return fs.readFileSync(file, 'utf8'); } catch { return ''; }
}
async function reachService(url) {
  try {
    const response = await fetch(url + '/healthz', { signal: AbortSignal.timeout(3000) });
    return { reached: true, detail: 'the service answered ' + response.status };
  } catch (error) {
    return { reached: false, detail: 'blocked: ' + ((error.cause && error.cause.code) || error.name) };
  }
}
exports.run = async (input) => {
  const { dataDir, otherImage, marker, serviceUrl } = input;
  return {
    adminToken: attempt(() => fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').length > 0 && 'read the admin token'),
    store: attempt(() => {
      const names = fs.readdirSync(dataDir);
      const store = names.find((n) => n.endsWith('.sqlite'));
      if (store) fs.closeSync(fs.openSync(path.join(dataDir, store), 'r'));
      return 'listed the data folder (' + names.join(',') + ')' + (store ? ' and opened ' + store : '');
    }),
    otherImage: attempt(() => fs.readFileSync(path.join(otherImage, 'modelbay-image.json'), 'utf8').length > 0 && 'read another image'),
    writeOwnImage: attempt(() => {
      const file = path.join(__dirname, 'written-by-driver.txt');
      fs.writeFileSync(file, 'mine now');
      fs.unlinkSync(file);
      return 'wrote into its own image';
    }),
    serviceEnvironment: attempt(() => {
      if (process.env[marker.name] === marker.value) return 'found the marker in its environment';
      return procText('/proc/' + process.ppid + '/environ').includes(marker.value) && 'found the marker in its parent\'s environment';
    }),
    serviceCommandLine: attempt(() => {
      const lines = ['/proc/self/cmdline', '/proc/' + process.ppid + '/cmdline', '/proc/1/cmdline'].map(procText);
      return lines.some((l) => l.includes(dataDir)) && 'found the data folder on a command line';
    }),
    serviceNetwork: await reachService(serviceUrl),
  };
};
`;

export const PYTHON_ESCAPE_DRIVER = String.raw`
import os

def init():
    pass

def attempt(action):
    try:
        detail = action()
        return {"reached": detail is not False, "detail": "not found" if detail is False else str(detail)[:120]}
    except OSError as error:
        return {"reached": False, "detail": "blocked: " + (error.strerror or str(error))}

def proc_text(file):
    try:
        with open(file, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""

def run(raw):
    import json
    targets = json.loads(raw)
    data_dir, other_image, marker, service_url = targets["dataDir"], targets["otherImage"], targets["marker"], targets["serviceUrl"]

    def admin_token():
        with open(os.path.join(data_dir, "admin-token")) as f:
            return len(f.read()) > 0 and "read the admin token"

    def store():
        names = os.listdir(data_dir)
        found = [n for n in names if n.endswith(".sqlite")]
        if found:
            open(os.path.join(data_dir, found[0]), "rb").close()
        return "listed the data folder (" + ",".join(names) + ")" + (" and opened " + found[0] if found else "")

    def other():
        with open(os.path.join(other_image, "modelbay-image.json")) as f:
            return len(f.read()) > 0 and "read another image"

    def write_own():
        file = os.path.join(os.path.dirname(os.path.abspath(__file__)), "written-by-driver.txt")
        with open(file, "w") as f:
            f.write("mine now")
        os.remove(file)
        return "wrote into its own image"

    def environment():
        if os.environ.get(marker["name"]) == marker["value"]:
            return "found the marker in its environment"
        return marker["value"] in proc_text("/proc/%d/environ" % os.getppid()) and "found the marker in its parent's environment"

    def command_line():
        lines = [proc_text(f) for f in ("/proc/self/cmdline", "/proc/%d/cmdline" % os.getppid(), "/proc/1/cmdline")]
        return any(data_dir in line for line in lines) and "found the data folder on a command line"

    def network():
        import urllib.request
        with urllib.request.urlopen(service_url + "/healthz", timeout=3) as response:
            return "the service answered %d" % response.status

    return {
        "adminToken": attempt(admin_token),
        "store": attempt(store),
        "otherImage": attempt(other),
        "writeOwnImage": attempt(write_own),
        "serviceEnvironment": attempt(environment),
        "serviceCommandLine": attempt(command_line),
        "serviceNetwork": attempt(network),
    }
`;
