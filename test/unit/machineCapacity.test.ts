import * as assert from 'node:assert/strict';
import { capacityProblems } from '../../src/server/services/machineCapacity';

describe('reservations against the machine', () => {
  const machine = { memoryBytes: 8 * 2 ** 30, cores: 2 };

  it('accepts what fits, and services with no reservation', () => {
    assert.deepEqual(capacityProblems({}, machine), []);
    assert.deepEqual(capacityProblems({ numReplicas: 4, containerResourceReservation: { memory: '2Gi', cpu: '2' } }, machine), []);
    assert.deepEqual(capacityProblems({ numReplicas: 0, containerResourceReservation: { memory: '8Gi' } }, machine), []);
  });

  it('refuses one replica asking more than the machine has, naming the field and what there is', () => {
    const [memory] = capacityProblems({ containerResourceReservation: { memory: '999Ti' } }, machine);
    assert.equal(memory?.code, 'ReservationCannotBeMet');
    assert.equal(memory?.message, 'body/containerResourceReservation/memory asks 999Ti per replica; this machine has 8.0 GiB in all.');
    const [cpu] = capacityProblems({ containerResourceReservation: { cpu: '3' } }, machine);
    assert.match(cpu!.message, /cpu asks 3 cores per replica; this machine has 2/);
  });

  it('refuses replicas that together ask more memory than the machine has, counting the autoscaler at its maximum', () => {
    assert.match(capacityProblems({ numReplicas: 5, containerResourceReservation: { memory: '2Gi' } }, machine)[0]!.message, /each of up to 5 replicas \(10 GiB\)/);
    const scaled = { autoScaler: { autoscaleEnabled: true, minReplicas: 1, maxReplicas: 8 }, containerResourceReservation: { memory: '1536Mi' } };
    assert.match(capacityProblems(scaled, machine)[0]!.message, /up to 8 replicas/);
    assert.deepEqual(capacityProblems({ ...scaled, autoScaler: { ...scaled.autoScaler, maxReplicas: 4 } }, machine), []);
  });
});
