import { io, type Socket } from "socket.io-client";
import { createExam, insertUsers, LOAD_PASSWORD, login } from "../../load-tests/src/cluster/fixtures.ts";

/** One acknowledged answer:save, as the client saw it. */
export interface AckedSave {
  attemptId: string;
  questionId: string;
  seq: number;
  /** The server's commit-side clock for the row (clock_timestamp() in the upsert), ISO. */
  savedAt: string;
  sentAt: number;
  ackAt: number;
}

export interface ExamWriters {
  /** Every acknowledged save so far, in ack order. */
  acked: AckedSave[];
  /** Saves refused or unanswered (not acknowledged: not owed to anyone). */
  failed: number;
  /** Starts saving: each student saves one answer every `everyMs`, without waiting for acks. */
  start(everyMs: number): void;
  /** Stops sending and waits for the acks of every save already sent. */
  stop(): Promise<void>;
  close(): void;
}

/**
 * Students of a real exam on a real node, saving answers over Socket.IO and recording every ack:
 * the ledger a restore is checked against.
 */
export async function startExamWriters(o: {
  url: string;
  databaseUrl: string;
  admin: { email: string; password: string };
  students: number;
  questions: number;
}): Promise<ExamWriters> {
  const adminToken = await login(o.url, o.admin.email, o.admin.password);
  const exam = await createExam(o.url, adminToken, {
    questions: o.questions,
    durationSeconds: 3 * 3600,
    mode: "self_paced",
    title: "Restore drill",
  });
  const users = await insertUsers(o.databaseUrl, o.students);
  const students: { socket: Socket; attemptId: string; questionIds: string[]; seq: number; next: number }[] =
    [];
  for (const u of users) {
    const token = await login(o.url, u.email, LOAD_PASSWORD);
    const socket = io(o.url, {
      transports: ["websocket"],
      auth: { token },
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const ack = (await socket.timeout(10_000).emitWithAck("attempt:start", { examId: exam.examId })) as {
      ok: boolean;
      attempt?: { id: string; questions: { id: string }[] };
      error?: unknown;
    };
    if (!ack.ok || !ack.attempt) throw new Error(`attempt:start refused: ${JSON.stringify(ack)}`);
    students.push({
      socket,
      attemptId: ack.attempt.id,
      questionIds: ack.attempt.questions.map((q) => q.id),
      seq: 0,
      next: 0,
    });
  }
  const acked: AckedSave[] = [];
  const inFlight = new Set<Promise<void>>();
  let timers: NodeJS.Timeout[] = [];
  const writers: ExamWriters = {
    acked,
    failed: 0,
    start(everyMs) {
      timers = students.map((s, i) => {
        const save = () => {
          const questionId = s.questionIds[s.next++ % s.questionIds.length]!;
          const seq = ++s.seq;
          const sentAt = Date.now();
          const p = (
            s.socket.timeout(15_000).emitWithAck("answer:save", {
              attemptId: s.attemptId,
              questionId,
              response: { choice: ["a", "b", "c", "d"][seq % 4] },
              seq,
            }) as Promise<{ ok: boolean; seq?: number; savedAt?: string }>
          ).then(
            (a) => {
              if (a.ok && a.savedAt)
                acked.push({
                  attemptId: s.attemptId,
                  questionId,
                  seq,
                  savedAt: a.savedAt,
                  sentAt,
                  ackAt: Date.now(),
                });
              else writers.failed++;
            },
            () => {
              writers.failed++;
            },
          );
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p));
        };
        // Spread the students over the interval so the load is steady, not bursts.
        const first = setTimeout(
          () => {
            save();
            timers.push(setInterval(save, everyMs));
          },
          Math.floor((everyMs * i) / students.length),
        );
        return first;
      });
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      timers = [];
      await Promise.all([...inFlight]);
    },
    close() {
      for (const t of timers) clearInterval(t);
      for (const s of students) s.socket.disconnect();
    },
  };
  return writers;
}
