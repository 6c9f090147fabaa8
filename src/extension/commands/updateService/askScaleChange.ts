import * as vscode from 'vscode';
import { AUTOSCALER, autoscalerWithDefaults, checkWholeNumber, REPLICAS } from '../../../api/rules';
import type { ServiceResponse, ServiceUpdateRequest } from '../../../api/schemas';
import { required } from '../../core/registerCommand';

export type ScaleChange = Pick<ServiceUpdateRequest, 'numReplicas' | 'autoScaler'>;

const replicas = (n: number) => `${n} replica${n === 1 ? '' : 's'}`;

/** A number typed in an input box that starts at `current`, checked with the API's limits as it is typed. */
async function askNumber(title: string, prompt: string, current: number, check: (text: string) => string | undefined): Promise<number> {
  const text = required(await vscode.window.showInputBox({ title, prompt, value: String(current), ignoreFocusOut: true, validateInput: (t) => check(t.trim()) }));
  return Number(text.trim());
}

/**
 * Replicas of a service: a fixed count or the autoscaler, each asked with the service's current value filled in, and
 * any value the API takes accepted (0 replicas stops the service; the autoscaler's range within the replica limit).
 */
export async function askScaleChange(service: ServiceResponse): Promise<ScaleChange> {
  const title = `Update ${service.name}: replicas`;
  const autoscaled = service.autoScaler?.autoscaleEnabled === true;
  const scaler = autoscalerWithDefaults(service.autoScaler ?? {});
  const fixedNow = service.numReplicas ?? REPLICAS.default;
  const items = [
    { label: 'A fixed number of replicas', description: autoscaled ? undefined : `now ${replicas(fixedNow)}`, autoscale: false },
    { label: 'Autoscale', description: autoscaled ? `now ${scaler.minReplicas} to ${scaler.maxReplicas} at ${scaler.targetUtilization}%` : 'now off', autoscale: true },
  ];
  // The way it scales now comes first, so Enter keeps it and asks for its numbers.
  const ordered = autoscaled ? [items[1]!, items[0]!] : items;
  const picked = required(await vscode.window.showQuickPick(ordered, { title, ignoreFocusOut: true, placeHolder: autoscaled ? 'Autoscaled now' : `${replicas(fixedNow)} now` }));
  if (!picked.autoscale) {
    const prompt = `${REPLICAS.min} to ${REPLICAS.max}; 0 stops the service (it answers 503 until scaled up)`;
    return { numReplicas: await askNumber(title, prompt, fixedNow, (t) => checkWholeNumber(t, REPLICAS, 'Replicas')) };
  }
  const { minReplicas, maxReplicas, targetUtilization } = AUTOSCALER;
  const min = await askNumber(title, `Fewest replicas (${minReplicas.min} to ${minReplicas.max})`, autoscaled ? scaler.minReplicas : minReplicas.default, (t) => checkWholeNumber(t, minReplicas, 'The fewest replicas'));
  const max = await askNumber(title, `Most replicas (${Math.max(min, maxReplicas.min)} to ${maxReplicas.max})`, Math.max(min, autoscaled ? scaler.maxReplicas : maxReplicas.default), (t) =>
    checkWholeNumber(t, { min: Math.max(min, maxReplicas.min), max: maxReplicas.max }, 'The most replicas'),
  );
  const target = await askNumber(title, `Target utilization in % (${targetUtilization.min} to ${targetUtilization.max}): calls in flight over capacity`, scaler.targetUtilization, (t) =>
    checkWholeNumber(t, targetUtilization, 'Target utilization'),
  );
  return { autoScaler: { autoscaleEnabled: true, minReplicas: min, maxReplicas: max, targetUtilization: target, refreshPeriodInSeconds: scaler.refreshPeriodInSeconds } };
}
