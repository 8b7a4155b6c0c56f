import { randomUUID } from "node:crypto";
import { createExam } from "../cluster/fixtures.ts";
import { scrapeNodes } from "../cluster/server-metrics.ts";
import { mib, type RunSection } from "../report/report.ts";
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
 * How many connected students with open attempts a node holds, and what each costs: connect N,
 * start an attempt each, save one answer each, then hold the sockets idle (pings only) for the
 * duration. Memory per student = the nodes' RSS growth from before the first connect to the end.
 */
export async function capacity(o: RunOptions, runDir: string): Promise<ScenarioResult> {
  const students = o.students ?? DEFAULTS.capacity.students;
  const holdMs = (o.durationS ?? DEFAULTS.capacity.durationS) * 1000;
  const processes = defaultProcesses(o, students);
  const sections: RunSection[] = [];

  const fill = async (bench: Bench, examId: string) => {
    const before = bench.watcher.summary().filter((p) => !p.name.startsWith("gen") && p.name !== "nginx");
    const c = await bench.phase(
      "connect",
      { t: "connect", concurrency: 200, timeoutMs: 60_000 },
      { rateLabel: "connects/s" },
    );
    sections.push(c.section);
    const s = await bench.phase(
      "attempt:start",
      { t: "start", examId, windowMs: Math.min(300_000, students * 2) },
      { rateLabel: "starts/s" },
    );
    sections.push(s.section);
    const a = await bench.phase(
      "one answer each",
      { t: "answer", durationMs: 600_000, thinkMs: 0, maxAnswers: 1 },
      { rateLabel: "answers/s" },
    );
    sections.push(a.section);
    await new Promise((r) => setTimeout(r, holdMs));
    const held = bench.collector.connected;
    const after = bench.watcher.summary().filter((p) => !p.name.startsWith("gen") && p.name !== "nginx");
    const perNode = after.map((p) => {
      const b = before.find((x) => x.pid === p.pid);
      return { name: p.name, rss: p.rssEndBytes, growth: p.rssEndBytes - (b?.rssEndBytes ?? 0) };
    });
    const growth = perNode.reduce((n, p) => n + p.growth, 0);
    // Heap in use at the end of the hold: beside RSS it tells live objects from memory V8 still maps.
    const metrics = bench.target.metricsUrls ? await scrapeNodes(bench.target.metricsUrls) : undefined;
    const heap = metrics?.get("nodejs_heap_size_used_bytes");
    const section: RunSection = {
      label: bench.target.label,
      phase: `holding ${held} connected students ${holdMs / 1000} s`,
      rateLabel: "ops/s",
      connections: held,
      durationS: holdMs / 1000,
      perSecond: 0,
      errors: bench.collector.totalErrors,
      processes: bench.watcher.summary(Date.now() - holdMs, Date.now() + 1000),
      memoryPerConnectionBytes: held ? growth / held : 0,
      series: [],
      extra: {
        ...Object.fromEntries(
          perNode.map((p) => [`${p.name} RSS (growth)`, `${mib(p.rss)} (+${mib(p.growth)})`]),
        ),
        ...(heap !== undefined ? { "V8 heap used at the end of the hold (all nodes)": mib(heap) } : {}),
      },
    };
    sections.push(section);
    return { held, perNode, section };
  };

  let baseline: Awaited<ReturnType<typeof fill>> | undefined;
  if (o.baseline) {
    await withBaseline("echo", o.urls?.length ?? o.nodes, runDir, (target) =>
      withBench(target, { processes, students: fakeStudents(students) }, o.quiet, async (bench) => {
        baseline = await fill(bench, randomUUID());
      }),
    );
  }

  const sut = await openImtihon(o, runDir);
  let ours: Awaited<ReturnType<typeof fill>> | undefined;
  let integrity: ScenarioResult["integrity"] = { skipped: "run did not reach verification" };
  try {
    const exam = await createExam(sut.baseUrl, sut.adminToken, {
      questions: 20,
      durationSeconds: 4 * 3600,
      mode: "self_paced",
      title: "Load: capacity",
    });
    const users = await makeStudents(sut, students);
    await withBench(
      sut.target,
      { processes, students: users, jwtSecret: sut.jwtSecret },
      o.quiet,
      async (bench) => {
        ours = await fill(bench, exam.examId);
        integrity = await bench.verify(sut.databaseUrl);
      },
    );
  } finally {
    await sut.target.stop();
  }

  const result: ScenarioResult = { sections, comparisons: [], targets: [], integrity, notes: [] };
  if (ours) {
    const nodes = ours.perNode.length || 1;
    const perNode = ours.held / nodes;
    const maxRss = Math.max(0, ...ours.perNode.map((p) => p.rss));
    result.targets.push({
      name: "15,000 connected students with open attempts on one node under 512 MiB RSS",
      target: "≥ 15,000 per node, < 512 MiB",
      measured: `${Math.round(perNode)} per node, largest node ${mib(maxRss)}`,
      met: o.urls ? null : perNode >= 15_000 && maxRss < 512 * 2 ** 20,
    });
    if (baseline) {
      result.comparisons.push(
        compare(
          "server memory per connected student",
          ours.section.memoryPerConnectionBytes! / 1024,
          baseline.section.memoryPerConnectionBytes! / 1024,
          "KiB",
        ),
      );
    }
    if (ours.held >= 100_000 || students >= 100_000) {
      result.targets.push({
        name: "100,000 concurrent students on this machine",
        target: "100,000 connected",
        measured: `${ours.held} connected`,
        met: ours.held >= 100_000,
      });
    }
  }
  result.targets.push(lostTarget(integrity));
  return result;
}
