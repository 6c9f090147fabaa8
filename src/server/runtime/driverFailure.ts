import type { Scored } from './scoreRequest';

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Errors a driver raises about its input are the caller's (400); anything else is the driver's own (500). */
export function driverFailure(error: unknown): Scored & { ok: false } {
  const status = (error as { statusCode?: unknown })?.statusCode;
  const callersFault =
    error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError || (typeof status === 'number' && status >= 400 && status < 500);
  return { ok: false, status: callersFault ? 400 : 500, code: 'ModuleExecutionError', message: describeError(error) };
}
