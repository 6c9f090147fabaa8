import type { JobRef } from '../tree/jobNodes';
import type { JobDocumentTarget } from './jobDocuments';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (value: Record<string, unknown>, keys: string[]) => keys.every((k) => typeof value[k] === 'string');

/** A job row's reference, as far as it can be checked (menus, notifications and other extensions pass it). */
export function jobRefOf(arg: unknown): JobRef | undefined {
  if (!isRecord(arg) || arg.kind !== 'job') return undefined;
  const { account, endpoint, job } = arg;
  if (!isRecord(account) || !strings(account, ['id', 'label'])) return undefined;
  if (!isRecord(endpoint) || !strings(endpoint, ['id', 'name', 'serviceId', 'serviceName', 'scoringUri'])) return undefined;
  if (!isRecord(job) || !strings(job, ['Id', 'StatusCode'])) return undefined;
  return arg as unknown as JobRef;
}

/**
 * The job a command acts on: a tree row, or a remembered job (a notification's, a test's: accountId, serviceId,
 * endpointName, jobId, label).
 */
export function jobTargetOf(arg: unknown, labelOf: (jobId: string) => string | undefined): JobDocumentTarget | undefined {
  const ref = jobRefOf(arg);
  if (ref) return { accountId: ref.account.id, serviceId: ref.endpoint.serviceId, endpointName: ref.endpoint.name, jobId: ref.job.Id, label: labelOf(ref.job.Id) ?? `job ${ref.job.Id.slice(0, 8)}` };
  if (isRecord(arg) && strings(arg, ['accountId', 'serviceId', 'endpointName', 'jobId'])) {
    const jobId = arg.jobId as string;
    return { accountId: arg.accountId as string, serviceId: arg.serviceId as string, endpointName: arg.endpointName as string, jobId, label: typeof arg.label === 'string' ? arg.label : labelOf(jobId) ?? `job ${jobId.slice(0, 8)}` };
  }
  return undefined;
}
