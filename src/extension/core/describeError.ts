import { ModelbayApiError, ModelbayConnectionError, ModelbayOperationError } from '../../api/client/errors';
import { authorizationMessage } from './authorizationMessage';

/** What a user reads when something fails: the service's message and code, or the connection problem. */
export function describeError(error: unknown): string {
  if (error instanceof ModelbayApiError) return authorizationMessage(error) ?? `${error.message} (${error.code}, HTTP ${error.statusCode})`;
  if (error instanceof ModelbayOperationError) return error.error ? `${error.error.message} (${error.error.code})` : error.message;
  if (error instanceof ModelbayConnectionError) return `Cannot reach the service: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
