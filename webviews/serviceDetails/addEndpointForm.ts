import { checkEndpointName, checkWholeNumber, ENDPOINT_NAME, MAX_CONCURRENT_CALLS } from '../../src/api/rules';
import type { ServiceDetails } from '../protocol/serviceDetailsProtocol';
import { problemText } from '../shared/actions';
import { field, FormProblems, h, options, setValue, valueOf } from '../shared/dom';
import type { PanelContext } from './panelContext';

const AREA = 'add';
const NO_IMAGE = { value: '', label: "The service's image" };

/**
 * The Add an endpoint form. Built once and kept while the panel refreshes around it, so what the user typed is never
 * lost; a refresh only updates the names already taken and the images to pin.
 */
export class AddEndpointForm {
  readonly element: HTMLElement;
  private taken: string[] = [];
  private images = '';
  private readonly image = h('vscode-single-select', { id: 'endpoint-image' });
  private readonly validate: () => boolean;
  private readonly nameControl: HTMLElement;

  constructor(private readonly context: PanelContext) {
    const { notices } = context;
    const container = h('vscode-form-container', {});
    const problems = new FormProblems(container);
    const nameHint = `${ENDPOINT_NAME.description}, unique in the service.`;
    const callsHint = `${MAX_CONCURRENT_CALLS.min} to ${MAX_CONCURRENT_CALLS.max}; calls beyond get 503 RequestThrottled.`;
    const name = field('Name', h('vscode-textfield', { id: 'endpoint-name', placeholder: 'customera' }), nameHint);
    this.nameControl = name.control;
    const description = field('Description', h('vscode-textfield', { id: 'endpoint-description' }));
    const calls = field('Max concurrent calls', h('vscode-textfield', { id: 'endpoint-calls', value: String(MAX_CONCURRENT_CALLS.default) }), callsHint);
    const logging = h('vscode-single-select', { id: 'endpoint-logging' });
    const sample = h('vscode-checkbox', { id: 'endpoint-sample' }, 'Sample data enabled');
    const add = h('vscode-button', { id: 'add-endpoint' }, 'Add endpoint');
    this.validate = () =>
      [
        problems.show(name, checkEndpointName(valueOf(name.control), this.taken), nameHint),
        problems.show(calls, checkWholeNumber(valueOf(calls.control), MAX_CONCURRENT_CALLS, 'Max concurrent calls'), callsHint),
      ].every(Boolean);
    name.control.addEventListener('input', this.validate);
    calls.control.addEventListener('input', this.validate);
    options(logging, ['None', 'Error', 'All'].map((l) => ({ value: l, label: l })), 'None').catch((error: unknown) => notices.show(AREA, problemText(error), true));

    add.addEventListener('click', () => {
      problems.markSubmitted();
      if (!this.validate()) return;
      const endpoint = valueOf(name.control);
      notices.clear(AREA);
      (add as unknown as { disabled: boolean }).disabled = true;
      context.rpc
        .call('addEndpoint', {
          name: endpoint,
          description: valueOf(description.control) || undefined,
          maxConcurrentCalls: Number(valueOf(calls.control)),
          loggingLevel: valueOf(logging) as 'None' | 'Error' | 'All',
          sampleDataEnabled: (sample as unknown as { checked: boolean }).checked === true,
          imageId: valueOf(this.image) || undefined,
        })
        .then(() => {
          notices.show(AREA, `Added the endpoint ${endpoint}.`);
          setValue(name.control, '');
          setValue(description.control, '');
          problems.show(name, undefined, nameHint); // emptied on purpose: not a problem to point at
        })
        .catch((error: unknown) => notices.show(AREA, problemText(error), true))
        .finally(() => ((add as unknown as { disabled: boolean }).disabled = false));
    });

    container.append(
      h('div', { class: 'row' }, name.row, calls.row),
      description.row,
      h('div', { class: 'row' }, field('Logging level', logging).row, field('Pinned image', this.image, 'Pin a customer’s own model; the endpoint stays part of the service.').row),
      sample,
      h('div', { class: 'actions' }, add),
      notices.line(AREA),
    );
    this.element = container;
  }

  /** Takes what changed in the service: the names now taken, the images that can be pinned (the choice is kept). */
  update(details: ServiceDetails): void {
    this.taken = details.endpoints.map((e) => e.name);
    if (valueOf(this.nameControl) !== '') this.validate();
    const images = JSON.stringify(details.images);
    if (images === this.images) return;
    this.images = images;
    const chosen = valueOf(this.image);
    const items = [NO_IMAGE, ...details.images.map((i) => ({ value: i.id, label: i.label }))];
    options(this.image, items, items.some((i) => i.value === chosen) ? chosen : '').catch((error: unknown) => this.context.notices.show(AREA, problemText(error), true));
  }
}
