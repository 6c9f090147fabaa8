import '../shared/elements';
import type { UsageReport } from '../../src/api/schemas/usage';
import { USAGE_RANGES, type UsageEvent, type UsageInit, type UsageMethods, type UsageRange, type UsageSelection } from '../protocol/usageProtocol';
import { problemText } from '../shared/actions';
import { field, h, options, valueOf } from '../shared/dom';
import { Rpc } from '../shared/rpcClient';
import { UsageCharts } from './charts';
import { totalsLine } from './totals';
import { usageSeries } from './usageSeries';

// The Usage dashboard of one service: pick the whole service or one endpoint and a range; the charts show the
// service's usage report for it, read again every AUTO_REFRESH_MS while auto-refresh is on.

const ALL = '*';
/** Per-minute figures change every minute at most; a refresh every 15 s shows a new call within a quarter of one. */
const AUTO_REFRESH_MS = 15_000;

class UsagePage {
  private readonly rpc = new Rpc<UsageMethods, UsageInit, UsageEvent>((init) => this.start(init), (event) => this.onEvent(event));
  private readonly title = h('h1', {});
  private readonly endpoint = h('vscode-single-select', { id: 'usage-endpoint' });
  private readonly range = h('vscode-single-select', { id: 'usage-range' });
  private readonly autoRefresh = h('vscode-checkbox', { id: 'usage-auto-refresh', checked: true }, 'Auto-refresh');
  private readonly refresh = h('vscode-button', { id: 'usage-refresh', secondary: true }, 'Refresh');
  private readonly status = h('p', { class: 'status', id: 'usage-status', role: 'status' });
  private readonly problem = h('p', { class: 'problem', id: 'usage-error', role: 'alert', hidden: true });
  private readonly empty = h('p', { class: 'status empty', id: 'usage-empty', hidden: true });
  private readonly totals = h('div', { id: 'usage-totals' });
  private readonly charts = new UsageCharts();
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Whether the panel shows: hidden, auto-refresh reads nothing, and reads at once when shown again. */
  private visible = true;
  private gone = false;
  /** The newest load: an older answer arriving late is not drawn over it. */
  private loadId = 0;

  constructor(private readonly app: HTMLElement) {
    // Charts side by side need more room than a form's column.
    app.classList.add('wide');
  }

  private start(init: UsageInit): void {
    this.title.textContent = `Usage · ${init.serviceName}`;
    this.setEndpoints(init.endpoints);
    options(this.range, Object.entries(USAGE_RANGES).map(([value, r]) => ({ value, label: r.label })), 'hour').catch((error: unknown) => this.showProblem(problemText(error)));
    this.endpoint.addEventListener('change', () => this.reload());
    this.range.addEventListener('change', () => this.reload());
    this.refresh.addEventListener('click', () => this.reload());
    this.autoRefresh.addEventListener('change', () => this.schedule());
    this.app.replaceChildren(
      this.title,
      h('div', { class: 'row toolbar' }, field('Endpoint', this.endpoint).row, field('Time range', this.range).row, h('div', { class: 'toolbar-actions' }, this.autoRefresh, this.refresh)),
      this.problem,
      this.status,
      this.totals,
      this.empty,
      this.charts.element,
    );
    this.app.removeAttribute('aria-busy');
    this.schedule();
    this.reload();
  }

  private setEndpoints(endpoints: string[]): void {
    const chosen = valueOf(this.endpoint) || ALL;
    const items = [{ value: ALL, label: 'All endpoints' }, ...endpoints.map((e) => ({ value: e, label: e }))];
    options(this.endpoint, items, items.some((i) => i.value === chosen) ? chosen : ALL).catch((error: unknown) => this.showProblem(problemText(error)));
  }

  private selection(): UsageSelection {
    const endpoint = valueOf(this.endpoint);
    const range = (valueOf(this.range) || 'hour') as UsageRange;
    return { endpoint: endpoint === '' || endpoint === ALL ? null : endpoint, range: Object.hasOwn(USAGE_RANGES, range) ? range : 'hour' };
  }

  private schedule(): void {
    clearInterval(this.timer);
    this.timer = this.autoRefresh.checked && this.visible && !this.gone ? setInterval(() => this.reload(), AUTO_REFRESH_MS) : undefined;
  }

  /** Reads the report again; its failure is shown in the error row (load never rejects). */
  private reload(): void {
    this.load().catch((error: unknown) => this.showProblem(problemText(error)));
  }

  private async load(): Promise<void> {
    const id = ++this.loadId;
    const selection = this.selection();
    try {
      const report = await this.rpc.call('load', selection);
      if (id === this.loadId) this.draw(report, selection);
    } catch (error) {
      // Once the service is known to be gone, a read that was under way says nothing over that.
      if (id === this.loadId && !this.gone) this.showProblem(`Could not read the usage: ${problemText(error)}`);
    }
  }

  private draw(report: UsageReport, selection: UsageSelection): void {
    this.problem.hidden = true;
    const what = selection.endpoint ? `endpoint ${selection.endpoint}` : 'all endpoints';
    this.status.textContent = `${USAGE_RANGES[selection.range].label}, ${what}; read at ${new Date().toLocaleTimeString()}. Figures are kept ${report.retentionDays} days.`;
    this.totals.replaceChildren(totalsLine(report.totals));
    const quiet = report.totals.calls.total === 0;
    this.empty.hidden = !quiet;
    this.empty.textContent = quiet ? `No calls to ${what} in this period. Calls show here within a minute of being made.` : '';
    this.charts.element.hidden = quiet;
    // Drawn while visible only: a chart laid out in a hidden box would take a width of 0.
    if (!quiet) this.charts.show(usageSeries(report));
  }

  private showProblem(message: string): void {
    this.problem.textContent = message;
    this.problem.hidden = false;
  }

  private onEvent(event: UsageEvent): void {
    switch (event.kind) {
      case 'endpoints':
        this.setEndpoints(event.endpoints);
        return;
      case 'visible':
        this.visible = event.visible;
        this.schedule();
        if (event.visible && this.autoRefresh.checked && !this.gone) this.reload();
        return;
      case 'gone':
        this.gone = true;
        this.schedule();
        this.showProblem(event.message);
        return;
    }
  }
}

new UsagePage(document.getElementById('app')!);
