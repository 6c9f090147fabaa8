import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './azurite';

/** Debian's nginx (scripts/setup-team-servers.mjs installs nginx-light), started by a test as a load balancer. */
export interface Nginx {
  url: string;
  /** The upstream ("host:port") that answered each request so far, in order, with its status. */
  answeredBy(): Promise<{ upstream: string; status: number }[]>;
  stop(): Promise<void>;
}

/**
 * nginx in the foreground on a free loopback port, round-robin over `upstreams` (host:port), in its own temp folder (pid,
 * logs, temp files): no system service, nothing outside the folder. A connection refused by one upstream is tried
 * on the next (a request not yet sent anywhere may be, whatever its method); a request already sent is not.
 */
export async function startNginx(upstreams: string[]): Promise<Nginx> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-nginx-'));
  const port = await freePort();
  const accessLog = path.join(dir, 'access.log');
  const conf = `daemon off;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
worker_processes 1;
events { worker_connections 1024; }
http {
  client_body_temp_path ${path.join(dir, 'body')};
  proxy_temp_path ${path.join(dir, 'proxy')};
  fastcgi_temp_path ${path.join(dir, 'fastcgi')};
  uwsgi_temp_path ${path.join(dir, 'uwsgi')};
  scgi_temp_path ${path.join(dir, 'scgi')};
  log_format upstreams '$status|$upstream_addr';
  access_log ${accessLog} upstreams;
  client_max_body_size 100m;
  upstream modelbay {
${upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://modelbay;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_request_buffering off;
      proxy_buffering off;
      proxy_read_timeout 120s;
      proxy_next_upstream error timeout;
    }
  }
}
`;
  await fs.writeFile(path.join(dir, 'nginx.conf'), conf);
  const child: ChildProcess = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${output}`);
    const up = await fetch(`${url}/healthz`).then(() => true, () => false);
    if (up) break;
    if (i > 100) throw new Error(`nginx did not answer within 10 s: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async answeredBy() {
      const text = await fs.readFile(accessLog, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          // A request retried on the next server lists both: "127.0.0.1:a, 127.0.0.1:b" (the last one answered).
          const [status = '0', upstreams = ''] = line.split('|');
          return { upstream: upstreams.split(', ').pop() ?? '', status: Number(status) };
        });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
