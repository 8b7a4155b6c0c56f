/**
 * Reads the nodes' Prometheus text (/metrics) and sums every series of a name across labels and
 * nodes, so a phase can report the server's own view: mean flush batch, flush time, ack time.
 */
export type MetricTotals = Map<string, number>;

export function parsePrometheus(text: string, into: MetricTotals = new Map()): MetricTotals {
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const value = Number(m[3]);
    if (!Number.isFinite(value)) continue;
    // Buckets would be summed across `le` into nonsense; sums and counts are what we need.
    if (m[1]!.endsWith("_bucket")) continue;
    into.set(m[1]!, (into.get(m[1]!) ?? 0) + value);
  }
  return into;
}

/** The METRICS_TOKEN self-started nodes get (production mode serves /metrics only with a token). */
export const LOAD_METRICS_TOKEN = "load-test-metrics-token";

export async function scrapeNodes(urls: string[]): Promise<MetricTotals | undefined> {
  try {
    const totals: MetricTotals = new Map();
    const texts = await Promise.all(
      urls.map(async (u) =>
        (
          await fetch(`${u}/metrics`, {
            signal: AbortSignal.timeout(5000),
            headers: { authorization: `Bearer ${LOAD_METRICS_TOKEN}` },
          })
        ).text(),
      ),
    );
    for (const t of texts) parsePrometheus(t, totals);
    return totals;
  } catch {
    return undefined;
  }
}

/** The server-side figures of one phase, from two scrapes. */
export function serverView(
  before: MetricTotals,
  after: MetricTotals,
  seconds: number,
): Record<string, string> {
  const d = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  const out: Record<string, string> = {};
  const flushes = d("imtihon_answer_flush_batch_size_count");
  if (flushes > 0) {
    out["server: flushes/s, mean answers per flush"] =
      `${(flushes / seconds).toFixed(1)}/s, ${(d("imtihon_answer_flush_batch_size_sum") / flushes).toFixed(1)}`;
    out["server: mean flush (one batch upsert + commit)"] =
      `${(d("imtihon_answer_flush_milliseconds_sum") / Math.max(1, d("imtihon_answer_flush_milliseconds_count"))).toFixed(1)} ms`;
  }
  // Heap in use (all nodes) beside RSS tells live objects from memory V8 has not returned yet.
  const heap = after.get("nodejs_heap_size_used_bytes");
  if (heap !== undefined)
    out["server: V8 heap used at the end of the phase (all nodes)"] = `${(heap / 1048576).toFixed(1)} MiB`;
  const acks = d("imtihon_answer_ack_milliseconds_count");
  if (acks > 0)
    out["server: mean answer ack (received → acked)"] =
      `${(d("imtihon_answer_ack_milliseconds_sum") / acks).toFixed(1)} ms over ${acks} acks`;
  return out;
}
