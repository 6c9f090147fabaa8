import '../shared/elements';
import { principalIdProblem } from '../../src/api/principalIdCheck';
import { ACCESS_ROLES, type AccessAssignment, type AccessInit, type AccessMethods, type AccessPrincipalType, type AccessRole } from '../protocol/accessProtocol';
import { problemText } from '../shared/actions';
import { field, FormProblems, h, setValue, valueOf } from '../shared/dom';
import { radioGroup } from '../shared/radioGroup';
import { Rpc } from '../shared/rpcClient';
import { assignmentsTable, ROLE_MEANINGS } from './assignmentsTable';

const app = document.getElementById('app')!;
const rpc = new Rpc<AccessMethods, AccessInit, never>(render);

const ID_HINTS: Record<AccessPrincipalType, string> = {
  User: 'The user\'s object id: the oid (or sub) claim of their token.',
  Group: 'The group\'s id, as tokens carry it in their groups claim. Everyone in the group gets the role.',
};

/** A line under an area: what was done, or why it failed (in red). */
function say(line: HTMLElement, text: string, problem = false): void {
  line.textContent = text;
  line.classList.toggle('problem', problem);
  line.hidden = text === '';
}

function render(init: AccessInit): void {
  const problems = new FormProblems(app);
  const listArea = h('div', { id: 'list' });
  const listLine = h('p', { class: 'notice', role: 'status', id: 'list-notice', hidden: true });
  const formLine = h('p', { class: 'notice', role: 'status', id: 'grant-notice', hidden: true });

  const showList = (assignments: AccessAssignment[]) => {
    listArea.replaceChildren(assignmentsTable(assignments, (assignment, button) => {
      removeOne(assignment, button).catch((error: unknown) => say(listLine, problemText(error), true));
    }));
  };
  const removeOne = async (assignment: AccessAssignment, button: HTMLElement) => {
    say(listLine, '');
    (button as unknown as { disabled: boolean }).disabled = true;
    try {
      showList(await rpc.call('remove', { name: assignment.name }));
      say(listLine, `${assignment.principalId} no longer has ${assignment.role}.`);
    } catch (error) {
      // The service refuses to remove the account's last Owner (409): its words say so.
      say(listLine, problemText(error), true);
      (button as unknown as { disabled: boolean }).disabled = false;
    }
  };

  const type = radioGroup<AccessPrincipalType>('principal-type', [{ value: 'User', label: 'User' }, { value: 'Group', label: 'Group' }], 'User');
  const principal = field('Principal id', h('vscode-textfield', { id: 'principal-id', placeholder: 'e.g. 9f1c2d3e-4b5a-6789-abcd-ef0123456789' }), ID_HINTS.User);
  const roles = radioGroup<AccessRole>('role', ACCESS_ROLES.map((r) => ({ value: r, label: r })), 'Reader');
  const roleHelper = h('vscode-form-helper', { id: 'role-meaning' });
  const grant = h('vscode-button', { id: 'grant' }, 'Grant Access');

  const hint = () => ID_HINTS[type.value() ?? 'User'];
  const validate = () => problems.show(principal, principalIdProblem(valueOf(principal.control)), hint());
  const roleValue = () => roles.value() ?? 'Reader';
  const explainRole = () => {
    roleHelper.textContent = `${roleValue()} ${ROLE_MEANINGS[roleValue()]}.`;
  };

  principal.control.addEventListener('input', () => {
    say(formLine, '');
    validate();
  });
  type.onChange(validate);
  roles.onChange(explainRole);
  grant.addEventListener('click', () => {
    problems.markSubmitted();
    if (!validate()) return;
    submit().catch((error: unknown) => say(formLine, problemText(error), true));
  });

  const submit = async () => {
    const params = { principalId: valueOf(principal.control), principalType: type.value() ?? 'User', role: roleValue() };
    (grant as unknown as { disabled: boolean }).disabled = true;
    say(formLine, '');
    try {
      const result = await rpc.call('grant', params);
      if (result.kind === 'refused') {
        // The service's 400 is about what was typed: it shows under the field.
        principal.helper.textContent = result.message;
        principal.helper.classList.add('problem');
        (principal.control as unknown as { invalid: boolean }).invalid = true;
        return;
      }
      showList(result.assignments);
      say(formLine, `${params.principalId} now has ${params.role}.`);
      // Ready for the next one: the field empty, and quiet about it until the next Grant.
      setValue(principal.control, '');
      principal.helper.textContent = hint();
      principal.helper.classList.remove('problem');
      (principal.control as unknown as { invalid: boolean }).invalid = false;
    } catch (error) {
      say(formLine, problemText(error), true);
    } finally {
      (grant as unknown as { disabled: boolean }).disabled = false;
    }
  };

  app.replaceChildren(
    h('h1', {}, 'Manage access'),
    h('p', { class: 'status', id: 'account' }, `Who may use ${init.accountLabel} (${init.address}), and what they may do.`),
    h('h2', {}, 'Role assignments'),
    listArea,
    listLine,
    h('h2', {}, 'Grant a role'),
    h('vscode-form-container', {}, field('Principal type', type.element).row, principal.row, h('vscode-form-group', { variant: 'vertical' }, h('vscode-label', {}, 'Role'), roles.element, roleHelper)),
    h('div', { class: 'actions' }, grant),
    formLine,
  );
  showList(init.assignments);
  app.removeAttribute('aria-busy');
  explainRole();
  validate();
}
