import { randomUUID } from "node:crypto";
import { createExam } from "../cluster/fixtures.ts";
import type { Bench } from "./bench.ts";
import {
  defaultProcesses,
  fakeStudents,
  makeStudents,
  openImtihon,
  withBaseline,
  withBench,
} from "./bench.ts";
import { DEFAULTS, type RunOptions } from "./options.ts";
import { compare, lostTarget, type ScenarioResult } from "./result.ts";
import type { RunSection } from "../report/report.ts";

/**
 * Students answer in a loop. Without --think: saturate (think 0, one answer in flight per student)
 * to find the maximum answer-ack throughput, on the bare echo and on our cluster, then pace our
 * cluster at half of its maximum and measure the ack latency there. With --think: both at that
 * think time.
 */
export async function steady(o: RunOptions, runDir: string): Promise<ScenarioResult> {
  const students = o.students ?? DEFAULTS.steady.students;
  const durationMs = (o.durationS ?? DEFAULTS.steady.durationS) * 1000;
  const processes = defaultProcesses(o, students);
  const saturate = o.thinkMs === undefined;
  const answerPhase = saturate ? "answers, saturating" : `answers, think ${o.thinkMs} ms`;
  const sections: RunSection[] = [];
  const notes: string[] = [];

  const warmUp = async (bench: Bench, examId: string) => {
    const c = await bench.phase(
      "connect",
      { t: "connect", concurrency: 200, timeoutMs: 30_000 },
      { rateLabel: "connects/s", memoryPerConnection: true },
    );
    const s = await bench.phase(
      "attempt:start",
      { t: "start", examId, windowMs: Math.min(10_000, students / 2) },
      { rateLabel: "starts/s" },
    );
    return { connect: c.section, start: s.section };
  };

  let baseline: RunSection | undefined;
  if (o.baseline) {
    await withBaseline("echo", o.urls?.length ?? o.nodes, runDir, (target) =>
      withBench(target, { processes, students: fakeStudents(students) }, o.quiet, async (bench) => {
        await warmUp(bench, randomUUID());
        baseline = (
          await bench.phase(
            answerPhase,
            { t: "answer", durationMs, thinkMs: o.thinkMs ?? 0 },
            { rateLabel: "answers/s", durationMs },
          )
        ).section;
        sections.push(baseline);
      }),
    );
  }

  const sut = await openImtihon(o, runDir);
  let ours: RunSection | undefined;
  let half: RunSection | undefined;
  let integrity: ScenarioResult["integrity"] = { skipped: "run did not reach verification" };
  try {
    const exam = await createExam(sut.baseUrl, sut.adminToken, {
      questions: 20,
      durationSeconds: 4 * 3600,
      mode: "self_paced",
      title: "Load: steady",
    });
    const users = await makeStudents(sut, students);
    await withBench(
      sut.target,
      { processes, students: users, jwtSecret: sut.jwtSecret },
      o.quiet,
      async (bench) => {
        const w = await warmUp(bench, exam.examId);
        sections.push(w.connect);
        ours = (
          await bench.phase(
            answerPhase,
            { t: "answer", durationMs, thinkMs: o.thinkMs ?? 0 },
            { rateLabel: "answers/s", durationMs },
          )
        ).section;
        sections.push(ours);
        if (saturate && ours.perSecond > 0) {
          const rate = ours.perSecond / 2;
          const intervalMs = (students / rate) * 1000;
          half = (
            await bench.phase(
              `answers paced at half of max (${Math.round(rate)}/s)`,
              { t: "answer", durationMs, intervalMs },
              { rateLabel: "answers/s", durationMs },
            )
          ).section;
          sections.push(half);
        }
        integrity = await bench.verify(sut.databaseUrl);
      },
    );
  } finally {
    await sut.target.stop();
  }

  const result: ScenarioResult = { sections, comparisons: [], targets: [], integrity, notes };
  if (ours && baseline) {
    const c = compare(`answer acks/s (${answerPhase})`, ours.perSecond, baseline.perSecond, "acks/s");
    result.comparisons.push(
      c,
      compare("ack p99 (same phase)", ours.latency?.p99 ?? 0, baseline.latency?.p99 ?? 0, "ms"),
    );
    if (saturate)
      result.targets.push({
        name: "answer-ack throughput vs bare Socket.IO echo",
        target: "≥ 0.70 ×",
        measured: `${c.ratio.toFixed(2)} ×`,
        met: c.ratio >= 0.7,
      });
  }
  if (half?.latency) {
    result.targets.push({
      name: "ack p99 at half of the maximum throughput",
      target: "< 50 ms",
      measured: `${half.latency.p99} ms at ${half.perSecond} answers/s`,
      met: half.latency.p99 < 50,
    });
  }
  result.targets.push(lostTarget(integrity));
  return result;
}
