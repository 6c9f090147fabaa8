/**
 * Per-endpoint admission, the classic semantics: an endpoint admits at most maxConcurrentCalls at once; a call
 * beyond that is refused at once (503 RequestThrottled), never queued.
 */
export class Admission {
  private readonly inFlight = new Map<string, number>();

  /** Takes a place, or answers false when the endpoint is full. */
  tryEnter(endpointId: string, limit: number): boolean {
    const current = this.inFlight.get(endpointId) ?? 0;
    if (current >= limit) return false;
    this.inFlight.set(endpointId, current + 1);
    return true;
  }

  leave(endpointId: string): void {
    const current = this.inFlight.get(endpointId) ?? 0;
    if (current <= 1) this.inFlight.delete(endpointId);
    else this.inFlight.set(endpointId, current - 1);
  }
}
