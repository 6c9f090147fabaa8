import type { Endpoint } from '../../api/schemas';
import type { GatewayStep } from './gatewayPipeline';
import { preparedRefusal, RETRY_SOON, type Refusal } from './refusal';

/**
 * Per-endpoint admission, the classic semantics: an endpoint admits at most maxConcurrentCalls at once; a call
 * beyond that is refused at once (503 RequestThrottled), never queued.
 */
export class Admission {
  private readonly calls = new Map<string, number>();

  /** Takes a place, or answers false when the endpoint is full. */
  tryEnter(endpointId: string, limit: number): boolean {
    const current = this.calls.get(endpointId) ?? 0;
    if (current >= limit) return false;
    this.calls.set(endpointId, current + 1);
    return true;
  }

  /** Calls of the endpoint in flight now. */
  inFlight(endpointId: string): number {
    return this.calls.get(endpointId) ?? 0;
  }

  leave(endpointId: string): void {
    const current = this.calls.get(endpointId) ?? 0;
    if (current <= 1) this.calls.delete(endpointId);
    else this.calls.set(endpointId, current - 1);
  }
}

/** Admission as a gateway step: a place on the endpoint, given back when the call ends; 503 RequestThrottled when full. */
export function admissionStep(admission: Admission): GatewayStep {
  // One refusal per endpoint as the directory holds it (a changed endpoint is a new object, so a new refusal): an
  // endpoint at its limit refuses thousands of calls a second, each with the same answer.
  const refusals = new WeakMap<Endpoint, Refusal>();
  const throttled = (endpoint: Endpoint): Refusal => {
    let refusal = refusals.get(endpoint);
    if (!refusal) {
      const message = `Request was throttled for ${endpoint.name} endpoint. The maximum concurrency for the endpoint is ${endpoint.maxConcurrentCalls}`;
      refusal = preparedRefusal({ status: 503, code: 'RequestThrottled', message, headers: RETRY_SOON });
      refusals.set(endpoint, refusal);
    }
    return refusal;
  };
  return {
    enter({ found: { endpoint } }) {
      if (admission.tryEnter(endpoint.id, endpoint.maxConcurrentCalls)) return undefined;
      return throttled(endpoint);
    },
    leave({ found: { endpoint } }) {
      admission.leave(endpoint.id);
    },
  };
}
