import type { IncomingHttpHeaders } from 'node:http';
import type { ScoringEndpoint } from './endpointDirectory';
import type { Refusal } from './refusal';

/** A data-plane call at the gateway: the endpoint it addresses (found in memory) and the headers it came with. */
export interface GatewayCall {
  readonly found: ScoringEndpoint;
  readonly headers: IncomingHttpHeaders;
  /** The `subscription-key` query parameter, when the address had one (a header key comes first). */
  readonly queryKey?: string | undefined;
}

/**
 * One policy a data-plane call passes before it reaches a replica: the endpoint key and the endpoint's concurrency
 * today; suspension, rate limits, quotas and usage (issue 12) are steps of the same kind. A step refuses the call, or
 * lets it in and may take something (a place) that it gives back in `leave` once the call has ended, however it
 * ended (answered, refused later, or the caller gone).
 */
export interface GatewayStep {
  enter(call: GatewayCall): Refusal | undefined;
  leave?(call: GatewayCall, status: number): void;
  /** Undoes `enter` for a call a later step refused: the call never happened (a rate slot, a quota count). */
  cancel?(call: GatewayCall): void;
}

/**
 * The steps every data-plane call passes, in order: scoring and RRS on the plain node:http data plane and the BES
 * routes on fastify share one pipeline, so a policy added here applies to all of them. Synchronous on purpose: the
 * usual call is let in without a promise.
 */
export class GatewayPipeline {
  constructor(private readonly steps: readonly GatewayStep[]) {}

  /** Lets the call in (undefined), or refuses it; a refused call has left every step it had passed. */
  enter(call: GatewayCall): Refusal | undefined {
    const { steps } = this;
    for (let i = 0; i < steps.length; i++) {
      const refused = steps[i]!.enter(call);
      if (refused) {
        for (let j = i - 1; j >= 0; j--) {
          const step = steps[j]!;
          if (step.cancel) step.cancel(call);
          else step.leave?.(call, refused.status);
        }
        return refused;
      }
    }
    return undefined;
  }

  /** Called once per call let in, when it has ended: each step gives back what it took, last step first. */
  leave(call: GatewayCall, status: number): void {
    const { steps } = this;
    for (let j = steps.length - 1; j >= 0; j--) steps[j]!.leave?.(call, status);
  }
}
