import postgres from "postgres";
import type { SessionView } from "@imtihon/client-sdk/protocol";
import { createTokenService } from "@imtihon/server/auth";
import { LeanSocket } from "../client/lean-socket.ts";
import { createExam, createSession, insertUsers } from "../cluster/fixtures.ts";
import type { Imtihon } from "./bench.ts";
import { UsageError } from "./options.ts";

export class ScenarioError extends Error {
  override name = "ScenarioError";
}

/** A live exam, a session for it and its proctor connected over a lean socket. */
export interface LiveSession {
  examId: string;
  sessionId: string;
  proctor: LeanSocket;
  proctorId: string;
  close(): void;
}

export async function openLiveSession(
  sut: Imtihon,
  o: { examSeconds: number; questions: number; title: string },
): Promise<LiveSession> {
  if (!sut.databaseUrl || !sut.jwtSecret)
    throw new UsageError("live-session scenarios against --url need --database-url and --jwt-secret");
  const exam = await createExam(sut.baseUrl, sut.adminToken, {
    questions: o.questions,
    durationSeconds: o.examSeconds,
    mode: "live",
    title: o.title,
  });
  const [user] = await insertUsers(sut.databaseUrl, 1, "proctor");
  const { token } = await createTokenService(sut.jwtSecret, 6 * 3600).signAccess({
    id: user!.id,
    role: "proctor",
    tokenVersion: 0,
  });
  const sessionId = await createSession(sut.baseUrl, token, exam.examId);
  const proctor = new LeanSocket();
  await proctor.connect({ url: sut.target.entryUrls[0]!, auth: { token }, localAddress: "127.250.0.1" });
  return { examId: exam.examId, sessionId, proctor, proctorId: user!.id, close: () => proctor.close() };
}

/** session:start; resolves with the session (its deadline is every attempt's deadline). */
export async function startSession(live: LiveSession): Promise<SessionView> {
  const ack = await live.proctor.emitWithAck("session:start", { sessionId: live.sessionId });
  if (!ack.ok) throw new ScenarioError(`session:start refused: ${ack.error.code} ${ack.error.message}`);
  return ack.session;
}

/** The `p`th percentile of an ascending list (nearest rank). */
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export interface Finalized {
  closed: number;
  scored: number;
  /** Ms after the deadline when every attempt (or `expected` of them) had its result; unset if not by `untilMs`. */
  afterMs?: number;
}

/**
 * Polls Postgres until the session's attempts are closed and scored (all of them, or `expected`)
 * after the deadline, or until `untilMs` (an epoch time): the end storm as the database sees it.
 */
export async function watchFinalized(
  databaseUrl: string,
  o: { sessionId: string; deadline: number; untilMs: number; expected?: number },
): Promise<Finalized> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const out: Finalized = { closed: 0, scored: 0 };
  try {
    while (Date.now() < o.untilMs) {
      const [row] = await sql<{ closed: number; scored: number; total: number }[]>`
        select count(*) filter (where a.status not in ('in_progress', 'lobby'))::int as closed,
               count(r.attempt_id)::int as scored, count(*)::int as total
        from attempts a left join results r on r.attempt_id = a.id
        where a.session_id = ${o.sessionId}`;
      out.closed = row!.closed;
      out.scored = row!.scored;
      const expected = o.expected ?? row!.total;
      if (expected > 0 && out.scored >= expected && Date.now() >= o.deadline) {
        out.afterMs = Date.now() - o.deadline;
        return out;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return out;
  } finally {
    await sql.end();
  }
}

/** When the students heard `attempt:ended`, in ms after the deadline. */
export function endedSpread(results: { ended?: { at: number }[] }[], deadline: number) {
  const lags = results.flatMap((r) => (r.ended ?? []).map((e) => e.at - deadline)).sort((a, b) => a - b);
  return {
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    max: lags.at(-1) ?? 0,
    count: lags.length,
    /** "p50 …, p99 …, max … (n students)" for a report line. */
    get text() {
      return `p50 ${this.p50}, p99 ${this.p99}, max ${this.max} (${this.count} students)`;
    },
  };
}
