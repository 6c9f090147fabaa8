import type { UsageFigures } from '../../src/api/schemas/usage';
import { h } from '../shared/dom';
import { readableBytes } from './usageSeries';

/** The period's totals in one row of figures, the numbers a person looks for first. */
export function totalsLine(totals: UsageFigures): HTMLElement {
  const { calls } = totals;
  const figure = (label: string, value: string, id: string) => h('div', { class: 'figure', 'data-figure': id }, h('span', { class: 'figure-value' }, value), h('span', { class: 'figure-label' }, label));
  return h('div', { class: 'figures' },
    figure('calls', String(calls.total), 'total'),
    figure('success', String(calls.success), 'success'),
    figure('blocked', String(calls.blocked), 'blocked'),
    figure('throttled', String(calls.throttled), 'throttled'),
    figure('failed', String(calls.failed), 'failed'),
    figure('p95 latency', totals.latency ? `${Math.round(totals.latency.p95)} ms` : '–', 'p95'),
    figure('in / out', `${readableBytes(totals.bytesIn)} / ${readableBytes(totals.bytesOut)}`, 'bytes'),
  );
}
