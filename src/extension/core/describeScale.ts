import { autoscalerWithDefaults, REPLICAS } from '../../api/rules';
import type { ServiceResponse } from '../../api/schemas';

/** "autoscale 1-10" or "2 wanted": the replicas a service asks for, with the service's defaults for what it left out. */
export function describeScale(service: Pick<ServiceResponse, 'numReplicas' | 'autoScaler'>): string {
  if (service.autoScaler?.autoscaleEnabled) {
    const { minReplicas, maxReplicas } = autoscalerWithDefaults(service.autoScaler);
    return `autoscale ${minReplicas}-${maxReplicas}`;
  }
  return `${service.numReplicas ?? REPLICAS.default} wanted`;
}
