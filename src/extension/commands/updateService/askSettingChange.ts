import * as vscode from 'vscode';
import { parseCpu, parseMemory } from '../../../api/quantities';
import { checkWholeNumber, PER_REPLICA_CONCURRENCY, SCORING_TIMEOUT_MS } from '../../../api/rules';
import type { ServiceResponse, ServiceUpdateRequest } from '../../../api/schemas';
import { required } from '../../core/registerCommand';

async function askText(title: string, prompt: string, value: string, check: (text: string) => string | undefined): Promise<string> {
  return required(await vscode.window.showInputBox({ title, prompt, value, ignoreFocusOut: true, validateInput: (t) => check(t.trim()) })).trim();
}

const problemOf = (parsed: object) => ('problem' in parsed && typeof parsed.problem === 'string' ? `${parsed.problem.charAt(0).toUpperCase()}${parsed.problem.slice(1)}.` : undefined);

/** Calls one replica works on at once, starting from the current value. */
export async function askConcurrencyChange(service: ServiceResponse): Promise<ServiceUpdateRequest> {
  const { min, max } = PER_REPLICA_CONCURRENCY;
  const text = await askText(`Update ${service.name}: calls per replica`, `Calls one replica works on at once (${min} to ${max})`, String(service.maxConcurrentRequestsPerContainer), (t) =>
    checkWholeNumber(t, PER_REPLICA_CONCURRENCY, 'Calls per replica'),
  );
  return { maxConcurrentRequestsPerContainer: Number(text) };
}

/** Memory and cpu reserved per replica, each starting from the current value; empty keeps none reserved. */
export async function askReservationChange(service: ServiceResponse): Promise<ServiceUpdateRequest> {
  const title = `Update ${service.name}: memory and cpu per replica`;
  const now = service.containerResourceReservation ?? {};
  const memory = await askText(title, 'Memory per replica (e.g. 256Mi, 1Gi); empty for none reserved', now.memory ?? '', (t) => (t ? problemOf(parseMemory(t)) : undefined));
  const cpu = await askText(title, 'CPU per replica (e.g. 0.5, 500m, 2); empty for none reserved', now.cpu ?? '', (t) => (t ? problemOf(parseCpu(t)) : undefined));
  return { containerResourceReservation: { ...(memory ? { memory } : {}), ...(cpu ? { cpu } : {}) } };
}

/** How long one call may take before it gets 504, in milliseconds, starting from the current value. */
export async function askTimeoutChange(service: ServiceResponse): Promise<ServiceUpdateRequest> {
  const { min, max } = SCORING_TIMEOUT_MS;
  const text = await askText(`Update ${service.name}: scoring timeout`, `Milliseconds one call may take before it gets 504 (${min} to ${max})`, String(service.scoringTimeoutMs), (t) =>
    checkWholeNumber(t, SCORING_TIMEOUT_MS, 'The scoring timeout'),
  );
  return { scoringTimeoutMs: Number(text) };
}
