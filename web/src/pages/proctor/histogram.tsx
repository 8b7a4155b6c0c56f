import { formatNumber } from "../../i18n/format.ts";
import { useI18n } from "../../i18n/i18n.tsx";

export interface Bucket {
  from: number;
  to: number;
  count: number;
}

const W = 640;
const H = 220;
const PAD = { left: 36, right: 16, top: 12, bottom: 36 };

/** A bar chart of score buckets in plain SVG; scales to its container's width. */
export function Histogram({
  buckets,
  label,
  countLabel,
}: {
  buckets: Bucket[];
  label: string;
  countLabel: string;
}) {
  const { lang } = useI18n();
  const fmt = (n: number) => formatNumber(lang, n, 1);
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const barW = buckets.length ? plotW / buckets.length : plotW;
  const ticks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="histogram">
      <title>{label}</title>
      {ticks.map((v) => {
        const y = PAD.top + plotH - (v / max) * plotH;
        return (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} className="grid" />
            <text x={PAD.left - 6} y={y + 4} textAnchor="end" className="axis">
              {v}
            </text>
          </g>
        );
      })}
      {buckets.map((b, i) => {
        const h = (b.count / max) * plotH;
        const x = PAD.left + i * barW;
        return (
          <g key={i}>
            <rect x={x + 1} y={PAD.top + plotH - h} width={Math.max(1, barW - 2)} height={h} className="bar">
              <title>{`${fmt(b.from)}–${fmt(b.to)}: ${b.count} ${countLabel}`}</title>
            </rect>
            {(buckets.length <= 12 || i % Math.ceil(buckets.length / 12) === 0) && (
              <text x={x} y={H - PAD.bottom + 16} textAnchor="middle" className="axis">
                {fmt(b.from)}
              </text>
            )}
          </g>
        );
      })}
      {buckets.length > 0 && (
        <text x={W - PAD.right} y={H - PAD.bottom + 16} textAnchor="middle" className="axis">
          {fmt(buckets[buckets.length - 1]!.to)}
        </text>
      )}
      <line
        x1={PAD.left}
        x2={W - PAD.right}
        y1={PAD.top + plotH}
        y2={PAD.top + plotH}
        className="axis-line"
      />
    </svg>
  );
}
