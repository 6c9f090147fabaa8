/**
 * Why a data-plane call (RRS, raw scoring, BES) is not let in, or failed: an answer to send. A plain object: no
 * exception, no stack trace, because refusals are frequent under load.
 */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/**
 * The body of a data-plane error, in the classic services' shape `{"error": {code, message, details}}`: classic
 * clients read `error.code` and fail on anything else. (The management API keeps its ErrorResponse.) Messages from a
 * replica can name files, so every message leaves through hidePaths.
 */
export function classicErrorBody(refusal: Refusal, hidePaths: (text: string) => string): string {
  const message = hidePaths(refusal.message);
  return JSON.stringify({ error: { code: refusal.code, message, details: [{ code: refusal.code, message }] } });
}
