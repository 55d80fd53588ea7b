/**
 * Chart.js, registered with only the pieces the dashboard draws (bars and doughnuts), and the
 * accessible wrapper every chart gets: a figure with a caption, the canvas described in words,
 * and the numbers as a table for screen readers and anyone who prefers them.
 */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { h } from './dom.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, Legend);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
Chart.defaults.color = '#1f2937';
Chart.defaults.animation = false;

/** Colour-blind-friendly palette (Okabe–Ito, darkened for contrast on white). */
const PALETTE = ['#0b5fa5', '#c2410c', '#047857', '#a21caf', '#b45309', '#0e7490', '#be123c', '#4d7c0f', '#6d28d9', '#475569'];

export interface Series {
  labels: string[];
  values: number[];
}

export type ChartKind = 'bar' | 'hbar' | 'doughnut';

export function chartFigure(options: { title: string; series: Series; kind: ChartKind; unit: string; wide?: boolean }): {
  figure: HTMLElement;
  chart: Chart | null;
} {
  const { title, series, kind, unit } = options;
  const total = series.values.reduce((a, b) => a + b, 0);
  const summary = series.labels
    .slice(0, 5)
    .map((label, i) => `${label}: ${series.values[i]}`)
    .join(', ');
  const canvas = h('canvas', { role: 'img', 'aria-label': `${title}. ${summary}${series.labels.length > 5 ? ', …' : ''}` });
  const rowsShown = kind === 'hbar' ? series.labels.length : 0;
  const height = kind === 'hbar' ? Math.max(160, rowsShown * 22 + 40) : 220;
  const box = h('div', { class: 'chart-box', style: `height:${height}px` }, canvas);
  const table = h(
    'details',
    { class: 'chart-data' },
    h('summary', null, 'Show the numbers'),
    h(
      'table',
      null,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, unit))),
      h(
        'tbody',
        null,
        series.labels.map((label, i) => h('tr', null, h('th', { scope: 'row' }, label), h('td', null, series.values[i] ?? 0))),
      ),
    ),
  );
  const figure = h(
    'figure',
    { class: `chart${options.wide ? ' chart-wide' : ''}`, 'data-chart': title },
    h('figcaption', null, title, h('span', { class: 'chart-total' }, ` · ${total} ${unit}`)),
    series.labels.length === 0 ? h('p', { class: 'status-line' }, 'No data.') : box,
    series.labels.length === 0 ? null : table,
  );
  if (series.labels.length === 0) return { figure, chart: null };
  const config: ChartConfiguration =
    kind === 'doughnut'
      ? {
          type: 'doughnut',
          data: {
            labels: series.labels,
            datasets: [{ data: series.values, backgroundColor: PALETTE, borderColor: '#ffffff', borderWidth: 2 }],
          },
          options: {
            maintainAspectRatio: false,
            plugins: { legend: { position: 'right', labels: { boxWidth: 12, padding: 8 } } },
          },
        }
      : {
          type: 'bar',
          data: {
            labels: series.labels,
            datasets: [{ label: unit, data: series.values, backgroundColor: PALETTE[0], borderRadius: 3, maxBarThickness: 28 }],
          },
          options: {
            indexAxis: kind === 'hbar' ? 'y' : 'x',
            maintainAspectRatio: false,
            plugins: { legend: { display: false } },
            scales: {
              x: { grid: { display: kind === 'hbar' }, ticks: { precision: 0, autoSkip: kind !== 'hbar' } },
              y: { grid: { display: kind !== 'hbar' }, ticks: { precision: 0, autoSkip: false } },
            },
          },
        };
  const chart = new Chart(canvas, config);
  return { figure, chart };
}
