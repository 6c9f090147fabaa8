import * as os from 'node:os';
import type { AutoScaler, ErrorDetail } from '../../api/schemas';
import { parseCpu, parseMemory } from '../../api/quantities';
import { autoscalerWithDefaults } from '../../api/rules';

/** What the machine running the replicas has to give. */
export interface MachineCapacity {
  memoryBytes: number;
  cores: number;
}

export function thisMachine(): MachineCapacity {
  return { memoryBytes: os.totalmem(), cores: os.availableParallelism() };
}

interface Reservation {
  numReplicas?: number;
  autoScaler?: AutoScaler;
  containerResourceReservation?: { memory?: string; cpu?: string };
}

const GIB = 2 ** 30;
const gib = (bytes: number) => `${(bytes / GIB).toFixed(bytes < 10 * GIB ? 1 : 0)} GiB`;

/**
 * Why a service's reservation cannot be met on this machine: one replica asking more memory or cores than the
 * machine has, or all the replicas it may run (the fixed count, or the autoscaler's maximum) asking more memory
 * than the machine has in all. Replicas share cores, so only one replica's cpu is compared with the machine.
 */
export function capacityProblems(settings: Reservation, machine: MachineCapacity, context = 'body'): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const reservation = settings.containerResourceReservation;
  const replicas = settings.autoScaler?.autoscaleEnabled ? autoscalerWithDefaults(settings.autoScaler).maxReplicas : settings.numReplicas ?? 1;
  const memory = reservation?.memory === undefined ? undefined : parseMemory(reservation.memory);
  if (memory && 'bytes' in memory) {
    const where = `${context}/containerResourceReservation/memory`;
    if (memory.bytes > machine.memoryBytes) {
      problems.push({ code: 'ReservationCannotBeMet', message: `${where} asks ${reservation!.memory} per replica; this machine has ${gib(machine.memoryBytes)} in all.` });
    } else if (memory.bytes * replicas > machine.memoryBytes) {
      problems.push({
        code: 'ReservationCannotBeMet',
        message: `${where} asks ${reservation!.memory} for each of up to ${replicas} replicas (${gib(memory.bytes * replicas)}); this machine has ${gib(machine.memoryBytes)} in all.`,
      });
    }
  }
  const cpu = reservation?.cpu === undefined ? undefined : parseCpu(reservation.cpu);
  if (cpu && 'cores' in cpu && cpu.cores > machine.cores) {
    problems.push({ code: 'ReservationCannotBeMet', message: `${context}/containerResourceReservation/cpu asks ${reservation!.cpu} cores per replica; this machine has ${machine.cores}.` });
  }
  return problems;
}
