import { checkQuotaText, checkRateLimit, QUOTA, RATE_LIMIT } from '../../src/api/rules';
import type { EndpointSettings, EndpointView, LoggingLevel } from '../protocol/serviceDetailsProtocol';
import { problemText } from '../shared/actions';
import { field, FormProblems, h, options, setValue, valueOf } from '../shared/dom';
import { actionButton } from './actions';
import type { PanelContext } from './panelContext';
import { fieldOfRefusal } from './refusedField';

type Checkbox = HTMLElement & { checked: boolean };
type Field = ReturnType<typeof field>;

const RATE_HINT = `At most this many calls in any ${RATE_LIMIT.renewalPeriod.min} to ${RATE_LIMIT.renewalPeriod.max} seconds; over it: 429 with Retry-After.`;
const QUOTA_HINT = `Calls and/or kilobytes per period: 0 seconds for the endpoint's whole life, or ${QUOTA.minRenewalPeriod} and more; over it: 403.`;

/**
 * An endpoint's limits and logging, in its card: rate limit, quota, logging level, sample data, and suspend/resume.
 * Kept across the panel's refreshes (like the Add form), so what the user is typing is never replaced; once saved,
 * or while untouched, it shows the endpoint as the service has it. Checked with the service's rules as the user types;
 * a refusal the service still gives is shown under the field it names.
 */
export class EndpointSettingsForm {
  readonly element: HTMLElement;
  private readonly area: string;
  private readonly problems: FormProblems;
  private readonly rateOn: Checkbox;
  private readonly rateCalls: Field;
  private readonly ratePeriod: Field;
  private readonly quotaOn: Checkbox;
  private readonly quotaCalls: Field;
  private readonly quotaKilobytes: Field;
  private readonly quotaPeriod: Field;
  private readonly logging: HTMLElement;
  private readonly sample: Checkbox;
  private readonly stateLine = h('span', { class: 'status' });
  private readonly stateButton: HTMLElement;
  /** The fields of a policy, shown only while its checkbox is on (off, the policy is removed on save). */
  private readonly rateRow: HTMLElement;
  private readonly quotaRow: HTMLElement;
  private endpoint: EndpointView;
  /** The user changed something not saved yet: a refresh leaves the fields alone. */
  private edited = false;

  constructor(private readonly context: PanelContext, endpoint: EndpointView) {
    this.endpoint = endpoint;
    const name = endpoint.name;
    this.area = `settings:${name}`;
    const { notices, rpc } = context;
    const container = h('div', { class: 'settings', 'data-settings': name });
    this.problems = new FormProblems(container);
    this.rateOn = h('vscode-checkbox', { id: `${name}-rate-on` }, 'Rate limit');
    this.rateCalls = field('Calls', h('vscode-textfield', { id: `${name}-rate-calls` }));
    this.ratePeriod = field('Per seconds', h('vscode-textfield', { id: `${name}-rate-period` }), RATE_HINT);
    this.quotaOn = h('vscode-checkbox', { id: `${name}-quota-on` }, 'Quota');
    this.quotaCalls = field('Calls', h('vscode-textfield', { id: `${name}-quota-calls` }));
    this.quotaKilobytes = field('Kilobytes', h('vscode-textfield', { id: `${name}-quota-kilobytes` }));
    this.quotaPeriod = field('Renewal period (s)', h('vscode-textfield', { id: `${name}-quota-period` }), QUOTA_HINT);
    this.logging = h('vscode-single-select', { id: `${name}-logging` });
    this.sample = h('vscode-checkbox', { id: `${name}-sample` }, 'Keep sample request and response bodies');
    const save = h('vscode-button', { id: `save-settings-${name}` }, 'Save settings');
    this.stateButton = actionButton(notices, this.area, '', `state-${name}`, () => rpc.call('setEndpointState', { endpoint: name, state: this.endpoint.state === 'Active' ? 'Suspended' : 'Active' }), {
      said: () => (this.endpoint.state === 'Active' ? `${name} is suspended: its calls get 403 EndpointSuspended.` : `${name} takes calls again.`),
    });

    this.rateRow = h('div', { class: 'row' }, this.rateCalls.row, this.ratePeriod.row);
    this.quotaRow = h('div', { class: 'row' }, this.quotaCalls.row, this.quotaKilobytes.row, this.quotaPeriod.row);
    const markEdited = () => {
      this.edited = true;
      this.showPolicies();
      this.validate();
    };
    container.addEventListener('input', markEdited);
    container.addEventListener('change', markEdited);
    save.addEventListener('click', () => this.save(save));

    container.append(
      h('div', { class: 'settings-state' }, h('span', {}, 'State'), this.stateLine, this.stateButton),
      this.rateOn,
      this.rateRow,
      this.quotaOn,
      this.quotaRow,
      h('div', { class: 'row' }, field('Logging level', this.logging, 'None keeps nothing; Error keeps failed calls; All keeps every call.').row),
      this.sample,
      h('div', { class: 'actions' }, save),
      notices.line(this.area),
    );
    this.element = container;
    this.fill(endpoint);
  }

  /** The endpoint as the service has it now: shown unless the user is in the middle of changing it. */
  update(endpoint: EndpointView): void {
    this.endpoint = endpoint;
    this.showState();
    if (!this.edited) this.fill(endpoint);
  }

  private showState(): void {
    const active = this.endpoint.state === 'Active';
    this.stateLine.textContent = active ? 'Active: takes calls' : 'Suspended: every call gets 403, keys kept';
    this.stateLine.classList.toggle('problem', !active);
    this.stateButton.textContent = active ? 'Suspend' : 'Resume';
  }

  private fill(endpoint: EndpointView): void {
    this.showState();
    this.rateOn.checked = endpoint.rateLimit !== undefined;
    setValue(this.rateCalls.control, String(endpoint.rateLimit?.calls ?? ''));
    setValue(this.ratePeriod.control, String(endpoint.rateLimit?.renewalPeriod ?? ''));
    this.quotaOn.checked = endpoint.quota !== undefined;
    setValue(this.quotaCalls.control, String(endpoint.quota?.calls ?? ''));
    setValue(this.quotaKilobytes.control, String(endpoint.quota?.kilobytes ?? ''));
    setValue(this.quotaPeriod.control, String(endpoint.quota?.renewalPeriod ?? ''));
    this.sample.checked = endpoint.sampleDataEnabled;
    this.showPolicies();
    options(this.logging, (['None', 'Error', 'All'] as const).map((l) => ({ value: l, label: l })), endpoint.loggingLevel).catch((error: unknown) =>
      this.context.notices.show(this.area, problemText(error), true),
    );
    this.validate();
  }

  private showPolicies(): void {
    this.rateRow.hidden = !this.rateOn.checked;
    this.quotaRow.hidden = !this.quotaOn.checked;
  }

  /** Checks what is typed with the service's rules; a policy switched off is not checked (it will be removed). */
  private validate(): boolean {
    const rate = this.rateOn.checked ? checkRateLimit(valueOf(this.rateCalls.control), valueOf(this.ratePeriod.control)) : undefined;
    const quota = this.quotaOn.checked ? checkQuotaText(valueOf(this.quotaCalls.control), valueOf(this.quotaKilobytes.control), valueOf(this.quotaPeriod.control)) : undefined;
    return [
      this.problems.show(this.rateCalls, rate?.field === 'calls' ? rate.message : undefined),
      this.problems.show(this.ratePeriod, rate?.field === 'renewalPeriod' ? rate.message : undefined, RATE_HINT),
      this.problems.show(this.quotaCalls, quota?.field === 'calls' ? quota.message : undefined),
      this.problems.show(this.quotaKilobytes, quota?.field === 'kilobytes' ? quota.message : undefined),
      this.problems.show(this.quotaPeriod, quota?.field === 'renewalPeriod' ? quota.message : undefined, QUOTA_HINT),
    ].every(Boolean);
  }

  private settings(): EndpointSettings {
    const number = (f: Field) => (valueOf(f.control) === '' ? undefined : Number(valueOf(f.control)));
    return {
      endpoint: this.endpoint.name,
      loggingLevel: valueOf(this.logging) as LoggingLevel,
      sampleDataEnabled: this.sample.checked === true,
      rateLimit: this.rateOn.checked ? { calls: Number(valueOf(this.rateCalls.control)), renewalPeriod: Number(valueOf(this.ratePeriod.control)) } : null,
      quota: this.quotaOn.checked ? { calls: number(this.quotaCalls), kilobytes: number(this.quotaKilobytes), renewalPeriod: Number(valueOf(this.quotaPeriod.control)) } : null,
    };
  }

  private save(button: HTMLElement): void {
    this.problems.markSubmitted();
    if (!this.validate()) return;
    const { notices, rpc } = this.context;
    notices.clear(this.area);
    (button as unknown as { disabled: boolean }).disabled = true;
    rpc
      .call('saveEndpointSettings', this.settings())
      .then(() => {
        this.edited = false;
        notices.show(this.area, `Saved: the next calls to ${this.endpoint.name} follow these settings.`);
      })
      .catch((error: unknown) => this.showRefusal(problemText(error)))
      .finally(() => ((button as unknown as { disabled: boolean }).disabled = false));
  }

  /** The service's refusal under the field it names (`body/quota/renewalPeriod ...`), else on the form's line. */
  private showRefusal(message: string): void {
    const target = fieldOfRefusal(message);
    const fields: Record<string, Field> = {
      'rateLimit/calls': this.rateCalls,
      'rateLimit/renewalPeriod': this.ratePeriod,
      'quota/calls': this.quotaCalls,
      'quota/kilobytes': this.quotaKilobytes,
      'quota/renewalPeriod': this.quotaPeriod,
    };
    const at = target ? fields[target] : undefined;
    if (at) {
      at.helper.textContent = message;
      at.helper.classList.add('problem');
      (at.control as unknown as { invalid: boolean }).invalid = true;
    }
    this.context.notices.show(this.area, at ? 'The service refused these settings: see the field marked.' : message, true);
  }
}
