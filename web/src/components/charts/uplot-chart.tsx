import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** A CSS custom property of the page (the palette lives in styles.css), for canvas colours. */
export function cssColor(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * One uPlot chart that fills its container's width and follows it (a phone turned sideways, a
 * window resized). uPlot draws on a canvas, so `label` is the chart's accessible name and callers
 * put the same facts in text beside it.
 */
export function UplotChart({
  options,
  data,
  height,
  label,
  testId,
}: {
  /** Everything but the size, which this component owns. */
  options: Omit<uPlot.Options, "width" | "height">;
  data: uPlot.AlignedData;
  height: number;
  label: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(200, Math.floor(el.clientWidth));
    const plot = new uPlot({ ...options, width: width(), height }, data, el);
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [options, data, height]);
  return <div ref={box} className="chart" role="img" aria-label={label} data-testid={testId} />;
}
