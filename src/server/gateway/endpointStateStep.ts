import type { GatewayStep } from './gatewayPipeline';

/** A Suspended endpoint refuses every data-plane call (403 EndpointSuspended); its keys and settings are kept. */
export const endpointStateStep: GatewayStep = {
  enter({ found: { endpoint } }) {
    if (endpoint.state !== 'Suspended') return undefined;
    return { status: 403, code: 'EndpointSuspended', message: `Endpoint '${endpoint.name}' is suspended; its owner can resume it.` };
  },
};
