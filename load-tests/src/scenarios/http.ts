import { createTokenService } from "@imtihon/server/auth";
import { LOAD_PASSWORD, createExam } from "../cluster/fixtures.ts";
import type { Command } from "../generator/messages.ts";
import type { RunSection } from "../report/report.ts";
import { makeStudents, openImtihon, withBaseline, withBench } from "./bench.ts";
import { DEFAULTS, type RunOptions } from "./options.ts";
import { compare, type ScenarioResult } from "./result.ts";

/**
 * HTTP throughput with closed-loop keep-alive connections: logins (scrypt-bound by design), then the
 * catalogue (GET /directions and /exams with a token), against a bare Hono "hello" baseline.
 */
export async function httpScenario(o: RunOptions, runDir: string): Promise<ScenarioResult> {
  const durationMs = (o.durationS ?? DEFAULTS.http.durationS) * 1000;
  const connections = o.connections ?? 64;
  const processes = o.processes ?? 2;
  const perProcess = Math.max(1, Math.ceil(connections / processes));
  const sections: RunSection[] = [];
  const http =
    (
      baseUrls: string[],
      requests: Extract<Command, { t: "http" }>["requests"],
      emails?: string[][],
      conns = perProcess,
    ) =>
    (w: number) => {
      const c: Command = { t: "http", baseUrls, connections: conns, durationMs, requests };
      if (emails) c.emails = emails[w] ?? [];
      return c;
    };

  let hello: RunSection | undefined;
  if (o.baseline) {
    await withBaseline("hello", o.urls?.length ?? o.nodes, runDir, (target) =>
      withBench(target, { processes, students: [] }, o.quiet, async (bench) => {
        hello = (
          await bench.phase("GET /hello", http(target.entryUrls, [{ method: "GET", path: "/hello" }]), {
            rateLabel: "requests/s",
            durationMs,
          })
        ).section;
        sections.push(hello);
      }),
    );
  }

  const sut = await openImtihon(o, runDir);
  let catalogue: RunSection | undefined;
  let loginSection: RunSection | undefined;
  try {
    await createExam(sut.baseUrl, sut.adminToken, {
      questions: 20,
      durationSeconds: 3600,
      mode: "self_paced",
      title: "Load: http",
    });
    const users = await makeStudents(sut, o.students ?? DEFAULTS.http.students);
    const tokens = createTokenService(sut.jwtSecret!, 3600);
    const requests: Extract<Command, { t: "http" }>["requests"] = [];
    for (const u of users.slice(0, 32)) {
      const token = (await tokens.signAccess({ id: u.userId, role: "student", tokenVersion: 0 })).token;
      requests.push(
        { method: "GET", path: "/api/v1/directions", token },
        { method: "GET", path: "/api/v1/exams", token },
      );
    }
    const emails = Array.from({ length: processes }, (_, w) =>
      users.filter((_, i) => i % processes === w).map((u) => u.email),
    );
    await withBench(sut.target, { processes, students: [] }, o.quiet, async (bench) => {
      catalogue = (
        await bench.phase("GET /directions + /exams", http(sut.target.entryUrls, requests), {
          rateLabel: "requests/s",
          durationMs,
        })
      ).section;
      sections.push(catalogue);
      const loginBody = JSON.stringify({ email: "{user}", password: LOAD_PASSWORD });
      loginSection = (
        await bench.phase(
          "POST /auth/login",
          http(
            sut.target.entryUrls,
            [{ method: "POST", path: "/api/v1/auth/login", body: loginBody }],
            emails,
            2,
          ),
          {
            rateLabel: "requests/s",
            durationMs,
          },
        )
      ).section;
      sections.push(loginSection);
    });
  } finally {
    await sut.target.stop();
  }

  const result: ScenarioResult = {
    sections,
    comparisons: [],
    targets: [],
    integrity: { skipped: "the http scenario saves no answers" },
    notes: [
      `Catalogue and hello run ${connections} keep-alive connections; login runs 2 per generator process (${2 * processes}), since a scrypt-bound route only queues behind more.`,
      "Login is bound by scrypt (N=2^15, ~80 ms of one core per hash, on libuv's pool): its ceiling on 2 cores is roughly 2 / 0.08 = 25 logins/s, by design.",
    ],
  };
  if (catalogue && hello)
    result.comparisons.push(
      compare("catalogue requests/s vs GET /hello", catalogue.perSecond, hello.perSecond, "req/s"),
    );
  if (catalogue?.latency) {
    result.targets.push({
      name: "catalogue response time",
      target: "p99 < 200 ms",
      measured: `p99 ${catalogue.latency.p99} ms at ${catalogue.perSecond} req/s`,
      met: catalogue.latency.p99 < 200,
    });
    const total = catalogue.latency.count;
    const errs = Object.values(catalogue.errors).reduce((a, b) => a + b, 0);
    result.targets.push({
      name: "catalogue error rate",
      target: "< 0.1 %",
      measured: `${((errs / Math.max(1, total)) * 100).toFixed(3)} %`,
      met: errs / Math.max(1, total) < 0.001,
    });
  }
  if (loginSection?.latency) {
    result.targets.push({
      name: "login response time",
      target: "p99 < 200 ms",
      measured: `p99 ${loginSection.latency.p99} ms at ${loginSection.perSecond} logins/s`,
      met: loginSection.latency.p99 < 200,
    });
  }
  return result;
}
