import type { RateLimitPolicy } from '../../api/schemas';
import type { GatewayStep } from './gatewayPipeline';

/**
 * One endpoint's sliding window: the times of the last `calls` calls let in, in a ring. A call passes when the
 * oldest of them is older than the window. Allocated once per policy, nothing per call.
 */
class SlidingWindow {
  private readonly times: Float64Array;
  private next = 0;
  /** What the last `take` overwrote, for `untake` (the pipeline enters and cancels synchronously). */
  private overwritten = Number.NEGATIVE_INFINITY;

  constructor(
    readonly calls: number,
    readonly windowMs: number,
  ) {
    this.times = new Float64Array(calls).fill(Number.NEGATIVE_INFINITY);
  }

  /** Milliseconds until the oldest call leaves the window (0 or less: a call may pass now). */
  waitMs(now: number): number {
    return this.times[this.next]! + this.windowMs - now;
  }

  take(now: number): void {
    this.overwritten = this.times[this.next]!;
    this.times[this.next] = now;
    this.next = (this.next + 1) % this.calls;
  }

  untake(): void {
    this.next = (this.next - 1 + this.calls) % this.calls;
    this.times[this.next] = this.overwritten;
  }

  /**
   * `"rate";r=<calls that may still pass>;t=<seconds until the oldest call in the window leaves it>`. The ring holds
   * the times in the order calls were let in, oldest at `next`: the first one inside the window is found by binary
   * search, so the field costs log(calls), not calls, per answer.
   */
  field(now: number): string {
    const from = now - this.windowMs;
    const at = (k: number) => this.times[(this.next + k) % this.calls]!;
    let low = 0;
    let high = this.calls;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (at(mid) > from) high = mid;
      else low = mid + 1;
    }
    const used = this.calls - low;
    const t = used === 0 ? 0 : Math.ceil((at(low) - from) / 1000);
    return `"rate";r=${this.calls - used};t=${t}`;
  }
}

/** Every endpoint's rate window, by endpoint id; a changed policy starts a new window. */
export class RateLimits {
  private readonly windows = new Map<string, SlidingWindow>();

  windowOf(endpointId: string, policy: RateLimitPolicy): SlidingWindow {
    let window = this.windows.get(endpointId);
    if (!window || window.calls !== policy.calls || window.windowMs !== policy.renewalPeriod * 1000) {
      window = new SlidingWindow(policy.calls, policy.renewalPeriod * 1000);
      this.windows.set(endpointId, window);
    }
    return window;
  }

  /** The endpoint's item of the RateLimit field. */
  field(endpointId: string, policy: RateLimitPolicy, now: number): string {
    return this.windowOf(endpointId, policy).field(now);
  }
}

/** The rate limit as a gateway step: 429 RateLimitExceeded with Retry-After, whole seconds until a call would pass. */
export function rateLimitStep(limits: RateLimits): GatewayStep {
  return {
    enter({ found: { endpoint } }) {
      if (!endpoint.rateLimit) return undefined;
      const window = limits.windowOf(endpoint.id, endpoint.rateLimit);
      const now = Date.now();
      const waitMs = window.waitMs(now);
      if (waitMs <= 0) {
        window.take(now);
        return undefined;
      }
      const { calls, renewalPeriod } = endpoint.rateLimit;
      return {
        status: 429,
        code: 'RateLimitExceeded',
        message: `Rate limit is exceeded: endpoint '${endpoint.name}' takes ${calls} calls in ${renewalPeriod} seconds.`,
        headers: { 'Retry-After': String(Math.ceil(waitMs / 1000)) },
      };
    },
    cancel({ found: { endpoint } }) {
      if (endpoint.rateLimit) limits.windowOf(endpoint.id, endpoint.rateLimit).untake();
    },
  };
}
