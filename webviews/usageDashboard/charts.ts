import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from '../shared/dom';
import { themeColors, type ThemeColors } from './themeColors';
import { readableBytes, type ChartData, type UsageSeries } from './usageSeries';

interface SeriesSpec {
  label: string;
  color: (c: ThemeColors) => string;
  /** How a value reads in the legend. */
  value?: (v: number) => string;
}

interface ChartSpec {
  id: keyof UsageSeries;
  title: string;
  series: SeriesSpec[];
  /** Counts add up: away from the cursor, the legend shows each series' sum over the range. */
  sums: boolean;
  /** How the y axis reads its ticks. */
  yValue: (v: number) => string;
}

const whole = (v: number) => (Number.isInteger(v) ? String(v) : '');
const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;

const CHARTS: ChartSpec[] = [
  {
    id: 'calls',
    title: 'Calls',
    yValue: whole,
    sums: true,
    series: [
      { label: 'Success', color: (c) => c.green },
      { label: 'Blocked', color: (c) => c.orange },
      { label: 'Throttled', color: (c) => c.yellow },
      { label: 'Failed', color: (c) => c.red },
      { label: 'Other', color: (c) => c.purple },
    ],
  },
  {
    id: 'latency',
    title: 'Latency',
    yValue: ms,
    sums: false,
    series: [
      { label: 'p50', color: (c) => c.blue, value: ms },
      { label: 'p95', color: (c) => c.purple, value: ms },
      { label: 'p99', color: (c) => c.red, value: ms },
    ],
  },
  {
    id: 'refused',
    title: 'Refused: blocked (401, 403, 429) and throttled (503)',
    yValue: whole,
    sums: true,
    series: [
      { label: 'Blocked', color: (c) => c.orange },
      { label: 'Throttled', color: (c) => c.yellow },
    ],
  },
  {
    id: 'bytes',
    title: 'Bytes',
    yValue: readableBytes,
    sums: true,
    series: [
      { label: 'In (requests)', color: (c) => c.blue, value: readableBytes },
      { label: 'Out (responses)', color: (c) => c.green, value: readableBytes },
    ],
  },
];

const HEIGHT = 180;

/**
 * The dashboard's four charts, drawn by uPlot on canvases. Their colours come from the VS Code theme's variables,
 * which a canvas cannot read by itself: the charts are drawn again when the theme changes (VS Code rewrites the
 * page's variables and body class then), and resized with their container so they never overflow the panel.
 */
export class UsageCharts {
  readonly element: HTMLElement;
  private readonly holders = new Map<keyof UsageSeries, HTMLElement>();
  private readonly plots = new Map<keyof UsageSeries, uPlot>();
  private data: UsageSeries | undefined;

  constructor() {
    this.element = h('div', { class: 'charts', id: 'charts' });
    for (const chart of CHARTS) {
      const holder = h('div', { class: 'chart', 'data-chart': chart.id });
      this.holders.set(chart.id, holder);
      this.element.append(h('section', { class: 'chart-card' }, h('h2', {}, chart.title), holder));
    }
    new ResizeObserver(() => this.resize()).observe(this.element);
    const themeChanged = new MutationObserver(() => this.rebuild());
    themeChanged.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    themeChanged.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  }

  show(series: UsageSeries): void {
    this.data = series;
    for (const chart of CHARTS) {
      const plot = this.plots.get(chart.id);
      if (plot) plot.setData(series[chart.id]);
      else this.create(chart, series[chart.id]);
    }
  }

  private width(): number {
    // The holder's own width, less nothing: uPlot's width covers its axes; the legend wraps below.
    const holder = this.holders.get('calls')!;
    return Math.max(200, Math.floor(holder.clientWidth));
  }

  private resize(): void {
    const width = this.width();
    for (const plot of this.plots.values()) if (plot.width !== width) plot.setSize({ width, height: HEIGHT });
  }

  private rebuild(): void {
    for (const plot of this.plots.values()) plot.destroy();
    this.plots.clear();
    if (this.data) this.show(this.data);
  }

  private create(chart: ChartSpec, data: ChartData): void {
    const colors = themeColors();
    const axis = (values?: (v: number) => string): uPlot.Axis => ({
      stroke: colors.foreground,
      font: `11px ${colors.fontFamily}`,
      grid: { stroke: colors.grid, width: 1 },
      ticks: { stroke: colors.grid, width: 1 },
      ...(values ? { values: (_plot: uPlot, ticks: number[]) => ticks.map(values), size: 64 } : {}),
    });
    const options: uPlot.Options = {
      width: this.width(),
      height: HEIGHT,
      scales: { x: { time: true }, y: { range: (_plot, min, max) => [0, Math.max(max, chart.id === 'latency' ? 1 : 4)] } },
      axes: [axis(), axis(chart.yValue)],
      cursor: { points: { size: 6 } },
      legend: { live: true },
      series: [
        { label: 'Time', value: (_plot, v) => (v === null || v === undefined ? 'whole range' : new Date(v * 1000).toLocaleString()) },
        ...chart.series.map(
          (s, index): uPlot.Series => ({
            label: s.label,
            stroke: s.color(colors),
            width: 2,
            points: { show: true, size: 4, fill: s.color(colors) },
            spanGaps: false,
            // Away from the cursor (no value picked), a count shows its sum over the range; latency shows a dash.
            value: (plot, v) => {
              const format = s.value ?? String;
              if (v !== null && v !== undefined) return format(v);
              if (!chart.sums) return '–';
              const values = plot.data[index + 1] ?? [];
              let sum = 0;
              for (let i = 0; i < values.length; i++) sum += Number(values[i] ?? 0);
              return format(sum);
            },
          }),
        ),
      ],
    };
    this.plots.set(chart.id, new uPlot(options, data, this.holders.get(chart.id)));
  }
}
