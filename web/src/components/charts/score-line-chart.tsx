import { useMemo } from "react";
import type uPlot from "uplot";
import { cssColor, UplotChart } from "./uplot-chart.tsx";

/**
 * Percent (0–100) per finished attempt over time. Dates and numbers come formatted by the caller
 * (Intl, in the user's language); x is seconds since 1970 as uPlot expects.
 */
export function ScoreLineChart({
  points,
  label,
  seriesLabel,
  formatDate,
  formatPercent,
}: {
  points: { at: string; percent: number }[];
  label: string;
  seriesLabel: string;
  formatDate: (d: Date) => string;
  formatPercent: (n: number) => string;
}) {
  const data = useMemo<uPlot.AlignedData>(
    () => [points.map((p) => Date.parse(p.at) / 1000), points.map((p) => p.percent)],
    [points],
  );
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(() => {
    const accent = cssColor("--accent", "#1d4ed8");
    const muted = cssColor("--muted", "#475569");
    const axis = { stroke: muted, grid: { stroke: cssColor("--line", "#cbd5e1"), width: 1 }, size: 40 };
    return {
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: (_u, min, max) => (min === max ? [min - 86_400, max + 86_400] : [min, max]) },
        y: { range: [0, 100] },
      },
      axes: [
        { ...axis, values: (_u, splits) => splits.map((s) => formatDate(new Date(s * 1000))), space: 70 },
        { ...axis, values: (_u, splits) => splits.map((s) => formatPercent(s)), size: 48 },
      ],
      series: [
        {},
        {
          label: seriesLabel,
          stroke: accent,
          width: 2,
          fill: `${accent}22`,
          points: { show: true, size: 7, fill: accent },
        },
      ],
    };
  }, [seriesLabel, formatDate, formatPercent]);
  return <UplotChart options={options} data={data} height={220} label={label} testId="score-chart" />;
}
