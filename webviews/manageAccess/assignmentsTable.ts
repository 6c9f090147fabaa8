import type { AccessAssignment } from '../protocol/accessProtocol';
import { h } from '../shared/dom';

/** What a role allows, in a line, for the table's tooltip and the form's hint. */
export const ROLE_MEANINGS: Record<AccessAssignment['role'], string> = {
  Reader: 'sees everything in the account but endpoint keys',
  Contributor: 'also creates, changes and deletes models, images and services, and reads and regenerates keys',
  Owner: 'also decides who has which role',
};

/**
 * The assignments as a plain table (principal, type, role, a Remove button each), or a line saying there are none.
 * Each row carries its principal in `data-principal` so the row of one principal can be found.
 */
export function assignmentsTable(assignments: AccessAssignment[], remove: (assignment: AccessAssignment, button: HTMLElement) => void): HTMLElement {
  if (assignments.length === 0) return h('p', { class: 'status', id: 'assignments' }, 'No role assignments: only the service\'s admin token can use this account.');
  const header = h('tr', {}, ...['Principal', 'Type', 'Role', ''].map((text) => h('th', {}, text)));
  const rows = assignments.map((a) => {
    const button = h('vscode-button', { secondary: true, 'data-remove': a.name, title: `Remove ${a.role} from ${a.principalId}` }, 'Remove');
    button.addEventListener('click', () => remove(a, button));
    return h('tr', { 'data-principal': a.principalId, 'data-role': a.role },
      h('td', { class: 'wraps' }, h('code', {}, a.principalId)),
      h('td', {}, a.principalType),
      h('td', { title: ROLE_MEANINGS[a.role] }, a.role),
      h('td', {}, button),
    );
  });
  return h('table', { class: 'history access', id: 'assignments' }, h('thead', {}, header), h('tbody', {}, ...rows));
}
