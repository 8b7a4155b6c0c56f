import {
  ADMIN,
  loginAs,
  createExam,
  createUser,
  type TestUser,
  apiClient,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import { admissionResponse } from "@imtihon/client-sdk/protocol";
import { sql } from "kysely";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compare } from "./admission.ts";

let server: TestServer;
let api: ReturnType<typeof apiClient>;
let directionId: string;
let otherDirectionId: string;
let dtmExam: string;
let student: TestUser;

/** A direction straight in the database (its code unique per run). */
async function direction(): Promise<string> {
  const code = `adm-${randomBytes(4).toString("hex")}`;
  const row = await server.ctx.db
    .insertInto("directions")
    .values({ code, name: code })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An exam of the direction with `maxScore` hundredths; its attempts are written directly. */
async function exam(dir: string, maxScore: number, review: "none" | "score" | "full" = "score") {
  const e = await createExam(server.ctx.db, {
    review,
    sections: [{ title: "A", count: 1, points: maxScore }],
  });
  await server.ctx.db.updateTable("exams").set({ direction_id: dir }).where("id", "=", e.id).execute();
  return e.id;
}

let minute = 0;
/** A closed attempt with `score` of `maxScore` points, each one a minute later than the one before. */
async function attempt(
  user: TestUser,
  examId: string,
  score: number,
  maxScore: number,
  status: "submitted" | "expired" | "terminated" | "in_progress" = "submitted",
): Promise<string> {
  minute++;
  const at = new Date(Date.UTC(2026, 0, 1, 0, minute));
  const { rows } = await sql<{ id: string }>`
    insert into attempts (exam_id, user_id, status, started_at, submitted_at, question_order, option_order, score, max_score)
    values (${examId}, ${user.id}, ${status}, ${at}, ${status === "in_progress" ? null : at}, '{}', '{}'::jsonb,
      ${status === "in_progress" ? null : Math.round(score * 100)}, ${Math.round(maxScore * 100)})
    returning id`.execute(server.ctx.db);
  return rows[0]!.id;
}

async function line(
  dir: string,
  year: number,
  university: string,
  grant: number | null,
  contract: number | null,
) {
  await server.ctx.db
    .insertInto("passing_scores")
    .values({
      year,
      university,
      direction_id: dir,
      form: "kunduzgi",
      language: "uz",
      grant_score: grant === null ? null : grant * 100,
      contract_score: contract === null ? null : contract * 100,
    })
    .execute();
}

const view = async (user: TestUser, query: string) => {
  const res = await api.get(`/me/admission${query}`, user.token);
  expect(res.status).toBe(200);
  return admissionResponse.parse(res.body);
};

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  directionId = await direction();
  otherDirectionId = await direction();
  dtmExam = await exam(directionId, 18900);
  // Estimate 160 against five universities (margin 10):
  await line(directionId, 2025, "A grant", 150, 120); // 160 ≥ 150: grant
  await line(directionId, 2025, "B contract", 170, 150); // contract; 10 short of the grant line
  await line(directionId, 2025, "C close", 180, 165); // 5 short of contract: close
  await line(directionId, 2025, "D far", 189, 175); // 15 short: far
  await line(directionId, 2025, "E grant only", 168, null); // 8 short of the only line: close
  await line(directionId, 2024, "A grant", 140, 110);

  student = await createUser(server.ctx.db);
  await attempt(student, dtmExam, 50, 189); // the oldest: not among the last three
  await attempt(student, dtmExam, 150, 189);
  await attempt(student, dtmExam, 170, 189);
  await attempt(student, dtmExam, 160, 189, "expired");
  // None of these counts: terminated, still open, a hidden-score exam, another direction.
  await attempt(student, dtmExam, 10, 189, "terminated");
  await attempt(student, dtmExam, 0, 189, "in_progress");
  await attempt(student, await exam(directionId, 18900, "none"), 5, 189);
  await attempt(student, await exam(otherDirectionId, 18900), 189, 189);
});
afterAll(async () => {
  await server?.stop();
});

describe("admission view", () => {
  it("estimates from the last three finished attempts (mean, min, max, population SD)", async () => {
    const v = await view(student, `?directionId=${directionId}`);
    expect(v.estimate).toMatchObject({ score: 160, min: 150, max: 170, stdDev: 8.16 });
    expect(v.estimate!.attempts.map((a) => a.dtmScore)).toEqual([160, 170, 150]);
    expect(v.margin).toBe(10);
    expect(v.year).toBe(2025);
    expect(v.years).toEqual([2025, 2024]);
  });

  it("gives every status with the gaps that remain, best first", async () => {
    const v = await view(student, `?directionId=${directionId}`);
    expect(v.items.map((i) => [i.university, i.status, i.gapToGrant, i.gapToContract])).toEqual([
      ["A grant", "grant", null, null],
      ["B contract", "contract", 10, null],
      ["C close", "close", 20, 5],
      ["E grant only", "close", 8, null],
      ["D far", "far", 29, 15],
    ]);
    expect(v.items.every((i) => !i.demo)).toBe(true);
  });

  it("compares with an earlier year on request", async () => {
    const v = await view(student, `?directionId=${directionId}&year=2024`);
    expect(v.year).toBe(2024);
    expect(v.items.map((i) => [i.university, i.status])).toEqual([["A grant", "grant"]]);
  });

  it("brings a shorter exam to the DTM scale: 8.5 of 17 counts as 94.5 of 189", async () => {
    const dir = await direction();
    await line(dir, 2025, "F", 100, null);
    const mini = await exam(dir, 1700);
    const other = await createUser(server.ctx.db);
    await attempt(other, mini, 8.5, 17);
    const v = await view(other, `?directionId=${dir}`);
    expect(v.estimate).toMatchObject({ score: 94.5, min: 94.5, max: 94.5, stdDev: 0 });
    expect(v.items[0]).toMatchObject({ status: "close", gapToGrant: 5.5, gapToContract: null });
  });

  it("no scores yet: no estimate and every line 'unknown'; another student's attempts never count", async () => {
    const newcomer = await createUser(server.ctx.db);
    const v = await view(newcomer, `?directionId=${directionId}`);
    expect(v.estimate).toBeNull();
    expect(v.items).toHaveLength(5);
    expect(v.items.every((i) => i.status === "unknown" && i.gapToGrant === null)).toBe(true);
    const mine = await view(student, `?directionId=${directionId}`);
    const ids = (
      await server.ctx.db.selectFrom("attempts").select("id").where("user_id", "=", student.id).execute()
    ).map((r) => r.id);
    expect(mine.estimate!.attempts.every((a) => ids.includes(a.attemptId))).toBe(true);
  });

  it("a direction without passing scores: no year, no items", async () => {
    const v = await view(student, `?directionId=${otherDirectionId}`);
    expect(v).toMatchObject({ year: null, years: [], items: [] });
    expect(v.estimate?.score).toBe(189);
  });

  it("400 without a direction or with someone else's id; 404 for an unknown direction; 401 signed out", async () => {
    expect((await api.get("/me/admission", student.token)).status).toBe(400);
    const other = await createUser(server.ctx.db);
    expect(
      (await api.get(`/me/admission?directionId=${directionId}&userId=${other.id}`, student.token)).status,
    ).toBe(400);
    expect(
      (await api.get("/me/admission?directionId=00000000-0000-4000-8000-000000000000", student.token)).status,
    ).toBe(404);
    expect((await api.get(`/me/admission?directionId=${directionId}`)).status).toBe(401);
  });

  it("admins see their own view too (nobody's attempts but theirs)", async () => {
    const admin = await loginAs(api, ADMIN.email, ADMIN.password);
    const res = await api.get(`/me/admission?directionId=${directionId}`, admin);
    expect(admissionResponse.parse(res.body).estimate).toBeNull();
  });
});

describe("compare(): the status rules at their boundaries (hundredths)", () => {
  it.each([
    [15000, 15000, 12000, "grant"],
    [14999, 15000, 12000, "contract"],
    [12000, 15000, 12000, "contract"],
    [11000, 15000, 12000, "close"],
    [10999, 15000, 12000, "far"],
    [14000, 15000, null, "close"],
    [13999, 15000, null, "far"],
    [9000, null, 10000, "close"],
    [10000, null, 10000, "contract"],
  ] as const)("estimate %d, grant %s, contract %s → %s", (estimate, grant, contract, status) => {
    expect(compare(estimate, grant, contract).status).toBe(status);
  });
  it("without an estimate every line is unknown", () => {
    expect(compare(null, 15000, 12000)).toEqual({ status: "unknown", gapToGrant: null, gapToContract: null });
  });
});
