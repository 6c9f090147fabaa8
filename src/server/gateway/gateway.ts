import { AccessSummary, type SummaryLog } from './accessSummary';
import { Admission, admissionStep } from './admission';
import type { EndpointDirectory } from './endpointDirectory';
import { endpointKeyStep } from './endpointKey';
import { GatewayPipeline } from './gatewayPipeline';

/** The data plane's in-memory state, shared by scoring, RRS and BES: no per-call store read, no per-call log line. */
export interface Gateway {
  admission: Admission;
  endpoints: EndpointDirectory;
  access: AccessSummary;
  /** The steps every data-plane call passes (key, then the endpoint's concurrency). */
  pipeline: GatewayPipeline;
}

export function createGateway(endpoints: EndpointDirectory, log: SummaryLog): Gateway {
  const admission = new Admission();
  return {
    admission,
    endpoints,
    access: new AccessSummary(log),
    pipeline: new GatewayPipeline([endpointKeyStep, admissionStep(admission)]),
  };
}
