import { createUser, type TestUser, apiClient, startTestServer, type TestServer } from "@imtihon/testing";
import { dashboardRefreshResponse, dashboardResponse } from "@imtihon/client-sdk/protocol";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readLive, readRollups } from "./dashboard-queries.ts";
import { refreshDashboard } from "./dashboard-refresh.ts";
import { tashkentToday } from "./dashboard.ts";

/**
 * A small dataset where every figure is counted by hand (see the comments), over two Tashkent days
 * A = 2026-03-10 and B = 2026-03-11. Tashkent is UTC+5: 2026-03-10T19:30Z is already day B there.
 */
const A = "2026-03-10";
const B = "2026-03-11";
const at = (day: string, time: string) => new Date(`${day}T${time}:00+05:00`);

let server: TestServer;
let admin: TestUser;
let student: TestUser;
const ids: Record<string, string> = {};

async function insertUser(name: string, registered: Date, role = "student") {
  const [row] = await server.ctx.sql<{ id: string }[]>`
    insert into users (email, password_hash, full_name, role, created_at)
    values (${`${name}@dash.test`}, 'x', ${name}, ${role}, ${registered}) returning id`;
  return (ids[name] = row!.id);
}
async function insertExam(key: string, title: string, directionId: string | null) {
  const [row] = await server.ctx.sql<{ id: string }[]>`
    insert into exams (title, direction_id, mode, duration_seconds, status, max_score)
    values (${title}, ${directionId}, 'self_paced', 3600, 'published', 10000) returning id`;
  return (ids[key] = row!.id);
}
async function insertAttempt(
  key: string,
  user: string,
  exam: string,
  a: { status: string; started?: Date; submitted?: Date; score?: number; max?: number },
) {
  const [row] = await server.ctx.sql<{ id: string }[]>`
    insert into attempts (exam_id, user_id, status, started_at, submitted_at, question_order, option_order,
      score, max_score)
    values (${ids[exam]!}, ${ids[user]!}, ${a.status}, ${a.started ?? null}, ${a.submitted ?? null},
      '{}'::uuid[], '{}'::jsonb, ${a.score ?? null}, ${a.max ?? 10000})
    returning id`;
  return (ids[key] = row!.id);
}
async function insertOrder(
  user: string,
  amount: number,
  o: { paid?: Date; refunded?: Date; status: string },
) {
  await server.ctx.sql`
    insert into orders (user_id, product_id, title, amount_uzs, status, created_at, paid_at, refunded_at)
    values (${ids[user]!}, ${ids.product!}, 'Paket', ${amount}, ${o.status}, ${o.paid ?? at(A, "00:00")},
      ${o.paid ?? null}, ${o.refunded ?? null})`;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await createUser(server.ctx.db, "admin");
  student = await createUser(server.ctx.db, "student");
  // The two accounts above were created today; they are outside A..B and only touch "today".
  const [d1] = await server.ctx.sql<{ id: string }[]>`
    insert into directions (code, name) values ('d1', 'Matematika va fizika') returning id`;
  const [d2] = await server.ctx.sql<{ id: string }[]>`
    insert into directions (code, name) values ('d2', 'Tarix') returning id`;
  ids.d1 = d1!.id;
  ids.d2 = d2!.id;
  const [product] = await server.ctx.sql<{ id: string }[]>`
    insert into products (title, price_uzs, days) values ('Paket', 50000, 30) returning id`;
  ids.product = product!.id;

  await insertUser("s1", at(A, "09:00")); // A
  await insertUser("s2", at(A, "23:59")); // A (18:59 UTC)
  await insertUser("s3", at(B, "00:30")); // B (19:30 UTC on A)
  await insertUser("s4", at(B, "12:00")); // B, only a lobby attempt: never started
  await insertUser("s5", at("2026-03-09", "12:00")); // before the range
  await insertUser("staff", at(A, "10:00"), "proctor"); // not a registration

  await insertExam("e1", "Matematika", ids.d1);
  await insertExam("e2", '=HYPERLINK("http://x")', null);
  await insertExam("e3", "Fizika, kimyo", ids.d1);

  // 1: A, finished A, 50 %
  await insertAttempt("t1", "s1", "e1", {
    status: "submitted",
    started: at(A, "10:00"),
    submitted: at(A, "11:00"),
    score: 5000,
  });
  // 2: A, still open
  await insertAttempt("t2", "s1", "e2", { status: "in_progress", started: at(A, "12:00") });
  // 3: B (00:10 Tashkent is 19:10 UTC on A), finished B, 80 %
  await insertAttempt("t3", "s2", "e1", {
    status: "submitted",
    started: at(B, "00:10"),
    submitted: at(B, "01:00"),
    score: 8000,
  });
  // 4: B, expired B, 30 %
  await insertAttempt("t4", "s3", "e1", {
    status: "expired",
    started: at(B, "09:00"),
    submitted: at(B, "12:00"),
    score: 3000,
  });
  // 5: A, terminated by a proctor: started, neither finished nor completed
  await insertAttempt("t5", "s5", "e3", {
    status: "terminated",
    started: at(A, "08:00"),
    submitted: at(A, "09:00"),
    score: 1000,
  });
  // 6: B, finished B, 200 of 300 = 66.67 % -> 66
  await insertAttempt("t6", "s5", "e3", {
    status: "submitted",
    started: at(B, "10:00"),
    submitted: at(B, "11:00"),
    score: 20000,
    max: 30000,
  });
  // 7: a lobby attempt, never started
  await insertAttempt("t7", "s4", "e1", { status: "lobby" });

  await insertOrder("s1", 50_000, { status: "paid", paid: at(A, "15:00") });
  await insertOrder("s5", 30_000, { status: "refunded", paid: at(B, "10:00"), refunded: at(B, "18:00") });
  await insertOrder("s3", 40_000, { status: "pending" });
});
afterAll(async () => server?.stop());

const dashboard = async (query: string) => {
  const res = await apiClient(server.url).get(`/admin/dashboard${query}`, admin.token);
  expect(res.status).toBe(200);
  return dashboardResponse.parse(res.body);
};

describe("operators' dashboard", () => {
  test("every figure of the hand-counted fixture", async () => {
    const d = await dashboard(`?from=${A}&to=${B}`);
    expect(d.refreshedAt).not.toBeNull();
    expect(d.days).toEqual([
      {
        day: A,
        registrations: 2, // s1, s2 (the proctor is not a registration)
        activeStudents: 2, // s1 (twice), s5
        attemptsStarted: 3, // 1, 2, 5
        attemptsFinished: 1, // 1 (5 was terminated)
        ordersPaid: 1,
        revenueUzs: 50_000,
        refunds: 0,
        refundedUzs: 0,
      },
      {
        day: B,
        registrations: 2, // s3 (19:30 UTC the day before), s4
        activeStudents: 3, // s2, s3, s5
        attemptsStarted: 3, // 3, 4, 6
        attemptsFinished: 3, // 3, 4 (expired counts), 6
        ordersPaid: 1, // paid on B, refunded on B: both are counted, each on its day
        revenueUzs: 30_000,
        refunds: 1,
        refundedUzs: 30_000,
      },
    ]);
    expect(d.totals).toEqual({
      registrations: 4,
      peakActiveStudents: 3,
      attemptsStarted: 6,
      attemptsFinished: 4,
      ordersPaid: 2,
      revenueUzs: 80_000,
      refundedUzs: 30_000,
      completionRate: 4 / 6,
    });
    expect(d.exams.map((e) => [e.title, e.started, e.completed, e.completionRate])).toEqual([
      ["Matematika", 3, 3, 1],
      ["Fizika, kimyo", 2, 1, 0.5],
      ['=HYPERLINK("http://x")', 1, 0, 0],
    ]);
    // d1: 30, 50, 66, 80 -> the lower median is 50; d2 has no attempt.
    expect(d.directions.map((x) => [x.code, x.finished, x.medianPercent])).toEqual([
      ["d1", 4, 50],
      ["d2", 0, null],
    ]);
    // Registered on A..B: s1, s2, s3, s4; started an attempt: s1, s2, s3; paid: s1.
    expect(d.funnel).toEqual({ registered: 4, attempted: 3, paid: 1 });

    const dayA = await dashboard(`?from=${A}&to=${A}`);
    expect(dayA.funnel).toEqual({ registered: 2, attempted: 2, paid: 1 });
    expect(dayA.directions[0]).toMatchObject({ code: "d1", finished: 1, medianPercent: 50 });
    // Ties in `started` are ordered by title in the database's collation: compare as a set.
    expect(dayA.exams.map((e) => [e.examId, e.started, e.completed]).sort()).toEqual(
      [
        [ids.e1, 1, 1],
        [ids.e2, 1, 0],
        [ids.e3, 1, 0],
      ].sort(),
    );
  });

  test("the default range is the last 30 Tashkent days, today included", async () => {
    const d = await dashboard("");
    expect(d.to).toBe(tashkentToday());
    expect(d.days).toHaveLength(30);
    expect(d.days.at(-1)!.day).toBe(d.to);
    // admin and student of this file registered today; only the student counts.
    expect(d.days.at(-1)!.registrations).toBe(1);
  });

  test("a refresh re-reads late rows: an attempt the sweeper closed at a deadline before the watermark, a first attempt of an old cohort", async () => {
    await refreshDashboard(server.ctx.db);
    // The sweeper closes attempt 2 now, stamped at its deadline on day A; its result row is new.
    await server.ctx.sql`
      update attempts set status = 'expired', submitted_at = ${at(A, "13:00")}, score = 4000 where id = ${ids.t2!}`;
    await server.ctx.sql`
      insert into results (attempt_id, score, max_score, correct, total, sections)
      values (${ids.t2!}, 4000, 10000, 4, 10, '[]'::jsonb)`;
    // s4 (registered on B) starts a first attempt today.
    await insertAttempt("t8", "s4", "e3", { status: "in_progress", started: new Date() });

    const refreshed = await apiClient(server.url).post("/admin/dashboard/refresh", undefined, admin.token);
    expect(refreshed.status).toBe(200);
    const r = dashboardRefreshResponse.parse(refreshed.body);
    expect(r.refreshed).toBe(true);
    // Today (and the margin before the watermark), and day A.
    expect(r.days).toBeLessThanOrEqual(3);

    const d = await dashboard(`?from=${A}&to=${B}`);
    expect(d.days[0]!.attemptsFinished).toBe(2);
    expect(d.exams.find((e) => e.examId === ids.e2)).toMatchObject({ started: 1, completed: 1 });
    expect(d.funnel).toEqual({ registered: 4, attempted: 4, paid: 1 });
    const today = await dashboard("");
    expect(today.days.at(-1)!.attemptsStarted).toBe(1);
  });

  test("the rollups give exactly what the base tables give, for any range", async () => {
    await refreshDashboard(server.ctx.db);
    const today = tashkentToday();
    for (const range of [
      { from: A, to: B },
      { from: "2026-03-09", to: A },
      { from: "2026-01-01", to: today },
    ]) {
      expect(await readRollups(server.ctx.db, range, null)).toEqual(
        await readLive(server.ctx.db, range, null),
      );
    }
    // And an incremental history ends where a full rebuild does.
    const incremental = await readRollups(server.ctx.db, { from: "2026-01-01", to: today }, null);
    await refreshDashboard(server.ctx.db, { full: true });
    expect(await readRollups(server.ctx.db, { from: "2026-01-01", to: today }, null)).toEqual(incremental);
  });

  test("one refresher at a time: while another node holds the lock, a refresh does nothing", async () => {
    const other = postgres(server.database.url, { max: 1, onnotice: () => {} });
    try {
      await other`select pg_advisory_lock(7261130)`;
      const busy = await refreshDashboard(server.ctx.db);
      expect(busy).toMatchObject({ refreshed: false, days: 0 });
      expect(busy.refreshedAt).not.toBeNull();
      await other`select pg_advisory_unlock(7261130)`;
      expect((await refreshDashboard(server.ctx.db)).refreshed).toBe(true);
    } finally {
      await other.end();
    }
  });

  test("CSV export: every table, BOM, quoting, and formulas defused", async () => {
    const api = apiClient(server.url);
    const exams = await api.get(`/admin/dashboard/export?table=exams&from=${A}&to=${B}`, admin.token);
    expect(exams.status).toBe(200);
    expect(exams.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(exams.headers.get("content-disposition")).toBe(
      `attachment; filename="imtihon-dashboard-exams-${A}-${B}.csv"`,
    );
    const raw = new Uint8Array(
      await (
        await fetch(`${server.url}/api/v1/admin/dashboard/export?table=days&from=${A}&to=${A}`, {
          headers: { authorization: `Bearer ${admin.token}` },
        })
      ).arrayBuffer(),
    );
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // fetch's text() drops the BOM; the lines are what a spreadsheet reads.
    expect(exams.text.split("\r\n")).toEqual([
      "exam_id,title,started,completed,completion_rate",
      `${ids.e1},Matematika,3,3,1.0000`,
      `${ids.e3},"Fizika, kimyo",2,1,0.5000`,
      `${ids.e2},"'=HYPERLINK(""http://x"")",1,1,1.0000`,
      "",
    ]);
    const days = await api.get(`/admin/dashboard/export?table=days&from=${A}&to=${A}`, admin.token);
    expect(days.text.split("\r\n")[1]).toBe(`${A},2,2,3,2,1,50000,0,0`);
    const directions = await api.get(
      `/admin/dashboard/export?table=directions&from=${A}&to=${B}`,
      admin.token,
    );
    expect(directions.text.split("\r\n")[1]).toBe(`${ids.d1},d1,Matematika va fizika,4,50`);
    const funnel = await api.get(`/admin/dashboard/export?table=funnel&from=${A}&to=${B}`, admin.token);
    expect(funnel.text.split("\r\n").slice(0, 2)).toEqual([
      "from,to,registered,attempted,paid",
      `${A},${B},4,4,1`,
    ]);
    const bad = await api.get(`/admin/dashboard/export?table=users`, admin.token);
    expect(bad.status).toBe(400);
  });

  test("bad ranges are refused", async () => {
    const api = apiClient(server.url);
    expect((await api.get(`/admin/dashboard?from=${B}&to=${A}`, admin.token)).status).toBe(400);
    expect((await api.get(`/admin/dashboard?from=2020-01-01&to=2026-01-01`, admin.token)).status).toBe(400);
    expect((await api.get(`/admin/dashboard?from=yesterday`, admin.token)).status).toBe(400);
    expect((await api.get(`/admin/dashboard?from=0000-01-01`, admin.token)).status).toBe(400);
    expect((await api.get(`/admin/dashboard?days=3`, admin.token)).status).toBe(400);
  });

  test("admins only: students get 403, anonymous callers 401", async () => {
    const api = apiClient(server.url);
    for (const token of [student.token, undefined]) {
      const want = token ? 403 : 401;
      expect((await api.get("/admin/dashboard", token)).status).toBe(want);
      expect((await api.get("/admin/dashboard/export?table=days", token)).status).toBe(want);
      expect((await api.post("/admin/dashboard/refresh", undefined, token)).status).toBe(want);
    }
  });
});
