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
