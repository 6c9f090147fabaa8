import type { EndpointView, KeyType, ServiceDetails } from '../protocol/serviceDetailsProtocol';
import { h } from '../shared/dom';
import { actionButton, copyButton } from './actions';
import type { EndpointSettingsForm } from './endpointSettingsForm';
import type { PanelContext } from './panelContext';

const areaOf = (endpoint: EndpointView) => `endpoint:${endpoint.name}`;

function keyRow({ rpc, notices }: PanelContext, endpoint: EndpointView, keyType: KeyType, readOnly: boolean): HTMLElement[] {
  const masked = keyType === 'Primary' ? endpoint.primaryKeyMasked : endpoint.secondaryKeyMasked;
  const id = `${endpoint.name}-${keyType.toLowerCase()}`;
  const area = areaOf(endpoint);
  const params = { endpoint: endpoint.name, keyType };
  if (readOnly) return [h('dt', {}, `${keyType} key`), h('dd', {}, h('span', { class: 'status', id: `key-${id}` }, masked))];
  return [
    h('dt', {}, `${keyType} key`),
    h('dd', {},
      h('div', { class: 'cell-actions' },
        h('code', { class: 'key', id: `key-${id}` }, masked),
        copyButton(notices, area, 'Copy', `copy-${id}`, `The ${keyType.toLowerCase()} key of ${endpoint.name}`, () => rpc.call('copyKey', params)),
        actionButton(notices, area, 'Regenerate', `regenerate-${id}`, () => rpc.call('regenerateKey', params), {
          said: (done) => (done ? `New ${keyType.toLowerCase()} key for ${endpoint.name}; the old one is refused from now on.` : undefined),
        }),
      ),
    ),
  ];
}

/** The endpoint's URL with Copy, or why there is none to call (the service is stopped, failed or deploying). */
function scoringRow({ rpc, notices }: PanelContext, details: ServiceDetails, endpoint: EndpointView): HTMLElement[] {
  const value = details.scores
    ? h('div', { class: 'cell-actions' }, h('code', {}, endpoint.scoringUri), copyButton(notices, areaOf(endpoint), 'Copy URL', `copy-url-${endpoint.name}`, `The scoring URL of ${endpoint.name}`, () => rpc.call('copyText', { text: endpoint.scoringUri })))
    : h('span', { class: 'status' }, 'none while the service cannot score');
  return [h('dt', {}, 'Scoring URL'), h('dd', {}, value)];
}

function card(context: PanelContext, details: ServiceDetails, endpoint: EndpointView, settings: EndpointSettingsForm): HTMLElement {
  const { rpc, notices } = context;
  const area = areaOf(endpoint);
  const about = [
    endpoint.state === 'Suspended' ? 'suspended' : '',
    `max ${endpoint.maxConcurrentCalls} calls`,
    endpoint.rateLimit ? `${endpoint.rateLimit.calls} calls / ${endpoint.rateLimit.renewalPeriod} s` : '',
    `logging ${endpoint.loggingLevel}`,
    endpoint.sampleDataEnabled ? 'sample data' : '',
    endpoint.imageId ? `own image ${endpoint.imageId}` : '',
  ];
  const readOnly = details.readOnly === true;
  const test = details.scores && !readOnly ? [actionButton(notices, area, 'Test', `test-${endpoint.name}`, () => rpc.call('testEndpoint', { endpoint: endpoint.name }))] : [];
  // The default endpoint is the service's own: it goes with the service, not on its own.
  const remove = endpoint.name === 'default' || readOnly ? [] : [actionButton(notices, area, 'Remove', `remove-${endpoint.name}`, () => rpc.call('removeEndpoint', { endpoint: endpoint.name }))];
  return h('section', { class: 'card', 'data-endpoint': endpoint.name },
    h('div', { class: 'card-title' },
      h('strong', {}, endpoint.name),
      h('span', { class: 'status' }, about.filter(Boolean).join(' · ')),
      ...test,
      ...remove,
    ),
    ...(endpoint.description ? [h('p', { class: 'status' }, endpoint.description)] : []),
    h('dl', { class: 'facts' }, ...scoringRow(context, details, endpoint), ...keyRow(context, endpoint, 'Primary', readOnly), ...keyRow(context, endpoint, 'Secondary', readOnly)),
    notices.line(area),
    ...(readOnly ? [] : [h('h3', {}, 'Limits and logging'), settings.element]),
  );
}

/**
 * One card per endpoint: its URL and keys, each with its actions and its own message line, and its settings form
 * (kept by the page across refreshes: `settingsOf`).
 */
export function endpointCards(context: PanelContext, details: ServiceDetails, settingsOf: (endpoint: EndpointView) => EndpointSettingsForm): HTMLElement {
  return h('div', { class: 'cards', id: 'endpoints' }, ...details.endpoints.map((e) => card(context, details, e, settingsOf(e))));
}
