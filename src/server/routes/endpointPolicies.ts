import { checkQuotaPeriod, QUOTA } from '../../api/rules';
import type { QuotaPolicy } from '../../api/schemas';
import { ApiError } from '../errors';

/** The shortest fixed window a quota may renew over (shorter ones are what a rate limit is for). */
export const MIN_QUOTA_PERIOD_S = QUOTA.minRenewalPeriod;

/** The quota rules a schema cannot say: a renewal period of 0 (for life) or 300 s and more, and something to count. */
export function checkQuota(quota: QuotaPolicy | null | undefined): void {
  if (!quota) return;
  if (checkQuotaPeriod(quota.renewalPeriod) !== undefined) {
    throw new ApiError(400, 'BadArgument', `body/quota/renewalPeriod must be 0 (a quota for the endpoint's whole life) or at least ${MIN_QUOTA_PERIOD_S} seconds; it is ${quota.renewalPeriod}.`);
  }
  if (quota.calls === undefined && quota.kilobytes === undefined) {
    throw new ApiError(400, 'BadArgument', 'body/quota must set calls, kilobytes or both.');
  }
}
