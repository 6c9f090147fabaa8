/**
 * The field a service refusal is about: its 400 names it as a path in the body ("body/quota/renewalPeriod must be
 * ..."; the schema check writes "body/rateLimit/calls must be <= 100000"). Answers "quota/renewalPeriod", or
 * undefined when the message names no field.
 */
export function fieldOfRefusal(message: string): string | undefined {
  const match = /\bbody\/((?:rateLimit|quota)\/(?:calls|kilobytes|renewalPeriod))\b/.exec(message);
  return match?.[1];
}
