import { createExamClient, type Attempt, type ExamClient, type StartTarget } from "@imtihon/client-sdk";
import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";

/** What the clients were told is durable, and what they were refused. */
export interface Ledger {
  /** Per `attempt/question`: the highest seq the server acknowledged as durable. */
  acked: Map<string, number>;
  /** Save promises that resolved (acknowledged durable). */
  ackCount: number;
  /** Save calls made. */
  saveCount: number;
  /** Save promises rejected for good, by code (none expected while the attempt is open). */
  rejected: Map<string, number>;
  /** Every ack: client time received, server savedAt (absent when stale), ms since save() was called. */
  ackTimes: { receivedAt: number; savedAt: number | undefined; latencyMs: number }[];
}

export interface Crowd {
  clients: ExamClient[];
  attempts: Attempt[];
  ledger: Ledger;
  /** Clients that lost their connection at least once after starting. */
  moved: Set<number>;
  /** Each connection lost after starting: when it was noticed and when the client was connected again. */
  outages: { lostAt: number; backAt?: number }[];
  /** Starts every student saving answers in a loop until stop(). */
  startSaving(intervalMs: number): void;
  stopSaving(): Promise<void>;
  /** Waits until every outbox is empty; throws with the count left after the timeout. */
  flushAll(timeoutMs: number): Promise<void>;
  close(): void;
}

const CHOICES = ["a", "b", "c", "d"];

/**
 * N students on the SDK (persisted outbox, resend, draining and reconnect handling), all through
 * one URL (the balancer). Each saves a different question every interval without waiting for the
 * ack, like a student clicking through the sheet.
 */
export async function startCrowd(
  url: string,
  tokens: string[],
  target: StartTarget,
  options: { batch?: number } = {},
): Promise<Crowd> {
  const ledger: Ledger = { acked: new Map(), ackCount: 0, saveCount: 0, rejected: new Map(), ackTimes: [] };
  const clients: ExamClient[] = [];
  const attempts: Attempt[] = [];
  const moved = new Set<number>();
  const outages: Crowd["outages"] = [];
  const batch = options.batch ?? 50;
  for (let i = 0; i < tokens.length; i += batch) {
    const started = await Promise.all(
      tokens.slice(i, i + batch).map(async (token, j) => {
        const index = i + j;
        const client = createExamClient({
          url,
          getToken: () => token,
          socketOptions: { reconnectionDelay: 200, reconnectionDelayMax: 1000 },
        });
        let started = false;
        let outage: { lostAt: number; backAt?: number } | undefined;
        client.on("connection", (s) => {
          if (!started) return;
          if (s === "reconnecting" && !outage) {
            moved.add(index);
            outage = { lostAt: Date.now() };
            outages.push(outage);
          } else if (s === "connected" && outage) {
            outage.backAt = Date.now();
            outage = undefined;
          }
        });
        // A busy server may answer `unavailable`: retry like a client would, a bounded number of times.
        let attempt: Attempt | undefined;
        for (let tries = 0; !attempt; tries++) {
          try {
            attempt = await client.startAttempt(target);
          } catch (err) {
            if (tries >= 10 || (err as { code?: string }).code !== "unavailable") throw err;
            await new Promise((r) => setTimeout(r, 300));
          }
        }
        started = true;
        return { client, attempt };
      }),
    );
    for (const s of started) {
      clients.push(s.client);
      attempts.push(s.attempt);
    }
  }

  let saving = false;
  let loops: Promise<void>[] = [];
  return {
    clients,
    attempts,
    ledger,
    moved,
    outages,
    startSaving(intervalMs) {
      saving = true;
      loops = attempts.map(async (att, i) => {
        // Spread the students over the interval so saves do not arrive in lockstep.
        await new Promise((r) => setTimeout(r, (i * 7) % intervalMs));
        for (let n = 0; saving; n++) {
          // A few questions over and over: the same answer is changed, so seqs climb past 1.
          const q = att.questions[(n + i) % Math.min(8, att.questions.length)]!;
          const key = `${att.id}/${q.id}`;
          ledger.saveCount++;
          const calledAt = Date.now();
          att.save(q.id, { choice: CHOICES[(n + i) % 4]! }).then(
            (r) => {
              ledger.ackCount++;
              ledger.acked.set(key, Math.max(ledger.acked.get(key) ?? 0, r.seq));
              const receivedAt = Date.now();
              ledger.ackTimes.push({
                receivedAt,
                savedAt: r.savedAt ? Date.parse(r.savedAt) : undefined,
                latencyMs: receivedAt - calledAt,
              });
            },
            (err: { code?: string }) => {
              const code = err.code ?? "error";
              ledger.rejected.set(code, (ledger.rejected.get(code) ?? 0) + 1);
            },
          );
          await new Promise((r) => setTimeout(r, intervalMs));
        }
      });
    },
    async stopSaving() {
      saving = false;
      await Promise.all(loops);
    },
    async flushAll(timeoutMs) {
      const until = Date.now() + timeoutMs;
      await Promise.all(
        attempts.map((a) => a.flush(Math.max(1000, until - Date.now())).catch(() => undefined)),
      );
      const left = attempts.reduce((n, a) => n + a.pendingCount, 0);
      if (left > 0) throw new Error(`${left} answers still in outboxes after ${timeoutMs} ms`);
    },
    close() {
      for (const c of clients) c.close();
    },
  };
}

export interface Audit {
  /** (attempt, question) pairs with an acknowledged save. */
  ackedKeys: number;
  /** Of those, stored with a seq at least the acknowledged one. */
  stored: number;
  /** Acknowledged but missing or older in Postgres: must be 0. */
  lost: number;
  /** Pairs where the client's final answer (seq) differs from Postgres: must be 0 after a flush. */
  diverged: number;
}

/** Compares the ledger (and each client's final answers) with the answers table. */
export async function audit(db: Kysely<Database>, crowd: Crowd): Promise<Audit> {
  const ids = crowd.attempts.map((a) => a.id);
  const rows = await db
    .selectFrom("answers")
    .select(["attempt_id", "question_id", "seq"])
    .where("attempt_id", "in", ids)
    .execute();
  const stored = new Map(rows.map((r) => [`${r.attempt_id}/${r.question_id}`, r.seq]));
  let ok = 0;
  let lost = 0;
  for (const [key, seq] of crowd.ledger.acked) {
    const s = stored.get(key);
    if (s !== undefined && s >= seq) ok++;
    else lost++;
  }
  let diverged = 0;
  for (const att of crowd.attempts) {
    for (const [qid, a] of Object.entries(att.answers))
      if (stored.get(`${att.id}/${qid}`) !== a.seq) diverged++;
  }
  return { ackedKeys: crowd.ledger.acked.size, stored: ok, lost, diverged };
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export async function rssMiB(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** One Prometheus sample from a node's /metrics (sum over label sets matching `labels`). */
export async function metric(url: string, name: string, labels = ""): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!(rest.startsWith(" ") || rest.startsWith("{"))) continue;
    if (labels && !rest.includes(labels)) continue;
    sum += Number(line.split(" ").pop());
  }
  return sum;
}

/** The p-th percentile (0..100) of the values, or 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** How long the clients that lost their connection took to be connected again (ms, worst and median). */
export function reconnectFigures(crowd: Crowd): {
  reconnected: number;
  stillOut: number;
  worstMs: number;
  medianMs: number;
} {
  const back = crowd.outages.filter((o) => o.backAt !== undefined).map((o) => o.backAt! - o.lostAt);
  return {
    reconnected: back.length,
    stillOut: crowd.outages.length - back.length,
    worstMs: back.length ? Math.max(...back) : 0,
    medianMs: percentile(back, 50),
  };
}
