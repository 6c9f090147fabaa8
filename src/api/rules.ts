/**
 * The naming rules the service enforces, as plain checks a form can run as the user types (the service remains
 * the judge: it checks them again).
 */
export const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
export const ENDPOINT_NAME = /^[a-z0-9]{1,24}$/;

export function checkResourceName(name: string): string | undefined {
  if (name.length === 0) return 'A name is required.';
  if (!RESOURCE_NAME.test(name)) return 'Letters, digits, ".", "_" and "-", starting with a letter or digit (255 at most).';
  return undefined;
}

export function checkEndpointName(name: string, taken: string[] = []): string | undefined {
  if (!ENDPOINT_NAME.test(name)) return '1 to 24 lowercase letters or digits.';
  if (taken.includes(name)) return `The service already has an endpoint named ${name}.`;
  return undefined;
}

export function checkWholeNumber(text: string, min: number, max: number, what: string): string | undefined {
  if (!/^\d+$/.test(text.trim())) return `${what} must be a whole number.`;
  const value = Number(text);
  if (value < min || value > max) return `${what} must be from ${min} to ${max}.`;
  return undefined;
}
