import type { ServiceDetails } from '../protocol/serviceDetailsProtocol';
import { h } from '../shared/dom';
import { actionButton, copyButton } from './actions';
import type { PanelContext } from './panelContext';

/** Why there is no scoring URL, in the state's own word ("stopped", "failed", "deploying"). */
const noScoring = (details: ServiceDetails) => `none while the service is ${details.state.split(' · ')[0]}`;

/** The service: its state in the tree's words and colours, scoring URL (only while it scores), replicas, image. */
export function summary(context: PanelContext, details: ServiceDetails, show: (next: ServiceDetails) => void): HTMLElement {
  const { rpc, notices } = context;
  const url = details.scoringUri
    ? h('div', { class: 'cell-actions' }, h('code', { id: 'scoring-uri' }, details.scoringUri), copyButton(notices, 'service', 'Copy URL', 'copy-service-url', 'The scoring URL', () => rpc.call('copyText', { text: details.scoringUri! })))
    : h('span', { class: 'status', id: 'no-scoring-uri' }, noScoring(details));
  return h('section', { class: 'summary' },
    h('dl', { class: 'facts' },
      h('dt', {}, 'State'), h('dd', {}, h('span', { id: 'state', class: `tone tone-${details.tone}` }, details.state)),
      ...(details.error ? [h('dt', {}, 'Error'), h('dd', { class: 'problem', id: 'service-error' }, details.error)] : []),
      h('dt', {}, 'Scoring URL'), h('dd', {}, url),
      h('dt', {}, 'Replicas'), h('dd', {}, details.replicas),
      h('dt', {}, 'Image'), h('dd', {}, details.image),
    ),
    h('div', { class: 'actions' },
      actionButton(notices, 'service', 'Refresh', 'refresh', () => rpc.call('refresh', {}), { done: show }),
      actionButton(notices, 'service', 'Show Usage', 'open-usage', () => rpc.call('openUsage', {})),
    ),
    notices.line('service'),
  );
}
