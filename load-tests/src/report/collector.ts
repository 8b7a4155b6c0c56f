import * as hdr from "hdr-histogram-js";
import type { Tick } from "../generator/messages.ts";

export type Histogram = hdr.Histogram;
export const newHistogram = (): Histogram =>
  hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });

/** Adds compressed histograms (from generator processes) into one. */
export function mergeHistograms(encoded: (string | undefined)[]): Histogram {
  const h = newHistogram();
  for (const e of encoded) if (e) h.add(hdr.decodeFromCompressedBase64(e));
  return h;
}

export interface Latency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** Percentiles in milliseconds of a µs histogram. */
export function latency(h: Histogram): Latency {
  const ms = (us: number) => Math.round(us / 10) / 100;
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p95: ms(h.getValueAtPercentile(95)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}

export interface SeriesPoint {
  /** Seconds since the phase began. */
  t: number;
  perSecond: number;
  connected: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

/**
 * Folds the generators' one-second ticks into a per-second series (throughput and latency over
 * time) and keeps the live figures for the progress line.
 */
export class TickCollector {
  readonly series: SeriesPoint[] = [];
  private bucket = newHistogram();
  private okByWorker = new Map<number, number>();
  private connectedByWorker = new Map<number, number>();
  private inflightByWorker = new Map<number, number>();
  private bucketOk = 0;
  private bucketErrors = 0;
  private began = Date.now();
  totalErrors: Record<string, number> = {};

  reset(): void {
    this.series.length = 0;
    this.bucket = newHistogram();
    this.bucketOk = 0;
    this.bucketErrors = 0;
    this.began = Date.now();
    this.totalErrors = {};
  }

  add(t: Tick): void {
    const last = this.okByWorker.get(t.worker) ?? 0;
    // Generators restart their counters at each phase.
    this.bucketOk += t.ok >= last ? t.ok - last : t.ok;
    this.okByWorker.set(t.worker, t.ok);
    this.connectedByWorker.set(t.worker, t.connected);
    this.inflightByWorker.set(t.worker, t.inflight);
    for (const [code, n] of Object.entries(t.errors)) {
      this.totalErrors[code] = (this.totalErrors[code] ?? 0) + n;
      this.bucketErrors += n;
    }
    if (t.hist) this.bucket.add(hdr.decodeFromCompressedBase64(t.hist));
  }

  get connected(): number {
    let n = 0;
    for (const v of this.connectedByWorker.values()) n += v;
    return n;
  }

  get inflight(): number {
    let n = 0;
    for (const v of this.inflightByWorker.values()) n += v;
    return n;
  }

  /** Closes the current second; call once a second. */
  roll(): SeriesPoint {
    const l = latency(this.bucket);
    const point: SeriesPoint = {
      t: Math.round((Date.now() - this.began) / 100) / 10,
      perSecond: this.bucketOk,
      connected: this.connected,
      p50: l.count ? l.p50 : 0,
      p99: l.count ? l.p99 : 0,
      max: l.count ? l.max : 0,
      errors: this.bucketErrors,
    };
    this.series.push(point);
    this.bucket.reset();
    this.bucketOk = 0;
    this.bucketErrors = 0;
    return point;
  }
}
