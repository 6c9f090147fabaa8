import type { ModelbayApiError } from '../../api/client/errors';
import { AUTHORIZATION_DETAIL } from '../../api/schemas/roleAssignment';

/** "local/local/default" from an account path (`/api/subscriptions/local/resourceGroups/local/accounts/default`). */
export function accountWords(path: string): string {
  const match = /subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/accounts\/([^/?#]+)/i.exec(path);
  if (!match) return path;
  return match.slice(1, 4).map((segment) => safeDecode(segment)).join('/');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A 403 AuthorizationFailed said as a person would: "You need Contributor on local/local/default to delete a model."
 * Built from the details the service sends (the role, the action, the account); undefined when it is not such a
 * refusal, or the details are missing (then the service's own message is shown).
 */
export function authorizationMessage(error: ModelbayApiError): string | undefined {
  if (error.statusCode !== 403 || error.code !== 'AuthorizationFailed') return undefined;
  const detail = (code: string) => error.details.find((d) => d.code === code)?.message.trim() || undefined;
  const role = detail(AUTHORIZATION_DETAIL.requiredRole);
  if (!role) return undefined;
  const account = detail(AUTHORIZATION_DETAIL.account);
  const action = detail(AUTHORIZATION_DETAIL.action)?.replace(/[.\s]+$/, '');
  return `You need ${role}${account ? ` on ${accountWords(account)}` : ''}${action ? ` to ${action}` : ' for this'}.`;
}
