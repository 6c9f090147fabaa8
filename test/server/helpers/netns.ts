import { spawnSync } from 'node:child_process';

/**
 * A test host of its own: a Linux network namespace joined to this one by a veth pair, with an address of its own
 * (`address`) and the address this side has on the pair (`gateway`, where servers of this namespace are reached).
 */
export interface TestHost {
  namespace: string;
  address: string;
  gateway: string;
  /** The command prefix that runs a program inside the namespace. */
  exec: string[];
}

function ip(args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.error?.message ?? result.stderr.trim()}`);
}

/** Whether this process may make network namespaces (root with iproute2, as on the CI machine). */
export function canMakeHosts(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = `mbprobe${process.pid % 100_000}`;
  const added = spawnSync('ip', ['netns', 'add', probe]);
  if (added.error || added.status !== 0) return false;
  spawnSync('ip', ['netns', 'del', probe]);
  return true;
}

/** `count` hosts on 10.231.<n>.0/24 subnets; `remove` takes them all away (the veth pairs go with them). */
export function makeHosts(count: number): { hosts: TestHost[]; remove(): void } {
  const tag = process.pid % 10_000;
  const base = 10 + (process.pid % 200);
  const hosts: TestHost[] = [];
  const remove = () => {
    for (const host of hosts) spawnSync('ip', ['netns', 'del', host.namespace]);
  };
  try {
    for (let i = 0; i < count; i++) {
      const namespace = `mb${tag}h${i}`;
      const outside = `mb${tag}o${i}`;
      const inside = `mb${tag}i${i}`;
      const subnet = `10.231.${base + i}`;
      ip(['netns', 'add', namespace]);
      hosts.push({ namespace, address: `${subnet}.2`, gateway: `${subnet}.1`, exec: ['ip', 'netns', 'exec', namespace] });
      ip(['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside]);
      ip(['link', 'set', inside, 'netns', namespace]);
      ip(['addr', 'add', `${subnet}.1/24`, 'dev', outside]);
      ip(['link', 'set', outside, 'up']);
      ip(['-n', namespace, 'addr', 'add', `${subnet}.2/24`, 'dev', inside]);
      ip(['-n', namespace, 'link', 'set', inside, 'up']);
      ip(['-n', namespace, 'link', 'set', 'lo', 'up']);
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { hosts, remove };
}
