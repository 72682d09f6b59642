/**
 * Visitors per step as horizontal bars (first step on top, so it reads like a funnel), each labelled
 * with its count and step rate; the bottleneck's bar and rate are drawn in the warning colour.
 * ECharts is imported piece by piece (core + bar + grid + tooltip + SVG) to keep the bundle small.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  type GridComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { FunnelReport } from '../api.ts';
import { useI18n } from '../I18nProvider.tsx';
import { localizedLabel } from '../localizedLabel.ts';
import { COLORS, FONT_FAMILY } from '../theme.ts';

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

type ChartOption = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

interface Props {
  report: FunnelReport;
  /** Index of the bottleneck step, or null when there is none. */
  bottleneckIndex: number | null;
}

const ROW_HEIGHT = 52;

export function FunnelChart({ report, bottleneckIndex }: Props) {
  const { lang, t, fmt } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const labels = report.steps.map((s) => localizedLabel(s.label, lang));
    const rateText = (i: number): string => {
      const rate = report.steps[i]?.rateFromPrevious;
      if (rate === null || rate === undefined) return '';
      return `\u00a0\u00a0{${i === bottleneckIndex ? 'weak' : 'rate'}|${fmt.percent(rate)}}`;
    };
    const option: ChartOption = {
      animation: false,
      textStyle: { fontFamily: FONT_FAMILY },
      // Keep the step names inside the chart (ECharts 6 replacement for containLabel).
      grid: { left: 8, right: 110, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        inverse: true,
        data: labels,
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { color: COLORS.text, fontSize: 13, margin: 12, width: 220, overflow: 'truncate' },
      },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params) => {
          const first = Array.isArray(params) ? params[0] : params;
          const step = report.steps[first?.dataIndex ?? -1];
          if (!step) return '';
          const lines = [
            `<b>${escapeHtml(localizedLabel(step.label, lang))}</b>`,
            `${t.colVisitors}: ${fmt.count(step.count)}`,
            ...(step.rateFromPrevious === null ? [] : [`${t.colStepRate}: ${fmt.percent(step.rateFromPrevious)}`]),
            `${t.colFromStart}: ${fmt.percent(step.rateFromStart)}`,
          ];
          return lines.join('<br>');
        },
      },
      series: [
        {
          type: 'bar',
          barWidth: 30,
          data: report.steps.map((s, i) => ({
            value: s.count,
            itemStyle: {
              color: i === bottleneckIndex ? COLORS.warning : COLORS.bar,
              borderRadius: [0, 4, 4, 0],
            },
          })),
          label: {
            show: true,
            position: 'right',
            formatter: (p) => `{count|${fmt.count(report.steps[p.dataIndex]?.count ?? 0)}}${rateText(p.dataIndex)}`,
            rich: {
              count: { fontSize: 13, fontWeight: 'bold', color: COLORS.text },
              rate: { fontSize: 12, color: COLORS.muted },
              weak: { fontSize: 12, fontWeight: 'bold', color: COLORS.warning },
            },
          },
        },
      ],
    };
    chart.current?.setOption(option, { notMerge: true });
  }, [report, bottleneckIndex, lang, t, fmt]);

  return (
    <div
      ref={container}
      className="funnel-chart"
      role="img"
      aria-label={t.chartAria(localizedLabel(report.label, lang))}
      style={{ height: report.steps.length * ROW_HEIGHT + 16 }}
    />
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
