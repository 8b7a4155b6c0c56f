import type { AppContext } from "../context.ts";

const PROBE_MS = 1500;

function bounded<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), PROBE_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Refreshed on every scrape, so alerts see what this node sees: whether it reaches Postgres and
 * Redis, and how fresh Postgres's WAL archive is (the RPO of point-in-time recovery).
 */
export async function refreshDependencyMetrics(ctx: AppContext): Promise<void> {
  const m = ctx.metrics;
  const postgres = bounded(
    ctx.sql<{ mode: string; archived: number | null; failed: number }[]>`
      select current_setting('archive_mode') as mode,
             extract(epoch from last_archived_time)::float8 as archived,
             failed_count::int as failed
        from pg_stat_archiver`,
  ).then(
    ([row]) => {
      m.dependencyUp.labels("postgres").set(1);
      if (row && row.mode !== "off") {
        m.walArchivedAt.labels(row.mode).set(row.archived ?? 0);
        m.walArchiveFailures.labels(row.mode).set(row.failed);
      } else {
        m.walArchivedAt.reset();
        m.walArchiveFailures.reset();
      }
    },
    () => m.dependencyUp.labels("postgres").set(0),
  );
  const redis = ctx.redis
    ? bounded(ctx.redis.ping()).then(
        () => m.dependencyUp.labels("redis").set(1),
        () => m.dependencyUp.labels("redis").set(0),
      )
    : undefined;
  await Promise.all([postgres, redis]);
}
