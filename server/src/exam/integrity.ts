import type { IntegrityKind, ServerIntegrityKind } from "@imtihon/client-sdk/protocol";
import type { Deps } from "../context.ts";
import { AppError } from "../errors.ts";

export interface StoredIntegrityEvent {
  attemptId: string;
  kind: IntegrityKind | ServerIntegrityKind;
  source: "client" | "server";
  at: Date;
  details?: Record<string, unknown>;
}

/** Stores an integrity event the server saw by itself (see `connectionSignals`). */
export async function storeIntegrityEvent(deps: Deps<"db">, e: StoredIntegrityEvent): Promise<void> {
  await deps.db
    .insertInto("integrity_events")
    .values({
      attempt_id: e.attemptId,
      kind: e.kind,
      source: e.source,
      at: e.at,
      details: e.details ? JSON.stringify(e.details) : null,
    })
    .execute();
}

/**
 * `integrity:report` from the student's client: stored only while the attempt is open (one statement,
 * so an attempt closing meanwhile cannot slip a report in after its end); a closed attempt answers
 * `attempt_closed`. A client clock may be wrong or hostile: its time is kept but never beyond now,
 * and the time stored is returned.
 */
export async function storeClientReport(
  deps: Deps<"db">,
  attemptId: string,
  kind: IntegrityKind,
  at: string,
): Promise<Date> {
  const when = new Date(Math.min(Date.parse(at), Date.now()));
  const stored = await deps.db
    .insertInto("integrity_events")
    .columns(["attempt_id", "kind", "source", "at", "details"])
    .expression((eb) =>
      eb
        .selectFrom("attempts")
        .select([
          "id",
          eb.val(kind).as("kind"),
          eb.val("client" as const).as("source"),
          eb.val(when).as("at"),
          eb.val(null).as("details"),
        ])
        .where("id", "=", attemptId)
        .where("status", "in", ["lobby", "in_progress"]),
    )
    .returning("id")
    .executeTakeFirst();
  if (!stored) throw new AppError("attempt_closed", "the attempt has ended: nothing more is recorded");
  return when;
}

const RECONNECT_WINDOW_S = 120;
const RECONNECT_LIMIT = 5;

/**
 * Signals the server sees by itself when a connection takes up a live attempt: the same attempt open
 * on two connections at once, a changed IP address, repeated reconnects in a short time. The caller
 * counts the connections (across nodes); the last address and the joins per window live in the cache.
 */
export async function connectionSignals(
  deps: Deps<"cache" | "config">,
  attemptId: string,
  connection: { ip: string; connections: number; now: Date; fresh?: boolean },
): Promise<Omit<StoredIntegrityEvent, "attemptId" | "source" | "at">[]> {
  const signals: Omit<StoredIntegrityEvent, "attemptId" | "source" | "at">[] = [];
  const { ip, connections, now } = connection;
  if (connections > 1) signals.push({ kind: "multiple_connections", details: { connections } });
  const prefix = deps.config.redisPrefix;
  const ipKey = `${prefix}:ip:${attemptId}`;
  const countKey = `${prefix}:joins:${attemptId}:${Math.floor(now.getTime() / (RECONNECT_WINDOW_S * 1000))}`;
  if (connection.fresh) {
    // Created by this join: no earlier address or join to compare with; two writes, no reads.
    await Promise.all([
      deps.cache.set(ipKey, ip, 6 * 3600),
      deps.cache.set(countKey, "1", RECONNECT_WINDOW_S),
    ]);
    return signals;
  }
  const lastIp = await deps.cache.get(ipKey);
  await deps.cache.set(ipKey, ip, 6 * 3600);
  if (lastIp && lastIp !== ip) signals.push({ kind: "ip_changed", details: { from: lastIp, to: ip } });
  const joins = Number((await deps.cache.get(countKey)) ?? "0") + 1;
  await deps.cache.set(countKey, String(joins), RECONNECT_WINDOW_S);
  if (joins === RECONNECT_LIMIT + 1) signals.push({ kind: "frequent_reconnects", details: { joins } });
  return signals;
}
