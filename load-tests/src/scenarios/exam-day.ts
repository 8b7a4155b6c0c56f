import { scrapeNodes } from "../cluster/server-metrics.ts";
import { latency, mergeHistograms } from "../report/collector.ts";
import type { Target } from "../cluster/cluster.ts";
import { mib, type RunSection } from "../report/report.ts";
import { makeStudents, openImtihon, withBench } from "./bench.ts";
import { endedSpread, openLiveSession, startSession, ScenarioError, watchFinalized } from "./live-session.ts";
import { DEFAULTS, type RunOptions } from "./options.ts";
import { lostTarget, type ScenarioResult } from "./result.ts";

/** The transit grace of the contract: an attempt closes at deadline + 2 s. */
const GRACE_MS = 2000;
/** Sockets per node and per generator process, under the 20,000 open files each may hold. */
const SOCKETS_PER_NODE = 15_000;
const SOCKETS_PER_GENERATOR = 12_500;
/** DTM pace: 90 questions in 3 hours, about one save in ten changes an answer → a save every ~108 s. */
export const EXAM_DAY_THINK_MS = Math.round((3 * 3600 * 1000) / 100);

export function examDayShape(o: RunOptions) {
  const students = o.students ?? DEFAULTS["exam-day"].students;
  return {
    students,
    nodes: o.urls ? o.urls.length : Math.max(o.nodes, Math.ceil(students / SOCKETS_PER_NODE)),
    processes: o.processes ?? Math.max(2, Math.ceil(students / SOCKETS_PER_GENERATOR)),
    examSeconds: o.examSeconds ?? 3 * 3600,
    windowMs: (o.windowS ?? Math.min(300, Math.max(5, Math.ceil(students / 400)))) * 1000,
    thinkMs: o.thinkMs ?? EXAM_DAY_THINK_MS,
    reconnectPerMinute: o.reconnectPerMinute ?? 1,
  };
}

/**
 * The DTM day: N students connect and join one live session's lobby over a window; the proctor
 * starts it (one deadline for all: the start storm); they answer 90 questions at a human pace,
 * changing some answers, ~1 %/min dropping their connection and resuming; the deadline closes them
 * all at once (the end storm). Checks: every acked answer stored, no save refused, every attempt
 * closed and scored.
 */
export async function examDay(o: RunOptions, runDir: string): Promise<ScenarioResult> {
  const shape = examDayShape(o);
  const { students, processes, examSeconds, windowMs, thinkMs } = shape;
  const big = students >= 100_000;
  const goals = { startP99: 1000, ackP99: big ? 500 : 100, scoredMs: big ? 30_000 : 10_000 };
  const sections: RunSection[] = [];
  const notes: string[] = [];
  const sut = await openImtihon({ ...o, nodes: shape.nodes }, runDir);
  let integrity: ScenarioResult["integrity"] = { skipped: "run did not reach verification" };
  let joined = 0;
  let start: RunSection | undefined;
  let exam: RunSection | undefined;
  let wronglyRefused = 0;
  let sessionStartAckMs = 0;
  let scoredAfterMs: number | undefined;
  let scored = 0;
  let closed = 0;
  try {
    const live = await openLiveSession(sut, { examSeconds, questions: 90, title: "Load: exam day" });
    const users = await makeStudents(sut, students);
    try {
      await withBench(
        sut.target,
        { processes, students: users, jwtSecret: sut.jwtSecret },
        o.quiet,
        async (bench) => {
          const join = await bench.phase(
            `${students} students connect and join the lobby over ${windowMs / 1000} s`,
            { t: "join", sessionId: live.sessionId, windowMs, timeoutMs: 30_000 },
            { rateLabel: "joins/s" },
          );
          joined = join.results.reduce((n, r) => n + r.ok, 0);
          join.section.extra = {
            ...join.section.extra,
            "handshakes retried (backoff 0.5–8 s, 8 tries)": join.results.reduce(
              (n, r) => n + (r.counts?.connectRetries ?? 0),
              0,
            ),
          };
          sections.push(join.section);
          await bench.pool.run({
            t: "exam-arm",
            thinkMs,
            changeRatio: 0.1,
            reconnectPerMinute: shape.reconnectPerMinute,
            stopBeforeMs: 250,
          });
          let sessionStartAt = 0;
          let deadline = 0;
          const s = await bench.phase(
            "start storm: session:start → every student has its deadline",
            () => ({ t: "exam-started", sessionStartAt, timeoutMs: 120_000 }),
            {
              rateLabel: "starts/s",
              // Inside the phase, so Postgres's figures include the session:start transaction.
              before: async () => {
                sessionStartAt = Date.now();
                const session = await startSession(live);
                sessionStartAckMs = Date.now() - sessionStartAt;
                if (!session.deadline) throw new ScenarioError("session:start gave no deadline");
                deadline = Date.parse(session.deadline);
              },
            },
          );
          start = s.section;
          start.extra = { ...start.extra, "session:start ack (proctor)": `${sessionStartAckMs} ms` };
          sections.push(start);

          const e = await bench.phase(
            `exam: saves at a mean ${(thinkMs / 1000).toFixed(1)} s per student until the deadline`,
            { t: "exam-run" },
            { rateLabel: "acked answers/s", timeoutMs: deadline - Date.now() + 10 * 60_000 },
          );
          exam = e.section;
          const c: Record<string, number> = {};
          for (const r of e.results)
            for (const [k, v] of Object.entries(r.counts ?? {})) c[k] = (c[k] ?? 0) + v;
          wronglyRefused = c.refused ?? 0;
          const resume = latency(mergeHistograms(e.results.map((r) => r.hists?.resume)));
          exam.extra = {
            ...exam.extra,
            "saves sent / acked / refused": `${c.saves ?? 0} / ${c.acked ?? 0} / ${wronglyRefused}`,
            "changed answers (saves that re-answer a question)": c.changes ?? 0,
            "connection drops: planned (~rate) / by the server or network": `${c.plannedDrops ?? 0} / ${c.unplannedDrops ?? 0}`,
            "resumes, saves resent after a resume": `${c.resumed ?? 0}, ${c.resent ?? 0}`,
            ...(resume.count
              ? {
                  "attempt:resume ack after a reconnect (ms)": `p50 ${resume.p50}, p99 ${resume.p99}, max ${resume.max}`,
                }
              : {}),
            ...(await perNodeMemory(bench.target, exam)),
          };
          sections.push(exam);

          // The end storm: the nodes' sweepers close and score every attempt at deadline + grace.
          const [endedPhase, finalized] = await Promise.all([
            bench.phase(
              "end storm: deadline → attempt:ended",
              { t: "await-ended", timeoutMs: Math.max(0, deadline - Date.now()) + GRACE_MS + 120_000 },
              { rateLabel: "ended/s" },
            ),
            watchFinalized(sut.databaseUrl!, {
              sessionId: live.sessionId,
              deadline,
              untilMs: deadline + GRACE_MS + 120_000,
            }),
          ]);
          ({ closed, scored, afterMs: scoredAfterMs } = finalized);
          const ended = endedSpread(endedPhase.results, deadline);
          sections.push({
            ...endedPhase.section,
            extra: {
              ...endedPhase.section.extra,
              "all attempts closed and scored in Postgres": `${scored}/${joined} at ${scoredAfterMs ?? "not within 120 s"} ms after the deadline (grace ${GRACE_MS} ms)`,
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
    `${students} students over ${shape.nodes} node(s) and ${processes} generator process(es); exam ${examSeconds} s; joins spread over ${windowMs / 1000} s.`,
    `Pace: a save every ${(thinkMs / 1000).toFixed(1)} s per student on average (uniform 0.5–1.5 ×), 10 % of them changing an earlier answer; the default is the DTM's (90 questions in 3 hours), kept when --exam-seconds shortens the exam, so the answers/s are the real day's.`,
    `Reconnects: ${shape.reconnectPerMinute} % of the students per minute drop their socket, reconnect to the next node 1–3 s later, send attempt:resume and resend an unacked save.`,
    "Every save is sent before the deadline by the attempt's owner, so every refusal counts as wrongly refused.",
  );
  const startP99 = start?.latency?.p99;
  const ackP99 = exam?.latency?.p99;
  const targets: ScenarioResult["targets"] = [
    {
      name: "start storm: session:start until every student has the deadline",
      target: `p99 < ${goals.startP99} ms`,
      measured: start?.latency
        ? `p50 ${start.latency.p50} ms, p99 ${start.latency.p99} ms (${start.latency.count}/${joined} students)`
        : "not reached",
      met: startP99 !== undefined && startP99 < goals.startP99 && start!.latency!.count === joined,
    },
    {
      name: "answer ack through the exam",
      target: `p99 < ${goals.ackP99} ms`,
      measured: exam?.latency
        ? `p50 ${exam.latency.p50} ms, p99 ${exam.latency.p99} ms over ${exam.latency.count} saves`
        : "not reached",
      met: ackP99 !== undefined && ackP99 < goals.ackP99,
    },
    {
      name: "every attempt closed and scored after the deadline",
      target: `all, < ${goals.scoredMs / 1000} s after deadline + grace`,
      measured:
        scoredAfterMs === undefined
          ? `${scored}/${joined} scored, ${closed} closed`
          : `${scored}/${joined} at ${scoredAfterMs - GRACE_MS} ms after deadline + grace`,
      met: scoredAfterMs !== undefined && scoredAfterMs - GRACE_MS < goals.scoredMs,
    },
    {
      name: "every student joined",
      target: `${students}`,
      measured: `${joined}`,
      met: joined === students,
      gate: true,
    },
    {
      name: "wrongly refused saves",
      target: "0",
      measured: exam ? `${wronglyRefused}` : "not reached",
      met: exam !== undefined && wronglyRefused === 0,
      gate: true,
    },
    {
      name: "attempts left unscored",
      target: "0",
      measured: `${joined - scored}`,
      met: scoredAfterMs !== undefined && scored === joined,
      gate: true,
    },
    { ...lostTarget(integrity), gate: true },
  ];
  return { sections, comparisons: [], targets, integrity, notes };
}

/** RSS peak over the exam and V8 heap in use at its end, node by node. */
async function perNodeMemory(target: Target, exam: RunSection): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const urls = target.metricsUrls ?? [];
  const nodes = target.processes.filter((p) => p.name.startsWith("node"));
  await Promise.all(
    nodes.map(async (p, i) => {
      const proc = exam.processes.find((x) => x.pid === p.pid);
      const url = urls[i];
      const metrics = url ? await scrapeNodes([url]) : undefined;
      const heap = metrics?.get("nodejs_heap_size_used_bytes");
      out[`${p.name}: RSS peak / end, V8 heap used at the end`] =
        `${proc ? mib(proc.rssPeakBytes) : "?"} / ${proc ? mib(proc.rssEndBytes) : "?"}, ${heap !== undefined ? mib(heap) : "?"}`;
    }),
  );
  return Object.fromEntries(Object.entries(out).sort());
}
