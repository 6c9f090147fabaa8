import { autoscalerWithDefaults } from '../../api/rules';
import type { AutoScaler } from '../../api/schemas';
import type { ReplicaPool } from './replicaPool';

export interface AutoscaleSettings {
  minReplicas: number;
  maxReplicas: number;
  targetUtilization: number;
  refreshPeriodMs: number;
}

const SAMPLE_MS = 100;

/** The autoscaler's settings with the API's defaults filled in (min 1: a local service keeps one replica warm). */
export function autoscaleSettings(scaler: AutoScaler): AutoscaleSettings {
  const given = autoscalerWithDefaults(scaler);
  const minReplicas = Math.max(1, given.minReplicas);
  return {
    minReplicas,
    maxReplicas: Math.max(minReplicas, given.maxReplicas),
    targetUtilization: Math.max(1, given.targetUtilization),
    refreshPeriodMs: given.refreshPeriodInSeconds * 1000,
  };
}

/** The replica count that would bring the measured utilization (0..n, in percent) to the target. */
export function desiredReplicas(current: number, utilizationPercent: number, settings: AutoscaleSettings): number {
  const wanted = Math.ceil((current * utilizationPercent) / settings.targetUtilization);
  return Math.min(settings.maxReplicas, Math.max(settings.minReplicas, wanted));
}

/**
 * Samples a pool's utilization (in flight and waiting over capacity) every 100 ms and, every refresh period,
 * moves the replica count toward the target utilization within [minReplicas, maxReplicas].
 */
export class Autoscaler {
  private samples: number[] = [];
  private readonly sampler: NodeJS.Timeout;
  private readonly refresher: NodeJS.Timeout;
  private resizing = false;

  constructor(
    private readonly pool: ReplicaPool,
    private readonly settings: AutoscaleSettings,
    private readonly onResize: (from: number, to: number) => void,
  ) {
    this.sampler = setInterval(() => this.samples.push(pool.utilization() * 100), SAMPLE_MS);
    this.refresher = setInterval(() => void this.refresh(), settings.refreshPeriodMs);
    this.sampler.unref();
    this.refresher.unref();
  }

  stop(): void {
    clearInterval(this.sampler);
    clearInterval(this.refresher);
  }

  private async refresh(): Promise<void> {
    if (this.resizing || this.samples.length === 0) return;
    const average = this.samples.reduce((a, b) => a + b, 0) / this.samples.length;
    this.samples = [];
    const current = this.pool.replicaCount;
    const target = desiredReplicas(current, average, this.settings);
    if (target === current) return;
    this.resizing = true;
    try {
      await this.pool.resize(target);
      this.onResize(current, target);
    } finally {
      this.resizing = false;
    }
  }
}
