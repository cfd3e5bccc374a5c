// The bureau's charts, kept in their own chunk with only the parts of ECharts they use.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { StatsRow } from './data';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** Hours by county, one bar series per semester. Returns a function that removes it. */
export function barChart(el: HTMLElement, rows: StatsRow[]): () => void {
  const counties = [...new Set(rows.map((r) => r.keys[0].label))];
  const semesters = [...new Set(rows.map((r) => r.keys[1].label))];
  const c = echarts.init(el, undefined, { renderer: 'svg' });
  c.setOption({
    animation: false,
    // Drawn in the chart itself: the HTML tooltip's inline styles are refused by the
    // page's content security policy.
    tooltip: { renderMode: 'richText' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 10, top: 10, bottom: 60 },
    xAxis: { type: 'category', data: counties },
    yAxis: { type: 'value' },
    series: semesters.map((s) => ({
      type: 'bar',
      name: s,
      data: counties.map((ct) => rows.find((r) => r.keys[0].label === ct && r.keys[1].label === s)?.values[0] ?? 0),
    })),
  });
  return () => c.dispose();
}

/** One measure over months (rows keyed by month, in order), as a line. */
export function lineChart(el: HTMLElement, rows: StatsRow[], name: string): () => void {
  const c = echarts.init(el, undefined, { renderer: 'svg' });
  c.setOption({
    animation: false,
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    grid: { left: 40, right: 10, top: 10, bottom: 30 },
    xAxis: { type: 'category', data: rows.map((r) => r.keys[0].label) },
    yAxis: { type: 'value' },
    series: [{ type: 'line', name, data: rows.map((r) => r.values[0] ?? 0) }],
  });
  return () => c.dispose();
}
