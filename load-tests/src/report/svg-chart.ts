import type { SeriesPoint } from "./collector.ts";

export interface ChartPanel {
  title: string;
  series: SeriesPoint[];
  /** Label of the per-second figure (answers/s, requests/s, starts/s). */
  rateLabel: string;
}

const W = 900;
const H = 260;
const PAD = { left: 60, right: 70, top: 34, bottom: 36 };
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A "nice" axis maximum: 1, 2 or 5 times a power of ten at or above v. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function panel(p: ChartPanel, y0: number): string {
  const pts = p.series;
  const tMax = Math.max(1, ...pts.map((s) => s.t));
  const latMax = niceMax(Math.max(...pts.map((s) => s.p99), 1));
  const rateMax = niceMax(Math.max(...pts.map((s) => s.perSecond), 1));
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + (t / tMax) * iw;
  const yLat = (v: number) => y0 + PAD.top + ih - (Math.min(v, latMax) / latMax) * ih;
  const yRate = (v: number) => y0 + PAD.top + ih - (v / rateMax) * ih;
  const line = (f: (s: SeriesPoint) => number, y: (v: number) => number) =>
    pts.map((s, i) => `${i ? "L" : "M"}${x(s.t).toFixed(1)},${y(f(s)).toFixed(1)}`).join(" ");
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const yy = y0 + PAD.top + ih - f * ih;
      return (
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${yy}" y2="${yy}" stroke="#e5e5e5"/>` +
        `<text x="${PAD.left - 6}" y="${yy + 4}" text-anchor="end">${+(latMax * f).toPrecision(3)}</text>` +
        `<text x="${W - PAD.right + 6}" y="${yy + 4}">${Math.round(rateMax * f)}</text>`
      );
    })
    .join("");
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (f) =>
        `<text x="${x(tMax * f)}" y="${y0 + H - 14}" text-anchor="middle">${Math.round(tMax * f)}s</text>`,
    )
    .join("");
  return `<g>
<text x="${PAD.left}" y="${y0 + 20}" font-weight="bold">${esc(p.title)}</text>
<text x="${W - PAD.right}" y="${y0 + 20}" text-anchor="end"><tspan fill="#1f77b4">p50 ms</tspan>  <tspan fill="#d62728">p99 ms</tspan>  <tspan fill="#2ca02c">${esc(p.rateLabel)} (right axis)</tspan></text>
${grid}${ticks}
${pts.length ? `<path d="${line((s) => s.perSecond, yRate)}" fill="none" stroke="#2ca02c" stroke-width="1.5" opacity="0.7"/>` : ""}
${pts.length ? `<path d="${line((s) => s.p50, yLat)}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>` : ""}
${pts.length ? `<path d="${line((s) => s.p99, yLat)}" fill="none" stroke="#d62728" stroke-width="1.5"/>` : ""}
</g>`;
}

/** Latency (p50, p99, left axis) and throughput (right axis) over time, one panel per measured run. */
export function latencyChart(panels: ChartPanel[]): string {
  const height = Math.max(1, panels.length) * H;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
${panels.map((p, i) => panel(p, i * H)).join("\n")}
</svg>
`;
}
