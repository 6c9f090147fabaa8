import type { AccountClient } from '../../api/client';
import type { UsageReport } from '../../api/schemas/usage';
import { INTERVAL_MS, USAGE_RANGES, type UsageSelection } from '../../../webviews/protocol/usageProtocol';

/**
 * The usage report the dashboard shows for a selection: the range ends now, and starts at the beginning of an
 * interval so that its first bucket is whole (the last hour in minutes starts on a minute).
 */
export function usageQuery(selection: UsageSelection, now: number): { from: string; to: string; interval: UsageReport['interval'] } {
  const range = USAGE_RANGES[selection.range];
  const size = INTERVAL_MS[range.interval];
  const from = Math.floor((now - range.ms) / size) * size + size;
  return { from: new Date(from).toISOString(), to: new Date(now).toISOString(), interval: range.interval };
}

export function readUsage(client: AccountClient, serviceId: string, selection: UsageSelection, now = Date.now()): Promise<UsageReport> {
  const query = usageQuery(selection, now);
  return selection.endpoint === null ? client.services.usage(serviceId, query) : client.services.endpointUsage(serviceId, selection.endpoint, query);
}
