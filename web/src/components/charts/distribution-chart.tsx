import { useMemo } from "react";
import uPlot from "uplot";
import { cssColor, UplotChart } from "./uplot-chart.tsx";

/**
 * Students per score bucket as bars, the student's own bucket in a second colour ("you are here").
 * Two bar series at the same x: the others' bars leave the student's bucket empty, the student's
 * series has only that bar, so the highlighted bar is the whole bucket's count.
 */
export function DistributionChart({
  buckets,
  you,
  label,
  youLabel,
  othersLabel,
  formatPoints,
}: {
  buckets: { from: number; to: number; count: number }[];
  you: number;
  label: string;
  youLabel: string;
  othersLabel: string;
  formatPoints: (n: number) => string;
}) {
  const data = useMemo<uPlot.AlignedData>(
    () => [
      buckets.map((_, i) => i),
      buckets.map((b, i) => (i === you ? null : b.count)),
      buckets.map((b, i) => (i === you ? b.count : null)),
    ],
    [buckets, you],
  );
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(() => {
    const accent = cssColor("--accent", "#1d4ed8");
    const soft = cssColor("--line", "#cbd5e1");
    const muted = cssColor("--muted", "#475569");
    const bars = uPlot.paths.bars!({ size: [0.85, 64], align: 0 });
    const axis = { stroke: muted, grid: { show: false }, size: 36 };
    return {
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: [-0.5, buckets.length - 0.5] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
      },
      axes: [
        {
          ...axis,
          space: 44,
          values: (_u, splits) =>
            splits.map((s) => (Number.isInteger(s) && buckets[s] ? formatPoints(buckets[s].from) : "")),
        },
        {
          ...axis,
          size: 44,
          values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? String(s) : "")),
        },
      ],
      series: [
        {},
        { label: othersLabel, fill: soft, stroke: soft, paths: bars, points: { show: false } },
        { label: youLabel, fill: accent, stroke: accent, paths: bars, points: { show: false } },
      ],
    };
  }, [buckets, youLabel, othersLabel, formatPoints]);
  return <UplotChart options={options} data={data} height={180} label={label} testId="distribution-chart" />;
}
