import * as assert from 'node:assert/strict';
import { RateLimits, rateLimitStep } from '../../src/server/gateway/rateLimit';

/** What the field should say, counted the slow way from the times let in. */
function expected(times: number[], calls: number, windowMs: number, now: number): string {
  const inside = times.slice(-calls).filter((time) => time > now - windowMs);
  const t = inside.length === 0 ? 0 : Math.ceil((Math.min(...inside) - (now - windowMs)) / 1000);
  return `"rate";r=${calls - inside.length};t=${t}`;
}

describe('rate limit window', () => {
  it('says how many calls may still pass and when the oldest leaves, as a count of the calls let in would', () => {
    const policy = { calls: 5, renewalPeriod: 2 };
    for (let seed = 1; seed <= 50; seed++) {
      const limits = new RateLimits();
      const window = limits.windowOf(`e${seed}`, policy);
      const times: number[] = [];
      let now = 1_000_000;
      for (let step = 0; step < 40; step++) {
        now += ((seed * 7919 + step * 104_729) % 900) + 1; // irregular gaps, some inside the window, some not
        if (window.waitMs(now) <= 0) {
          window.take(now);
          times.push(now);
        }
        assert.equal(limits.field(`e${seed}`, policy, now), expected(times, policy.calls, 2000, now), `seed ${seed} step ${step}`);
      }
    }
  });

  it('lets exactly `calls` through in a window, and a cancelled call gives its place back', () => {
    const limits = new RateLimits();
    const step = rateLimitStep(limits);
    const endpoint = { id: 'e', name: 'default', rateLimit: { calls: 3, renewalPeriod: 60 } };
    const call = { found: { endpoint }, headers: {} } as unknown as Parameters<typeof step.enter>[0];
    assert.deepEqual([1, 2, 3].map(() => step.enter(call)), [undefined, undefined, undefined]);
    const refused = step.enter(call);
    assert.equal(refused?.status, 429);
    assert.equal(refused?.code, 'RateLimitExceeded');
    assert.ok(Number(refused?.headers?.['Retry-After']) >= 59);
    step.cancel!(call);
    assert.equal(step.enter(call), undefined, 'the place given back is taken again');
  });
});
