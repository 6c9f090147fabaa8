import '../shared/elements';
import { checkEndpointName, checkWholeNumber, ENDPOINT_NAME, MAX_CONCURRENT_CALLS } from '../../src/api/rules';
import type { EndpointView, KeyType, ServiceDetails, ServiceDetailsMethods } from '../protocol/serviceDetailsProtocol';
import { field, FormProblems, h, options, valueOf } from '../shared/dom';
import { problemText } from '../shared/actions';
import { Rpc } from '../shared/rpcClient';

const app = document.getElementById('app')!;
const rpc = new Rpc<ServiceDetailsMethods, ServiceDetails, never>(render);
const notice = h('p', { class: 'status', role: 'status', id: 'notice' });

/** Runs an action; its failure shows in the notice line (never in a promise nobody holds). */
function act<T>(work: () => Promise<T>, done: (result: T) => void = () => undefined): void {
  notice.textContent = '';
  notice.classList.remove('problem');
  work()
    .then(done)
    .catch((error: unknown) => {
      notice.textContent = problemText(error);
      notice.classList.add('problem');
    });
}

const button = <T>(label: string, id: string, work: () => Promise<T>, done?: (result: T) => void, secondary = true) => {
  const b = h('vscode-button', { id, secondary }, label);
  b.addEventListener('click', () => act(work, done));
  return b;
};

function keyRow(endpoint: EndpointView, keyType: KeyType): HTMLElement[] {
  const masked = keyType === 'Primary' ? endpoint.primaryKeyMasked : endpoint.secondaryKeyMasked;
  const id = `${endpoint.name}-${keyType.toLowerCase()}`;
  return [
    h('dt', {}, `${keyType} key`),
    h('dd', {},
      h('div', { class: 'cell-actions' },
        h('code', { class: 'key', id: `key-${id}` }, masked),
        button('Copy', `copy-${id}`, () => rpc.call('copyKey', { endpoint: endpoint.name, keyType })),
        button('Regenerate', `regenerate-${id}`, () => rpc.call('regenerateKey', { endpoint: endpoint.name, keyType }), (next) => next && render(next)),
      ),
    ),
  ];
}

/** One card per endpoint: its URL and keys, each with its actions, wrapping well at any panel width. */
function endpointCards(details: ServiceDetails): HTMLElement {
  return h('div', { class: 'cards' },
    ...details.endpoints.map((e) =>
      h('section', { class: 'card', 'data-endpoint': e.name },
        h('div', { class: 'card-title' },
          h('strong', {}, e.name),
          h('span', { class: 'status' }, `max ${e.maxConcurrentCalls} calls · logging ${e.loggingLevel}${e.sampleDataEnabled ? ' · sample data' : ''}${e.imageId ? ` · own image ${e.imageId}` : ''}`),
          button('Test', `test-${e.name}`, () => rpc.call('testEndpoint', { endpoint: e.name })),
        ),
        ...(e.description ? [h('p', { class: 'status' }, e.description)] : []),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Scoring URL'),
          h('dd', {}, h('div', { class: 'cell-actions' }, h('code', {}, e.scoringUri), button('Copy URL', `copy-url-${e.name}`, () => rpc.call('copyText', { text: e.scoringUri })))),
          ...keyRow(e, 'Primary'),
          ...keyRow(e, 'Secondary'),
        ),
      ),
    ),
  );
}

function addEndpointForm(details: ServiceDetails): HTMLElement {
  const problems = new FormProblems(app);
  const taken = details.endpoints.map((e) => e.name);
  const nameHint = `${ENDPOINT_NAME.description}, unique in the service.`;
  const callsHint = `${MAX_CONCURRENT_CALLS.min} to ${MAX_CONCURRENT_CALLS.max}; calls beyond get 503 RequestThrottled.`;
  const name = field('Name', h('vscode-textfield', { id: 'endpoint-name', placeholder: 'customera' }), nameHint);
  const description = field('Description', h('vscode-textfield', { id: 'endpoint-description' }));
  const calls = field('Max concurrent calls', h('vscode-textfield', { id: 'endpoint-calls', value: String(MAX_CONCURRENT_CALLS.default) }), callsHint);
  const logging = h('vscode-single-select', { id: 'endpoint-logging' });
  const loggingReady = options(logging, ['None', 'Error', 'All'].map((l) => ({ value: l, label: l })), 'None');
  const sample = h('vscode-checkbox', { id: 'endpoint-sample', label: 'Sample data enabled' }, 'Sample data enabled');
  const image = h('vscode-single-select', { id: 'endpoint-image' });
  const imageReady = options(image, [{ value: '', label: "The service's image" }, ...details.images.map((i) => ({ value: i.id, label: i.label }))], '');
  act(() => Promise.all([loggingReady, imageReady]));
  const add = h('vscode-button', { id: 'add-endpoint' }, 'Add endpoint');
  const validate = () => {
    return [
      problems.show(name, checkEndpointName(valueOf(name.control), taken), nameHint),
      problems.show(calls, checkWholeNumber(valueOf(calls.control), MAX_CONCURRENT_CALLS, 'Max concurrent calls'), callsHint),
    ].every(Boolean);
  };
  name.control.addEventListener('input', validate);
  calls.control.addEventListener('input', validate);
  add.addEventListener('click', () => {
    problems.markSubmitted();
    if (!validate()) return;
    act(
      () =>
        rpc.call('addEndpoint', {
          name: valueOf(name.control),
          description: valueOf(description.control) || undefined,
          maxConcurrentCalls: Number(valueOf(calls.control)),
          loggingLevel: valueOf(logging) as 'None' | 'Error' | 'All',
          sampleDataEnabled: (sample as unknown as { checked: boolean }).checked === true,
          imageId: valueOf(image) || undefined,
        }),
      render,
    );
  });
  const form = h('vscode-form-container', {}, h('div', { class: 'row' }, name.row, calls.row), description.row, h('div', { class: 'row' }, field('Logging level', logging).row, field('Pinned image', image, 'Pin a customer’s own model; the endpoint stays part of the service.').row), sample, h('div', { class: 'actions' }, add));
  validate();
  return form;
}

function render(details: ServiceDetails): void {
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, 'State'), h('dd', { id: 'state' }, details.state),
    h('dt', {}, 'Scoring URL'), h('dd', {}, details.scoringUri ? h('code', { id: 'scoring-uri' }, details.scoringUri) : 'not running'),
    h('dt', {}, 'Replicas'), h('dd', {}, details.replicas),
    h('dt', {}, 'Image'), h('dd', {}, details.image),
    ...(details.error ? [h('dt', {}, 'Error'), h('dd', { class: 'problem' }, details.error)] : []),
  );
  const history = h('vscode-table', { zebra: true, bordered: true },
    h('vscode-table-header', { slot: 'header' }, ...['Deployed', 'Status', 'Image', 'Replaced'].map((t) => h('vscode-table-header-cell', {}, t))),
    h('vscode-table-body', { slot: 'body' },
      ...details.deployments.map((d) => h('vscode-table-row', {}, h('vscode-table-cell', {}, d.createdAt), h('vscode-table-cell', {}, d.status), h('vscode-table-cell', {}, d.image), h('vscode-table-cell', {}, d.expiredAt ?? 'current'))),
    ),
  );
  app.replaceChildren(
    h('h1', {}, `Service ${details.name}`),
    facts,
    h('div', { class: 'actions' }, button('Refresh', 'refresh', () => rpc.call('refresh', {}), render), notice),
    h('h2', {}, 'Endpoints'),
    endpointCards(details),
    h('h2', {}, 'Add an endpoint'),
    addEndpointForm(details),
    h('h2', {}, 'Deployments'),
    history,
  );
  app.removeAttribute('aria-busy');
}
