import { randomUUID } from "node:crypto";
import { createExam } from "../cluster/fixtures.ts";
import type { RunSection } from "../report/report.ts";
import {
  defaultProcesses,
  fakeStudents,
  makeStudents,
  openImtihon,
  withBaseline,
  withBench,
  type Bench,
} from "./bench.ts";
import { DEFAULTS, type RunOptions } from "./options.ts";
import { compare, lostTarget, type ScenarioResult } from "./result.ts";

/**
 * N connected students start the same exam within T seconds (uniformly spread); then each saves two
 * answers so the run ends with the acked/stored check. Measures attempt:start ack latency and how
 * long the whole storm took.
 */
export async function startStorm(o: RunOptions, runDir: string): Promise<ScenarioResult> {
  const students = o.students ?? DEFAULTS["start-storm"].students;
  const windowMs = (o.windowS ?? 5) * 1000;
  const processes = defaultProcesses(o, students);
  const sections: RunSection[] = [];

  const storm = async (bench: Bench, examId: string) => {
    await bench.phase(
      "connect",
      { t: "connect", concurrency: 200, timeoutMs: 30_000 },
      { rateLabel: "connects/s" },
    );
    const { section } = await bench.phase(
      `attempt:start storm over ${windowMs / 1000} s`,
      { t: "start", examId, windowMs },
      { rateLabel: "starts/s" },
    );
    section.extra = {
      ...section.extra,
      "storm took (first emit to last ack)": `${section.durationS.toFixed(2)} s`,
    };
    sections.push(section);
    return section;
  };

  let baseline: RunSection | undefined;
  if (o.baseline) {
    await withBaseline("echo", o.urls?.length ?? o.nodes, runDir, (target) =>
      withBench(target, { processes, students: fakeStudents(students) }, o.quiet, async (bench) => {
        baseline = await storm(bench, randomUUID());
      }),
    );
  }

  const sut = await openImtihon(o, runDir);
  let ours: RunSection | undefined;
  let integrity: ScenarioResult["integrity"] = { skipped: "run did not reach verification" };
  try {
    const exam = await createExam(sut.baseUrl, sut.adminToken, {
      questions: 20,
      durationSeconds: 3600,
      mode: "self_paced",
      title: "Load: start storm",
    });
    const users = await makeStudents(sut, students);
    await withBench(
      sut.target,
      { processes, students: users, jwtSecret: sut.jwtSecret },
      o.quiet,
      async (bench) => {
        ours = await storm(bench, exam.examId);
        const answers = await bench.phase(
          "two answers each",
          { t: "answer", durationMs: 30_000, thinkMs: 0, maxAnswers: 2 },
          { rateLabel: "answers/s" },
        );
        sections.push(answers.section);
        integrity = await bench.verify(sut.databaseUrl);
      },
    );
  } finally {
    await sut.target.stop();
  }

  const result: ScenarioResult = { sections, comparisons: [], targets: [], integrity, notes: [] };
  if (ours?.latency) {
    const started = ours.latency.count - Object.values(ours.errors).reduce((a, b) => a + b, 0);
    const within = ours.durationS <= windowMs / 1000 + 0.5;
    result.targets.push({
      name: `${students} students start within ${windowMs / 1000} s, p99 < 500 ms`,
      target: `all started, p99 < 500 ms`,
      measured: `${started}/${students} started in ${ours.durationS.toFixed(2)} s, p99 ${ours.latency.p99} ms`,
      met: started === students && ours.latency.p99 < 500 && within,
    });
    if (baseline?.latency)
      result.comparisons.push(compare("attempt:start p99", ours.latency.p99, baseline.latency.p99, "ms"));
  }
  result.targets.push(lostTarget(integrity));
  return result;
}
