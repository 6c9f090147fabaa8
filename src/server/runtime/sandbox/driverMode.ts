/**
 * How the service runs Python and Node drivers (code from account users): `confined` runs each replica's host in
 * a bubblewrap sandbox that sees only its own image, read-only; `unconfined` runs it with the service's own rights,
 * for a service one person owns (the Local account). ONNX models are data and run the same way in both.
 */
export type DriverMode = 'confined' | 'unconfined';

export const DRIVER_MODES: readonly DriverMode[] = ['confined', 'unconfined'];

/** A service a person starts by hand, or a team's, confines drivers unless told otherwise. */
export const DEFAULT_DRIVER_MODE: DriverMode = 'confined';

export function isDriverMode(value: unknown): value is DriverMode {
  return typeof value === 'string' && (DRIVER_MODES as readonly string[]).includes(value);
}
