import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { runScenario } from "./run.ts";
import type { RunOptions } from "./scenarios/options.ts";

// CI's short exam day: 200 students on 2 nodes join a live session, start together, answer (and
// change answers, and drop and resume their connections) for 60 s, and are closed by the deadline.
// Fails on any lost or wrongly refused answer or any attempt not scored; never on speed.
const redisUrl = inject("redisUrl");
const pgServerUrl = inject("pgServerUrl");

describe.skipIf(!redisUrl)("exam-day smoke (needs REDIS_URL: two nodes share one Redis)", () => {
  let outDir: string | undefined;
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it("200 students, 60 s exam: every acked answer stored, none refused, every attempt scored", async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), "imtihon-exam-day-smoke-"));
    const options: RunOptions = {
      scenario: "exam-day",
      nodes: 2,
      processes: 2,
      students: 200,
      examSeconds: 60,
      windowS: 5,
      thinkMs: 3000,
      // 20 %/min instead of the real 1 %: ~40 drops and resumes, so the resume path is exercised.
      reconnectPerMinute: 20,
      nginx: false,
      baseline: false,
      cpuProf: false,
      pgServerUrl,
      redisUrl: redisUrl!,
      outDir,
      keepDb: false,
      quiet: true,
      command: "vitest exam-day smoke",
    };
    const { report, files } = await runScenario(options);
    const gates = report.targets.filter((t) => t.gate);
    expect(gates.map((t) => t.name)).toEqual([
      "every student joined",
      "wrongly refused saves",
      "attempts left unscored",
      "zero lost acknowledged answers",
    ]);
    for (const t of gates)
      expect({ name: t.name, met: t.met, measured: t.measured }).toMatchObject({ met: true });
    expect(report.integrity).toMatchObject({ lost: 0 });
    expect("acked" in report.integrity && report.integrity.acked).toBeGreaterThan(1000);
    for (const f of files) expect(existsSync(f), f).toBe(true);

    const exam = report.sections.find((s) => s.phase.startsWith("exam:"))!;
    expect(exam.errors).toEqual({});
    expect(String(exam.extra?.["changed answers (saves that re-answer a question)"])).not.toBe("0");
    expect(String(exam.extra?.["resumes, saves resent after a resume"])).toMatch(/^[1-9]/);
    // Postgres's cost is in the report: CPU from /proc (Postgres is local) and, when
    // pg_stat_statements is loaded, the answer upsert among the top statements.
    expect(exam.postgres?.cpuSource).toBe("proc");
    if (exam.postgres?.statements)
      expect(exam.postgres.statements.map((s) => s.query).join("\n")).toMatch(/insert into answers/i);
    else expect(exam.postgres?.statementsSkipped).toBeTruthy();
  }, 240_000);
});
