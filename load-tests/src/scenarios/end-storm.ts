import type { RunSection } from "../report/report.ts";
import { defaultProcesses, makeStudents, openImtihon, withBench } from "./bench.ts";
import { endedSpread, openLiveSession, startSession, ScenarioError, watchFinalized } from "./live-session.ts";
import { DEFAULTS, type RunOptions } from "./options.ts";
import { lostTarget, type ScenarioResult } from "./result.ts";

/**
 * N attempts expire in the same instant: N students join one live session, the proctor starts it
 * (one deadline for all), they answer with a think time until just before the deadline, and the
 * run measures how long after the deadline every attempt is closed and has its result (Postgres)
 * and when each student heard `attempt:ended`.
 */
export async function endStorm(o: RunOptions, runDir: string): Promise<ScenarioResult> {
  const students = o.students ?? DEFAULTS["end-storm"].students;
  const examSeconds = o.examSeconds ?? 20;
  const processes = defaultProcesses(o, students);
  const sections: RunSection[] = [];
  const notes: string[] = [];
  const sut = await openImtihon(o, runDir);
  let integrity: ScenarioResult["integrity"] = { skipped: "run did not reach verification" };
  let finalizedMs: number | undefined;
  let closed = 0;
  let scored = 0;
  let ended: ReturnType<typeof endedSpread> | undefined;
  try {
    const live = await openLiveSession(sut, { examSeconds, questions: 20, title: "Load: end storm" });
    const users = await makeStudents(sut, students);
    try {
      await withBench(
        sut.target,
        { processes, students: users, jwtSecret: sut.jwtSecret },
        o.quiet,
        async (bench) => {
          await bench.phase(
            "connect",
            { t: "connect", concurrency: 200, timeoutMs: 30_000 },
            { rateLabel: "connects/s" },
          );
          const join = await bench.phase(
            "join the lobby",
            { t: "start", sessionId: live.sessionId, windowMs: 2000 },
            { rateLabel: "joins/s" },
          );
          sections.push(join.section);
          const session = await startSession(live);
          if (!session.deadline) throw new ScenarioError("session:start gave no deadline");
          const deadline = Date.parse(session.deadline);
          // Resume: the running attempt carries its questions and the session's deadline.
          await bench.phase(
            "resume after session:start",
            { t: "start", sessionId: live.sessionId, windowMs: 500 },
            { rateLabel: "starts/s" },
          );
          const answerMs = Math.max(1000, deadline - Date.now() - 1500);
          const answers = await bench.phase(
            "answers until the deadline",
            { t: "answer", durationMs: answerMs, thinkMs: 1000 },
            { rateLabel: "answers/s" },
          );
          sections.push(answers.section);
          const expected =
            join.section.latency!.count - Object.values(join.section.errors).reduce((a, b) => a + b, 0);
          // attempt:ended listeners were set at start; the generators only collect here, while
          // Postgres says when every attempt is closed and scored.
          const [endedPhase, finalized] = await Promise.all([
            bench.phase(
              "await attempt:ended",
              { t: "await-ended", timeoutMs: deadline - Date.now() + 60_000 },
              { rateLabel: "ended/s" },
            ),
            watchFinalized(sut.databaseUrl!, {
              sessionId: live.sessionId,
              deadline,
              untilMs: deadline + 60_000,
              expected,
            }),
          ]);
          ({ closed, scored, afterMs: finalizedMs } = finalized);
          ended = endedSpread(endedPhase.results, deadline);
          sections.push({
            ...endedPhase.section,
            phase: "attempt:ended after the deadline",
            extra: {
              "closed and scored in Postgres": `${scored}/${expected} at ${finalizedMs ?? "not within 60 s"} ms after the deadline`,
              "attempt:ended received, ms after the deadline": ended.text,
            },
          });
          integrity = await bench.verify(sut.databaseUrl);
        },
      );
    } finally {
      live.close();
    }
  } finally {
    await sut.target.stop();
  }
  notes.push(
    "One live session: session:start gives every attempt the same deadline, so all expire in the same instant; the nodes' sweepers close and score them.",
  );
  return {
    sections,
    comparisons: [],
    targets: [
      {
        name: `${students}-attempt end storm finalized and scored`,
        target: "within 5 s of the deadline",
        measured:
          finalizedMs === undefined
            ? `${scored}/${students} scored, ${closed} closed after 60 s`
            : `${finalizedMs} ms (attempt:ended p99 ${ended?.p99 ?? "?"} ms)`,
        met: finalizedMs !== undefined && finalizedMs <= 5000 && scored === students,
      },
      lostTarget(integrity),
    ],
    integrity,
    notes,
  };
}
