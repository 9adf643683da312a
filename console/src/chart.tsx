import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { theme, useStore } from './theme.js';

/** A colour of the current theme, from the CSS custom properties (charts draw on a canvas). */
function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export interface BarChartProps {
  /** One label per bar, under the axis. */
  labels: readonly string[];
  values: readonly number[];
  /** Colour variable per bar (e.g. --ok), or one for all. */
  colors?: readonly string[] | string;
  unit?: string;
  height?: number;
  title: string;
}

/**
 * Bars over categories with uPlot (bars paths, a numeric x axis labelled with the categories).
 * uPlot draws on one canvas, so charts stay cheap however often the live feed redraws them.
 */
export function BarChart({ labels, values, colors = '--accent', unit = '', height = 220, title }: BarChartProps) {
  const xs = labels.map((_, i) => i);
  const palette = (i: number) => cssColor(typeof colors === 'string' ? colors : (colors[i] ?? '--accent'));
  // Bars coloured one by one (uPlot's `disp`), e.g. states by their tone.
  const barColors = { unit: 3 as const, values: () => values.map((_, i) => palette(i)) };
  return (
    <Plot
      title={title}
      height={height}
      data={[xs, [...values]]}
      options={(width) => ({
        width,
        height,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: { x: { time: false, range: [-0.6, labels.length - 0.4] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [
          {
            stroke: cssColor('--muted'),
            grid: { show: false },
            ticks: { show: false },
            splits: () => xs,
            values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
            rotate: labels.length > 6 ? -35 : 0,
            size: labels.length > 6 ? 80 : 30,
            font: '11px system-ui, sans-serif',
          },
          {
            stroke: cssColor('--muted'),
            grid: { stroke: cssColor('--grid'), width: 1 },
            font: '11px system-ui, sans-serif',
            values: (_u, splits) => splits.map((v) => `${v}${unit}`),
            size: 56,
          },
        ],
        series: [
          {},
          {
            label: title,
            paths: uPlot.paths.bars!({ size: [0.7, 48], disp: { fill: barColors, stroke: barColors } }),
            points: { show: false },
            fill: palette(0),
            stroke: palette(0),
          },
        ],
      })}
    />
  );
}

export interface TimeBarsProps {
  /** Epoch seconds of each bar (a day's start). */
  times: readonly number[];
  values: readonly number[];
  unit: string;
  title: string;
  height?: number;
}

/** Daily figures over time as bars (a card's usage history). */
export function TimeBars({ times, values, unit, title, height = 240 }: TimeBarsProps) {
  return (
    <Plot
      title={title}
      height={height}
      data={[[...times], [...values]]}
      options={(width) => ({
        width,
        height,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        // China days: the chart's dates are the carriers' (UTC+8), whatever the viewer's zone.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Shanghai'),
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [
          { stroke: cssColor('--muted'), grid: { show: false }, font: '11px system-ui, sans-serif' },
          {
            stroke: cssColor('--muted'),
            grid: { stroke: cssColor('--grid'), width: 1 },
            font: '11px system-ui, sans-serif',
            values: (_u, s) => s.map((v) => `${v} ${unit}`),
            size: 70,
          },
        ],
        series: [
          {},
          {
            label: title,
            paths: uPlot.paths.bars!({ size: [0.8, 30], align: 1 }),
            points: { show: false },
            fill: cssColor('--accent'),
            stroke: cssColor('--accent'),
          },
        ],
      })}
    />
  );
}

interface PlotProps {
  title: string;
  height: number;
  data: uPlot.AlignedData;
  options: (width: number) => uPlot.Options;
}

/** One uPlot instance: made once per theme, fed new data in place, resized with its box. */
function Plot({ title, height, data, options }: PlotProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const mode = useStore(theme);
  useEffect(() => {
    const el = box.current!;
    plot.current = new uPlot(options(Math.max(200, el.clientWidth)), data, el);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = undefined;
    };
    // Options are rebuilt only with the theme and size; data is set below without a rebuild.
  }, [mode, height, data[0].length]);
  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);
  return <div class="chart" ref={box} role="img" aria-label={title} data-chart={title} data-points={data[0].length} />;
}
