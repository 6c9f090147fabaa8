import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelbayApiError } from '../../src/api/client/errors';
import { principalIdProblem } from '../../src/api/principalIdCheck';
import type { RoleName } from '../../src/api/schemas/roleAssignment';
import { CallerRoles } from '../../src/extension/accounts/callerRoles';
import { accountWords } from '../../src/extension/core/authorizationMessage';
import { describeError } from '../../src/extension/core/describeError';
import { accessParamsCheck } from '../../webviews/protocol/accessProtocol';
import { effectiveRole, roleAbove, taggedContext, withRole } from '../../src/extension/tree/callerRole';

const ACCOUNT = '/api/subscriptions/team/resourceGroups/ml/accounts/fraud';
const forbidden = (details: { code: string; message: string }[], message = 'The caller may not delete a model.') =>
  new ModelbayApiError(403, { code: 'AuthorizationFailed', message, details }, 'DELETE', `${ACCOUNT}/models/x`);

describe('access control in the extension', () => {
  describe('a 403 in words', () => {
    it('names the role, the account and the action from the details', () => {
      const error = forbidden([{ code: 'RequiredRole', message: 'Contributor' }, { code: 'Action', message: 'delete a model' }, { code: 'Account', message: ACCOUNT }]);
      assert.equal(describeError(error), 'You need Contributor on team/ml/fraud to delete a model.');
    });

    it('says what it can without the action or the account', () => {
      assert.equal(describeError(forbidden([{ code: 'RequiredRole', message: 'Owner' }, { code: 'Account', message: ACCOUNT }])), 'You need Owner on team/ml/fraud for this.');
      assert.equal(describeError(forbidden([{ code: 'RequiredRole', message: 'Contributor' }, { code: 'Action', message: 'read keys.' }])), 'You need Contributor to read keys.');
    });

    it('falls back to the service\'s message without the role, and leaves other errors as they were', () => {
      assert.equal(describeError(forbidden([])), 'The caller may not delete a model. (AuthorizationFailed, HTTP 403)');
      const notFound = new ModelbayApiError(404, { code: 'AccountNotFound', message: 'No such account.' }, 'GET', ACCOUNT);
      assert.equal(describeError(notFound), 'No such account. (AccountNotFound, HTTP 404)');
      const other403 = new ModelbayApiError(403, { code: 'Forbidden', message: 'nope', details: [{ code: 'RequiredRole', message: 'Owner' }] }, 'GET', ACCOUNT);
      assert.equal(describeError(other403), 'nope (Forbidden, HTTP 403)');
    });

    it('reads an account path as subscription/resource group/account, and keeps anything else as it is', () => {
      assert.equal(accountWords('/api/subscriptions/a%20b/resourceGroups/rg/accounts/acc'), 'a b/rg/acc');
      assert.equal(accountWords('the fraud account'), 'the fraud account');
    });
  });

  describe('the role rows carry', () => {
    it('the Local account is Owner; a remote one is what the service said, Contributor on a service without roles', () => {
      assert.equal(effectiveRole('local', undefined), 'Owner');
      assert.equal(effectiveRole('local', 'Reader'), 'Owner');
      assert.equal(effectiveRole('remote', 'Reader'), 'Reader');
      assert.equal(effectiveRole('remote', undefined), 'Contributor');
    });

    it('every row below an account ends with the account\'s role; unknown until it was read', () => {
      const account = { callerRole: 'Reader' as RoleName | undefined };
      const folder = { parent: account };
      const model = { parent: folder };
      assert.equal(roleAbove(model), 'Reader');
      assert.equal(taggedContext(model, 'modelbay.model'), 'modelbay.model@reader');
      assert.equal(taggedContext({ parent: { callerRole: undefined } }, 'modelbay.folder.models'), 'modelbay.folder.models@unknown');
      assert.equal(withRole('modelbay.account.remote', 'Owner'), 'modelbay.account.remote@owner');
    });
  });

  describe('roles remembered across windows', () => {
    /** globalState as a Memento: what update() stores, get() answers. */
    const memento = (initial: Record<string, unknown> = {}) => {
      const values = new Map(Object.entries(initial));
      return {
        keys: () => [...values.keys()],
        get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
        update: (key: string, value: unknown) => {
          values.set(key, value);
          return Promise.resolve();
        },
      };
    };

    it('remembers the role read on an account, forgets it with the account, and ignores what is not a role', async () => {
      const roles = new CallerRoles(memento({ 'modelbay.callerRoles': { hacked: 'Admin', old: 'Reader' } }));
      assert.equal(roles.get('hacked'), undefined);
      assert.equal(roles.get('old'), 'Reader');
      await roles.remember('a1', 'Contributor');
      assert.equal(roles.get('a1'), 'Contributor');
      await roles.forget('old');
      assert.equal(roles.get('old'), undefined);
      assert.equal(roles.get('a1'), 'Contributor');
      assert.equal(new CallerRoles(memento({ 'modelbay.callerRoles': ['Owner'] })).get('0'), undefined, 'a state of another shape');
    });
  });

  describe('the tree menus by role (package.json when clauses)', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    const treeMenus = manifest.contributes.menus['view/item/context']!;

    /** Evaluates the subset of when clauses the tree menus use: `a && b`, `k == v`, `k =~ /re/`. */
    function holds(when: string, context: Record<string, string>): boolean {
      return when.split(/\s+&&\s+/).every((term) => {
        const regex = /^(\S+)\s*=~\s*\/(.*)\/$/.exec(term);
        if (regex) return new RegExp(regex[2]!).test(context[regex[1]!] ?? '');
        const equal = /^(\S+)\s*==\s*(\S+)$/.exec(term);
        if (equal) return context[equal[1]!] === equal[2];
        throw new Error(`a when clause this test cannot read: ${term}`);
      });
    }
    const offered = (viewItem: string) => [...new Set(treeMenus.filter((m) => holds(m.when ?? '', { view: 'modelbay.accounts', viewItem })).map((m) => m.command))];

    const KEYS = ['modelbay.showKeys', 'modelbay.copyPrimaryKey', 'modelbay.regeneratePrimaryKey', 'modelbay.regenerateSecondaryKey'];
    const CHANGES = ['modelbay.deleteService', 'modelbay.updateService', 'modelbay.addEndpoint', 'modelbay.testService', 'modelbay.submitJob'];

    it('a Reader\'s running service offers looking and copying its URL, no key, change or delete command', () => {
      const commands = offered('modelbay.service.running.scores@reader');
      for (const command of [...KEYS, ...CHANGES]) assert.ok(!commands.includes(command), `${command} is offered to a Reader`);
      for (const command of ['modelbay.copyScoringUrl', 'modelbay.openServiceDetails', 'modelbay.showUsage', 'modelbay.openResource']) assert.ok(commands.includes(command), `${command} is not offered to a Reader`);
    });

    it('a Contributor and an Owner get what everyone got before roles', () => {
      for (const role of ['contributor', 'owner']) {
        const commands = offered(`modelbay.service.running.scores@${role}`);
        for (const command of [...KEYS, ...CHANGES]) assert.ok(commands.includes(command), `${command} is not offered to ${role}`);
        assert.ok(offered(`modelbay.model@${role}`).includes('modelbay.deleteModel'));
        assert.ok(offered(`modelbay.endpoint.scores@${role}`).includes('modelbay.removeEndpoint'));
        assert.ok(!offered(`modelbay.endpoint.default.scores@${role}`).includes('modelbay.removeEndpoint'), 'the default endpoint goes with its service');
        assert.ok(offered(`modelbay.job.Finished@${role}`).includes('modelbay.openJobOutput'));
      }
    });

    it('nothing that deletes or creates on any Reader row', () => {
      const rows = ['modelbay.account.remote', 'modelbay.folder.models', 'modelbay.modelGroup', 'modelbay.model', 'modelbay.folder.manifests', 'modelbay.manifest', 'modelbay.folder.images', 'modelbay.image.Succeeded', 'modelbay.folder.services', 'modelbay.service.stopped', 'modelbay.folder.endpoints', 'modelbay.endpoint.scores', 'modelbay.deployment', 'modelbay.job.Finished'];
      for (const row of rows) {
        const forbidden = offered(`${row}@reader`).filter((c) => /delete|remove(?!Account)|create|register|deploy|regenerate|Key|update|add(?!Account)|start|cancel|manageAccess/i.test(c));
        assert.deepEqual(forbidden, [], `${row}@reader offers ${forbidden.join(', ')}`);
      }
    });

    it('Manage Access only on a remote account its caller owns; Edit and Remove Account on every remote account', () => {
      assert.ok(offered('modelbay.account.remote@owner').includes('modelbay.manageAccess'));
      for (const role of ['reader', 'contributor', 'unknown']) {
        const commands = offered(`modelbay.account.remote@${role}`);
        assert.ok(!commands.includes('modelbay.manageAccess'), role);
        assert.ok(commands.includes('modelbay.editAccount') && commands.includes('modelbay.removeAccount'), role);
      }
      assert.ok(!offered('modelbay.account.local@owner').includes('modelbay.manageAccess'), 'the Local account is the admin\'s');
      assert.ok(offered('modelbay.account.local@owner').includes('modelbay.restartLocalService'));
      assert.ok(offered('modelbay.error.remoteAccount').includes('modelbay.editAccount'));
    });

    it('an account row not read yet keeps its create commands (the service explains a refusal)', () => {
      const commands = offered('modelbay.account.remote@unknown');
      assert.ok(commands.includes('modelbay.registerModel') && commands.includes('modelbay.deploy'));
    });
  });

  describe('the Manage Access form\'s messages', () => {
    it('takes a grant of a known role and type, and a removal by name; nothing else', () => {
      assert.equal(accessParamsCheck.grant({ principalId: 'ana', principalType: 'User', role: 'Contributor' }), true);
      assert.equal(accessParamsCheck.grant({ principalId: 'ana', principalType: 'Robot', role: 'Contributor' }), false);
      assert.equal(accessParamsCheck.grant({ principalId: 'ana', principalType: 'User', role: 'Admin' }), false);
      assert.equal(accessParamsCheck.grant({ principalId: 'ana', principalType: 'User', role: 'Owner', name: 'x' }), false, 'no extra keys');
      assert.equal(accessParamsCheck.grant({ principalId: 7, principalType: 'User', role: 'Owner' }), false);
      assert.equal(accessParamsCheck.remove({ name: 'reader-r' }), true);
      assert.equal(accessParamsCheck.remove({}), false);
      assert.equal(accessParamsCheck.list({}), true);
      assert.equal(accessParamsCheck.list({ all: true }), false);
    });
  });

  describe('principal ids, checked as the contract does', () => {
    it('accepts object ids, group ids and UPN-like names', () => {
      for (const id of ['9f1c2d3e-4b5a-6789-abcd-ef0123456789', 'group:data-science', 'ana@example.com', 'a.b_c']) assert.equal(principalIdProblem(id), undefined, id);
    });
    it('says what is wrong with the others', () => {
      assert.match(principalIdProblem('')!, /Enter the principal id/);
      assert.match(principalIdProblem('ana smith')!, /no spaces/);
      assert.match(principalIdProblem('ana/smith')!, /letters, digits/);
      assert.match(principalIdProblem('x'.repeat(129))!, /at most 128/);
    });
  });
});
