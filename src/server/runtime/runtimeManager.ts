import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Image, ServiceResponse } from '../../api/schemas';
import type { ImageSpec } from '../images/imageBuilder';
import type { ImageStore } from '../images/imageStore';
import type { AccountKey } from '../store/repositories';
import { parseMemory } from '../../api/quantities';
import { PER_REPLICA_CONCURRENCY, REPLICAS, SCORING_TIMEOUT_MS } from '../../api/rules';
import { ServiceLogs } from '../logs/serviceLogs';
import { Autoscaler, autoscaleSettings } from './autoscaler';
import { ReplicaPool, type PoolLog, type PoolSettings } from './replicaPool';
import type { DriverHosts } from './sandbox/hostLaunch';

/** Default per-replica concurrency when the service does not set maxConcurrentRequestsPerContainer. */
export const DEFAULT_PER_REPLICA = PER_REPLICA_CONCURRENCY.default;
export const DEFAULT_SCORING_TIMEOUT_MS = SCORING_TIMEOUT_MS.default;

interface Running {
  imageId: string;
  pool: ReplicaPool;
  autoscaler?: Autoscaler;
}

/** The pool settings a service's stored settings ask for. */
export function poolSettings(service: ServiceResponse): PoolSettings {
  const scaler = service.autoScaler?.autoscaleEnabled ? autoscaleSettings(service.autoScaler) : undefined;
  const perReplica = service.maxConcurrentRequestsPerContainer ?? DEFAULT_PER_REPLICA;
  const replicas = scaler ? scaler.minReplicas : service.numReplicas ?? REPLICAS.default;
  const memory = service.containerResourceReservation?.memory;
  const parsed = memory ? parseMemory(memory) : undefined;
  const timeoutMs = service.scoringTimeoutMs ?? DEFAULT_SCORING_TIMEOUT_MS;
  return {
    replicas,
    perReplicaConcurrency: perReplica,
    timeoutMs,
    memoryBytes: parsed && 'bytes' in parsed ? parsed.bytes : undefined,
    queueLimit: Math.max(4, Math.max(1, replicas) * perReplica),
    queueWaitMs: Math.min(timeoutMs, 10_000),
  };
}

/**
 * What a service runs as, in one string: its image and the settings its replicas start with. Equal strings: the
 * replicas running are the ones the stored service asks for (a state change alone, Transitioning -> Succeeded,
 * changes nothing here).
 */
export function deploySignature(service: ServiceResponse, image: Image): string {
  return JSON.stringify([image.id, poolSettings(service), service.autoScaler ?? null]);
}

/**
 * Every running service's replicas: the pool of its current image, plus pools of images endpoints pin. A deploy
 * starts the new pool completely before it takes traffic, then drains the old one, so no call in flight fails.
 */
export class RuntimeManager {
  private readonly current = new Map<string, Running>();
  /** What each service was last deployed as here (deploySignature), scaled to zero included. */
  private readonly deployed = new Map<string, string>();
  /** Deploys under way, by service, with what they deploy. */
  private readonly deploying = new Map<string, { signature: string; done: Promise<void> }>();
  private readonly pinned = new Map<string, Promise<Running>>();
  /** The pinned pools that have started, for lookups that must not wait. */
  private readonly pinnedStarted = new Map<string, ReplicaPool>();
  /** What the services' replicas print, kept per service for `GET {service}/logs`. */
  readonly logs = new ServiceLogs();

  constructor(
    private readonly images: Pick<ImageStore, 'folderFor'>,
    private readonly log: PoolLog,
    private readonly onCrashLoop: (account: AccountKey, serviceId: string, reason: string) => void,
    /** How Python and Node drivers run on this service: confined or not. */
    readonly drivers: DriverHosts,
  ) {}

  /**
   * Starts the service's replicas of `image` and retires the previous ones once the new ones answer. numReplicas 0
   * scales the service to zero: it keeps its settings and endpoints, and scoring answers 503. A deploy asked for
   * while the same one (same image and settings) is under way joins it: the operation that deploys a service, this
   * instance's reconcile of it and a scoring call that finds no replicas yet all wait for one start.
   */
  deploy(account: AccountKey, service: ServiceResponse, image: Image): Promise<void> {
    const signature = deploySignature(service, image);
    const underWay = this.deploying.get(service.id);
    if (underWay?.signature === signature) return underWay.done;
    const done = this.deployNow(account, service, image, signature).finally(() => {
      if (this.deploying.get(service.id)?.done === done) this.deploying.delete(service.id);
    });
    this.deploying.set(service.id, { signature, done });
    return done;
  }

  private async deployNow(account: AccountKey, service: ServiceResponse, image: Image, signature: string): Promise<void> {
    this.deployed.set(service.id, signature);
    const previous = this.current.get(service.id);
    if (poolSettings(service).replicas === 0) {
      this.current.delete(service.id);
      await this.retire(previous);
      return;
    }
    let next: Running;
    try {
      next = await this.startPool(account, service, image);
    } catch (error) {
      // Not running as asked: a later reconcile (or restart) tries again.
      if (this.deployed.get(service.id) === signature) this.deployed.delete(service.id);
      throw error;
    }
    this.current.set(service.id, next);
    if (previous) await this.retire(previous);
    // Pinned endpoints keep their own images, but take the service's new replica settings on next start.
  }

  /** The pool for an endpoint pinned to `image`, started once and shared by every endpoint pinning it. */
  async pin(account: AccountKey, service: ServiceResponse, image: Image): Promise<ReplicaPool> {
    const key = `${service.id}/${image.id}`;
    let running = this.pinned.get(key);
    if (!running) {
      running = this.startPool(account, service, image);
      this.pinned.set(key, running);
      running.then(
        (started) => {
          if (this.pinned.get(key) === running) this.pinnedStarted.set(key, started.pool);
        },
        () => this.pinned.delete(key),
      );
    }
    return (await running).pool;
  }

  /** The pool of an endpoint's pinned image when it already runs (no store read on the scoring path). */
  async pinnedPool(serviceId: string, imageId: string): Promise<ReplicaPool | undefined> {
    const running = this.pinned.get(`${serviceId}/${imageId}`);
    return running ? (await running).pool : undefined;
  }

  pinnedPoolNow(serviceId: string, imageId: string): ReplicaPool | undefined {
    return this.pinnedStarted.get(`${serviceId}/${imageId}`);
  }

  /** True when the service runs here as `service` and `image` ask (or was last deployed so and is starting). */
  runsAsAsked(service: ServiceResponse, image: Image): boolean {
    return this.deployed.get(service.id) === deploySignature(service, image);
  }

  /** True when the service was deployed here and not removed since. */
  hosts(serviceId: string): boolean {
    return this.deployed.has(serviceId);
  }

  poolOf(serviceId: string): ReplicaPool | undefined {
    return this.current.get(serviceId)?.pool;
  }

  readyReplicas(serviceId: string): number {
    return this.current.get(serviceId)?.pool.readyReplicas ?? 0;
  }

  /** The service was deleted: its replicas stop and its live log goes (a crash loop's `remove` keeps the log). */
  async forget(serviceId: string): Promise<void> {
    this.logs.forget(serviceId);
    await this.remove(serviceId);
  }

  async remove(serviceId: string): Promise<void> {
    this.deployed.delete(serviceId);
    const running = this.current.get(serviceId);
    this.current.delete(serviceId);
    const pins = [...this.pinned.entries()].filter(([key]) => key.startsWith(`${serviceId}/`));
    for (const [key] of pins) {
      this.pinned.delete(key);
      this.pinnedStarted.delete(key);
    }
    await Promise.all([
      running ? this.retire(running, false) : undefined,
      ...pins.map(async ([, p]) => this.retire(await p.catch(() => undefined), false)),
    ]);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.current.keys()].map((id) => this.remove(id)));
  }

  private async startPool(account: AccountKey, service: ServiceResponse, image: Image): Promise<Running> {
    if (image.creationState !== 'Succeeded' || !image.imageLocation) {
      throw new Error(`image ${image.name}:${image.version} is ${image.creationState}, not built`);
    }
    const imageDir = await this.images.folderFor(image.imageLocation.replace(/^sha256:/, ''));
    const spec = JSON.parse(await fs.readFile(path.join(imageDir, 'modelbay-image.json'), 'utf8')) as ImageSpec;
    const settings = poolSettings(service);
    const label = `${image.name}:${image.version}`;
    const pool = new ReplicaPool(
      imageDir,
      spec,
      this.drivers,
      settings,
      this.log,
      (reason) => this.onCrashLoop(account, service.id, reason),
      () => this.logs.replicaOutput(service.id, label),
    );
    await pool.start();
    const scaler = service.autoScaler?.autoscaleEnabled ? autoscaleSettings(service.autoScaler) : undefined;
    const autoscaler = scaler
      ? new Autoscaler(pool, scaler, (from, to) => {
          pool.updateSettings({ queueLimit: Math.max(4, to * settings.perReplicaConcurrency) });
          this.log.info({ service: service.name, from, to }, 'autoscaler resized the service');
        })
      : undefined;
    this.log.info({ service: service.name, image: `${image.name}:${image.version}`, replicas: pool.readyReplicas }, 'replicas ready');
    return { imageId: image.id, pool, autoscaler };
  }

  private async retire(running: Running | undefined, drain = true): Promise<void> {
    if (!running) return;
    running.autoscaler?.stop();
    if (drain) await running.pool.drain();
    else await running.pool.stop();
  }
}
