import { request } from "node:http";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  apiClient,
  loginAs,
  newExam,
  newStudent,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import { saveMedia } from "../media/store.ts";
import { createHttpApp } from "./app.ts";
import { fullPath, ROUTES } from "./openapi.ts";

let server: TestServer;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(async () => {
  await server?.stop();
});

describe("the HTTP edge", () => {
  it("413 payload_too_large for a body over 1 MiB", async () => {
    // Its own connection: the server closes it after refusing the body, which would break a pooled one.
    const big = JSON.stringify({ email: "a@b.uz", password: "x".repeat(1024 * 1024 + 10), fullName: "A" });
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/v1/auth/register`, {
        method: "POST",
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(big) },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (d) => (text += String(d)));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.end(big);
    });
    expect(status).toBe(413);
    expect(JSON.parse(body).error.code).toBe("payload_too_large");
  });

  it("unknown routes answer the error shape", async () => {
    const res = await api.get("/no/such/route");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it("sets secure headers and a request id", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("health, readiness and metrics", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { postgres: "ok" } });
    await api.get("/me");
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(
      /imtihon_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/me",status="401"\}/,
    );
    expect(metrics).toContain("process_cpu_seconds_total");
  });
});

describe("OpenAPI and docs", () => {
  it("documents exactly the routes the app serves", () => {
    const app = createHttpApp(server.ctx);
    const served = new Set(
      app.routes
        .filter((r) => r.method !== "ALL" && !r.path.includes("*"))
        .map((r) => `${r.method.toLowerCase()} ${r.path}`),
    );
    const documented = new Set(ROUTES.map((r) => `${r.method} ${fullPath(r)}`));
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
    // The attempt and stats routes are documented from the contract, whether or not mounted yet.
    const pending = ["get /api/v1/me/attempts", "get /api/v1/attempts/:id", "get /api/v1/exams/:id/stats"];
    expect([...documented].filter((r) => !served.has(r) && !pending.includes(r))).toEqual([]);
  });

  it("serves /openapi.json generated from the zod schemas", async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe("3.1.0");
    const register = doc.paths["/api/v1/auth/register"].post;
    expect(register.requestBody.content["application/json"].schema.required.sort()).toEqual([
      "email",
      "fullName",
      "password",
    ]);
    expect(register.requestBody.content["application/json"].schema.additionalProperties).toBe(false);
    expect(Object.keys(doc.paths["/api/v1/exams/{id}"].get.responses).sort()).toEqual(["200", "401", "404"]);
    expect(doc.paths["/api/v1/me/attempts"]).toBeDefined();
    expect(doc.paths["/api/v1/exams/{id}/stats"].get).toBeDefined();
    expect(doc.paths["/healthz"].get).toBeDefined();
  });

  it("serves a self-contained docs page (no external scripts or styles)", async () => {
    const res = await fetch(`${server.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<script type="application/json" id="doc">');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toMatch(/<\/script>[\s\S]*"openapi"/);
  });
});

/** A 4×4 PNG for the sweep's figure. */
const tinyPng = async () =>
  new Uint8Array(
    await sharp({ create: { width: 4, height: 4, channels: 3, background: "#123456" } })
      .png()
      .toBuffer(),
  );

/** Every key that mentions "correct" in a body; a section's or topic's `correct` count (a number) is allowed. */
/**
 * Every key that mentions "correct" in a body; a `correct` count (a number) of a result's section, or
 * of a subject, topic or weak area in the progress view, is allowed.
 */
const COUNTED = ["sections", "subjects", "topics", "weakest"];
function correctKeys(value: unknown, path: string[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => correctKeys(v, [...path, String(i)]));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = [...path, k];
    const countInSections = k === "correct" && typeof v === "number" && path.some((p) => COUNTED.includes(p));
    const bad = /correct/i.test(k) && !countInSections ? [here.join(".")] : [];
    return [...bad, ...correctKeys(v, here)];
  });
}

// The exam's review policy decides what GET /attempts/:id shows after the attempt closed. With
// "none" and "score" nothing about correct options may appear anywhere. With "full" the exam engine
// (exam/results.ts, not this file's owner) answers a per-question review carrying `correct` and
// `isCorrect` once the attempt is closed: a deliberate post-exam review, left out of this sweep and
// reported as a decision to take (see docs/api.md).
/** An order of the student's for this exam, made paid-for by giving the exam a price. */
async function paidOrder(examId: string, token: string): Promise<string> {
  await server.ctx.db.updateTable("exams").set({ price_uzs: 5000 }).where("id", "=", examId).execute();
  const res = await api.post("/orders", { examId }, token);
  await server.ctx.db.updateTable("exams").set({ price_uzs: 0 }).where("id", "=", examId).execute();
  return res.body.order.id as string;
}

describe.each(["none", "score"] as const)(
  "no correct options in any student-reachable response (review %s)",
  (review) => {
    it("sweeps every GET route a student may call", async () => {
      const admin = await loginAs(api, ADMIN.email, ADMIN.password);
      const student = await newStudent(api, "sweep");
      const exam = await newExam(api, admin, { questions: 3 });
      await server.ctx.db.updateTable("exams").set({ review }).where("id", "=", exam.examId).execute();
      // A finished attempt with answers and a result, written directly so the sweep does not depend
      // on the exam engine's socket flow.
      const [attempt] = await server.ctx.sql<{ id: string }[]>`
      insert into attempts (exam_id, user_id, status, started_at, deadline_at, submitted_at, question_order, option_order, score, max_score)
      values (${exam.examId}, ${student.id}, 'submitted', now() - interval '5 minutes', now() + interval '5 minutes', now(),
        array(select question_id from exam_questions where exam_id = ${exam.examId} order by position),
        cast('{}' as text)::jsonb, 110, 330)
      returning id`;
      const attemptId = attempt!.id;
      for (const [i, qid] of exam.questionIds.entries()) {
        await server.ctx.sql`insert into answers (attempt_id, question_id, response, seq)
        values (${attemptId}, ${qid}, cast(${JSON.stringify({ choice: i === 0 ? "a" : "b" })} as text)::jsonb, 1)`;
      }
      const sections = JSON.stringify([{ title: "Fan", score: 110, maxScore: 330, correct: 1, total: 3 }]);
      await server.ctx.sql`insert into results (attempt_id, score, max_score, correct, total, sections)
      values (${attemptId}, 110, 330, 1, 3, cast(${sections} as text)::jsonb)`;
      await server.ctx.sql`insert into certificate_scores (attempt_id, exam_id, ability, se, scaled, grade)
      values (${attemptId}, ${exam.examId}, 0.5, 0.3, 55, 'B')`;

      const concrete: Record<string, string> = {
        "/me": "/me",
        "/directions": "/directions",
        "/exams": `/exams?directionId=${exam.directionId}`,
        "/exams/:id": `/exams/${exam.examId}`,
        "/me/attempts": "/me/attempts",
        "/attempts/:id": `/attempts/${attemptId}`,
        "/products": "/products",
        "/me/orders": "/me/orders",
        "/orders/:id": `/orders/${await paidOrder(exam.examId, student.token)}`,
        "/attempts/:id/messages": `/attempts/${attemptId}/messages`,
        "/media/:id": (await saveMedia(server.ctx.db, { bytes: await tinyPng(), alt: "sweep" })).url.slice(7),
        "/me/admission": `/me/admission?directionId=${exam.directionId}`,
        "/attempts/:id/certificate": `/attempts/${attemptId}/certificate`,
        "/attempts/:id/standing": `/attempts/${attemptId}/standing`,
        "/me/progress": "/me/progress",
        "/me/legacy-results": "/me/legacy-results",
      };
      // An exam that hides scores shows no standing either.
      const refused = review === "none" ? [`/attempts/${attemptId}/standing`] : [];
      const studentGets = ROUTES.filter((r) => r.method === "get" && !r.root && !Array.isArray(r.access));
      // A new student-reachable GET route must be added to this sweep.
      expect(studentGets.map((r) => r.path).sort()).toEqual(Object.keys(concrete).sort());
      for (const path of Object.values(concrete)) {
        const res = await api.get(path, student.token);
        const unmounted = res.status === 404 && /^no route/.test(res.body?.error?.message ?? "");
        if (!unmounted) expect(res.status, path).toBe(refused.includes(path) ? 403 : 200);
        expect(correctKeys(res.body), path).toEqual([]);
        expect(res.text, path).not.toMatch(/"correct":\s*\[/);
      }
    });
  },
);
