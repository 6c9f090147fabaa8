import type { GatewayStep } from './gatewayPipeline';
import { RETRY_SOON } from './refusal';

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
  return {
    enter({ found: { endpoint } }) {
      if (admission.tryEnter(endpoint.id, endpoint.maxConcurrentCalls)) return undefined;
      const message = `Request was throttled for ${endpoint.name} endpoint. The maximum concurrency for the endpoint is ${endpoint.maxConcurrentCalls}`;
      return { status: 503, code: 'RequestThrottled', message, headers: RETRY_SOON };
    },
    leave({ found: { endpoint } }) {
      admission.leave(endpoint.id);
    },
  };
}
