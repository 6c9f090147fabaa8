import { PrincipalId } from './schemas/roleAssignment';

const pattern = new RegExp(PrincipalId.pattern ?? '^.+$');
const maxLength = PrincipalId.maxLength ?? 128;

/**
 * Why a principal id would be refused, checked with the contract's own rule (so the form agrees with the service);
 * undefined when it is fine. A user's id is the `oid` (or `sub`) of their token, a group's the id in `groups`.
 */
export function principalIdProblem(text: string): string | undefined {
  if (text.length === 0) return 'Enter the principal id: a user\'s object id (oid) or a group id.';
  if (text.length > maxLength) return `A principal id has at most ${maxLength} characters (this one has ${text.length}).`;
  if (/\s/.test(text)) return 'A principal id has no spaces.';
  if (!pattern.test(text)) return 'A principal id uses letters, digits and . _ @ : - only.';
  return undefined;
}
