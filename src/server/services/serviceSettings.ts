import type { ErrorDetail, ServiceCreateRequest, ServiceResponse, ServiceUpdateRequest } from '../../api/schemas';
import { badRequest } from '../errors';
import { capacityProblems, thisMachine } from './machineCapacity';
import { parseCpu, parseMemory } from '../../api/quantities';
import { PER_REPLICA_CONCURRENCY, REPLICAS, SCORING_TIMEOUT_MS } from '../../api/rules';

type Settings = Pick<
  ServiceResponse,
  | 'description'
  | 'numReplicas'
  | 'autoScaler'
  | 'containerResourceReservation'
  | 'maxConcurrentRequestsPerContainer'
  | 'scoringTimeoutMs'
  | 'appInsightsEnabled'
  | 'dataCollection'
>;

/** Refuses settings the runtime cannot honour, naming every problem. */
export function checkSettings(settings: Partial<Settings>, context: 'body'): void {
  const problems: ErrorDetail[] = [];
  const scaler = settings.autoScaler;
  if (scaler?.autoscaleEnabled && settings.numReplicas !== undefined) {
    problems.push({ code: 'ConflictingScale', message: `${context}/numReplicas cannot be set together with an enabled ${context}/autoScaler.` });
  }
  if (scaler?.autoscaleEnabled && scaler.minReplicas !== undefined && scaler.maxReplicas !== undefined && scaler.minReplicas > scaler.maxReplicas) {
    problems.push({ code: 'InvalidAutoScaler', message: `${context}/autoScaler/minReplicas (${scaler.minReplicas}) is more than maxReplicas (${scaler.maxReplicas}).` });
  }
  const memory = settings.containerResourceReservation?.memory;
  if (memory !== undefined) {
    const parsed = parseMemory(memory);
    if ('problem' in parsed) problems.push({ code: 'InvalidQuantity', message: `${context}/containerResourceReservation/memory ${parsed.problem}.` });
  }
  const cpu = settings.containerResourceReservation?.cpu;
  if (cpu !== undefined) {
    const parsed = parseCpu(cpu);
    if ('problem' in parsed) problems.push({ code: 'InvalidQuantity', message: `${context}/containerResourceReservation/cpu ${parsed.problem}.` });
  }
  if (problems.length > 0) {
    throw badRequest(problems.length === 1 ? problems[0]!.code : 'InvalidServiceSettings', problems.map((p) => p.message).join(' '), problems);
  }
}

/** The settings a create request gives a new service, with defaults. */
export function settingsFromCreate(body: ServiceCreateRequest): Settings {
  checkSettings(body, 'body');
  return withinMachine({
    description: body.description,
    numReplicas: body.autoScaler?.autoscaleEnabled ? undefined : body.numReplicas ?? REPLICAS.default,
    autoScaler: body.autoScaler,
    containerResourceReservation: body.containerResourceReservation,
    maxConcurrentRequestsPerContainer: body.maxConcurrentRequestsPerContainer ?? PER_REPLICA_CONCURRENCY.default,
    scoringTimeoutMs: body.scoringTimeoutMs ?? SCORING_TIMEOUT_MS.default,
    appInsightsEnabled: body.appInsightsEnabled ?? false,
    dataCollection: body.dataCollection,
  });
}

/**
 * An update merged over the stored settings. Setting numReplicas switches the autoscaler off; enabling the
 * autoscaler drops numReplicas; setting both in one request is refused.
 */
export function mergeUpdate(service: ServiceResponse, body: ServiceUpdateRequest): Settings {
  checkSettings(body, 'body');
  const merged: Settings = {
    description: body.description ?? service.description,
    numReplicas: body.numReplicas ?? service.numReplicas,
    autoScaler: body.autoScaler ?? service.autoScaler,
    containerResourceReservation: body.containerResourceReservation ?? service.containerResourceReservation,
    maxConcurrentRequestsPerContainer: body.maxConcurrentRequestsPerContainer ?? service.maxConcurrentRequestsPerContainer,
    scoringTimeoutMs: body.scoringTimeoutMs ?? service.scoringTimeoutMs,
    appInsightsEnabled: body.appInsightsEnabled ?? service.appInsightsEnabled,
    dataCollection: body.dataCollection ?? service.dataCollection,
  };
  if (body.numReplicas !== undefined) merged.autoScaler = body.autoScaler?.autoscaleEnabled ? body.autoScaler : undefined;
  if (body.autoScaler?.autoscaleEnabled) merged.numReplicas = undefined;
  if (merged.autoScaler && !merged.autoScaler.autoscaleEnabled && merged.numReplicas === undefined) merged.numReplicas = REPLICAS.default;
  return withinMachine(merged);
}

/** The settings as they are when this machine can give what they reserve; else a 400 saying what it has. */
function withinMachine(settings: Settings): Settings {
  const problems = capacityProblems(settings, thisMachine());
  if (problems.length > 0) throw badRequest('ReservationCannotBeMet', problems.map((p) => p.message).join(' '), problems);
  return settings;
}
