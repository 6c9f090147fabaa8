import type { ServiceResponse } from '../../api/schemas';
import { describeScale } from './describeScale';

/** How a service is doing, in one set of words for the tree, the panels and the notifications alike. */
export interface ServiceStatus {
  /** One word: running, stopped, deploying, failed, cancelled. */
  word: 'running' | 'stopped' | 'deploying' | 'failed' | 'cancelled';
  /** The word with what it rests on: "running · 2 replicas", "stopped · scaled to 0 replicas", "failed · CrashLoop". */
  summary: string;
  /** How to colour it: ok (green), busy (spinner), idle (grey), error (red). */
  tone: 'ok' | 'busy' | 'idle' | 'error';
  /** Whether calls can be scored now: only then are the scoring URL, Test and request sending offered. */
  scores: boolean;
}

const replicas = (n: number) => `${n} replica${n === 1 ? '' : 's'}`;

/**
 * A Succeeded service with no replica wanted (numReplicas 0) is stopped, not running: it answers 503 until scaled
 * up. A Failed one shows its error's code; one being created or updated is deploying.
 */
export function serviceStatus(service: Pick<ServiceResponse, 'state' | 'numReplicas' | 'autoScaler' | 'readyReplicas' | 'error'>): ServiceStatus {
  switch (service.state) {
    case 'NotStarted':
    case 'Running':
      return { word: 'deploying', summary: `deploying · ${describeScale(service)}`, tone: 'busy', scores: false };
    case 'Failed':
      return { word: 'failed', summary: `failed${service.error ? ` · ${service.error.code}` : ''}`, tone: 'error', scores: false };
    case 'Cancelled':
      return { word: 'cancelled', summary: 'cancelled', tone: 'idle', scores: false };
    case 'Succeeded': {
      if (!service.autoScaler?.autoscaleEnabled && service.numReplicas === 0) {
        return { word: 'stopped', summary: 'stopped · scaled to 0 replicas', tone: 'idle', scores: false };
      }
      return { word: 'running', summary: `running · ${replicas(service.readyReplicas ?? 0)}`, tone: 'ok', scores: true };
    }
  }
}
