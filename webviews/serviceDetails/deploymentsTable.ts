import type { ServiceDetails } from '../protocol/serviceDetailsProtocol';
import { h } from '../shared/dom';

/**
 * The deployment history, newest as the service lists them. A plain table: its columns take the width their
 * contents need, so dates are never cut; the image column wraps when the panel is narrow.
 */
export function deploymentsTable(details: ServiceDetails): HTMLElement {
  if (details.deployments.length === 0) return h('p', { class: 'status' }, 'No deployments yet.');
  const row = (cells: string[], tag: 'td' | 'th') => h('tr', {}, ...cells.map((text, i) => h(tag, { class: i === 2 ? 'wraps' : undefined }, text)));
  return h('table', { class: 'history', id: 'deployments' },
    h('thead', {}, row(['Deployed', 'Status', 'Image', 'Replaced'], 'th')),
    h('tbody', {}, ...details.deployments.map((d) => row([d.createdAt, d.status, d.image, d.expiredAt ?? 'current'], 'td'))),
  );
}
